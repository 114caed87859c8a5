"""The system administrator uploads a departmental catalogue workbook: a bad one is answered with
the list of bad cells and nothing is imported; the corrected one is imported and published. Then a
new version of an item is edited in its draft page, with its materials, form fields and steps."""

import io
import re
import time

import openpyxl
import pytest
from playwright.sync_api import expect

from yiwang.services import exchange
from yiwang.services.models import ServiceItem, ServiceItemVersion

pytestmark = pytest.mark.browser


def logged_in(context, live_server, user):
    """The browser carries the session of `user`, second factor passed (its own journey tests the login)."""
    from django.test import Client

    from yiwang.accounts.middleware import SECOND_FACTOR_AT

    client = Client()
    client.force_login(user, backend="yiwang.accounts.backends.IdentifierBackend")
    session = client.session
    session[SECOND_FACTOR_AT] = time.time()
    session.save()
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def cell(book, sheet, row, header):
    headers = [c.value for c in book[sheet][1]]
    return book[sheet].cell(row=row, column=headers.index(header) + 1)


def departmental_workbook(path, spoil=False):
    """The published catalogue as exported, plus a second item a department added to it."""
    book = openpyxl.load_workbook(io.BytesIO(exchange.write_xlsx(exchange.published_entries())))
    for sheet in ("事项", "材料", "表单字段", "办理环节"):
        rows = list(book[sheet].iter_rows(min_row=2, values_only=True))
        for row in rows:
            book[sheet].append(["11500103MB0000004X017002", *row[1:]])
    cell(book, "事项", 3, "事项名称").value = "个体工商户变更登记"
    if spoil:
        cell(book, "事项", 3, "是否收费").value = "也许"
        cell(book, "材料", 2, "来源渠道").value = "mail"
    book.save(path)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_administrator_imports_a_workbook_and_edits_a_draft(
    page, context, live_server, sysadmin, sole_trader_item, screenshot, tmp_path, language
):
    context.add_cookies([{"name": "yiwang_language", "value": language, "url": live_server.url}])
    logged_in(context, live_server, sysadmin)

    bad, good = tmp_path / "bad.xlsx", tmp_path / "good.xlsx"
    departmental_workbook(bad, spoil=True)
    departmental_workbook(good)

    page.goto("/admin/services/serviceitem/")
    page.locator("a[href='/admin/services/serviceitem/exchange/']").click()
    page.set_input_files("#id_file", str(bad))
    page.locator("input[type=submit]").click()
    expect(page.locator("#import-errors tbody tr")).to_have_count(2)
    screenshot(f"{language}-errors")
    assert ServiceItem.objects.count() == 1

    page.set_input_files("#id_file", str(good))
    page.locator("input[type=submit]").click()
    expect(page.locator("#result-heading")).to_be_visible()
    screenshot(f"{language}-imported")
    assert ServiceItem.objects.filter(current__isnull=False).count() == 2

    with page.expect_download() as download:
        page.locator("a[href$='export.xlsx']").click()
    book = openpyxl.load_workbook(io.BytesIO(open(download.value.path(), "rb").read()))
    assert book.sheetnames[:4] == ["事项", "材料", "表单字段", "办理环节"]

    page.goto("/admin/services/serviceitem/")
    page.locator("tr", has_text="11500103MB0000004X017002").locator("input.action-select").check()
    page.select_option("select[name=action]", "start_new_version")
    page.locator("button[name=index]").click()
    screenshot(f"{language}-list")
    draft = ServiceItemVersion.objects.get(status=ServiceItemVersion.DRAFT)

    page.goto(f"/admin/services/serviceitemversion/{draft.pk}/change/")
    page.fill("#id_visits", "3")
    page.locator("input[name=_save]").click()
    expect(page.locator(".errornote")).to_be_visible()
    screenshot(f"{language}-draft-refused")
    page.fill("#id_visits", "0")
    page.fill("#id_promised_limit", "8")
    page.locator("input[name=_save]").click()
    expect(page).to_have_url(re.compile(r"/admin/services/serviceitemversion/$"))
    draft.refresh_from_db()
    assert draft.promised_limit == 8
