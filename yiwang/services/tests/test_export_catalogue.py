"""Exporting the published catalogue as Excel and JSON, and importing it back changes nothing."""

import io
import json

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import department, item_spec
from yiwang.core.events import EventCode
from yiwang.core.models import Event
from yiwang.services import exchange
from yiwang.services.actions import (
    check_spec,
    do_create_item,
    do_create_theme,
    do_draft_version,
    do_publish_version,
    spec_of,
)
from yiwang.services.models import ServiceItem


def rows(sheet):
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_workbook_has_the_sheets_departments_keep(sole_trader_item, sysadmin):
    book = openpyxl.load_workbook(io.BytesIO(exchange.do_export_catalogue("xlsx", actor=sysadmin)))

    assert book.sheetnames == ["事项", "材料", "表单字段", "办理环节", "说明"]
    items = rows(book["事项"])
    header, row = items[0], dict(zip(items[0], items[1], strict=True))
    assert header[:4] == ["实施编码", "基本编码", "实施部门编码", "事项名称"]
    assert row["实施编码"] == "11500103MB0000004X017001" and row["实施部门编码"] == "500103-04"
    assert row["事项类型"] == "01" and row["是否收费"] == "否" and row["是否网办"] == "是"
    assert row["办理形式"] == "1,2,3" and row["承诺办结时限（工作日）"] == 3
    assert [r[1] for r in rows(book["材料"])[1:]] == ["经营者身份证明", "经营场所使用证明"]
    fields = rows(book["表单字段"])
    assert fields[5][:2] == ["11500103MB0000004X017001", "business_scope"]
    assert fields[5][fields[0].index("选项")] == "餐饮服务|零售|理发美容"
    assert [r[1:3] for r in rows(book["办理环节"])[1:]] == [["审查", "officer"], ["决定", "department_head"]]
    readme = rows(book["说明"])
    assert any(r[1] == "事项类型" and "01 行政许可" in r[3] for r in readme)


def test_the_json_file_holds_specs_as_the_actions_define_them(sole_trader_item, sysadmin):
    document = json.loads(exchange.do_export_catalogue("json", actor=sysadmin))

    assert document["format"] == "yiwang-catalogue" and document["format_version"] == 1
    assert document["items"] == [
        {
            "implementation_code": "11500103MB0000004X017001",
            "basic_code": "",
            "department": "500103-04",
            "spec": spec_of(sole_trader_item.current),
        }
    ]


def test_only_the_published_catalogue_is_exported(sole_trader_item, district, sysadmin):
    do_create_item(
        implementation_code="DRAFTONLY", department=department("04"), spec=item_spec(), actor=sysadmin
    )
    do_draft_version(sole_trader_item, actor=sysadmin)

    document = json.loads(exchange.do_export_catalogue("json", actor=sysadmin))

    assert [i["implementation_code"] for i in document["items"]] == [sole_trader_item.implementation_code]
    assert document["items"][0]["spec"]["name"] == sole_trader_item.current.name


def test_an_export_is_recorded(sole_trader_item, sysadmin):
    exchange.do_export_catalogue("xlsx", actor=sysadmin)

    event = Event.objects.get(code=EventCode.CATALOGUE_EXPORTED)
    assert event.actor == sysadmin and event.payload == {"format": "xlsx", "items": 1}


def test_text_that_looks_like_a_formula_is_exported_as_text(district, sysadmin):
    version = do_create_item(
        implementation_code="F1",
        department=department("04"),
        actor=sysadmin,
        spec=item_spec(summary="=1+1 不是公式"),
    )
    do_publish_version(version, actor=sysadmin)

    data = exchange.do_export_catalogue("xlsx", actor=sysadmin)

    book = openpyxl.load_workbook(io.BytesIO(data))
    header = [c.value for c in book["事项"][1]]
    assert book["事项"].cell(row=2, column=header.index("事项简介") + 1).data_type == "s"
    assert exchange.do_import_catalogue(data, "xlsx", actor=sysadmin).unchanged == ["F1"]


# Round trip over demo-like items ------------------------------------------------------------------------

TEXT = st.text(
    st.characters(codec="utf-8", categories=["L", "N", "P", "S", "Zs"], max_codepoint=0xFFFD), max_size=30
)
LINE = TEXT.filter(lambda s: s == "" or s.strip() == s)


