"""Import and export of the whole catalogue, as Excel (.xlsx) and as JSON.

The Excel workbook has the shape departments keep their catalogues in: a sheet 事项 with one row per
item (implementation code, basic code, department code, then the GB/T 39046 fields of a version under
their Chinese names), the sheets 材料, 表单字段 and 办理环节 with one row per material, form field and
process step (each starting with the implementation code of its item, in the order they appear), and
a read-me sheet 说明. Sheet names, column headers and the 说明 sheet are part of the file format: they
are Chinese whatever the reader's language, so a file means the same to everyone who exchanges it.
The JSON file is `{"format": "yiwang-catalogue", "format_version": 1, "items": [{implementation_code,
basic_code, department, spec}]}`, the spec exactly as `services/actions.py` defines it.

An import reads and checks every row first and writes nothing if any row is bad: the caller gets a
list of `RowError`s (sheet, row, column, message). Otherwise, in one transaction, each item of the
file is created, given a new version if its content differs from what the catalogue holds, or left
alone; versions are published unless the import is a draft import. Export writes the published
catalogue (the current version of every item in it); exporting and importing again changes nothing.
"""

import dataclasses
import io
import json
import re
import zipfile

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from yiwang.accounts.models import Department, Role
from yiwang.core.events import EventCode, record_event
from yiwang.services.actions import (
    NESTED,
    STAFF_STEP_ROLES,
    VERSION_FIELDS,
    _check_codes,
    check_spec,
    do_create_item,
    do_draft_version,
    do_publish_version,
    spec_of,
)
from yiwang.services.models import (
    ExerciseLevel,
    FormField,
    HandlingForm,
    HandlingType,
    ItemType,
    Material,
    OnlineDepth,
    ServiceItem,
    ServiceItemVersion,
    ServiceObject,
    ServiceScope,
)

FORMAT = "yiwang-catalogue"
FORMAT_VERSION = 1
MAX_FILE_BYTES = 20 * 1024 * 1024  # an uploaded or read file
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # what an .xlsx (a zip) may unpack to: no zip bombs
MAX_ROWS = 100_000  # rows of one sheet, or items of a JSON file
MAX_COLUMNS = 100
MAX_REPORTED_ERRORS = 1000  # a file wrong everywhere gets the first thousand, and the count

XLSX, JSON = "xlsx", "json"
FORMATS = (XLSX, JSON)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

ITEMS_SHEET, MATERIALS_SHEET, FORM_SHEET, STEPS_SHEET, README_SHEET = (
    "事项",
    "材料",
    "表单字段",
    "办理环节",
    "说明",
)
NESTED_SHEETS = {"materials": MATERIALS_SHEET, "form_fields": FORM_SHEET, "steps": STEPS_SHEET}
JSON_PLACE = "JSON"


# The columns ----------------------------------------------------------------------------------------

TEXT, INT, OPTIONAL_INT, BOOL, CODE, INT_CODE, CODES, CHOICES = (
    "text",
    "int",
    "optional_int",
    "bool",
    "code",
    "int_code",
    "codes",
    "choices",
)


@dataclasses.dataclass(frozen=True)
class Column:
    """One column of a sheet: the spec key it fills, its Chinese header and how its cells read."""

    key: str
    header: str
    kind: str
    note: str = ""
    choices: object = None  # a TextChoices / IntegerChoices class, or a list of (code, label)


def _step_roles():
    return [(value, label) for value, label in Role.choices if value in STAFF_STEP_ROLES]


