"""Reading an open dataset's rows: filters, full-text, sorting, paging, grouping — and streaming
them out as CSV, JSON or XLSX with flat memory, whatever the size of the dataset.

Only the opened, non-personal values (`Record.values`, kept in clear) are ever read here; the
encrypted personal values are never touched. Text values still pass the redactor of personal data
(`core/redaction.py`) on the way out, since a free-text column can quote what a citizen typed.
"""

import csv
import io
import json
import tempfile

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Count, Q, TextField
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from yiwang.core.redaction import Redactor
from yiwang.core.spreadsheet import spreadsheet_cell, spreadsheet_row
from yiwang.datahub.models import Record
from yiwang.opendata.publishing import min_group_size, open_columns

CHUNK = 2000
MAX_LIMIT = 1000
XLSX_MAX_ROWS = 1_048_575  # Excel's sheet limit, less the header


def columns_with_types(dataset):
    """[(column, CKAN/datastore type, name)] of what a reader gets."""
    items = {item.key: item for item in dataset.resource.items.select_related("element")}
    kinds = {
        "integer": "int",
        "decimal": "numeric",
        "date": "date",
        "datetime": "timestamp",
        "boolean": "bool",
    }
    out = [
        (key, kinds.get(items[key].element.data_type, "text"), items[key].name)
        for key in open_columns(dataset)
    ]
    if dataset.aggregate_by:
        out.append(("count", "int", _("Count")))
    return out


def _records(dataset):
    return Record.objects.filter(resource_id=dataset.resource_id, is_deleted=False)


def _typed(dataset, key, value):
    """A filter value as the JSON type its column holds (numbers as numbers, text as text)."""
    kind = dataset.resource.items.get(key=key).element.data_type
    try:
        if kind == "integer":
            return int(value)
        if kind == "decimal":
            return float(value)
        if kind == "boolean":
            return value if isinstance(value, bool) else str(value).lower() in {"1", "true", "yes", "是"}
    except (TypeError, ValueError):
        raise ValidationError(
            {
                "filters": _("“%(value)s” is not a valid value of %(column)s.")
                % {"value": str(value)[:50], "column": key}
            }
        ) from None
    return str(value)


def _condition(dataset, columns, filters, q):
    condition = Q()
    if filters:
        if not isinstance(filters, dict):
            raise ValidationError({"filters": _("Filters must be an object of column: value.")})
        for key, wanted in filters.items():
            if key not in columns or key == "count":
                raise ValidationError(
                    {"filters": _("There is no column %(column)s to filter on.") % {"column": str(key)[:50]}}
                )
            values = wanted if isinstance(wanted, list) else [wanted]
            if not values or len(values) > 100:
                raise ValidationError(
                    {"filters": _("Give between 1 and 100 values for %(column)s.") % {"column": key}}
                )
            either = Q()
            for value in values:
                either |= Q(**{f"values__{key}": _typed(dataset, key, value)})
            condition &= either
    if q:
        if not isinstance(q, str) or len(q) > 100:
            raise ValidationError({"q": _("Search for at most 100 characters.")})
        texts = [key for key, kind, _name in columns_with_types(dataset) if kind == "text" and key != "count"]
        anywhere = Q()
        for key in texts:
            anywhere |= Q(**{f"values__{key}__icontains": q})
        condition &= anywhere if texts else Q(pk__in=[])
    return condition


def _order(columns, sort):
    if not sort:
        return []
    if not isinstance(sort, str) or len(sort) > 200:
        raise ValidationError({"sort": _("Sort by “column asc” or “column desc”.")})
    order = []
    for part in sort.split(","):
        words = part.split()
        if (
            not words
            or len(words) > 2
            or words[0] not in columns
            or (len(words) == 2 and words[1].lower() not in {"asc", "desc"})
        ):
            raise ValidationError({"sort": _("Sort by “column asc” or “column desc”.")})
        descending = len(words) == 2 and words[1].lower() == "desc"
        name = words[0] if words[0] == "count" else f"values__{words[0]}"
        order.append(f"-{name}" if descending else name)
    return order


def query(dataset, *, filters=None, q="", sort="", fields=None):
    """An iterable query of the dataset's rows as dicts, with its column list; checked, not run."""
    every = [key for key, _kind, _name in columns_with_types(dataset)]
    columns = every
    if fields:
        if not isinstance(fields, list) or not all(isinstance(f, str) and f in every for f in fields):
            raise ValidationError(
                {"fields": _("Choose fields among: %(columns)s.") % {"columns": ", ".join(every)}}
            )
        columns = fields
    condition = _condition(dataset, every, filters, q)
    order = _order(every, sort)
    records = _records(dataset).filter(condition)
    if dataset.aggregate_by:
        groups = open_columns(dataset)
        rows = (
            records.annotate(**{f"g_{key}": KT(f"values__{key}") for key in groups})
            .values(*[f"g_{key}" for key in groups])
            .annotate(count=Count("id"))
            .filter(count__gte=min_group_size(dataset))
        )
        rows = rows.order_by(*[o.replace("values__", "g_") for o in order] or [f"g_{key}" for key in groups])
        return _Grouped(rows, groups, columns), columns
    return _Plain(records.order_by(*order, "id"), columns), columns


