"""From 1 October the system administrator and the leaders' dashboard warn that next year is unpublished."""

import datetime
import zoneinfo

import pytest
import time_machine

from conftest import _staff, department, login
from yiwang.core.actions import do_publish_calendar_schedule
from yiwang.core.models import CalendarDay
from yiwang.core.workdays import next_year_unpublished

D = datetime.date
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(day):
    return datetime.datetime.combine(day, datetime.time(9), tzinfo=SHANGHAI)


def test_the_warning_starts_on_1_october_and_names_the_days_left(calendar):
    assert next_year_unpublished(D(2026, 9, 30)) is None
    assert next_year_unpublished(D(2026, 10, 1)) == {"year": 2027, "days_left": 92}
    assert next_year_unpublished(D(2026, 12, 31)) == {"year": 2027, "days_left": 1}


def test_a_published_next_year_ends_the_warning(calendar):
    do_publish_calendar_schedule(2027, [(D(2027, 1, 1), CalendarDay.HOLIDAY, "元旦")], actor=None)

    assert next_year_unpublished(D(2026, 12, 5)) is None
    assert next_year_unpublished(D(2027, 10, 1)) == {"year": 2028, "days_left": 92}


@pytest.mark.parametrize(("day", "shown"), [(D(2026, 9, 30), False), (D(2026, 12, 5), True)])
def test_the_admin_index_warns_the_system_administrator(client, calendar, sysadmin, day, shown):
    with time_machine.travel(at(day), tick=False):
        login(client, sysadmin)
        response = client.get("/admin/")

    assert response.status_code == 200
    text = response.content.decode()
    assert ("2027 年放假安排尚未公布（距 1 月 1 日还有 27 天）" in text) is shown
    assert ("/admin/core/calendaryear/" in text) is True  # the calendar itself is always listed


def test_the_audit_administrator_gets_no_warning_to_act_on(client, calendar, auditadmin):
    with time_machine.travel(at(D(2026, 12, 5)), tick=False):
        login(client, auditadmin)
        response = client.get("/admin/")

    assert "尚未公布" not in response.content.decode()


def test_the_leaders_dashboard_warns_from_1_october(client, calendar, district):
    leader = _staff("leader2", "区长", department("01"), "leader")
    with time_machine.travel(at(D(2026, 10, 1)), tick=False):
        login(client, leader)
        response = client.get("/staff/insight/")

    assert response.status_code == 200
    assert "2027 年放假安排尚未公布（距 1 月 1 日还有 92 天）" in response.content.decode()
