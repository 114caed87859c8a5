"""Background work of benefits: runs asked for on the staff page, and the daily run of every rule."""

import datetime

from django_tasks import task

from yiwang.core.schedule import periodic


@task()
def execute_benefit_run(run_id):
    """Carry out a run queued from the staff page (a second delivery of the task does nothing)."""
    from django.core.exceptions import ValidationError

    from yiwang.benefits.actions import do_execute_benefit_run
    from yiwang.benefits.models import BenefitRun

    run = BenefitRun.objects.filter(pk=run_id, status=BenefitRun.QUEUED).first()
    if run is None:
        return None
    try:
        return do_execute_benefit_run(run).granted
    except ValidationError:  # recorded on the run as failed, with the reason
        return None


@periodic("benefit-runs", every=datetime.timedelta(days=1))
@task()
def run_benefit_rules():
    """Run every active benefit rule once a day: newly eligible people are granted, nobody twice."""
    from yiwang.benefits.actions import scheduled_runs

    return sum(run.granted for run in scheduled_runs())
