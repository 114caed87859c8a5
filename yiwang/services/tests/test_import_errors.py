"""A bad catalogue file is reported row by row (sheet, row, column, message) and nothing is written."""

import io
import json
import zipfile

import pytest
from openpyxl.worksheet.formula import ArrayFormula

from yiwang.core.models import Event
from yiwang.services import exchange
from yiwang.services.models import ServiceItem, ServiceItemVersion
from yiwang.services.tests.conftest import cell, workbook


def nothing_written():
    return (
        not ServiceItem.objects.exists()
        and not ServiceItemVersion.objects.exists()
        and not Event.objects.filter(code__gte=250, code__lt=260).exists()
    )


def where(result):
    return {(e.sheet, e.row, e.column) for e in result.errors}


def set_cell(sheet, row, header, value):
    def change(book):
        cell(book, sheet, row, header).value = value

    return change


@pytest.mark.parametrize(
    ("sheet", "row", "header", "value"),
    [
        ("事项", 2, "事项类型", "99"),  # unknown code
        ("事项", 3, "是否收费", "也许"),  # neither 是 nor 否
        ("事项", 2, "承诺办结时限（工作日）", "三天"),  # not a number
        ("事项", 3, "承诺办结时限（工作日）", 30),  # longer than the statutory limit
        ("事项", 2, "到办事现场次数", 2),  # depth IV needs no visit
        ("事项", 2, "服务对象", "1,7"),  # one unknown code of a list
        ("事项", 3, "主题分类", "no-such-theme"),
        ("事项", 2, "联办部门", "500103-99"),
        ("事项", 2, "事项名称", "名" * 201),  # too long
        ("事项", 3, "实施部门编码", "nowhere"),
        ("事项", 2, "实施编码", "带中文的编码"),
        ("事项", 3, "基本编码", "TOO-LONG-CODE-1"),
        ("事项", 2, "受理条件", '=HYPERLINK("http://x")'),  # a formula
        ("材料", 3, "来源渠道", "mail"),
        ("材料", 2, "原件份数", -1),
        ("表单字段", 6, "选项", None),  # a choice field without choices
        ("表单字段", 3, "字段标识", "operator_name"),  # the key of row 2 again
        ("表单字段", 2, "预填来源", "nowhere"),
        ("表单字段", 4, "字段类型", "colour"),
        ("办理环节", 2, "办理角色", "citizen"),
        ("办理环节", 3, "环节时限（工作日）", 1.5),
    ],
)
def test_a_bad_cell_is_reported_where_it_is_and_nothing_is_written(
    two_items, sysadmin, sheet, row, header, value
):
    def change(book):
        target = cell(book, sheet, row, header)
        target.value = value
        if header == "受理条件":
            target.data_type = "f"

    result = exchange.do_import_catalogue(workbook(two_items, change), "xlsx", actor=sysadmin)

    assert (sheet, row, header) in where(result), [str(e) for e in result.errors]
    assert nothing_written()


def test_every_bad_row_is_reported_at_once(two_items, sysadmin):
    def change(book):
        cell(book, "事项", 2, "事项类型").value = "99"
        cell(book, "事项", 3, "办理深度").value = 9
        cell(book, "材料", 4, "是否必要").value = "maybe"
        cell(book, "办理环节", 5, "办理角色").value = "nobody"

    result = exchange.do_import_catalogue(workbook(two_items, change), "xlsx", actor=sysadmin)

    assert where(result) == {
        ("事项", 2, "事项类型"),
        ("事项", 3, "办理深度"),
        ("材料", 4, "是否必要"),
        ("办理环节", 5, "办理角色"),
    }
    assert nothing_written()


def test_a_cell_read_wrongly_is_reported_once(two_items, sysadmin):
    result = exchange.do_import_catalogue(
        workbook(two_items, set_cell("事项", 2, "事项类型", "99")), "xlsx", actor=sysadmin
    )

    assert len(result.errors) == 1
    assert "99" in result.errors[0].message and "01" in result.errors[0].message


