"""Cases in each state of the step chain, made through the actions, for the workbench tests."""

import datetime

from django.utils import timezone

from conftest import department, item_spec, sole_trader_answers, upload
from yiwang.cases.actions import (
    do_accept_case,
    do_add_material,
    do_complete_step,
    do_finish_case,
    do_request_supplement,
    do_save_answers,
    do_start_case,
    do_submit_case,
)
from yiwang.cases.models import Case
from yiwang.core.workdays import add_workdays


def submit(item, citizen):
    """A submitted online application of `citizen` for the sole-trader-shaped `item`."""
    case = do_start_case(item, applicant=citizen.person, owner=citizen, actor=citizen)
    lease = item.current.materials.get(source="applicant")
    do_add_material(case, upload=upload(), material=lease, actor=citizen)
    do_save_answers(case, answers=sole_trader_answers(), actor=citizen)
    return do_submit_case(case, actor=citizen)


def morning(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))


def accepted(item, citizen, officer, *, days_ago=0):
    """Accepted `days_ago` calendar days ago (a month ago: overdue)."""
    case = submit(item, citizen)
    at = morning(timezone.localdate() - datetime.timedelta(days=days_ago)) if days_ago else None
    return do_accept_case(case, actor=officer, at=at)


def due_soon(item, citizen, officer):
    """Accepted so that today lies between the warning point and the due day (the clock is yellow).

    `item` must have a promised limit of 10 working days: the yellow window then spans days 8–10,
    which always holds a day before or on today, weekends included.
    """
    today = timezone.localdate()
    for back in range(1, 40):
        start = today - datetime.timedelta(days=back)
        if add_workdays(start, 8) <= today <= add_workdays(start, 10):
            case = submit(item, citizen)
            return do_accept_case(case, actor=officer, at=morning(start))
    raise AssertionError("no start day gives a yellow clock")


def ten_day_item():
    from yiwang.services.actions import do_create_item, do_publish_version

    version = do_create_item(
        implementation_code="11500103MB0000004X017009",
        department=department("04"),
        spec=item_spec(name="食品经营许可", promised_limit=10),
        actor=None,
    )
    return do_publish_version(version, actor=None).item


def in_supplement(item, citizen, officer):
    return do_request_supplement(submit(item, citizen), actor=officer, items=["租赁合同"])


def decided(item, citizen, officer, head):
    case = accepted(item, citizen, officer)
    do_complete_step(case, actor=officer, opinion="材料齐全")
    return do_complete_step(case, actor=head, opinion="准予登记", decision=Case.APPROVE)


def finished(item, citizen, officer, head):
    return do_finish_case(decided(item, citizen, officer, head), actor=head)
