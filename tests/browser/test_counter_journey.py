"""A walk-in applicant at the counter (一窗受理): the 政务办 window clerk finds 个体工商户设立登记 (an
item of 市场监管局), records the new applicant by ID card, fills in the form, uploads the scanned
lease, submits and prints the receipt; then the 市场监管局 officer finds the case under "to accept",
opens it and accepts it. Screenshots of the counter, the worklist and the case page in Simplified
Chinese and English go to test-results/."""

import re

import pyotp
import pytest
from playwright.sync_api import expect

from yiwang.accounts.actions import do_provision_second_factor
from yiwang.cases.models import Case
from yiwang.core.channels import Channel
from yiwang.core.identifiers import make_citizen_id

pytestmark = pytest.mark.browser
PASSWORD = "Persona-pass-1"
WALK_IN_ID = make_citizen_id("50010319700101123")


def submit(page):
    page.locator("main form button[type=submit]").last.click()


def log_in(page, username, secret, next_path):
    page.goto(next_path)
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.fill("#id_identifier", username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/second-factor/$"))
    page.fill("#id_code", pyotp.TOTP(secret).now())
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(re.escape(next_path) + r"$"))


def switch_language(page, code):
    page.select_option("#language-select", code)
    expect(page.locator("html")).to_have_attribute("lang", code)


@pytest.fixture
def item(sole_trader_item):
    """个体工商户设立登记 of 市场监管局, created and published through the catalogue actions (root conftest)."""
    return sole_trader_item


def test_clerk_takes_in_a_walk_in_application_and_the_officer_accepts_it(
    page, clerk, officer, item, calendar, screenshot, tmp_path
):
    secrets = {}
    for user in (clerk, officer):
        secrets[user.username] = pyotp.random_base32()
        do_provision_second_factor(user, secrets[user.username], actor=None)

    log_in(page, "clerk", secrets["clerk"], "/staff/cases/")
    expect(page.locator("header a[href='/staff/cases/']")).to_have_text("工作台")
    page.locator("main a[href='/staff/cases/counter/']").click()
    page.fill("#id_q", "个体")
    page.locator("main form button[type=submit]").click()
    page.get_by_role("link", name="受理").first.click()

    page.check("input[name=kind][value=person]")
    page.fill("#id_id_number", WALK_IN_ID)
    submit(page)
    expect(page.locator("#id_name-errors")).to_contain_text("尚无记录")
    page.fill("#id_name", "赵大")
    page.fill("#id_phone", "13900000009")
    submit(page)

    expect(page).to_have_url(re.compile(r"/apply/$"))
    expect(page.locator("#id_operator_name")).to_have_value("赵大")  # prefilled from the record
    expect(page.locator("#id_operator_id")).to_have_value(WALK_IN_ID)
    page.fill("#id_trade_name", "赵记小面")
    page.select_option("#id_business_scope", "餐饮服务")
    page.fill("#id_address", "重庆市渝中区民族路 88 号")
    page.fill("#id_capital", "5")
    scan = tmp_path / "lease-scan.pdf"
    scan.write_bytes(b"%PDF-1.7\n% a scanned lease\n%%EOF\n")
    lease = item.current.materials.get(source="applicant")
    page.set_input_files(f"#id_material-{lease.pk}", str(scan))
    screenshot("counter-zh-hans")
    submit(page)

    expect(page).to_have_url(re.compile(r"/staff/cases/counter/receipt/[0-9a-f-]+/$"))
    case = Case.objects.get()
    assert case.channel == Channel.COUNTER and case.submitted_by == clerk and case.owner is None
    expect(page.locator("#receipt-number")).to_have_text(case.number)
    expect(page.locator("main")).to_contain_text("lease-scan.pdf")
    expect(page.locator(".qr svg")).to_be_visible()
    screenshot("receipt-zh-hans")
    switch_language(page, "en")
    expect(page.get_by_role("heading", name="Receipt of application and materials")).to_be_visible()
    screenshot("receipt-en")
    page.goto("/staff/cases/counter/?q=%E4%B8%AA%E4%BD%93")
    expect(page.get_by_role("link", name="Take in")).to_be_visible()
    screenshot("counter-en")
    page.locator("form[action='/accounts/logout/'] button").click()

    log_in(page, "officer", secrets["officer"], "/staff/cases/")
    expect(page.get_by_role("heading", name="Workbench", level=1)).to_be_visible()
    row = page.locator("tbody tr", has_text=case.number)
    expect(row).to_contain_text("赵*")
    expect(row).to_contain_text("Service counter")
    screenshot("worklist-en")
    switch_language(page, "zh-hans")
    expect(page.locator("#tab-accept")).to_contain_text("待受理")
    screenshot("worklist-zh-hans")

    row.get_by_role("link", name=case.number).click()
    expect(page.locator("#applicant-identifier")).not_to_contain_text(WALK_IN_ID)
    page.locator("#reveal-button").click()
    expect(page.locator("#applicant-identifier")).to_have_text(WALK_IN_ID)
    expect(page.locator("main")).to_contain_text("待共享获取")
    screenshot("case-zh-hans")
    page.fill("#id_accept-opinion", "材料齐全，予以受理")
    page.locator("#form-accept button[type=submit]").click()
    expect(page.locator("#case-status")).to_have_text("审查中")
    switch_language(page, "en")
    expect(page.locator("#case-status")).to_have_text("Under review")
    screenshot("case-en")
    case.refresh_from_db()
    assert case.status == Case.IN_REVIEW and case.clock is not None