IDENTITY_COLUMNS = [
    Column("implementation_code", "实施编码", TEXT, "必填。1–24 位字母或数字，每个事项一行，不可重复。"),
    Column("basic_code", "基本编码", TEXT, "至多 10 位字母或数字。"),
    Column("department", "实施部门编码", TEXT, "必填。系统中部门的编码，如 500103-04。"),
]
VERSION_COLUMNS = [
    Column("name", "事项名称", TEXT, "必填，至多 200 字。"),
    Column("item_type", "事项类型", CODE, "必填，填代码。", ItemType),
    Column("exercise_level", "行使层级", CODE, "填代码。", ExerciseLevel),
    Column("summary", "事项简介", TEXT),
    Column("aliases", "俗称", TEXT, "多个俗称用逗号分隔。"),
    Column("legal_basis", "设定依据", TEXT),
    Column("body_nature", "实施主体性质", TEXT),
    Column("statutory_limit", "法定办结时限（工作日）", OPTIONAL_INT, "整数；无法定时限的留空。"),
    Column("statutory_limit_note", "法定办结时限说明", TEXT),
    Column(
        "promised_limit", "承诺办结时限（工作日）", INT, "整数；即办件为 0，承诺件至少为 1，不超过法定时限。"
    ),
    Column("promised_limit_note", "承诺办结时限说明", TEXT),
    Column("acceptance_conditions", "受理条件", TEXT),
    Column("intermediary_services", "中介服务", TEXT),
    Column("quantity_limit", "数量限制", TEXT),
    Column("result_name", "审批结果名称", TEXT),
    Column("result_sample", "审批结果样本", TEXT),
    Column("fee_required", "是否收费", BOOL, "是／否。"),
    Column("fee_basis", "收费标准及依据", TEXT),
    Column("service_scope", "通办范围", CODE, "填代码。", ServiceScope),
    Column("service_objects", "服务对象", CODES, "必填，填代码，多个用逗号分隔。", ServiceObject),
    Column("handling_forms", "办理形式", CODES, "必填，填代码，多个用逗号分隔。", HandlingForm),
    Column("special_procedures", "特别程序", TEXT),
    Column("booking", "是否支持预约办理", BOOL, "是／否。"),
    Column("online_payment", "是否支持网上支付", BOOL, "是／否。"),
    Column("express_delivery", "是否支持物流快递", BOOL, "是／否。"),
    Column("online", "是否网办", BOOL, "是／否；办理深度为Ⅳ的须为“是”。"),
    Column("online_url", "网上办理地址", TEXT),
    Column("visits", "到办事现场次数", INT, "整数；办理深度为Ⅳ的须为 0。"),
    Column("online_depth", "办理深度", INT_CODE, "填代码。", OnlineDepth),
    Column("handling_type", "办件类型", CODE, "填代码。承诺件须在“办理环节”中至少有一个环节。", HandlingType),
    Column("place", "办理地点", TEXT),
    Column("hours", "办理时间", TEXT),
    Column("enquiry_phone", "咨询电话", TEXT),
    Column("complaint_phone", "监督投诉电话", TEXT),
    Column("themes", "主题分类", CODES, "主题代码，多个用逗号分隔；见系统中的主题。"),
    Column("co_departments", "联办部门", CODES, "部门编码，多个用逗号分隔。"),
]
LINK = Column("implementation_code", "实施编码", TEXT, "必填。所属事项的实施编码；各行的先后即办理顺序。")
NESTED_COLUMNS = {
    "materials": [
        Column("name", "材料名称", TEXT, "必填。"),
        Column("issuer", "出具单位", TEXT),
        Column("originals", "原件份数", INT),
        Column("copies", "复印件份数", INT),
        Column("format", "材料形式", CODE, "填代码。", Material.FORMAT_CHOICES),
        Column("required", "是否必要", BOOL, "是／否。"),
        Column(
            "source",
            "来源渠道",
            CODE,
            "填代码；电子证照与共享数据由系统获取，申请人无需提交。",
            Material.SOURCE_CHOICES,
        ),
        Column("source_ref", "来源数据或证照", TEXT, "来源为电子证照或共享数据时，填证照类型或数据资源。"),
        Column("note", "备注", TEXT),
    ],
    "form_fields": [
        Column("key", "字段标识", TEXT, "必填。字母、数字、下划线或连字符，同一事项内不重复。"),
        Column("label", "字段名称", TEXT, "必填。"),
        Column("kind", "字段类型", CODE, "填代码。", FormField.KIND_CHOICES),
        Column("required", "是否必填", BOOL, "是／否。"),
        Column("choices", "选项", CHOICES, "仅“选择”类型填写，多个选项用竖线 | 分隔。"),
        Column("help_text", "填写说明", TEXT),
        Column("max_length", "最大长度", OPTIONAL_INT, "整数，可留空。"),
        Column(
            "prefill",
            "预填来源",
            TEXT,
            "如 applicant.name、applicant.id_number、enterprise.credit_code，"
            "或数据资源字段（资源代码.字段）。",
        ),
    ],
    "steps": [
        Column("name", "环节名称", TEXT, "必填，如 审查、决定。"),
        Column("role", "办理角色", CODE, "填代码。", _step_roles),
        Column("limit", "环节时限（工作日）", OPTIONAL_INT, "整数，可留空。"),
        Column("description", "环节说明", TEXT),
    ],
}
SHEETS = {
    ITEMS_SHEET: IDENTITY_COLUMNS + VERSION_COLUMNS,
    **{NESTED_SHEETS[key]: [LINK, *columns] for key, columns in NESTED_COLUMNS.items()},
}
ITEM_HEADERS = {column.key: column.header for column in SHEETS[ITEMS_SHEET]}
SHEET_ORDER = {name: index for index, name in enumerate([*SHEETS, JSON_PLACE])}
assert [c.key for c in VERSION_COLUMNS] == [*VERSION_FIELDS, "themes", "co_departments"]
assert all([c.key for c in NESTED_COLUMNS[key]] == fields for key, (_m, fields) in NESTED.items())


