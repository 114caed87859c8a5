"""Catalogue files for the import and export tests: workbooks written by the exporter, then altered."""

import io

import openpyxl
import pytest

from conftest import item_spec
from yiwang.services import exchange


def entry(code, department="500103-04", basic_code="", **overrides):
    """One item as the exporter writes it."""
    return {"implementation_code": code, "basic_code": basic_code, "department": department,
            "spec": exchange_spec(**overrides)}


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
    return [entry("11500103MB0000004X017001"),
            entry("11500103MB0000004X017002", name="食品经营许可", promised_limit=10, statutory_limit=20)]
