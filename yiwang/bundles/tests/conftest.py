"""The bundle tests' world: the demo district, its catalogue and its bundles, built by the real seeds."""

import io

import pytest


@pytest.fixture
def demo_bundles(district, calendar):
    """The demo catalogue and the demo bundles and guides (published)."""
    from yiwang.bundles import demo as bundles_demo
    from yiwang.bundles.demo_bundles import BUNDLES, ITEM_GUIDES

    used = {reference for spec in BUNDLES for reference in (i["item"] for i in spec["items"])}
    used |= {spec["item"] for spec in ITEM_GUIDES}
    seed_items(used)
    bundles_demo.seed(io.StringIO())


def seed_items(references):
    """The demo catalogue's items named by (department suffix, name), published as `yiwang demo` does
    (only these: the whole catalogue would make every test slow)."""
    from yiwang.accounts.models import Department
    from yiwang.services.actions import do_create_item, do_publish_version
    from yiwang.services.demo import demo_spec, implementation_code, seed_themes
    from yiwang.services.demo_catalogue import CATALOGUE

    seed_themes()
    for suffix, entries in CATALOGUE.items():
        department = Department.objects.get(code=f"500103-{suffix}")
        for entry in entries:
            if (suffix, entry["name"]) in references:
                draft = do_create_item(implementation_code=implementation_code(department, entry),
                                       department=department, spec=demo_spec(department, entry), actor=None)
                do_publish_version(draft, actor=None)


@pytest.fixture
def follow(django_capture_on_commit_callbacks):
    """Run what is queued after commit (the bundle's follow-up of its item cases), as a worker would."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run