def _choices_of(column):
    """(code, Simplified Chinese label) pairs of a code column."""
    choices = column.choices
    if hasattr(choices, "choices"):
        choices = choices.choices
    elif callable(choices):
        choices = choices()
    with translation.override("zh-hans"):
        return [(str(code), str(label)) for code, label in choices]


# Errors and results ---------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class RowError:
    """One bad cell (or sheet, or file): where it is and what is wrong, in the reader's language."""

    sheet: str
    row: int | None
    column: str
    message: str

    def __str__(self):
        if self.row is None:
            return _("%(sheet)s: %(message)s") % {"sheet": self.sheet, "message": self.message}
        if not self.column:
            return _("%(sheet)s, row %(row)s: %(message)s") % {
                "sheet": self.sheet,
                "row": self.row,
                "message": self.message,
            }
        return _("%(sheet)s, row %(row)s, column %(column)s: %(message)s") % {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


class CatalogueFileError(Exception):
    """A file that cannot be read at all (too big, not a workbook, not JSON)."""


@dataclasses.dataclass
class ImportResult:
    """What an import did (or, with errors or a dry run, would have done)."""

    errors: list = dataclasses.field(default_factory=list)
    created: list = dataclasses.field(default_factory=list)
    new_versions: list = dataclasses.field(default_factory=list)
    unchanged: list = dataclasses.field(default_factory=list)
    draft: bool = False
    dry_run: bool = False

    @property
    def ok(self):
        return not self.errors

    @property
    def shown_errors(self):
        return self.errors[:MAX_REPORTED_ERRORS]

    @property
    def hidden_errors(self):
        return max(0, len(self.errors) - MAX_REPORTED_ERRORS)

    def summary(self):
        return _("%(created)s created, %(versions)s with a new version, %(unchanged)s unchanged.") % {
            "created": len(self.created),
            "versions": len(self.new_versions),
            "unchanged": len(self.unchanged),
        }


@dataclasses.dataclass
class Entry:
    """One item read from a file, with where its parts came from (to report errors where they are)."""

    implementation_code: str
    basic_code: str
    department: str
    spec: dict
    place: str  # the sheet (or JSON)
    row: int  # row of the 事项 sheet, or 1-based position in the JSON list
    nested_rows: dict = dataclasses.field(default_factory=lambda: {key: [] for key in NESTED})
    bad_paths: set = dataclasses.field(default_factory=set)  # cells reported already, when they were read
    canonical: dict | None = None
    item: object = None
    department_obj: object = None

    def locate(self, path):
        """(sheet, row, column) of a spec path such as `materials[2].source`."""
        if self.place == JSON_PLACE:
            column = (
                path
                if path in {"implementation_code", "basic_code", "department"}
                else ("spec" if not path else f"spec.{path}")
            )
            return JSON_PLACE, self.row, column
        match = re.fullmatch(r"(materials|form_fields|steps)\[(\d+)\](?:\.(\w+))?", path)
        if match:
            key, index, field = match.group(1), int(match.group(2)), match.group(3)
            rows = self.nested_rows[key]
            headers = {column.key: column.header for column in NESTED_COLUMNS[key]}
            if index < len(rows):
                return NESTED_SHEETS[key], rows[index], headers.get(field, "")
        if path in NESTED_SHEETS:
            return self.place, self.row, NESTED_SHEETS[path]
        return self.place, self.row, ITEM_HEADERS.get(path, "")


# Reading cells --------------------------------------------------------------------------------------


class _CellError(Exception):
    pass


_SPLIT_CODES = re.compile(r"[,，、;；\s]+")
_NO = {"否", "no", "n", "false", "0"}
_YES = {"是", "yes", "y", "true", "1"}


def _scalar_text(value):
    if isinstance(value, bool):
        raise _CellError(_("Enter text, not 是 or 否."))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, str):
        return value
    raise _CellError(_("Enter text."))


def _code(value, column):
    text = _scalar_text(value).strip()
    choices = _choices_of(column)
    codes = [code for code, _label in choices]
    if text in codes:
        return text
    by_label = {label: code for code, label in choices}
    if text in by_label:
        return by_label[text]
    if text.isdigit() and text.zfill(len(codes[0])) in codes:  # 1 typed for 01, Excel dropped the zero
        return text.zfill(len(codes[0]))
    raise _CellError(
        _("Unknown code “%(value)s”: use one of %(codes)s.") % {"value": text, "codes": ", ".join(codes)}
    )


