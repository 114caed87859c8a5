"""Supervision (电子监察): the list of yellow and red time limits, urging and escalation, the monthly
statistics and their Excel export; who may see and act."""

import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from conftest import _staff, department, login
from yiwang.core.events import EventCode
from yiwang.core.models import Event
from yiwang.insight.models import Notice
from yiwang.insight.tests.conftest import apply, make_ticket
from yiwang.notify.models import Notification


@pytest.fixture
def late_case(calendar, li_wei, officer, head, promised_item):
    """A case of 市场监管局 accepted 20 days ago on a 3-working-day promise: red."""
    from yiwang.cases.actions import do_accept_case

    case = apply(promised_item, li_wei)
    return do_accept_case(case, actor=officer, at=timezone.now() - datetime.timedelta(days=20))


@pytest.fixture
def waiting_ticket(calendar, categories, operator):
    """A ticket waiting for dispatch: its clock has no department yet, so it is listed, not urged."""
    return make_ticket(operator)


def test_supervisor_sees_red_clocks_of_cases(client, supervisor, late_case):
    login(client, supervisor)
    page = client.get("/staff/insight/supervision/")
    assert page.status_code == 200
    [row] = page.context["rows"]
    assert row["signal"] == "red" and row["subject"]["label"].endswith(late_case.number)
    assert row["subject"]["url"] == f"/staff/cases/{late_case.code}/"
    assert page.context["summary"] == [
        {"department_id": department("04").pk, "department": department("04").name, "yellow": 0, "red": 1}
    ]
    assert client.get("/staff/insight/supervision/?signal=yellow").context["rows"] == []


def test_urging_notifies_the_department_and_is_recorded(client, supervisor, officer, head, late_case):
    login(client, supervisor)
    response = client.post(f"/staff/insight/supervision/{late_case.clock.code}/urge/", {"note": "请今日办结"})
    assert response.status_code == 302
    notice = Notice.objects.get()
    assert (notice.kind, notice.department, notice.recipients, notice.actor) == (
        Notice.URGE,
        department("04"),
        2,
        supervisor,
    )
    told = set(
        Notification.objects.filter(subject=notice_subject(), object_type="core.clock").values_list(
            "recipient__username", flat=True
        )
    )
    assert told == {"officer", "head"}
    assert Event.objects.filter(code=EventCode.CLOCK_URGED).count() == 1


def notice_subject():
    from django.utils.translation import gettext

    return gettext("Urging notice")


def test_escalation_goes_to_the_heads_and_other_supervisors(client, supervisor, officer, head, late_case):
    other = _staff("supervisor2", "马丽", department("01"), "supervisor")
    login(client, supervisor)
    client.post(f"/staff/insight/supervision/{late_case.clock.code}/escalate/", {"note": "逾期未办结"})
    notice = Notice.objects.get()
    assert notice.kind == Notice.ESCALATE and notice.recipients == 2
    told = set(
        Notification.objects.filter(object_type="core.clock").values_list("recipient__username", flat=True)
    )
    assert told == {"head", other.username}


def test_an_empty_note_is_refused_and_nothing_is_sent(client, supervisor, late_case):
    login(client, supervisor)
    response = client.post(
        f"/staff/insight/supervision/{late_case.clock.code}/urge/", {"note": "  "}, follow=True
    )
    assert response.status_code == 200
    assert Notice.objects.count() == 0 and Notification.objects.filter(object_type="core.clock").count() == 0
    assert any(m.level_tag == "error" for m in response.context["messages"])


def test_a_clock_without_a_department_is_listed_but_not_urged(client, supervisor, waiting_ticket):
    clock = waiting_ticket.dispatch_clock
    login(client, supervisor)
    response = client.post(
        f"/staff/insight/supervision/{clock.code}/urge/", {"note": "请尽快派单"}, follow=True
    )
    assert Notice.objects.count() == 0
    assert any(m.level_tag == "error" for m in response.context["messages"])


