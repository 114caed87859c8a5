"""The bundle tests' world: the demo district, its catalogue and its bundles, built by the real seeds."""

import pytest


@pytest.fixture
def demo_bundles(district, calendar):
    """The demo catalogue and the demo bundles and guides (published)."""
    from yiwang.bundles.tests.seeding import seed_demo_bundles

    seed_demo_bundles()


@pytest.fixture
def follow(django_capture_on_commit_callbacks):
    """Run what is queued after commit (the bundle's follow-up of its item cases), as a worker would."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run