@st.composite
def demo_like_spec(draw):
    statutory = draw(st.one_of(st.none(), st.integers(1, 60)))
    immediate = draw(st.booleans())
    promised = 0 if immediate else draw(st.integers(1, statutory or 60))
    depth = draw(st.integers(1, 4))
    materials = [
        {
            "name": draw(TEXT.filter(str.strip)),
            "issuer": draw(LINE),
            "originals": draw(st.integers(0, 3)),
            "copies": draw(st.integers(0, 3)),
            "format": draw(st.sampled_from(["paper", "electronic", "both"])),
            "required": draw(st.booleans()),
            "source": draw(st.sampled_from(["applicant", "government", "shared_data", "certificate"])),
            "source_ref": draw(LINE),
            "note": draw(TEXT),
        }
        for _ in range(draw(st.integers(0, 3)))
    ]
    keys = draw(st.lists(st.from_regex(r"[a-z][a-z0-9_]{0,9}", fullmatch=True), max_size=4, unique=True))
    form_fields = []
    for key in keys:
        kind = draw(st.sampled_from(["text", "number", "date", "choice", "citizen_id", "phone", "file"]))
        choices = (
            draw(st.lists(LINE.filter(lambda s: s.strip() and "|" not in s), min_size=1, max_size=3))
            if kind == "choice"
            else []
        )
        form_fields.append(
            {
                "key": key,
                "label": draw(TEXT.filter(str.strip)),
                "kind": kind,
                "required": draw(st.booleans()),
                "choices": choices,
                "help_text": draw(LINE),
                "max_length": draw(st.one_of(st.none(), st.integers(1, 500))),
                "prefill": draw(st.sampled_from(["", "applicant.name", "dataset.field"])),
            }
        )
    steps = (
        []
        if immediate
        else [
            {
                "name": draw(TEXT.filter(str.strip).map(lambda s: s[:50])),
                "role": draw(st.sampled_from(["window_clerk", "officer", "department_head"])),
                "limit": draw(st.one_of(st.none(), st.integers(1, 10))),
                "description": draw(LINE),
            }
            for _ in range(draw(st.integers(1, 3)))
        ]
    )
    return item_spec(
        name=draw(TEXT.filter(str.strip)),
        item_type=draw(st.sampled_from(["01", "07", "20"])),
        summary=draw(TEXT),
        aliases=draw(LINE),
        legal_basis=draw(st.sampled_from(["", "=法律第一条", "《条例》\n第八条"])),
        statutory_limit=statutory,
        promised_limit=promised,
        handling_type="immediate" if immediate else "promised",
        fee_required=draw(st.booleans()),
        service_objects=draw(st.lists(st.sampled_from("123456"), min_size=1, max_size=3, unique=True)),
        handling_forms=draw(st.lists(st.sampled_from(["1", "2", "3", "4", "9"]), min_size=1, unique=True)),
        online_depth=depth,
        online=True if depth == 4 else draw(st.booleans()),
        visits=0 if depth == 4 else draw(st.integers(0, 2)),
        enquiry_phone=draw(st.from_regex(r"0\d{2}-\d{8}", fullmatch=True)),
        themes=draw(st.lists(st.sampled_from(["T1", "T2"]), unique=True)),
        co_departments=draw(st.lists(st.sampled_from(["500103-05", "500103-06"]), unique=True)),
        materials=materials,
        form_fields=form_fields,
        steps=steps,
    )


counter = iter(range(10**6))


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(specs=st.lists(demo_like_spec(), min_size=1, max_size=3), fmt=st.sampled_from(["xlsx", "json"]))
def test_export_then_import_round_trips_exactly(themes, sysadmin, specs, fmt):
    prefix = f"RT{next(counter)}X"
    entries = [
        {"implementation_code": f"{prefix}{n}", "basic_code": "", "department": "500103-04", "spec": spec}
        for n, spec in enumerate(specs)
    ]
    first = exchange.do_import_catalogue(exchange.write_json(entries), "json", actor=sysadmin)
    assert first.ok, [str(e) for e in first.errors]
    before = {
        i.implementation_code: spec_of(i.current)
        for i in ServiceItem.objects.filter(implementation_code__startswith=prefix)
    }

    data = exchange.do_export_catalogue(fmt, actor=sysadmin)
    again = exchange.do_import_catalogue(data, fmt, actor=sysadmin)

    assert again.ok, [str(e) for e in again.errors]
    assert not again.created and not again.new_versions
    after = {
        i.implementation_code: spec_of(i.current)
        for i in ServiceItem.objects.filter(implementation_code__startswith=prefix)
    }
    assert after == before
    exported = {
        e["implementation_code"]: e["spec"]
        for e in json.loads(exchange.write_json(exchange.published_entries()))["items"]
        if e["implementation_code"].startswith(prefix)
    }
    assert exported == before


def test_a_catalogue_exported_here_imports_into_an_empty_one_the_same(sole_trader_item, themes, sysadmin):
    draft = do_draft_version(sole_trader_item, actor=sysadmin)
    from yiwang.services.actions import do_change_draft

    do_change_draft(
        draft, spec=spec_of(draft) | {"themes": ["T1"], "co_departments": ["500103-05"]}, actor=sysadmin
    )
    do_publish_version(draft, actor=sysadmin)
    data = exchange.do_export_catalogue("xlsx", actor=sysadmin)
    expected = spec_of(ServiceItem.objects.get().current)
    entries, errors = exchange.read_catalogue(data, "xlsx")

    assert not errors
    entry = entries[0]
    assert (entry.implementation_code, entry.department) == (
        sole_trader_item.implementation_code,
        "500103-04",
    )
    # what an empty catalogue would be given (empty cells take the defaults the actions give them)
    assert exchange._canonical_of_parts(check_spec(entry.spec)) == exchange._canonical(expected)
    assert expected["themes"] == ["T1"] and expected["co_departments"] == ["500103-05"]


@pytest.fixture
def themes(district):
    do_create_theme(code="T1", audience="person", name="生育收养", actor=None)
    do_create_theme(code="T2", audience="enterprise", name="设立变更", actor=None)
