"""Li Wei applies online for 个体工商户设立登记 with no visit: he opens the item's apply link, finds his
name and ID filled in from government records, fills in the rest, uploads the lease, saves a draft,
comes back to it from his personal centre, submits, and follows the case to its due date; after the
department accepts and approves (through the actions here: the workbench is another journey), he
downloads the decision letter, which records its electronic delivery.

Screenshots of the wizard, the case page and the letter (rendered with poppler's pdftoppm when the
machine has it) are taken in Simplified Chinese and English.
"""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect

from yiwang.cases.actions import do_accept_case, do_complete_step, do_finish_case
from yiwang.cases.models import Case
from yiwang.core.events import EventCode
from yiwang.core.models import Event

pytestmark = pytest.mark.browser
RESULTS = Path(__file__).resolve().parents[2] / "test-results"  # git-ignored, as the screenshots


def switch_language(page, code):
    page.select_option("#language-select", code)  # submits on change
    expect(page.locator("html")).to_have_attribute("lang", code)


def in_both_languages(page, screenshot, label):
    screenshot(f"{label}-zh-hans")
    switch_language(page, "en")
    screenshot(f"{label}-en")
    switch_language(page, "zh-hans")


def letter_pictures(pdf, label):
    """Keep the PDF and, where pdftoppm exists, a PNG of its first page to look at."""
    path = RESULTS / f"letter-{label}.pdf"
    path.write_bytes(pdf)
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-png", "-r", "70", "-singlefile", str(path), str(path.with_suffix(""))],
            check=True,
            timeout=60,
        )


def test_li_wei_applies_online_and_receives_the_decision_letter(
    page, calendar, li_wei, sole_trader_item, officer, head, password, screenshot
):
    RESULTS.mkdir(exist_ok=True)
    apply_url = f"/cases/apply/{sole_trader_item.code}/"

    # The guide's apply link asks him to log in first, then brings him back.
    page.goto(apply_url)
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.fill("#id_identifier", "13800000001")
    page.fill("#id_password", password)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(re.escape(apply_url) + "$"))
    expect(page.locator("h1")).to_have_text("个体工商户设立登记")
    expect(page.locator("main")).to_contain_text("部门共享获取")
    page.get_by_role("button", name="开始申请").click()

    # Step 1: the form, with his identity from government records, locked and masked.
    expect(page).to_have_url(re.compile(r"/cases/[0-9a-f-]{36}/form/$"))
    case = Case.objects.get()
    expect(page.locator("#id_operator_name")).to_have_value("李伟")
    expect(page.locator("#id_operator_name")).to_be_disabled()
    expect(page.locator("#id_operator_id")).to_have_value(li_wei.person.masked_id_number)
    expect(page.locator("#id_phone")).to_be_editable()
    page.fill("#id_trade_name", "李记小面")
    page.select_option("#id_business_scope", "餐饮服务")
    page.fill("#id_address", "重庆市渝中区民族路 88 号")
    page.fill("#id_capital", "五万")  # a mistake: shown on its field, the rest kept
    page.fill("#id_opening_date", "2026-12-01")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.locator("#id_capital-errors")).to_be_visible()
    expect(page.locator("#id_capital")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_trade_name")).to_have_value("李记小面")
    in_both_languages(page, screenshot, "wizard-form-error")
    page.get_by_role("button", name="长辈模式").click()  # large text, high contrast (适老化)
    expect(page.locator("body")).to_have_class(re.compile("large-text"))
    expect(page.locator("#id_trade_name")).to_have_value("李记小面")
    screenshot("wizard-form-large-text")
    page.get_by_role("button", name="标准模式").click()
    page.fill("#id_capital", "5")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.locator("main .alert-success")).to_be_visible()

    # He leaves, and later continues the draft from his personal centre.
    page.get_by_role("button", name="保存，稍后继续").click()
    expect(page).to_have_url(re.compile(r"/me/$"))
    page.locator(f"#my-drafts a[href='/cases/{case.code}/form/']").click()
    expect(page.locator("#id_trade_name")).to_have_value("李记小面")
    expect(page.locator("#id_capital")).to_have_value("5")
    page.get_by_role("button", name="保存并下一步").click()

    # Step 2: materials. The ID proof is fetched; the lease is uploaded.
    expect(page).to_have_url(re.compile(r"/materials/$"))
    lease = sole_trader_item.current.materials.get(source="applicant")
    page.set_input_files(
        f"#file-{lease.pk}",
        files=[
            {"name": "租赁合同.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.7\n% lease\n%%EOF\n"}
        ],
    )
    page.locator(f"#material-{lease.pk} button[type=submit]").click()
    expect(page.locator(f"#material-{lease.pk}")).to_contain_text("租赁合同.pdf")
    in_both_languages(page, screenshot, "wizard-materials")
    page.get_by_role("link", name="下一步：确认").click()

    # Step 3: review and submit.
    expect(page.locator("main")).to_contain_text("李记小面")
    in_both_languages(page, screenshot, "wizard-review")
    page.get_by_role("button", name="提交申请").click()
    expect(page).to_have_url(re.compile(rf"/cases/{case.code}/$"))
    expect(page.locator("main .badge").first).to_have_text("已提交")

    # The department accepts: the due date appears, counted in working days.
    do_accept_case(case, actor=officer)
    case.refresh_from_db()
    page.reload()
    expect(page.locator("main")).to_contain_text(case.clock.due_date.isoformat())
    expect(page.locator("main")).to_contain_text("审查")
    in_both_languages(page, screenshot, "case-in-review")

    # Reviewed, approved, finished: the letter is there to download.
    do_complete_step(case, actor=officer, opinion="材料齐全，符合条件。")
    do_complete_step(case, actor=head, opinion="同意。", decision=Case.APPROVE)
    do_finish_case(case, actor=head)
    page.reload()
    expect(page.get_by_role("link", name="下载决定书（PDF）")).to_be_visible()
    in_both_languages(page, screenshot, "case-finished")
    with page.expect_download() as caught:
        page.get_by_role("link", name="下载决定书（PDF）").click()
    pdf = open(caught.value.path(), "rb").read()
    assert pdf.startswith(b"%PDF-") and b"/FontFile2" in pdf
    letter_pictures(pdf, "zh-hans")

    case.refresh_from_db()
    assert case.status == Case.DELIVERED
    page.reload()
    expect(page.locator("main")).to_contain_text("电子送达")

    switch_language(page, "en")
    with page.expect_download() as caught:
        page.get_by_role("link", name="Download the decision letter (PDF)").click()
    letter_pictures(open(caught.value.path(), "rb").read(), "en")
    assert Event.objects.filter(code=EventCode.CASE_DELIVERED).count() == 1  # delivered once
