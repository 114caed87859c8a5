"""补正: ask once for everything missing; the promised limit pauses while the applicant answers."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from conftest import upload
from yiwang.cases.actions import do_accept_case, do_add_material, do_request_supplement, do_supplement_case
from yiwang.cases.models import Case
from yiwang.core.models import Clock
from yiwang.notify.models import Notification


def at(day, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def test_before_acceptance_nothing_is_counting(submitted_case, officer, li_wei):
    case = do_request_supplement(submitted_case, actor=officer, items=["租赁合同需加盖出租方印章"])

    assert case.status == Case.SUPPLEMENT and case.clock is None
    told = Notification.objects.filter(recipient=li_wei, body__contains="租赁合同需加盖出租方印章")
    assert {row.medium for row in told} == {Notification.IN_APP, Notification.SMS}

    do_add_material(
        case,
        upload=upload("lease-stamped.pdf"),
        actor=li_wei,
        material=case.version.materials.get(source="applicant"),
    )
    do_supplement_case(case, actor=li_wei)

    assert case.status == Case.SUBMITTED and case.can_accept()
    assert case.materials.filter(original_name="lease-stamped.pdf").exists()
    assert case.materials.filter(original_name="lease.pdf").count() == 0  # replaced


def test_during_review_the_limit_pauses_and_moves_on_by_the_working_days_paused(
    calendar, submitted_case, officer, li_wei
):
    case = do_accept_case(submitted_case, actor=officer, at=at(datetime.date(2026, 9, 28)))  # Monday
    assert case.clock.due_date == datetime.date(2026, 10, 8)  # 9-29, 9-30, (holiday), 10-8

    do_request_supplement(case, actor=officer, items=["经营场所照片"], at=at(datetime.date(2026, 9, 29)))
    case.clock.refresh_from_db()
    assert case.clock.state == Clock.PAUSED

    do_supplement_case(case, actor=li_wei, at=at(datetime.date(2026, 10, 9)))  # paused 9-29 → 10-9

    case.clock.refresh_from_db()
    assert case.status == Case.IN_REVIEW and case.clock.state == Clock.RUNNING
    # Paused for the working days 9-30, 10-8 and 10-9: the due day moves on by three working days,
    # 10-9, the make-up Saturday 10-10 and Monday 10-12.
    assert case.clock.due_date == datetime.date(2026, 10, 12)


def test_a_supplement_request_must_list_what_is_missing(submitted_case, officer):
    for items in ([], ["  "], "营业执照", None):
        with pytest.raises(ValidationError):
            do_request_supplement(submitted_case, actor=officer, items=items)

    submitted_case.refresh_from_db()
    assert submitted_case.status == Case.SUBMITTED


def test_nothing_to_supplement_when_nothing_was_asked(submitted_case, li_wei):
    with pytest.raises(ValidationError):
        do_supplement_case(submitted_case, actor=li_wei)