def _whole_number(value):
    if isinstance(value, bool):
        raise _CellError(_("Enter a whole number."))
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    raise _CellError(_("Enter a whole number."))


def _cell_value(value, column):
    """The spec value of a non-empty cell, or `_CellError` saying what to enter instead."""
    kind = column.kind
    if kind == TEXT:
        return _scalar_text(value)
    if kind in (INT, OPTIONAL_INT):
        return _whole_number(value)
    if kind == BOOL:
        if isinstance(value, bool):
            return value
        text = _scalar_text(value).strip().lower()
        if text in _YES:
            return True
        if text in _NO:
            return False
        raise _CellError(_("Enter 是 or 否."))
    if kind == CODE:
        return _code(value, column)
    if kind == INT_CODE:
        return int(_code(value, column))
    if kind == CODES:
        parts = [part for part in _SPLIT_CODES.split(_scalar_text(value)) if part]
        return [_code(part, column) for part in parts] if column.choices else parts
    if kind == CHOICES:
        return [part.strip() for part in _scalar_text(value).split("|") if part.strip()]
    raise AssertionError(kind)


def _is_empty(value):
    return value is None or (isinstance(value, str) and not value.strip())


# Reading a workbook ---------------------------------------------------------------------------------


def _check_zip(data):
    if not zipfile.is_zipfile(io.BytesIO(data)):
        if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
            raise CatalogueFileError(
                _("This is an old Excel file (.xls): save it as an Excel workbook (.xlsx).")
            )
        raise CatalogueFileError(_("This is not an Excel workbook (.xlsx)."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError):
        raise CatalogueFileError(_("This is not an Excel workbook (.xlsx).")) from None
    if "xl/workbook.xml" not in names:
        raise CatalogueFileError(_("This is not an Excel workbook (.xlsx)."))
    if unpacked > MAX_UNPACKED_BYTES:
        raise CatalogueFileError(
            _("The workbook unpacks to more than %(limit)s MB.")
            % {"limit": MAX_UNPACKED_BYTES // (1024 * 1024)}
        )


def _read_sheet(sheet_name, worksheet, errors):
    """Yield (row number, {key: value}) for each non-empty row; bad cells go to `errors`."""
    columns = SHEETS[sheet_name]
    by_header = {column.header: column for column in columns}
    rows = worksheet.iter_rows(max_col=MAX_COLUMNS + 1)
    header = next(rows, ())
    positions, seen = {}, set()
    for index, cell in enumerate(header):
        if _is_empty(cell.value):
            continue
        title = str(cell.value).strip()
        if index >= MAX_COLUMNS:
            errors.append(
                RowError(
                    sheet_name,
                    1,
                    "",
                    _("The sheet has more than %(limit)s columns.") % {"limit": MAX_COLUMNS},
                )
            )
            return
        if title in seen:
            errors.append(RowError(sheet_name, 1, title, _("This column appears twice.")))
        elif title not in by_header:
            errors.append(
                RowError(
                    sheet_name,
                    1,
                    title,
                    _("Unknown column: the columns are explained in the sheet %(sheet)s.")
                    % {"sheet": README_SHEET},
                )
            )
        else:
            positions[by_header[title].key] = (index, by_header[title])
        seen.add(title)
    missing = [column.header for column in columns if column.key not in positions]
    for title in missing:
        errors.append(RowError(sheet_name, 1, title, _("This column is missing.")))
    if missing or any(error.sheet == sheet_name for error in errors):
        return
    width = max(index for index, _column in positions.values()) + 1
    for number, row in enumerate(rows, start=2):
        if number > MAX_ROWS + 1:
            errors.append(
                RowError(
                    sheet_name, None, "", _("The sheet has more than %(limit)s rows.") % {"limit": MAX_ROWS}
                )
            )
            return
        cells = list(row[:width])
        if all(_is_empty(cell.value) for cell in cells):
            continue
        values, bad = {}, set()
        for key, (index, column) in positions.items():
            cell = cells[index] if index < len(cells) else None
            if (
                cell is None
                or cell.value is None
                or cell.value == ""
                or (column.kind != TEXT and _is_empty(cell.value))
            ):
                continue
            if cell.data_type == "f":
                errors.append(
                    RowError(
                        sheet_name,
                        number,
                        column.header,
                        _("A formula is not accepted here: enter its value."),
                    )
                )
                bad.add(key)
                continue
            try:
                values[key] = _cell_value(cell.value, column)
            except _CellError as error:
                errors.append(RowError(sheet_name, number, column.header, str(error.args[0])))
                bad.add(key)
        yield number, values, bad


def _structure_errors(errors):
    """Errors of whole sheets or of their header rows."""
    return [error for error in errors if error.row in (None, 1)]


def read_xlsx(data):
    """Entries and cell errors of an .xlsx workbook; `CatalogueFileError` if it is no workbook."""
    _check_zip(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises a dozen kinds on damaged or hostile files
        raise CatalogueFileError(_("This is not an Excel workbook (.xlsx), or it is damaged.")) from None
    try:
        return _read_workbook(workbook)
    except CatalogueFileError:
        raise
    except Exception:  # damaged sheet XML is only found while reading rows
        raise CatalogueFileError(_("This is not an Excel workbook (.xlsx), or it is damaged.")) from None
    finally:
        workbook.close()


def _read_workbook(workbook):
    errors = []
    missing = [name for name in SHEETS if name not in workbook.sheetnames]
    if missing:
        return [], [RowError(name, None, "", _("This sheet is missing.")) for name in missing]
    entries, first_row = {}, {}
    for number, values, bad in _read_sheet(ITEMS_SHEET, workbook[ITEMS_SHEET], errors):
        code = str(values.get("implementation_code", "")).strip().upper()
        if not code:
            errors.append(
                RowError(
                    ITEMS_SHEET,
                    number,
                    ITEM_HEADERS["implementation_code"],
                    _("Enter the implementation code."),
                )
            )
            continue
        if code in first_row:
            errors.append(
                RowError(
                    ITEMS_SHEET,
                    number,
                    ITEM_HEADERS["implementation_code"],
                    _("This implementation code appears already in row %(row)s.") % {"row": first_row[code]},
                )
            )
            continue
        first_row[code] = number
        spec = {
            key: value
            for key, value in values.items()
            if key not in {"implementation_code", "basic_code", "department"}
        }
        spec.update({key: [] for key in NESTED})
        entries[code] = Entry(
            code,
            str(values.get("basic_code", "")),
            str(values.get("department", "")).strip(),
            spec,
            ITEMS_SHEET,
            number,
            bad_paths=set(bad),
        )
    items_read = not _structure_errors(errors)
    for key, sheet_name in NESTED_SHEETS.items():
        for number, values, bad in _read_sheet(sheet_name, workbook[sheet_name], errors):
            code = str(values.pop("implementation_code", "")).strip().upper()
            entry = entries.get(code)
            if entry is None:
                if items_read and code not in first_row:  # a row of a bad item is reported there already
                    errors.append(
                        RowError(
                            sheet_name,
                            number,
                            LINK.header,
                            _("No item has this implementation code in the sheet %(sheet)s.")
                            % {"sheet": ITEMS_SHEET}
                            if code
                            else _("Enter the implementation code."),
                        )
                    )
                continue
            entry.bad_paths.update(f"{key}[{len(entry.spec[key])}].{field}" for field in bad)
            entry.spec[key].append(values)
            entry.nested_rows[key].append(number)
    return list(entries.values()), errors


# Reading JSON ---------------------------------------------------------------------------------------

_JSON_TYPES = {
    TEXT: (lambda v: isinstance(v, str), lambda: _("Expected text.")),
    INT: (lambda v: isinstance(v, int) and not isinstance(v, bool), lambda: _("Expected a whole number.")),
    OPTIONAL_INT: (
        lambda v: v is None or (isinstance(v, int) and not isinstance(v, bool)),
        lambda: _("Expected a whole number or null."),
    ),
    BOOL: (lambda v: isinstance(v, bool), lambda: _("Expected true or false.")),
    CODE: (lambda v: isinstance(v, str), lambda: _("Expected a code as text.")),
    INT_CODE: (
        lambda v: isinstance(v, int) and not isinstance(v, bool),
        lambda: _("Expected a whole number."),
    ),
    CODES: (
        lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v),
        lambda: _("Expected a list of texts."),
    ),
    CHOICES: (
        lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v),
        lambda: _("Expected a list of texts."),
    ),
}


def _json_type_errors(spec, columns, prefix):
    errors = {}
    for column in columns:
        if column.key in spec:
            accepts, message = _JSON_TYPES[column.kind]
            if not accepts(spec[column.key]):
                errors[f"{prefix}{column.key}"] = message()
    return errors


def read_json(data):
    """Entries and errors of a JSON catalogue file; `CatalogueFileError` if it is not one."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise CatalogueFileError(_("This is not a JSON file in UTF-8.")) from None
    except (ValueError, RecursionError) as error:
        where = {"line": getattr(error, "lineno", "?"), "column": getattr(error, "colno", "?")}
        raise CatalogueFileError(
            _("This is not valid JSON (line %(line)s, column %(column)s).") % where
        ) from None
    if (
        not isinstance(document, dict)
        or document.get("format") != FORMAT
        or not isinstance(document.get("items"), list)
    ):
        raise CatalogueFileError(
            _(
                "This is not a Yiwang catalogue: expected an object with “format”: “%(format)s” and a list of “items”."
            )
            % {"format": FORMAT}
        )
    if document.get("format_version") != FORMAT_VERSION:
        raise CatalogueFileError(
            _("This catalogue file has format version %(version)s; this Yiwang reads version %(supported)s.")
            % {"version": document.get("format_version"), "supported": FORMAT_VERSION}
        )
    if len(document["items"]) > MAX_ROWS:
        raise CatalogueFileError(_("The file has more than %(limit)s items.") % {"limit": MAX_ROWS})
    entries, errors, first = [], [], {}
    for position, raw in enumerate(document["items"], start=1):
        if not isinstance(raw, dict):
            errors.append(RowError(JSON_PLACE, position, "", _("Each item must be an object.")))
            continue
        unknown = set(raw) - {"implementation_code", "basic_code", "department", "spec"}
        if unknown:
            errors.append(
                RowError(
                    JSON_PLACE,
                    position,
                    "",
                    _("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))},
                )
            )
        bad = False
        for key in ("implementation_code", "basic_code", "department"):
            if not isinstance(raw.get(key, ""), str) or (key != "basic_code" and not raw.get(key)):
                errors.append(RowError(JSON_PLACE, position, key, _("Expected text.")))
                bad = True
        spec = raw.get("spec")
        if not isinstance(spec, dict):
            errors.append(RowError(JSON_PLACE, position, "spec", _("Expected an object of fields.")))
            continue
        type_errors = _json_type_errors(spec, VERSION_COLUMNS, "")
        for key, columns in NESTED_COLUMNS.items():
            rows = spec.get(key, [])
            if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
                type_errors[key] = _("Expected a list of objects.")
                continue
            for index, row in enumerate(rows):
                type_errors.update(_json_type_errors(row, columns, f"{key}[{index}]."))
        entry = Entry(
            raw["implementation_code"].strip().upper()
            if isinstance(raw.get("implementation_code"), str)
            else "",
            raw.get("basic_code", "") if isinstance(raw.get("basic_code", ""), str) else "",
            raw.get("department") if isinstance(raw.get("department"), str) else "",
            spec,
            JSON_PLACE,
            position,
        )
        for path, message in type_errors.items():
            errors.append(RowError(*entry.locate(path), message))
        if bad or type_errors:
            continue
        if entry.implementation_code in first:
            errors.append(
                RowError(
                    JSON_PLACE,
                    position,
                    "implementation_code",
                    _("This implementation code appears already in item %(row)s.")
                    % {"row": first[entry.implementation_code]},
                )
            )
            continue
        first[entry.implementation_code] = position
        entries.append(entry)
    return entries, errors


def read_catalogue(data, fmt):
    """(entries, errors) of a file in `fmt`; `CatalogueFileError` if it cannot be read at all."""
    if len(data) > MAX_FILE_BYTES:
        raise CatalogueFileError(
            _("The file is larger than %(limit)s MB.") % {"limit": MAX_FILE_BYTES // (1024 * 1024)}
        )
    if fmt == XLSX:
        return read_xlsx(data)
    if fmt == JSON:
        return read_json(data)
    raise CatalogueFileError(_("Choose an Excel workbook (.xlsx) or a JSON file (.json)."))


def format_of(filename):
    """The format a file name says (xlsx / json), or None."""
    name = (filename or "").lower()
    return next((fmt for fmt in FORMATS if name.endswith(f".{fmt}")), None)


# Checking and writing -------------------------------------------------------------------------------


def _normalised(value):
    """What survives a trip through a workbook: line ends as \\n, no control characters."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    if isinstance(value, list):
        return [_normalised(v) for v in value]
    if isinstance(value, dict):
        return {k: _normalised(v) for k, v in value.items()}
    return value


def _canonical(spec):
    spec = dict(spec, themes=sorted(spec["themes"]), co_departments=sorted(spec["co_departments"]))
    return _normalised(spec)


def _canonical_of_parts(parts):
    version, themes, co_departments, nested = parts
    spec = {name: getattr(version, name) for name in VERSION_FIELDS}
    spec["themes"] = [theme.code for theme in themes]
    spec["co_departments"] = [department.code for department in co_departments]
    for key, (_model, fields) in NESTED.items():
        spec[key] = [{name: getattr(row, name) for name in fields} for row in nested[key]]
    return _canonical(spec)


def check_entries(entries, errors):
    """Check every entry as the actions would, adding a `RowError` for each problem."""
    departments = {d.code: d for d in Department.objects.filter(code__in={e.department for e in entries})}
    existing = {
        item.implementation_code: item
        for item in ServiceItem.objects.filter(
            implementation_code__in={e.implementation_code for e in entries}
        ).select_related("department")
    }
    for entry in entries:

        def report(path, message, entry=entry):
            if path not in entry.bad_paths:
                errors.append(RowError(*entry.locate(path), message))

        try:
            entry.implementation_code, entry.basic_code = _check_codes(
                entry.implementation_code, entry.basic_code
            )
        except ValidationError as error:
            for path, messages in error.message_dict.items():
                report(path, " ".join(messages))
        department = departments.get(entry.department)
        if department is None:
            report("department", _("Unknown department “%(code)s”.") % {"code": entry.department})
        item = existing.get(entry.implementation_code)
        if item is not None and department is not None and item.department_id != department.pk:
            report(
                "department",
                _(
                    "This item belongs to %(department)s (%(code)s): an import cannot move it to another department."
                )
                % {"department": item.department.name, "code": item.department.code},
            )
        if item is not None and item.basic_code != entry.basic_code:
            report(
                "basic_code",
                _("This item's basic code is “%(code)s”: an import cannot change it.")
                % {"code": item.basic_code},
            )
        try:
            entry.canonical = _canonical_of_parts(check_spec(entry.spec))
        except ValidationError as error:
            for path, messages in error.message_dict.items():
                report(path, " ".join(messages))
        entry.item, entry.department_obj = item, department


def do_import_catalogue(data, fmt, *, actor, draft=False, dry_run=False):
    """Import a whole catalogue file: every row is checked first and nothing is written unless all are good.

    New items are created, items whose content differs get a new version, identical items are left
    alone; new versions are published unless `draft` (then they wait as drafts, replacing any draft
    being edited). `dry_run` does everything in a transaction that is rolled back. Returns an
    `ImportResult`; raises `CatalogueFileError` for a file that cannot be read at all.
    """
    entries, errors = read_catalogue(data, fmt)
    result = ImportResult(draft=draft, dry_run=dry_run)
    if not _structure_errors(errors):  # with sheets or columns missing, every item would look wrong
        check_entries(entries, errors)
    if errors:
        result.errors = sorted(errors, key=lambda e: (SHEET_ORDER.get(e.sheet, 99), e.row or 0))
        return result
    try:
        with transaction.atomic():
            _write_entries(entries, result, actor=actor, draft=draft)
            record_event(
                EventCode.CATALOGUE_IMPORTED,
                actor=actor,
                payload={
                    "format": fmt,
                    "draft": draft,
                    "created": len(result.created),
                    "new_versions": len(result.new_versions),
                    "unchanged": len(result.unchanged),
                },
            )
            if dry_run:
                raise _RollBack
    except _RollBack:
        pass
    except (ValidationError, IntegrityError):  # someone changed the catalogue between the check and the write
        result.created, result.new_versions, result.unchanged = [], [], []
        result.errors = [
            RowError(
                JSON_PLACE if fmt == JSON else ITEMS_SHEET,
                None,
                "",
                _("The catalogue changed while importing; nothing was imported. Try again."),
            )
        ]
    return result


class _RollBack(Exception):
    pass


def _targets(entries, draft):
    """The version each existing item is compared with, prefetched in a few queries."""
    items = [entry.item for entry in entries if entry.item is not None]
    wanted = {item.pk: item.current_id for item in items}
    if draft:
        for version_id, item_id in ServiceItemVersion.objects.filter(
            item__in=items, status=ServiceItemVersion.DRAFT
        ).values_list("pk", "item_id"):
            wanted[item_id] = version_id
    versions = ServiceItemVersion.objects.filter(
        pk__in=[pk for pk in wanted.values() if pk]
    ).prefetch_related("themes", "co_departments", "materials", "form_fields", "steps")
    by_id = {version.pk: version for version in versions}
    return {item_id: by_id.get(version_id) for item_id, version_id in wanted.items()}


def _write_entries(entries, result, *, actor, draft):
    targets = _targets(entries, draft)
    for entry in entries:
        code = entry.implementation_code
        if entry.item is None:
            version = do_create_item(
                implementation_code=code,
                basic_code=entry.basic_code,
                department=entry.department_obj,
                spec=entry.spec,
                actor=actor,
            )
            result.created.append(code)
        else:
            target = targets.get(entry.item.pk)
            if target is not None and _canonical(spec_of(target)) == entry.canonical:
                result.unchanged.append(code)
                continue
            version = do_draft_version(entry.item, actor=actor, spec=entry.spec)
            result.new_versions.append(code)
        if not draft:
            do_publish_version(version, actor=actor)


# Export ---------------------------------------------------------------------------------------------


def published_entries():
    """implementation code, basic code, department code and spec of every item in the public catalogue."""
    items = (
        ServiceItem.objects.filter(current__isnull=False)
        .select_related("department", "current")
        .prefetch_related(
            "current__themes",
            "current__co_departments",
            "current__materials",
            "current__form_fields",
            "current__steps",
        )
        .order_by("implementation_code")
    )
    return [
        {
            "implementation_code": item.implementation_code,
            "basic_code": item.basic_code,
            "department": item.department.code,
            "spec": spec_of(item.current),
        }
        for item in items
    ]


def write_json(entries):
    document = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": timezone.now().isoformat(timespec="seconds"),
        "items": entries,
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def _cell_text(value, column):
    if value is None:
        return None
    if column.kind == BOOL:
        return "是" if value else "否"
    if column.kind == CODES:
        return ",".join(value)
    if column.kind == CHOICES:
        return "|".join(value)
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value) or None
    return value


