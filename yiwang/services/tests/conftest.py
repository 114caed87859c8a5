"""Catalogue fixtures: files for the import and export tests (workbooks written by the exporter, then
altered), themes and a few published items for the search, page and API tests, all through the actions."""

import io

import openpyxl
import pytest

from conftest import department, item_spec
from yiwang.services import exchange


def entry(code, department="500103-04", basic_code="", **overrides):
    """One item as the exporter writes it."""
    return {
        "implementation_code": code,
        "basic_code": basic_code,
        "department": department,
        "spec": exchange_spec(**overrides),
    }


def exchange_spec(**overrides):
    """item_spec with every key present, as spec_of returns it (lists of full rows)."""
    from yiwang.services.actions import check_spec

    spec = item_spec(**overrides)
    version, themes, co_departments, nested = check_spec(spec)
    full = {name: getattr(version, name) for name in exchange.VERSION_FIELDS}
    full["themes"] = list(spec.get("themes", []))
    full["co_departments"] = list(spec.get("co_departments", []))
    for key, (_model, fields) in exchange.NESTED.items():
        full[key] = [{name: getattr(row, name) for name in fields} for row in nested[key]]
    return full


def workbook(entries, change=None):
    """The bytes of an exported workbook of `entries`, after `change(openpyxl workbook)`."""
    data = exchange.write_xlsx(entries)
    if change is None:
        return data
    book = openpyxl.load_workbook(io.BytesIO(data))
    change(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def cell(book, sheet, row, header):
    """The cell of `header` in `row` of `sheet`."""
    headers = [c.value for c in book[sheet][1]]
    return book[sheet].cell(row=row, column=headers.index(header) + 1)


@pytest.fixture
def two_items(district):
    """Two published-shaped entries of 市场监管局 (not yet imported)."""
    return [
        entry("11500103MB0000004X017001"),
        entry("11500103MB0000004X017002", name="食品经营许可", promised_limit=10, statutory_limit=20),
    ]


@pytest.fixture
def themes(db):
    """Two themes for persons and one for enterprises."""
    from yiwang.services.actions import do_create_theme

    return {
        code: do_create_theme(
            code=code, audience=audience, name=name, name_en=name_en, sort_order=order, actor=None
        )
        for order, (code, audience, name, name_en) in enumerate(
            [
                ("P01", "person", "户籍办理", "Household registration"),
                ("P02", "person", "社会保障", "Social security"),
                ("E01", "enterprise", "设立变更", "Starting and changing a business"),
            ]
        )
    }


def publish(code, dept, actor=None, **overrides):
    """Create and publish an item with `item_spec(**overrides)`; returns the item."""
    from yiwang.services.actions import do_create_item, do_publish_version

    version = do_create_item(
        implementation_code=code, department=dept, spec=item_spec(**overrides), actor=actor
    )
    return do_publish_version(version, actor=actor).item


@pytest.fixture
def catalogue(district, themes):
    """Five published items of three departments, one draft and one withdrawn item."""
    from yiwang.services.actions import do_create_item, do_withdraw_item

    items = {
        "sole_trader": publish("T1", department("04"), themes=["E01"], service_objects=["1", "2"]),
        "id_card": publish(
            "T2",
            department("03"),
            name="居民身份证换领",
            summary="居民身份证有效期满换领新证。",
            aliases="换身份证",
            result_name="居民身份证",
            themes=["P01"],
            materials=[{"name": "户口簿", "source": "applicant", "originals": 1}],
        ),
        "pension": publish(
            "T3",
            department("05"),
            name="城乡居民养老保险参保登记",
            summary="参加城乡居民基本养老保险。",
            aliases="",
            result_name="参保凭证",
            themes=["P02"],
            materials=[{"name": "居民身份证", "source": "certificate", "source_ref": "身份证"}],
        ),
        "unemployment": publish(
            "T4",
            department("05"),
            name="失业登记",
            summary="失业人员办理失业登记。",
            aliases="",
            result_name="就业失业登记证",
            themes=["P02"],
            materials=[],
        ),
        "food": publish(
            "T5",
            department("04"),
            name="食品经营许可",
            summary="从事食品销售和餐饮服务的许可。",
            aliases="餐饮许可证",
            result_name="食品经营许可证",
            service_objects=["2"],
            themes=["E01"],
            materials=[],
        ),
    }
    items["draft"] = do_create_item(
        implementation_code="T6",
        department=department("04"),
        spec=item_spec(name="户外广告设置许可", aliases=""),
        actor=None,
    ).item
    items["withdrawn"] = publish("T7", department("04"), name="烟草专卖零售许可", aliases="")
    do_withdraw_item(items["withdrawn"], actor=None)
    return items
