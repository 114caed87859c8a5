"""开办餐饮店一件事 end to end, every step through the pages: Li Wei opens the bundle, answers the
situation questions (for himself, no outdoor sign: the sign permit drops out), fills in the merged
form once and uploads each file once, and submits; the 市场监管局 head accepts, reviews, approves and
finishes the business registration on the workbench (seeing the case is part of a bundle); the food
licence, which waited for it, asks Li Wei for the new credit code; he completes and submits it; the
head grants it too, and the bundle is finished with one timeline."""

import re

import pyotp
import pytest
from playwright.sync_api import expect

from yiwang.accounts.actions import do_provision_second_factor
from yiwang.bundles.models import BundleCase
from yiwang.bundles.tests.seeding import seed_demo_bundles
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


def grant_on_the_workbench(desk, case):
    """Accept, pass the review, approve in the last step and finish, as the department head."""
    desk.goto(f"/staff/cases/{case.code}/")
    expect(desk.locator("#case-bundle")).to_contain_text("开办餐饮店一件事")
    desk.locator("#form-accept button[type=submit]").click()
    desk.locator("#form-complete textarea").fill("材料齐全，符合法定条件。")
    desk.locator("#form-complete button[type=submit]").click()
    desk.locator("#form-complete textarea").fill("准予。")
    desk.locator("#form-complete input[type=radio][value=approved]").check()
    desk.locator("#form-complete button[type=submit]").click()
    desk.locator("#form-finish button[type=submit]").click()
    expect(desk.locator("main")).to_contain_text("已办结")


def test_li_wei_opens_a_restaurant_in_one_application(
    page, browser, live_server, district, calendar, li_wei, head, password, screenshot, tmp_path
):
    seed_demo_bundles()
    lease = tmp_path / "lease.pdf"
    lease.write_bytes(b"%PDF-1.7\n% a lease\n%%EOF\n")

    # He finds the bundle, sees what it combines and saves, and answers the two questions.
    page.goto("/accounts/login/?next=/bundles/")
    page.fill("#id_identifier", "13800000001")
    page.fill("#id_password", password)
    page.locator("main form button[type=submit]").click()
    page.get_by_role("link", name="开办餐饮店一件事").click()
    expect(page.locator("main")).to_contain_text("户外广告设置许可")
    screenshot("bundle-guide")
    page.locator("#start-bundle").click()
    page.locator("input[name=for_whom][value=self]").check()
    page.locator("input[name=sign][value=no]").check()
    page.locator("#guide-submit").click()
    outcome = page.locator("#guide-outcome")
    expect(outcome).to_contain_text("食品经营许可（新办）")
    expect(outcome).to_contain_text("您的情形无需办理：户外广告设置许可")
    expect(outcome).not_to_contain_text("授权委托书")
    screenshot("questions")
    page.locator("#to-form").click()

    # One form: his name comes from government records; shared answers are asked once.
    form = page.locator("#merged-form")
    expect(page.locator("#id_f-operator")).to_have_value("李伟")
    expect(page.locator("#id_f-operator")).to_be_disabled()
    expect(form).not_to_contain_text("招牌面积")
    page.fill("#id_f-trade_name", "李记小面")
    page.fill("#id_f-address", "重庆市渝中区民族路88号")
    page.fill("#id_f-capital", "5")
    page.select_option("#id_f-form", "个人经营")
    page.select_option("#id_f-food_items", "热食类食品制售")
    page.fill("#id_f-area", "40")
    for index in range(form.locator("input[type=file]").count()):
        form.locator("input[type=file]").nth(index).set_input_files(str(lease))
    screenshot("merged-form")
    page.locator("#submit-bundle").click()
    expect(page).to_have_url(re.compile(r"/bundles/cases/[0-9a-f-]+/$"))
    expect(page.locator("#bundle-parts tbody tr")).to_have_count(2)
    expect(page.locator("#bundle-parts")).to_contain_text("等待前置事项")
    bundle_case = BundleCase.objects.get()
    registration = Case.objects.get(version__name="个体工商户设立登记")
    assert registration.status == Case.SUBMITTED

    # The head grants the registration on the workbench; the licence now waits for Li Wei.
    desk = staff_page(browser, live_server, head, password)
    grant_on_the_workbench(desk, registration)
    page.reload()
    expect(page.locator("#bundle-parts")).to_contain_text("待您补全")
    page.get_by_role("link", name="补全并提交").click()
    page.fill("#id_credit_code", "92500103MA5U7G1B5L")
    page.get_by_role("button", name="保存并下一步").click()
    page.get_by_role("link", name="下一步：确认").click()
    page.get_by_role("button", name="提交申请").click()
    licence = Case.objects.get(version__name="食品经营许可（新办）")
    assert licence.status == Case.SUBMITTED and licence.data["enterprise_name"] == "李记小面"

    # The head grants the licence: every item is done, and the bundle says so with one timeline.
    grant_on_the_workbench(desk, licence)
    page.goto(f"/bundles/cases/{bundle_case.code}/")
    expect(page.locator("#bundle-status")).to_have_text("已办结")
    timeline = page.locator("#bundle-timeline")
    expect(timeline).to_contain_text("个体工商户设立登记")
    expect(timeline).to_contain_text("食品经营许可（新办）")
    screenshot("bundle-finished")
    page.select_option("#language-select", "en")
    expect(page.locator("#bundle-status")).to_have_text("Finished")
    screenshot("bundle-finished-en")
