"""Dispatch (派单): the category's department or the street, co-handlers, corrections kept."""

import pytest
from django.core.exceptions import ValidationError

from yiwang.core.models import Clock
from yiwang.hotline.actions import do_dispatch_ticket, suggested_category, suggested_department
from yiwang.hotline.models import Ticket, TrainingExample
from yiwang.hotline.tests.conftest import department, make_ticket
from yiwang.notify.models import Notification


def test_dispatch_starts_the_handling_limit_by_kind(officer, dispatched):
    assert dispatched.status == Ticket.DISPATCHED
    assert dispatched.dispatch_clock.state == Clock.STOPPED and dispatched.dispatch_clock.met
    clock = dispatched.handling_clock
    assert (clock.unit, clock.limit, clock.department) == (Clock.WORKDAYS, 15, department("04"))
    assert Notification.objects.filter(recipient=officer, object_id=str(dispatched.pk)).exists()
    assert not TrainingExample.objects.exists()  # the suggestion was accepted


def test_suggested_department_is_the_categorys_or_the_street_for_local_matters(ticket, categories):
    assert suggested_category(ticket) == categories["商贸旅游"]
    assert suggested_department(ticket, categories["商贸旅游"]) == department("04")
    assert suggested_department(ticket, categories["城乡建设"]).name == "解放碑街道"


def test_a_correction_is_kept_as_training_data(ticket, categories, dispatcher):
    do_dispatch_ticket(ticket, category=categories["城乡建设"], department=department("08"), actor=dispatcher)

    example = TrainingExample.objects.get()
    assert (example.label, example.suggested, example.ticket) == ("城乡建设", "商贸旅游", ticket)


def test_co_handlers_are_recorded_without_the_lead(ticket, categories, dispatcher):
    do_dispatch_ticket(
        ticket,
        category=categories["商贸旅游"],
        department=department("04"),
        co_departments=[department("04"), department("09")],
        actor=dispatcher,
    )

    assert list(ticket.co_departments.all()) == [department("09")]


def test_cannot_dispatch_twice_or_to_the_district(ticket, dispatched, categories, dispatcher, district):
    with pytest.raises(ValidationError):
        do_dispatch_ticket(
            dispatched, category=categories["商贸旅游"], department=department("05"), actor=dispatcher
        )
    fresh = make_ticket(dispatcher, title="另一件")
    with pytest.raises(ValidationError):
        do_dispatch_ticket(fresh, category=categories["商贸旅游"], department=district, actor=dispatcher)
    fresh.refresh_from_db()
    assert fresh.status == Ticket.RECEIVED and fresh.department is None
