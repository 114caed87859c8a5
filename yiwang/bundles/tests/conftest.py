"""The bundle tests' world: the demo district, its catalogue and its bundles, built by the real seeds.

Every test of a module that uses the bundles asks for them (`pytestmark`), so they are built once
per module."""

import pytest

from yiwang.testing.world import empty_and_rebuild, require_every_test_of_module


@pytest.fixture(scope="module")
def _demo_bundles_committed(request, django_db_setup, django_db_blocker):
    """The demo bundles, built once for a module whose tests all ask for them, and committed.

    Each test still runs in its own transaction (what it changes is rolled back); afterwards the
    database is emptied and the shared world built again, so no other module sees the bundles.
    """
    from yiwang.bundles.tests.seeding import seed_demo_bundles

    require_every_test_of_module(request, "demo_bundles")
    with django_db_blocker.unblock():
        seed_demo_bundles()
    yield
    with django_db_blocker.unblock():
        empty_and_rebuild()


@pytest.fixture
def demo_bundles(_demo_bundles_committed, district, calendar):
    """The demo catalogue's items the bundles use and the demo bundles and guides (published)."""


@pytest.fixture
def follow(django_capture_on_commit_callbacks):
    """Run what is queued after commit (the bundle's follow-up of its item cases), as a worker would."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run