def test_an_item_without_review_steps_is_reported_on_its_row(two_items, sysadmin):
    def change(book):
        book["办理环节"].delete_rows(2, 2)

    result = exchange.do_import_catalogue(workbook(two_items, change), "xlsx", actor=sysadmin)

    assert where(result) == {("事项", 2, "办理环节")}


def test_a_row_of_an_unknown_item_is_reported(two_items, sysadmin):
    result = exchange.do_import_catalogue(
        workbook(two_items, set_cell("材料", 2, "实施编码", "NOSUCH")), "xlsx", actor=sysadmin
    )

    assert ("材料", 2, "实施编码") in where(result)


def test_an_item_twice_is_reported_on_its_second_row(two_items, sysadmin):
    result = exchange.do_import_catalogue(
        workbook(two_items, set_cell("事项", 3, "实施编码", two_items[0]["implementation_code"])),
        "xlsx",
        actor=sysadmin,
    )

    assert ("事项", 3, "实施编码") in where(result)
    assert nothing_written()


def test_an_import_cannot_move_an_item_to_another_department(sole_trader_item, sysadmin):
    data = json.loads(exchange.do_export_catalogue("json", actor=sysadmin))
    data["items"][0]["department"] = "500103-05"

    result = exchange.do_import_catalogue(json.dumps(data).encode(), "json", actor=sysadmin)

    assert where(result) == {("JSON", 1, "department")}
    assert sole_trader_item.versions.count() == 1


@pytest.mark.parametrize(
    "change",
    [
        lambda book: book.remove(book["材料"]),
        lambda book: setattr(book["事项"], "title", "Items"),
    ],
)
def test_a_missing_sheet_is_reported(two_items, sysadmin, change):
    result = exchange.do_import_catalogue(workbook(two_items, change), "xlsx", actor=sysadmin)

    assert not result.ok and all(e.row is None and e.sheet in {"材料", "事项"} for e in result.errors)
    assert nothing_written()


def test_missing_and_unknown_columns_are_reported(two_items, sysadmin):
    def change(book):
        cell(book, "事项", 1, "俗称").value = "别名"
        book["材料"].delete_cols(3)

    result = exchange.do_import_catalogue(workbook(two_items, change), "xlsx", actor=sysadmin)

    assert {("事项", 1, "别名"), ("事项", 1, "俗称"), ("材料", 1, "出具单位")} <= where(result)
    assert nothing_written()


def test_an_array_formula_is_refused(two_items, sysadmin):
    def change(book):
        target = cell(book, "事项", 2, "到办事现场次数")
        book["事项"][target.coordinate] = ArrayFormula(target.coordinate, "=0")

    result = exchange.do_import_catalogue(workbook(two_items, change), "xlsx", actor=sysadmin)

    assert where(result) == {("事项", 2, "到办事现场次数")}


def test_a_sheet_with_too_many_rows_is_refused(two_items, sysadmin, monkeypatch):
    monkeypatch.setattr(exchange, "MAX_ROWS", 3)

    result = exchange.do_import_catalogue(workbook(two_items), "xlsx", actor=sysadmin)  # 表单字段 has 16 rows

    assert ("表单字段", None, "") in where(result)
    assert nothing_written()


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"not a workbook at all",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100,  # an old .xls
        b"PK\x03\x04" + b"\0" * 100,  # a broken zip
    ],
)
def test_a_file_that_is_no_workbook_is_refused_clearly(db, sysadmin, data):
    with pytest.raises(exchange.CatalogueFileError):
        exchange.do_import_catalogue(data, "xlsx", actor=sysadmin)


def test_a_zip_that_is_no_workbook_is_refused(db, sysadmin):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")

    with pytest.raises(exchange.CatalogueFileError):
        exchange.do_import_catalogue(buffer.getvalue(), "xlsx", actor=sysadmin)


