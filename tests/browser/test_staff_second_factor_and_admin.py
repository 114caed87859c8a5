"""A new system administrator logs in for the first time: password, then enrols an authenticator
app from the QR page, then enters the holiday schedule of a new year in the admin and publishes it.
A wrong code is refused on the way, and a code once used cannot be used again."""

import datetime
import re

import pyotp
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from yiwang.core.events import EventCode
from yiwang.core.models import CalendarDay, CalendarYear, Event

pytestmark = pytest.mark.browser
PASSWORD = "Persona-pass-1"


@pytest.fixture
def browser_locale():
    return "en-GB"


def submit(page):
    page.locator("main form button[type=submit]").click()


def fresh_code(secret, used, travel):
    """The current code, moving the (frozen) clock to the next time step if this one was already used."""
    totp = pyotp.TOTP(secret)
    while totp.now() in used:
        travel(timezone.now() + datetime.timedelta(seconds=totp.interval))
    used.add(totp.now())
    return totp.now()


def test_administrator_enrols_a_second_factor_and_publishes_next_years_calendar(
    page, sysadmin, screenshot, travel
):
    used = set()
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=(/|%2F)admin(/|%2F)$"))
    page.fill("#id_identifier", "sysadmin")
    page.fill("#id_password", PASSWORD)
    submit(page)

    expect(page).to_have_url(re.compile(r"/accounts/login/second-factor/$"))
    expect(page.locator(".qr svg")).to_be_visible()
    secret = page.locator("#totp-secret").inner_text().strip()
    screenshot("enrol")

    page.fill("#id_code", "000000" if pyotp.TOTP(secret).now() != "000000" else "111111")
    submit(page)
    expect(page.locator("#id_code-errors")).to_contain_text("not correct")

    page.fill("#id_code", fresh_code(secret, used, travel))
    submit(page)
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.locator("#site-name")).to_contain_text("Yiwang administration")

    page.goto("/admin/core/calendaryear/add/")
    page.fill("#id_year", "2027")
    page.fill("#id_notice", "国办发明电〔2026〕7号")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_be_visible()

    page.goto("/admin/core/calendarday/add/")
    page.fill("#id_date", "2027-01-01")
    page.select_option("#id_kind", "holiday")
    page.fill("#id_name", "元旦")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_be_visible()

    page.goto("/admin/core/calendarday/add/")
    page.fill("#id_date", "2027-01-02")  # a Saturday: cannot be a holiday
    page.select_option("#id_kind", "holiday")
    page.locator("input[name=_save]").click()
    expect(page.locator(".errornote, .errorlist").first).to_be_visible()
    screenshot("refused-weekend-holiday")

    page.goto("/admin/core/calendaryear/")
    page.locator("tr", has_text="2027").locator("input.action-select").check()
    page.select_option("select[name=action]", "publish")
    page.locator("button[name=index]").click()
    expect(page.locator(".messagelist")).to_contain_text("Published")

    year = CalendarYear.objects.get(year=2027)
    assert year.published and year.notice == "国办发明电〔2026〕7号"
    assert list(CalendarDay.objects.filter(calendar_year=year).values_list("name", flat=True)) == ["元旦"]
    assert Event.objects.filter(code=EventCode.CALENDAR_YEAR_PUBLISHED, actor=sysadmin).count() == 1

    # The second factor was enrolled, and logging out then in again asks for a code, not a QR code.
    page.locator("#logout-form button, form[action$='logout/'] button").first.click()
    page.goto("/accounts/login/")
    page.fill("#id_identifier", "sysadmin")
    page.fill("#id_password", PASSWORD)
    submit(page)
    expect(page.locator(".qr")).to_have_count(0)
    page.fill("#id_code", fresh_code(secret, used, travel))
    submit(page)
    expect(page).to_have_url(re.compile(r"/me/$"))