def _write_row(worksheet, row_number, columns, values):
    for index, column in enumerate(columns, start=1):
        value = _cell_text(values.get(column.key), column)
        if value is None:
            continue
        cell = worksheet.cell(row=row_number, column=index, value=value)
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"  # text that looks like a formula stays text


def _header(worksheet, columns):
    bold = Font(bold=True)
    for index, column in enumerate(columns, start=1):
        cell = worksheet.cell(row=1, column=index, value=column.header)
        cell.font = bold
        worksheet.column_dimensions[get_column_letter(index)].width = max(
            10, min(40, 2 * len(column.header) + 4)
        )
        if column.kind in (CODE, CODES, TEXT):
            worksheet.column_dimensions[get_column_letter(index)].number_format = "@"  # keep 01 as typed
    worksheet.freeze_panes = "B2"


def write_xlsx(entries):
    workbook = Workbook()
    workbook.remove(workbook.active)
    sheets = {name: workbook.create_sheet(name) for name in SHEETS}
    for name, sheet in sheets.items():
        _header(sheet, SHEETS[name])
    next_row = dict.fromkeys(SHEETS, 2)
    for entry in entries:
        values = {
            **entry["spec"],
            "implementation_code": entry["implementation_code"],
            "basic_code": entry["basic_code"],
            "department": entry["department"],
        }
        _write_row(sheets[ITEMS_SHEET], next_row[ITEMS_SHEET], SHEETS[ITEMS_SHEET], values)
        next_row[ITEMS_SHEET] += 1
        for key, sheet_name in NESTED_SHEETS.items():
            for row in entry["spec"][key]:
                _write_row(
                    sheets[sheet_name],
                    next_row[sheet_name],
                    SHEETS[sheet_name],
                    {**row, "implementation_code": entry["implementation_code"]},
                )
                next_row[sheet_name] += 1
    _write_readme(workbook.create_sheet(README_SHEET))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_readme(sheet):
    lines = [
        ("一网 政务服务事项目录", "", "", ""),
        (
            "“事项”每行一个事项；“材料”“表单字段”“办理环节”每行一条，以实施编码关联所属事项，行的先后即顺序。",
            "",
            "",
            "",
        ),
        (
            "导入时先检查全部行，有任何错误则不写入任何内容，并逐行报告错误。内容未变的事项保持不变，内容有变的事项生成新版本。",
            "",
            "",
            "",
        ),
        ("是否类的列填“是”或“否”；代码类的列填下表中的代码；多个代码用逗号分隔；不接受公式。", "", "", ""),
        ("", "", "", ""),
        ("工作表", "列", "说明", "代码"),
    ]
    for sheet_name, columns in SHEETS.items():
        for column in columns:
            codes = (
                "；".join(f"{code} {label}" for code, label in _choices_of(column)) if column.choices else ""
            )
            lines.append((sheet_name, column.header, column.note, codes))
    for line in lines:
        sheet.append(line)
    sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
    for index in range(1, 5):
        sheet.cell(row=6, column=index).font = Font(bold=True)
    for letter, width in zip("ABCD", (12, 24, 60, 80), strict=True):
        sheet.column_dimensions[letter].width = width


def do_export_catalogue(fmt, *, actor):
    """The published catalogue as file content in `fmt` (xlsx / json); records who exported it."""
    entries = published_entries()
    content = write_xlsx(entries) if fmt == XLSX else write_json(entries)
    record_event(EventCode.CATALOGUE_EXPORTED, actor=actor, payload={"format": fmt, "items": len(entries)})
    return content


def export_filename(fmt):
    return f"catalogue-{timezone.localdate().isoformat()}.{fmt}"
