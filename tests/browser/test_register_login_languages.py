"""A visitor registers with their real name, logs out and in again, and reads the site in three
languages and in large text.

Translations are compiled separately: Chinese texts are asserted only when the catalogue's .mo file
exists; English is the source language and always works.
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from yiwang.core.identifiers import make_citizen_id
from yiwang.core.pii import mask_citizen_id

pytestmark = pytest.mark.browser

LOCALE_DIR = Path(__file__).resolve().parents[2] / "yiwang" / "locale"
PASSWORD = "Yiwang-Journey-7"
PHONE = "13800000001"


def compiled(catalogue):
    return (LOCALE_DIR / catalogue / "LC_MESSAGES" / "django.mo").exists()


def submit(page):
    """Press the page's own submit button (the header's forms have buttons too)."""
    page.locator("main form button[type=submit]").click()


def switch_language(page, code):
    page.select_option("#language-select", code)  # submits on change
    expect(page.locator("html")).to_have_attribute("lang", code)


def fill_registration(page, id_number):
    page.fill("#id_real_name", "李伟")
    page.fill("#id_id_number", id_number)
    page.fill("#id_phone", PHONE)
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.check("#id_agree")
    submit(page)


def test_citizen_registers_logs_in_and_switches_language_and_text_size(page, screenshot):
    id_number = make_citizen_id("50010319880314231")
    masked = mask_citizen_id(id_number)
    assert masked == id_number[:4] + "*" * 10 + id_number[-4:]
    html, body = page.locator("html"), page.locator("body")

    page.goto("/")
    expect(html).to_have_attribute("lang", "zh-hans")
    page.click("header a[href='/accounts/register/']")
    expect(page).to_have_url(re.compile(r"/accounts/register/$"))

    fill_registration(page, id_number)
    expect(page).to_have_url(re.compile(r"/me/$"))
    details = page.locator("#me-heading + dl")
    expect(details).to_contain_text(masked)
    expect(details).to_contain_text("138****0001")
    expect(details).to_contain_text("李*")
    source = page.content()
    assert id_number not in source and PHONE not in source

    page.locator("form[action='/accounts/logout/'] button").click()
    expect(page).to_have_url(re.compile(r"^https?://[^/]+/$"))  # the home page
    expect(page.locator("main .alert-success")).to_be_visible()  # "You have logged out."
    expect(page.locator("header a[href='/accounts/login/']")).to_be_visible()
    page.goto("/me/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/me/$"))  # the centre needs a login

    page.fill("#id_identifier", PHONE)
    page.fill("#id_password", PASSWORD + "x")
    submit(page)
    expect(page.locator("main .alert-danger[role=alert]")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.locator("form[action='/accounts/logout/']")).to_have_count(0)

    page.fill("#id_identifier", PHONE)
    page.fill("#id_password", PASSWORD)
    submit(page)
    expect(page).to_have_url(re.compile(r"/me/$"))
    expect(page.locator("#me-heading + dl")).to_contain_text(masked)
    if compiled("zh_Hans"):
        expect(page.locator("header")).to_contain_text("个人中心")
        expect(page.locator("form[action='/accounts/logout/'] button")).to_have_text("退出")
    screenshot("zh-hans")

    switch_language(page, "zh-hant")
    expect(page).to_have_url(re.compile(r"/me/$"))
    if compiled("zh_Hant"):
        expect(page.locator("header")).to_contain_text("個人中心")
    screenshot("zh-hant")

    switch_language(page, "en")
    expect(page.get_by_role("link", name="My centre")).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    expect(page.get_by_role("heading", name="My centre", level=1)).to_be_visible()
    screenshot("en")

    switch_language(page, "zh-hans")
    expect(page.get_by_role("button", name="Log out")).to_have_count(0 if compiled("zh_Hans") else 1)
    screenshot("zh-hans-again")

    large_text = page.locator("form[action='/display-mode/'] button")
    expect(body).not_to_have_class(re.compile(r"\blarge-text\b"))
    expect(large_text).to_have_attribute("aria-pressed", "false")
    large_text.click()
    expect(body).to_have_class(re.compile(r"\blarge-text\b"))
    expect(large_text).to_have_attribute("aria-pressed", "true")
    expect(page).to_have_url(re.compile(r"/me/$"))
    expect(html).to_have_attribute("lang", "zh-hans")
    screenshot("zh-hans-large-text")
    large_text.click()
    expect(body).not_to_have_class(re.compile(r"\blarge-text\b"))
    expect(large_text).to_have_attribute("aria-pressed", "false")


class TestEnglishVisitor:
    """The bad registration is read in English (the source language, so the message is certain)."""

    @pytest.fixture
    def browser_locale(self):
        return "en-GB"

    def test_wrong_check_character_is_shown_at_the_field_and_creates_nothing(self, page, screenshot):
        from yiwang.accounts.models import Person, User
        from yiwang.core.models import IdempotencyKey

        good = make_citizen_id("50010319880314231")
        bad = good[:17] + ("0" if good[17] != "0" else "1")

        page.goto("/accounts/register/")
        expect(page.locator("html")).to_have_attribute("lang", "en")  # from the browser's Accept-Language
        fill_registration(page, bad)

        expect(page).to_have_url(re.compile(r"/accounts/register/$"))
        field = page.locator("#id_id_number")
        errors = page.locator("#id_id_number-errors")
        expect(errors).to_be_visible()
        expect(errors).to_contain_text("The check character of this citizen ID number is wrong")
        expect(field).to_have_attribute("aria-invalid", "true")
        expect(field).to_have_attribute("aria-describedby", re.compile(r"\bid_id_number-errors\b"))
        expect(page.locator("main .mb-3", has=field)).to_contain_text("check character")
        expect(page.locator(".invalid-feedback")).to_have_count(1)  # no other field is blamed
        expect(field).to_have_value(bad)
        expect(page.locator("#id_real_name")).to_have_value("李伟")
        expect(page.locator("#id_password1")).to_have_value("")  # passwords are never sent back
        screenshot("en-bad-id")

        assert not User.objects.exists()
        assert not Person.objects.exists()
        assert not IdempotencyKey.objects.exists()