def test_a_malformed_or_unknown_clock_is_404(client, supervisor, late_case):
    login(client, supervisor)
    assert client.post("/staff/insight/supervision/not-a-uuid/urge/", {"note": "x"}).status_code == 404
    assert (
        client.post(
            "/staff/insight/supervision/00000000-0000-0000-0000-000000000000/urge/", {"note": "x"}
        ).status_code
        == 404
    )
    assert (
        client.post(f"/staff/insight/supervision/{late_case.clock.code}/delete/", {"note": "x"}).status_code
        == 404
    )


def test_head_sees_their_department_but_cannot_act(client, head, late_case):
    login(client, head)
    page = client.get("/staff/insight/supervision/")
    assert page.status_code == 200 and len(page.context["rows"]) == 1 and not page.context["can_act"]
    assert (
        client.post(f"/staff/insight/supervision/{late_case.clock.code}/urge/", {"note": "x"}).status_code
        == 403
    )
    assert Notice.objects.count() == 0


def test_head_of_another_department_sees_nothing_of_it(client, district, late_case):
    other_head = _staff("head5", "吴兰", department("05"), "department_head")
    login(client, other_head)
    assert client.get("/staff/insight/supervision/").context["rows"] == []
    assert client.get(f"/staff/insight/supervision/?department={department('04').code}").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/staff/insight/supervision/",
        "/staff/insight/supervision/monthly/",
        "/staff/insight/supervision/monthly.xlsx",
    ],
)
def test_outsiders_are_kept_out(client, li_wei, officer, leader, path):
    assert client.get(path).status_code == 302
    for user in (li_wei, officer, leader):
        login(client, user)
        assert client.get(path).status_code == 403


@pytest.fixture
def late_in_the_month(travel):
    """The 25th of this month at 10:00 in Chongqing, so that 20 days ago is in the same month."""
    now = timezone.localtime()
    travel(now.replace(day=25, hour=10, minute=0, second=0, microsecond=0))


def test_monthly_statistics_and_their_excel(late_in_the_month, client, supervisor, officer, late_case):
    from yiwang.cases.actions import do_complete_step, do_finish_case
    from yiwang.insight.actions import do_urge_clock

    do_urge_clock(late_case.clock, note="请今日办结", actor=supervisor)
    case = do_complete_step(late_case, actor=officer, opinion="材料齐全")
    case.refresh_from_db()
    head = _staff("head2", "周二", department("04"), "department_head")
    do_complete_step(case, actor=head, opinion="同意", decision="approved")
    do_finish_case(case, actor=officer)
    month = timezone.localdate().strftime("%Y-%m")
    login(client, supervisor)
    page = client.get(f"/staff/insight/supervision/monthly/?month={month}")
    [row] = [r for r in page.context["rows"] if r["department"] == department("04").name]
    # started, met, late, in time, urged, escalated, cases, on time, tickets, on time, red now
    assert row["values"] == ["1", "0", "1", "0.0%", "1", "0", "1", "0.0%", "0", "—", "0"]
    response = client.get(f"/staff/insight/supervision/monthly.xlsx?month={month}")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = {r[0]: r[1:] for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows[department("04").name] == (1, 0, 1, 0.0, 1, 0, 1, 0.0, 0, None, 0)
    assert client.get("/staff/insight/supervision/monthly.xlsx?month=2026-99").status_code == 400
    assert client.get("/staff/insight/supervision/monthly/?month=x").status_code == 200


def test_malformed_filters_and_notes_change_nothing(client, supervisor, late_case):
    login(client, supervisor)
    assert client.get("/staff/insight/supervision/?department=%00&signal=%00&kind=%00").status_code == 404
    assert client.get("/staff/insight/supervision/?signal=purple&kind=%00x").status_code == 200
    response = client.post(
        f"/staff/insight/supervision/{late_case.clock.code}/urge/", {"note": "\x00"}, follow=True
    )
    assert Notice.objects.count() == 0 and any(m.level_tag == "error" for m in response.context["messages"])
    response = client.post(
        f"/staff/insight/supervision/{late_case.clock.code}/urge/", {"note": "x" * 1001}, follow=True
    )
    assert Notice.objects.count() == 0 and any(m.level_tag == "error" for m in response.context["messages"])
