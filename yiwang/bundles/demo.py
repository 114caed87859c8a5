"""The demo bundles and situation guides of `demo_bundles.py`, created and published through the
bundle actions (so they pass the same checks as a bundle configured in admin). Safe to run again:
a bundle or guide that exists is left alone."""

from yiwang.bundles.actions import do_create_bundle, do_create_item_guide, do_publish_bundle
from yiwang.bundles.demo_bundles import BUNDLES, ITEM_GUIDES
from yiwang.bundles.models import Bundle, Guide


def seed(out):
    existing = set(Bundle.objects.values_list("slug", flat=True))
    added = 0
    for order, spec in enumerate(BUNDLES, start=1):
        if spec["slug"] in existing:
            continue
        bundle = do_create_bundle({**spec, "sort_order": order}, actor=None)
        do_publish_bundle(bundle, actor=None)
        added += 1
    guides = set(Guide.objects.filter(item__isnull=False).values_list("item__current__name", flat=True))
    for spec in ITEM_GUIDES:
        if spec["item"][1] not in guides:
            do_create_item_guide(spec, actor=None)
    if added:
        out.write(f"Bundles: {added} demo bundles (一件事) published.")
