"""Importing a catalogue file: new items, new versions of changed items, unchanged items left alone."""

import json

import pytest

from conftest import department, item_spec
from yiwang.core.events import EventCode
from yiwang.core.models import Event
from yiwang.services import exchange
from yiwang.services.actions import do_create_item, do_draft_version, spec_of
from yiwang.services.models import ServiceItem, ServiceItemVersion
from yiwang.services.tests.conftest import entry, workbook


def as_json(entries):
    return exchange.write_json(entries)


@pytest.mark.parametrize("fmt", ["xlsx", "json"])
def test_new_items_are_created_and_published(two_items, sysadmin, fmt):
    data = workbook(two_items) if fmt == "xlsx" else as_json(two_items)

    result = exchange.do_import_catalogue(data, fmt, actor=sysadmin)

    assert result.ok, [str(e) for e in result.errors]
    assert result.created == ["11500103MB0000004X017001", "11500103MB0000004X017002"]
    item = ServiceItem.objects.get(implementation_code="11500103MB0000004X017002")
    assert item.current.status == ServiceItemVersion.PUBLISHED and item.current.name == "食品经营许可"
    assert item.department == department("04")
    assert [m.name for m in item.current.materials.all()] == ["经营者身份证明", "经营场所使用证明"]
    event = Event.objects.get(code=EventCode.CATALOGUE_IMPORTED)
    assert event.actor == sysadmin and event.payload["created"] == 2


def test_changed_items_get_a_new_version_and_unchanged_ones_are_left_alone(two_items, sysadmin):
    exchange.do_import_catalogue(as_json(two_items), "json", actor=sysadmin)
    two_items[1]["spec"]["promised_limit"] = 5
    two_items[1]["spec"]["materials"][0]["copies"] = 2

    result = exchange.do_import_catalogue(workbook(two_items), "xlsx", actor=sysadmin)

    assert result.unchanged == ["11500103MB0000004X017001"]
    assert result.new_versions == ["11500103MB0000004X017002"]
    first, second = ServiceItem.objects.order_by("implementation_code")
    assert first.versions.count() == 1
    assert second.current.number == 2 and second.current.promised_limit == 5
    assert second.current.materials.first().copies == 2
    assert second.versions.get(number=1).status == ServiceItemVersion.RETIRED


def test_draft_import_leaves_new_versions_unpublished(two_items, sysadmin):
    exchange.do_import_catalogue(as_json(two_items), "json", actor=sysadmin)
    two_items[0]["spec"]["name"] = "个体工商户登记（新）"

    result = exchange.do_import_catalogue(as_json(two_items), "json", actor=sysadmin, draft=True)

    item = ServiceItem.objects.get(implementation_code="11500103MB0000004X017001")
    assert result.new_versions == [item.implementation_code]
    assert item.current.name == "个体工商户设立登记"
    assert item.versions.get(status=ServiceItemVersion.DRAFT).name == "个体工商户登记（新）"
    # the same draft import again finds the draft equal: nothing more happens
    again = exchange.do_import_catalogue(as_json(two_items), "json", actor=sysadmin, draft=True)
    assert again.unchanged == [e["implementation_code"] for e in two_items]
    assert item.versions.count() == 2


def test_new_items_of_a_draft_import_wait_unpublished(two_items, sysadmin):
    exchange.do_import_catalogue(as_json(two_items), "json", actor=sysadmin, draft=True)

    assert not ServiceItem.objects.filter(current__isnull=False).exists()
    assert ServiceItemVersion.objects.filter(status=ServiceItemVersion.DRAFT).count() == 2


def test_a_dry_run_counts_and_writes_nothing(two_items, sysadmin):
    result = exchange.do_import_catalogue(workbook(two_items), "xlsx", actor=sysadmin, dry_run=True)

    assert result.ok and len(result.created) == 2
    assert not ServiceItem.objects.exists()
    assert not Event.objects.filter(code__in=[EventCode.CATALOGUE_IMPORTED, EventCode.ITEM_CREATED]).exists()


def test_a_withdrawn_item_in_the_file_returns_to_the_catalogue(sole_trader_item, sysadmin):
    from yiwang.services.actions import do_withdraw_item

    data = exchange.do_export_catalogue("json", actor=sysadmin)
    do_withdraw_item(sole_trader_item, actor=sysadmin)

    result = exchange.do_import_catalogue(data, "json", actor=sysadmin)

    sole_trader_item.refresh_from_db()
    assert result.new_versions == [sole_trader_item.implementation_code]
    assert sole_trader_item.current.number == 2


def test_an_import_replaces_the_draft_being_edited(sole_trader_item, sysadmin):
    data = json.loads(exchange.do_export_catalogue("json", actor=sysadmin))
    draft = do_draft_version(sole_trader_item, actor=sysadmin)
    data["items"][0]["spec"]["hours"] = "周一至周日 9:00-17:00"

    result = exchange.do_import_catalogue(json.dumps(data).encode(), "json", actor=sysadmin)

    draft.refresh_from_db()
    assert result.new_versions == [sole_trader_item.implementation_code]
    assert draft.status == ServiceItemVersion.PUBLISHED and draft.hours == "周一至周日 9:00-17:00"


def test_lower_case_codes_match_the_item(sole_trader_item, sysadmin):
    data = json.loads(exchange.do_export_catalogue("json", actor=sysadmin))
    data["items"][0]["implementation_code"] = sole_trader_item.implementation_code.lower()

    result = exchange.do_import_catalogue(json.dumps(data).encode(), "json", actor=sysadmin)

    assert result.unchanged == [sole_trader_item.implementation_code]


def test_crlf_text_saved_by_a_browser_is_unchanged_after_an_excel_trip(district, sysadmin):
    version = do_create_item(
        implementation_code="X1",
        department=department("04"),
        actor=sysadmin,
        spec=item_spec(summary="第一行\r\n第二行"),
    )
    from yiwang.services.actions import do_publish_version

    do_publish_version(version, actor=sysadmin)

    result = exchange.do_import_catalogue(
        exchange.do_export_catalogue("xlsx", actor=sysadmin), "xlsx", actor=sysadmin
    )

    assert result.unchanged == ["X1"]
    assert spec_of(ServiceItem.objects.get().current)["summary"] == "第一行\r\n第二行"


def test_excel_cells_may_say_codes_the_way_people_type_them(two_items, sysadmin):
    from yiwang.services.tests.conftest import cell

    def change(book):
        cell(book, "事项", 2, "事项类型").value = 1  # a number: Excel drops the leading zero of 01
        cell(book, "事项", 2, "办件类型").value = "承诺件"  # the name instead of the code
        cell(book, "事项", 2, "办理形式").value = "1，2、3"  # Chinese commas
        cell(book, "事项", 2, "是否收费").value = False  # a real boolean cell
        cell(book, "事项", 2, "咨询电话").value = 63800004  # a number in a text column

    result = exchange.do_import_catalogue(workbook(two_items, change), "xlsx", actor=sysadmin)

    assert result.ok, [str(e) for e in result.errors]
    version = ServiceItem.objects.get(implementation_code="11500103MB0000004X017001").current
    assert (version.item_type, version.handling_type, version.handling_forms) == (
        "01",
        "promised",
        ["1", "2", "3"],
    )
    assert version.enquiry_phone == "63800004"


def test_an_entry_of_another_department_is_imported_under_it(district, sysadmin):
    result = exchange.do_import_catalogue(
        as_json([entry("Y1", department="500103-05")]), "json", actor=sysadmin
    )

    assert result.ok
    assert ServiceItem.objects.get(implementation_code="Y1").department == department("05")
