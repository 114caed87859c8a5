"""Seeding the demo bundles for tests (also used by the browser journey, which cannot import the root
conftest)."""


def seed_demo_bundles():
    """The demo bundles and guides, over only the demo catalogue's items they use (published as
    `yiwang demo` does; the whole catalogue would make every test slow)."""
    import io

    from yiwang.accounts.models import Department
    from yiwang.bundles import demo as bundles_demo
    from yiwang.bundles.demo_bundles import BUNDLES, ITEM_GUIDES
    from yiwang.services.actions import do_create_item, do_publish_version
    from yiwang.services.demo import demo_spec, implementation_code, seed_themes
    from yiwang.services.demo_catalogue import CATALOGUE

    used = {item_spec["item"] for spec in BUNDLES for item_spec in spec["items"]}
    used |= {spec["item"] for spec in ITEM_GUIDES}
    seed_themes()
    for suffix, entries in CATALOGUE.items():
        department = Department.objects.get(code=f"500103-{suffix}")
        for entry in entries:
            if (suffix, entry["name"]) in used:
                draft = do_create_item(
                    implementation_code=implementation_code(department, entry),
                    department=department,
                    spec=demo_spec(department, entry),
                    actor=None,
                )
                do_publish_version(draft, actor=None)
    bundles_demo.seed(io.StringIO())
