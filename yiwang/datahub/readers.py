"""Reading the rows of an ingest file one at a time, in bounded memory: CSV, XLSX and JSON.

- CSV: UTF-8 with or without a byte-order mark, or GB18030 (what Excel on a Chinese Windows
  saves), told apart from the first 64 KB; the first line names the columns.
- XLSX: the first sheet, streamed by openpyxl in read-only mode; the first row names the columns.
- JSON: an array of objects, or JSON Lines (one object per line); each object's keys name columns.

`open_rows(fileobj, filename)` returns a `RowSource`: its `headers` (None for JSON) and an iterator
of (row number, {column: value}). Anything unreadable raises `FileError` with a translated message
that says where, so that no file, however broken, ends as a server error.
"""

import codecs
import csv
import io
import json
import zipfile

from django.utils.translation import gettext as _

SAMPLE_BYTES = 64 * 1024
MAX_JSON_OBJECT_BYTES = 1024 * 1024
MAX_CELL_BYTES = 128 * 1024  # csv's own field limit: a longer cell is a broken file
FORMATS = {"csv": "csv", "txt": "csv", "xlsx": "xlsx", "json": "json", "jsonl": "json", "ndjson": "json"}


class FileError(ValueError):
    """The file cannot be read as rows; the message is translated and safe to show."""


def format_of(filename):
    return FORMATS.get(str(filename).rsplit(".", 1)[-1].lower()) if "." in str(filename) else None


class RowSource:
    def __init__(self, headers, rows, progress):
        self.headers = headers
        self.rows = rows
        self.progress = progress  # () -> fraction read so far (0..1) or None


def open_rows(fileobj, filename):
    """The rows of a seekable binary file, by the format its name says."""
    fmt = format_of(filename)
    if fmt is None:
        raise FileError(_("Choose a CSV, Excel (.xlsx) or JSON file."))
    size = _size(fileobj)
    if fmt == "csv":
        return _csv_rows(fileobj, size)
    if fmt == "xlsx":
        return _xlsx_rows(fileobj)
    return _json_rows(fileobj, size)


def _size(fileobj):
    position = fileobj.tell()
    fileobj.seek(0, io.SEEK_END)
    size = fileobj.tell()
    fileobj.seek(position)
    return size


def _fraction(fileobj, size):
    def progress():
        try:
            return min(fileobj.tell() / size, 1.0) if size else None
        except (OSError, ValueError):
            return None

    return progress


def sniff_encoding(sample):
    """'utf-8-sig' for UTF-8 (BOM or not), 'gb18030' for what is not UTF-8; FileError for binary data."""
    if b"\x00" in sample:
        raise FileError(
            _("This is not a text file (it holds binary data). Save it as CSV (UTF-8) and try again.")
        )
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8-sig"
    except UnicodeDecodeError:
        pass
    try:
        codecs.getincrementaldecoder("gb18030")().decode(sample, final=False)
        return "gb18030"
    except UnicodeDecodeError:
        raise FileError(_("The file's encoding is neither UTF-8 nor GB18030.")) from None


def _csv_rows(fileobj, size):
    fileobj.seek(0)
    encoding = sniff_encoding(fileobj.read(SAMPLE_BYTES))
    fileobj.seek(0)
    text = io.TextIOWrapper(fileobj, encoding=encoding, newline="")
    csv.field_size_limit(MAX_CELL_BYTES)
    reader = csv.reader(text)
    line = 1
    try:
        headers = next(reader, None)
    except (csv.Error, UnicodeDecodeError) as error:
        text.detach()
        raise _csv_error(error, 1) from None
    if not headers or not any(h.strip() for h in headers):
        text.detach()
        raise FileError(_("The file is empty: its first line must name the columns."))

    def rows():
        nonlocal line
        try:
            for cells in reader:
                line = reader.line_num
                if not any(cell.strip() for cell in cells):
                    continue
                if len(cells) > len(headers):
                    raise FileError(_("Line %(line)s has more cells than the header names.") % {"line": line})
                yield line, dict(zip(headers, cells, strict=False))
        except (csv.Error, UnicodeDecodeError) as error:
            raise _csv_error(error, line + 1) from None
        finally:
            text.detach()

    return RowSource(headers, rows(), _fraction(fileobj, size))


