"""A bad review followed to its published fix (好差评): Li Wei rates the result of his finished
application 非常不满意 from his case page; the 市场监管局 officer finds the 差评 on the department's
worklist, records the return visit, verifies it, sets a fix deadline and marks it fixed; the fix is
then on the department's public evaluation page with the 差评整改率. Screenshots of the rating form,
the loop page and the public page go to test-results/."""

import re

import pyotp
import pytest
from playwright.sync_api import expect

from yiwang.accounts.actions import do_provision_second_factor
from yiwang.cases.actions import do_accept_case, do_complete_step, do_finish_case
from yiwang.feedback.models import Rectification

pytestmark = pytest.mark.browser
FIX = "窗口已增派一名引导员，材料要求已在办事指南中写明。"


def submit(page, form=None):
    scope = page.locator(f"#{form}") if form else page.locator("main form")
    scope.locator("button[type=submit]").last.click()


def test_a_bad_review_is_followed_to_its_published_fix(
    page, calendar, submitted_case, li_wei, officer, head, password, screenshot
):
    case = do_accept_case(submitted_case, actor=officer)
    do_complete_step(case, actor=officer, opinion="材料齐全，符合条件。")
    do_complete_step(case, actor=head, opinion="同意。", decision="approved")
    do_finish_case(case, actor=head)
    secret = pyotp.random_base32()
    do_provision_second_factor(officer, secret, actor=None)

    # Li Wei opens his case and rates the result: very dissatisfied, about efficiency, with a comment.
    case_url = f"/cases/{case.code}/"
    page.goto(case_url)
    page.fill("#id_identifier", "13800000001")
    page.fill("#id_password", password)
    submit(page)
    expect(page).to_have_url(re.compile(re.escape(case_url) + "$"))
    page.locator("#rating").get_by_role("link", name=re.compile("办理结果")).click()
    expect(page.locator("h1")).to_have_text("评价本次服务")
    page.get_by_label("非常不满意").check()
    page.get_by_label("办事效率").check()
    page.fill("#id_comment", "材料要求前后说法不一，多跑了一趟。")
    screenshot("rating-form")
    submit(page, "rating-form")
    expect(page.locator("h1")).to_have_text("感谢您的评价")
    expect(page.locator("main")).to_contain_text("部门将回访您")
    page.goto(case_url)
    expect(page.locator("#rating")).to_contain_text("非常不满意")
    page.locator("header").get_by_role("button", name="退出").click()

    # The officer of 市场监管局 takes the loop: return visit, verified true, fix within the deadline, fixed.
    page.goto("/staff/feedback/")
    page.fill("#id_identifier", "officer")
    page.fill("#id_password", password)
    submit(page)
    page.fill("#id_code", pyotp.TOTP(secret).now())
    submit(page)
    expect(page).to_have_url(re.compile(r"/staff/feedback/$"))
    page.get_by_role("link", name=case.number).click()
    expect(page.locator("#loop-status")).to_have_text("待回访")
    page.fill("#id_visit-note", "电话回访李先生，反映窗口对经营场所证明的要求说法不一。")
    submit(page, "form-visit")
    expect(page.locator("#loop-status")).to_have_text("待核实")
    page.get_by_label("属实", exact=True).check()
    page.fill("#id_verify-note", "调取窗口记录，情况属实。")
    submit(page, "form-verify")
    expect(page.locator("#loop-status")).to_have_text("待处理")
    page.fill("#id_deadline-note", "统一窗口口径，修订办事指南。")
    submit(page, "form-deadline")
    expect(page.locator("#loop-status")).to_have_text("整改中")
    expect(page.locator("#loop-record")).to_contain_text("整改时限")
    page.fill("#id_fixed-note", FIX)
    screenshot("loop-page")
    submit(page, "form-fixed")
    expect(page.locator("#loop-status")).to_have_text("已办结")
    assert Rectification.objects.get().outcome == Rectification.FIXED

    # The fix is published on the department's page: one 差评, fixed, masked name.
    page.goto("/feedback/departments/500103-04/")
    expect(page.locator("#count-bad")).to_have_text("1")
    expect(page.locator("#fix-rate")).to_have_text("100.0%")
    expect(page.locator("#fixes")).to_contain_text(FIX)
    expect(page.locator("#fixes")).to_contain_text("李*")
    expect(page.locator("main")).not_to_contain_text("李伟")
    screenshot("public-page")
