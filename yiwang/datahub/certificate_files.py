"""Reading a file of certificates to import (CSV, JSON or Excel) into rows of columns and values.

The columns are `certificate_actions.IMPORT_COLUMNS`; a CSV or a workbook has them as its header
row, a JSON file is a list of objects. A file that cannot be read raises a ValidationError saying why.
"""

import csv
import io
import json

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_FILE_BYTES = 5 * 1024 * 1024
FORMATS = {".csv": "csv", ".json": "json", ".xlsx": "xlsx"}


def format_of(name):
    name = str(name or "").lower()
    return next((fmt for suffix, fmt in FORMATS.items() if name.endswith(suffix)), None)


def read_rows(data, fmt):
    """The rows of a file's bytes in format `fmt` (csv, json or xlsx)."""
    if len(data) > MAX_FILE_BYTES:
        raise ValidationError(
            {"file": _("The file is larger than %(size)s MB.") % {"size": MAX_FILE_BYTES // 2**20}}
        )
    try:
        if fmt == "json":
            rows = json.loads(data.decode("utf-8-sig"))
            if not isinstance(rows, list):
                raise ValueError
            return rows
        if fmt == "csv":
            reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig")))
            return [dict(row) for row in reader]
        if fmt == "xlsx":
            from openpyxl import load_workbook

            sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
            lines = sheet.iter_rows(values_only=True)
            header = [str(cell or "").strip() for cell in next(lines, ())]
            return [
                {key: ("" if value is None else str(value)) for key, value in zip(header, line, strict=False)}
                for line in lines
                if any(value not in (None, "") for value in line)
            ]
    except (ValueError, UnicodeDecodeError, csv.Error, KeyError, OSError, IndexError):
        pass
    except Exception as error:  # openpyxl raises zipfile and XML errors of many kinds on a broken file
        if error.__class__.__module__.split(".")[0] not in {"zipfile", "openpyxl", "xml"}:
            raise
    raise ValidationError(
        {
            "file": _(
                "This file cannot be read: give a CSV (UTF-8), JSON (a list of objects) "
                "or Excel (.xlsx) file with the documented columns."
            )
        }
    )
