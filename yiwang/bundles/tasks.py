"""Background work of bundled services: following item cases (idempotent; see following.py)."""

import datetime

from django_tasks import task

from yiwang.core.schedule import periodic


@task()
def follow_case(case_id):
    """Bring the bundle of one item case up to date (safe to run twice)."""
    from yiwang.bundles.actions import do_follow_case
    from yiwang.cases.models import Case

    case = Case.objects.filter(pk=case_id).first()
    if case is not None:
        do_follow_case(case)


@periodic("bundles-catch-up", every=datetime.timedelta(minutes=10))
@task()
def catch_up():
    """Follow item cases whose follow-up task was lost."""
    from yiwang.bundles.actions import follow_overdue_parts

    return follow_overdue_parts()
