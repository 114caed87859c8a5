"""The demo bundles: seeded through the actions, every one passes the configuration check, repeatable."""

import io

from yiwang.bundles import demo
from yiwang.bundles.configuration import check_bundle, check_guide
from yiwang.bundles.models import Bundle, Guide


def test_demo_bundles_are_published_and_hold_together(demo_bundles):
    bundles = list(Bundle.objects.all())
    assert len(bundles) >= 8
    assert {"开办餐饮店一件事", "出生一件事", "退休一件事", "企业开办一件事", "身后一件事"} <= {
        b.name for b in bundles
    }
    for bundle in bundles:
        assert bundle.published
        assert check_bundle(bundle) == {}, bundle.name
    for guide in Guide.objects.filter(item__isnull=False):
        assert check_guide(guide) == {}
    assert Guide.objects.filter(item__isnull=False).count() >= 2


def test_seeding_again_adds_nothing(demo_bundles):
    before = (Bundle.objects.count(), Guide.objects.count())
    demo.seed(io.StringIO())
    assert (Bundle.objects.count(), Guide.objects.count()) == before
