"""Who used my data: Li Wei opens the page from her centre, sees an officer's look at her application
and a 数据跑路 fetch with their proofs verified by her browser, downloads a receipt and objects to a use
in one click, which opens a 12345 complaint."""

import json
import time

import pytest
from playwright.sync_api import expect

from yiwang.ledger.actions import append_entry, do_sequence
from yiwang.ledger.models import EntryKind, Objection
from yiwang.ledger.verify import verify_receipt

pytestmark = pytest.mark.browser


@pytest.fixture
def log_in(context, live_server):
    def log_in_as(user):
        from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
        from django.contrib.sessions.backends.db import SessionStore

        from yiwang.accounts.middleware import LAST_SEEN

        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "yiwang.accounts.backends.IdentifierBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session[LAST_SEEN] = time.time()
        session.create()
        context.add_cookies([{"name": "sessionid", "value": session.session_key, "url": live_server.url}])

    return log_in_as


def test_citizen_checks_the_uses_of_her_data_and_objects_to_one(
    page, submitted_case, officer, log_in, screenshot
):
    from yiwang.cases.actions import record_data_view
    from yiwang.hotline.demo import seed_categories

    seed_categories()
    li_wei = submitted_case.owner
    record_data_view(submitted_case, actor=officer)
    append_entry(
        EntryKind.DATA_FETCHED,
        subject=li_wei.person,
        consumer="department:500103-05",
        purpose="就业补贴资格核验",
        grant="SG-2026-0007",
        obj="datahub.dataset:户籍",
    )
    do_sequence()
    log_in(li_wei)

    page.goto("/me/")
    page.locator("#centre-data-uses").click()
    expect(page.locator("h1")).to_have_text("谁用了我的数据")
    proofs = page.locator(".ledger-proof")
    expect(proofs).to_have_count(2)
    for i in range(2):
        expect(proofs.nth(i)).to_have_attribute("data-verified", "yes")
    expect(proofs.first).to_contain_text("证明已在您的浏览器中核验通过")
    expect(page.locator("#data-uses tbody tr").first).to_contain_text("就业补贴资格核验")  # newest first
    screenshot("data-uses")

    with page.expect_download() as download_info:
        page.locator("#data-uses tbody tr").first.get_by_role("link", name="下载回执").click()
    receipt = json.loads(download_info.value.path().read_text(encoding="utf-8"))
    assert verify_receipt(receipt) == []

    page.locator("#data-uses tbody tr").nth(1).get_by_role("button", name="我有异议").click()
    expect(page.locator("body")).to_contain_text("投诉")
    objection = Objection.objects.get()
    assert objection.entry.kind == EntryKind.CASE_DATA_VIEWED
    expect(page.locator("body")).to_contain_text(objection.ticket.number)
    screenshot("objection")