class _Plain:
    def __init__(self, records, columns):
        self.records, self.columns = records, columns
        self.redact = Redactor()

    def count(self):
        return self.records.count()

    def page(self, offset, limit):
        return [
            self._row(values)
            for values in self.records.values_list("values", flat=True)[offset : offset + limit]
        ]

    def __iter__(self):
        for values in self.records.values_list("values", flat=True).iterator(chunk_size=CHUNK):
            yield self._row(values)

    def _row(self, values):
        redact = self.redact
        return {key: redact(values.get(key)) for key in self.columns}

    def tuples(self):
        """The rows as tuples in column order: what the CSV download writes, as fast as the
        database hands out its rows. The JSON text is read through Django's chunked (on PostgreSQL
        server-side) cursor and decoded here, which is several times cheaper than extracting each
        column in SQL (SQLite parses the JSON once per extracted column) or building model rows."""
        sql, params = (
            self.records.annotate(raw=Cast("values", output_field=TextField()))
            .values_list("raw")
            .query.sql_with_params()
        )
        columns, loads, redact = self.columns, json.loads, self.redact
        cursor = connection.chunked_cursor()
        try:
            cursor.execute(sql, params)
            while batch := cursor.fetchmany(CHUNK):
                for (text,) in batch:
                    values = loads(text) if isinstance(text, str) else text
                    yield tuple(redact(values.get(key)) for key in columns)
        finally:
            cursor.close()


class _Grouped:
    def __init__(self, rows, groups, columns):
        self.rows, self.groups, self.columns = rows, groups, columns
        self.redact = Redactor()

    def count(self):
        return self.rows.count()

    def page(self, offset, limit):
        return [self._row(row) for row in self.rows[offset : offset + limit]]

    def __iter__(self):
        for row in self.rows.iterator(chunk_size=CHUNK):
            yield self._row(row)

    def _row(self, row):
        full = {key: self.redact(row[f"g_{key}"]) for key in self.groups} | {"count": row["count"]}
        return {key: full[key] for key in self.columns}

    def tuples(self):
        for row in self:
            yield tuple(row[key] for key in self.columns)


def page_args(limit, offset):
    """(offset, limit) from request values, or a ValidationError."""
    try:
        limit = 100 if limit in (None, "") else int(limit)
        offset = 0 if offset in (None, "") else int(offset)
    except (TypeError, ValueError):
        raise ValidationError({"limit": _("Limit and offset must be whole numbers.")}) from None
    if not 0 <= limit <= MAX_LIMIT or offset < 0:
        raise ValidationError(
            {"limit": _("Limit must be between 0 and %(max)d and offset not negative.") % {"max": MAX_LIMIT}}
        )
    return offset, limit


# Writers: each yields bytes in pieces of about 64 KiB -----------------------------------------------


def _text(value):
    return "" if value is None else value


def csv_chunks(rows, columns):
    """`rows` are sequences in column order (None is written as an empty cell, as csv does)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")  # so that spreadsheet programs read the Chinese as UTF-8
    writer.writerow(spreadsheet_row(columns))
    for row in rows:
        writer.writerow(spreadsheet_row(row))
        if buffer.tell() > 65536:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def json_chunks(rows, columns):
    parts, size, first = ["["], 1, True
    for row in rows:
        text = ("" if first else ",") + json.dumps(row, ensure_ascii=False, default=str)
        first = False
        parts.append(text)
        size += len(text)
        if size > 65536:
            yield "".join(parts).encode("utf-8")
            parts, size = [], 0
    parts.append("]")
    yield "".join(parts).encode("utf-8")


def xlsx_file(rows, columns, title):
    """A temporary file holding the rows as a workbook (openpyxl's write-only mode keeps memory flat)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31] or "data")
    sheet.append(spreadsheet_row(columns))
    for number, row in enumerate(rows, start=1):
        if number > XLSX_MAX_ROWS:
            raise ValidationError(
                {"format": _("This dataset has more rows than a workbook holds: download CSV.")}
            )
        sheet.append([spreadsheet_cell(_text(row[key])) for key in columns])
    handle = tempfile.TemporaryFile()
    workbook.save(handle)
    handle.seek(0)
    return handle
