"""/admin/services/serviceitem/exchange/: upload a catalogue file to import, download the export."""

import io
import json

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from yiwang.core.events import EventCode
from yiwang.core.models import Event
from yiwang.services import exchange
from yiwang.services.models import ServiceItem
from yiwang.services.tests.conftest import cell, workbook

PAGE = "/admin/services/serviceitem/exchange/"


def upload(client, name, data, **options):
    return client.post(PAGE, {"file": SimpleUploadedFile(name, data), **options})


def test_the_list_links_to_the_exchange_page(client, login_as, sysadmin):
    login_as(sysadmin)

    assert PAGE in client.get("/admin/services/serviceitem/").content.decode()
    response = client.get(PAGE)
    assert response.status_code == 200 and 'type="file"' in response.content.decode()


def test_an_upload_is_imported_and_summarised(client, login_as, sysadmin, two_items):
    login_as(sysadmin)

    response = upload(client, "目录.xlsx", workbook(two_items))

    assert response.status_code == 200
    result = response.context["result"]
    assert result.ok and len(result.created) == 2
    assert ServiceItem.objects.filter(current__isnull=False).count() == 2
    assert Event.objects.get(code=EventCode.CATALOGUE_IMPORTED).actor == sysadmin


def test_a_bad_upload_shows_the_error_report_and_writes_nothing(client, login_as, sysadmin, two_items):
    def change(book):
        cell(book, "材料", 3, "来源渠道").value = "mail"

    login_as(sysadmin)

    response = upload(client, "catalogue.xlsx", workbook(two_items, change))

    page = response.content.decode()
    assert response.status_code == 200 and 'id="import-errors"' in page
    assert "<td>材料</td><td>3</td><td>来源渠道</td>" in page
    assert not ServiceItem.objects.exists()


def test_a_dry_run_checks_only(client, login_as, sysadmin, two_items):
    login_as(sysadmin)

    response = upload(client, "catalogue.json", exchange.write_json(two_items), dry_run="on")

    assert response.context["result"].dry_run and len(response.context["result"].created) == 2
    assert not ServiceItem.objects.exists()


def test_a_draft_import_waits_unpublished(client, login_as, sysadmin, two_items):
    login_as(sysadmin)

    upload(client, "catalogue.json", exchange.write_json(two_items), draft="on")

    assert ServiceItem.objects.count() == 2 and not ServiceItem.objects.filter(current__isnull=False).exists()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("catalogue.xlsx", b"this is text"),
        ("catalogue.xls", b"\xd0\xcf\x11\xe0"),
        ("catalogue.csv", b"a,b"),
        ("catalogue.json", b"\x00\x01"),
        ("catalogue.json", b"{}"),
        ("", b""),
    ],
)
def test_a_file_that_cannot_be_read_gets_a_clear_error_never_a_500(
    client, login_as, sysadmin, district, name, data
):
    login_as(sysadmin)

    response = client.post(PAGE, {"file": SimpleUploadedFile(name or "x", data)} if name else {})

    assert response.status_code == 200
    assert response.context["form"].errors
    assert not ServiceItem.objects.exists()


def test_a_file_over_the_limit_is_refused(client, login_as, sysadmin, district, monkeypatch):
    monkeypatch.setattr(exchange, "MAX_FILE_BYTES", 100)
    login_as(sysadmin)

    response = upload(client, "catalogue.json", b" " * 200)

    assert "file" in response.context["form"].errors


@pytest.mark.parametrize("fmt", ["xlsx", "json"])
def test_the_export_downloads(client, login_as, sysadmin, sole_trader_item, fmt):
    login_as(sysadmin)

    response = client.get(f"{PAGE}export.{fmt}")

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="catalogue-')
    if fmt == "json":
        assert (
            json.loads(response.content)["items"][0]["implementation_code"]
            == sole_trader_item.implementation_code
        )
    else:
        assert openpyxl.load_workbook(io.BytesIO(response.content)).sheetnames[0] == "事项"
    assert Event.objects.get(code=EventCode.CATALOGUE_EXPORTED).actor == sysadmin


def test_an_unknown_export_format_is_not_found(client, login_as, sysadmin, district):
    login_as(sysadmin)

    assert client.get(f"{PAGE}export.csv").status_code == 404


def test_the_audit_administrator_may_export_but_not_import(client, login_as, auditadmin, two_items):
    login_as(auditadmin)

    assert 'type="file"' not in client.get(PAGE).content.decode()
    assert client.get(f"{PAGE}export.json").status_code == 200
    assert upload(client, "catalogue.json", exchange.write_json(two_items)).status_code == 403
    assert not ServiceItem.objects.exists()


@pytest.mark.parametrize("persona", ["officer", "clerk", "li_wei", "secadmin"])
def test_outsiders_can_neither_import_nor_export(client, login_as, request, persona, two_items):
    login_as(request.getfixturevalue(persona))

    for response in (
        client.get(PAGE),
        client.get(f"{PAGE}export.xlsx"),
        upload(client, "catalogue.json", exchange.write_json(two_items)),
    ):
        assert response.status_code in (302, 403)
    assert not ServiceItem.objects.exists()
    assert not Event.objects.filter(code=EventCode.CATALOGUE_EXPORTED).exists()
