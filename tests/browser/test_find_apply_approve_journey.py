"""The whole online journey, every step through the pages: Li Wei finds 个体工商户登记 by searching
the catalogue from the home page, reads the guide, applies online without a visit; the 市场监管局
officer accepts the application and passes the review step on the workbench; the department head
approves and finishes it; Li Wei sees the result and downloads the decision letter."""

import re

import pyotp
import pytest
from playwright.sync_api import expect

from yiwang.accounts.actions import do_provision_second_factor
from yiwang.cases.models import Case

pytestmark = pytest.mark.browser


def staff_page(browser, live_server, user, password):
    """A browser of its own for a member of staff, logged in with password and second factor."""
    secret = pyotp.random_base32()
    do_provision_second_factor(user, secret, actor=None)
    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.goto("/staff/cases/")
    page.fill("#id_identifier", user.username)
    page.fill("#id_password", password)
    page.locator("main form button[type=submit]").click()
    page.fill("#id_code", pyotp.TOTP(secret).now())
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/staff/cases/$"))
    return page


def open_case(page, case):
    page.goto("/staff/cases/?tab=accept" if case.status == Case.SUBMITTED else "/staff/cases/?tab=mine")
    page.get_by_role("link", name=case.number).click()
    expect(page.locator("h1")).to_contain_text("个体工商户设立登记")


def test_li_wei_finds_applies_and_is_approved_through_the_pages(
    page, browser, live_server, calendar, li_wei, sole_trader_item, officer, head, password, screenshot
):
    # He searches from the home page with the everyday name, not the catalogue's.
    page.goto("/")
    page.fill("#catalogue-q", "个体工商户登记")
    page.locator("#catalogue-q").press("Enter")
    page.get_by_role("link", name="个体工商户设立登记").first.click()
    expect(page.locator("main")).to_contain_text("无需提交，由部门共享获取")
    screenshot("guide")
    page.get_by_role("link", name="在线办理").first.click()

    # Logged in, he starts the application; his name and ID come from government records.
    page.fill("#id_identifier", "13800000001")
    page.fill("#id_password", password)
    page.locator("main form button[type=submit]").click()
    page.get_by_role("button", name="开始申请").click()
    expect(page.locator("#id_operator_name")).to_have_value("李伟")
    page.fill("#id_trade_name", "李记小面")
    page.select_option("#id_business_scope", "餐饮服务")
    page.fill("#id_address", "重庆市渝中区民族路 88 号")
    page.fill("#id_capital", "5")
    page.get_by_role("button", name="保存并下一步").click()
    lease = sole_trader_item.current.materials.get(source="applicant")
    page.set_input_files(
        f"#file-{lease.pk}",
        files=[
            {"name": "租赁合同.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.7\n% lease\n%%EOF\n"}
        ],
    )
    page.locator(f"#material-{lease.pk} button[type=submit]").click()
    expect(page.locator(f"#material-{lease.pk}")).to_contain_text("租赁合同.pdf")
    page.get_by_role("link", name="下一步：确认").click()
    page.get_by_role("button", name="提交申请").click()
    expect(page.locator("main .badge").first).to_have_text("已提交")
    case = Case.objects.get()

    # The officer accepts it on the workbench and passes the review step.
    desk = staff_page(browser, live_server, officer, password)
    open_case(desk, case)
    desk.locator("#form-accept button[type=submit]").click()
    expect(desk.locator("#form-complete")).to_be_visible()
    desk.locator("#form-complete textarea").fill("材料齐全，符合法定条件。")
    desk.locator("#form-complete button[type=submit]").click()
    expect(desk.locator("#form-complete")).to_have_count(0)  # the next step is the head's

    # The head decides and finishes: the letter is issued and the clock stops.
    boss = staff_page(browser, live_server, head, password)
    case.refresh_from_db()
    open_case(boss, case)
    boss.locator("#form-complete textarea").fill("准予登记。")
    boss.locator("#form-complete input[type=radio][value=approved]").check()
    boss.locator("#form-complete button[type=submit]").click()
    boss.locator("#form-finish button[type=submit]").click()
    expect(boss.locator("main")).to_contain_text("已办结")

    # Li Wei sees the result and downloads the letter, which is its electronic delivery.
    page.goto(f"/cases/{case.code}/")
    expect(page.locator("main")).to_contain_text("准予")
    screenshot("case-approved")
    with page.expect_download() as caught:
        page.get_by_role("link", name="下载决定书（PDF）").click()
    assert open(caught.value.path(), "rb").read().startswith(b"%PDF-")
    case.refresh_from_db()
    assert case.status == Case.DELIVERED and case.clock.met is True