def _csv_error(error, line):
    if isinstance(error, UnicodeDecodeError):
        return FileError(_("Line %(line)s is not valid text in the file's encoding.") % {"line": line})
    if "field larger than field limit" in str(error):
        return FileError(
            _("Line %(line)s has a cell longer than %(limit)s KB: the file is broken.")
            % {"line": line, "limit": MAX_CELL_BYTES // 1024}
        )
    if "NUL" in str(error):
        return FileError(
            _("This is not a text file (it holds binary data). Save it as CSV (UTF-8) and try again.")
        )
    return FileError(_("Line %(line)s cannot be read as CSV.") % {"line": line})


def _xlsx_rows(fileobj):
    from openpyxl import load_workbook

    fileobj.seek(0)
    try:
        book = load_workbook(fileobj, read_only=True, data_only=True)
        sheet = book.worksheets[0]
        cells = sheet.iter_rows(values_only=True)
        headers = next(cells, None)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, IndexError, TypeError):
        raise FileError(_("This is not an Excel workbook (.xlsx) that can be read.")) from None
    if not headers or not any(h is not None and str(h).strip() for h in headers):
        book.close()
        raise FileError(_("The first sheet is empty: its first row must name the columns."))
    headers = [str(h).strip() if h is not None else "" for h in headers]
    total = sheet.max_row if isinstance(sheet.max_row, int) and sheet.max_row > 1 else None
    state = {"row": 1}

    def rows():
        try:
            for number, values in enumerate(cells, start=2):
                state["row"] = number
                if values is None or all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                    continue
                if len(values) > len(headers) and any(v is not None for v in values[len(headers) :]):
                    raise FileError(_("Row %(row)s has more cells than the header names.") % {"row": number})
                yield number, {h: v for h, v in zip(headers, values, strict=False) if h}
        except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError):
            raise FileError(
                _("Row %(row)s of the workbook cannot be read.") % {"row": state["row"]}
            ) from None
        finally:
            book.close()

    return RowSource(headers, rows(), lambda: min(state["row"] / total, 1.0) if total else None)


def _json_rows(fileobj, size):
    fileobj.seek(0)
    sample = fileobj.read(SAMPLE_BYTES)
    encoding = sniff_encoding(sample)
    fileobj.seek(0)
    text = io.TextIOWrapper(fileobj, encoding=encoding)
    first = sample.lstrip(codecs.BOM_UTF8).lstrip()[:1]
    if first == b"[":
        rows = _json_array(text)
    elif first == b"{":
        rows = _json_lines(text)
    else:
        text.detach()
        raise FileError(_("A JSON file must hold an array of objects, or one object per line (JSON Lines)."))

    def guarded():
        try:
            yield from rows
        except UnicodeDecodeError:
            raise FileError(_("The file is not valid text in its encoding.")) from None
        finally:
            text.detach()

    return RowSource(None, guarded(), _fraction(fileobj, size))


def _object(value, number):
    if not isinstance(value, dict):
        raise FileError(_("Record %(row)s is not a JSON object.") % {"row": number})
    return number, value


def _json_lines(text):
    for number, line in enumerate(text, start=1):
        if not line.strip():
            continue
        if len(line) > MAX_JSON_OBJECT_BYTES:
            raise FileError(_("Line %(line)s is too long.") % {"line": number})
        try:
            value = json.loads(line)
        except ValueError:
            raise FileError(_("Line %(line)s is not valid JSON.") % {"line": number}) from None
        yield _object(value, number)


def _json_array(text):
    """The objects of a top-level JSON array, decoded one at a time from a sliding buffer."""
    decoder = json.JSONDecoder()
    buffer, position, ended, number = "", 0, False, 0

    def fill():
        nonlocal buffer, position, ended
        chunk = text.read(SAMPLE_BYTES)
        if not chunk:
            ended = True
        buffer = buffer[position:] + chunk
        position = 0

    def skip_space():
        nonlocal position
        while True:
            while position < len(buffer) and buffer[position] in " \t\r\n\ufeff":
                position += 1
            if position < len(buffer) or ended:
                return
            fill()

    fill()
    skip_space()
    position += 1  # the "["
    skip_space()
    if position < len(buffer) and buffer[position] == "]":
        return
    while True:
        number += 1
        while True:
            try:
                value, end = decoder.raw_decode(buffer, position)
                break
            except ValueError:
                if ended or len(buffer) - position > MAX_JSON_OBJECT_BYTES:
                    raise FileError(_("Record %(row)s is not valid JSON.") % {"row": number}) from None
                fill()
        position = end
        yield _object(value, number)
        skip_space()
        if position >= len(buffer):
            raise FileError(_("The JSON array is not closed."))
        separator = buffer[position]
        position += 1
        if separator == "]":
            return
        if separator != ",":
            raise FileError(_("Record %(row)s is not followed by a comma.") % {"row": number})
        skip_space()