def test_a_workbook_with_damaged_sheets_is_refused(two_items, sysadmin):
    source = zipfile.ZipFile(io.BytesIO(workbook(two_items)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for info in source.infolist():
            content = source.read(info)
            if info.filename.startswith("xl/worksheets/sheet1"):
                content = content[: len(content) // 2]  # cut in the middle of the XML
            archive.writestr(info, content)

    with pytest.raises(exchange.CatalogueFileError):
        exchange.do_import_catalogue(buffer.getvalue(), "xlsx", actor=sysadmin)
    assert nothing_written()


def test_a_zip_bomb_is_refused_before_it_is_unpacked(db, sysadmin, monkeypatch):
    monkeypatch.setattr(exchange, "MAX_UNPACKED_BYTES", 1000)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<x/>")
        archive.writestr("xl/worksheets/sheet1.xml", "0" * 100_000)

    with pytest.raises(exchange.CatalogueFileError, match="1000|MB"):
        exchange.do_import_catalogue(buffer.getvalue(), "xlsx", actor=sysadmin)


def test_a_file_over_the_size_limit_is_refused(db, sysadmin, monkeypatch):
    monkeypatch.setattr(exchange, "MAX_FILE_BYTES", 10)

    with pytest.raises(exchange.CatalogueFileError):
        exchange.do_import_catalogue(b"{" + b" " * 20 + b"}", "json", actor=sysadmin)


@pytest.mark.parametrize(
    "data",
    [
        b"{not json",
        b"\xff\xfe\x00",
        b"[]",
        b'{"format": "something-else", "items": []}',
        b'{"format": "yiwang-catalogue", "format_version": 99, "items": []}',
        b'{"format": "yiwang-catalogue", "format_version": 1, "items": {}}',
        b"[" * 100_000 + b"]" * 100_000,
    ],
)
def test_a_file_that_is_no_catalogue_is_refused_clearly(db, sysadmin, data):
    with pytest.raises(exchange.CatalogueFileError):
        exchange.do_import_catalogue(data, "json", actor=sysadmin)


@pytest.mark.parametrize(
    ("change", "column"),
    [
        (lambda e: e.update(spec=[]), "spec"),
        (lambda e: e.update(department=4), "department"),
        (lambda e: e.pop("implementation_code"), "implementation_code"),
        (lambda e: e["spec"].update(promised_limit="3"), "spec.promised_limit"),
        (lambda e: e["spec"].update(fee_required="no"), "spec.fee_required"),
        (lambda e: e["spec"].update(themes=[{"code": 1}]), "spec.themes"),
        (lambda e: e["spec"].update(co_departments="500103-05"), "spec.co_departments"),
        (lambda e: e["spec"].update(materials={"name": "x"}), "spec.materials"),
        (lambda e: e["spec"]["materials"][1].update(originals=True), "spec.materials[1].originals"),
        (lambda e: e["spec"]["form_fields"][4].update(choices="餐饮服务"), "spec.form_fields[4].choices"),
        (lambda e: e["spec"].update(colour="red"), "spec"),
        (lambda e: e["spec"]["steps"].append({"name": "审查", "role": "supervisor"}), "spec.steps[2].role"),
    ],
)
def test_a_bad_json_item_is_reported_by_position_and_path(two_items, sysadmin, change, column):
    change(two_items[1])

    result = exchange.do_import_catalogue(exchange.write_json(two_items), "json", actor=sysadmin)

    assert ("JSON", 2, column) in where(result), [str(e) for e in result.errors]
    assert nothing_written()


def test_a_json_item_that_is_not_an_object_is_reported(two_items, sysadmin):
    result = exchange.do_import_catalogue(exchange.write_json([two_items[0], "oops"]), "json", actor=sysadmin)

    assert where(result) == {("JSON", 2, "")}
    assert nothing_written()


def test_the_report_reads_in_the_readers_language(two_items, sysadmin, english_messages):
    result = exchange.do_import_catalogue(
        workbook(two_items, set_cell("事项", 2, "是否收费", "也许")), "xlsx", actor=sysadmin
    )

    assert str(result.errors[0]) == "事项, row 2, column 是否收费: Enter 是 or 否."


def test_a_sheet_without_its_header_row_is_one_error_not_one_per_row(two_items, sysadmin):
    def change(book):
        book["事项"].delete_rows(1)

    result = exchange.do_import_catalogue(workbook(two_items, change), "xlsx", actor=sysadmin)

    assert {e.sheet for e in result.errors} == {"事项"} and all(e.row == 1 for e in result.errors)
    assert nothing_written()
