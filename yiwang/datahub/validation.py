"""Checking one row of a resource against its data items (信息项), each bound to a data element (数据元).

`RowChecker(resource)` is built once per ingest (it reads the items and their elements once) and
then checks any number of rows: `check(row)` returns a `CheckedRow` with the cleaned values split
into clear (`values`) and personal (`sealed`) parts, the key and subject blind indexes, and the
row-level errors keyed by column. Messages are translated and never quote a personal value in
clear: what a steward sees of a bad ID number is its masked form.
"""

import datetime
import decimal
import re
import time
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from stdnum.cn import ric

from yiwang.core.identifiers import IdentifierError, parse_citizen_id, parse_credit_code
from yiwang.core.pii import mask_address, mask_citizen_id, mask_name, mask_phone
from yiwang.datahub.keys import enterprise_index, key_index_of, person_index
from yiwang.datahub.models import DataElement, Resource

# A cell longer than this is refused whatever its element says: it is a broken file, not data.
MAX_CELL_CHARS = 4000
MOBILE = re.compile(r"^1[3-9]\d{9}$")
# GB/T 19488 representation formats: "c..50" up to 50 characters, "n8" exactly 8 digits, "an..18" ...
FORMAT = re.compile(r"^(an|a|n|c)(\.\.)?(\d+)$")
TRUE_WORDS = {"1", "true", "t", "yes", "y", "是", "真"}
FALSE_WORDS = {"0", "false", "f", "no", "n", "否", "假"}
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y%m%d", "%Y.%m.%d")


class CellError(ValueError):
    """A value that does not fit its data item; the message is translated and safe to show."""


@dataclass
class CheckedRow:
    values: dict = field(default_factory=dict)  # non-personal items, cleaned
    sealed: dict = field(default_factory=dict)  # personal items, cleaned
    key_index: str = ""
    subject_index: str = ""
    errors: list = field(default_factory=list)  # [(column, message, shown value)]

    @property
    def ok(self):
        return not self.errors


def masked(element, value):
    """What an error or a page may show of a value of this element."""
    text = str(value)
    if not element.is_personal:
        return text if len(text) <= 60 else text[:57] + "..."
    if element.check_kind == DataElement.CITIZEN_ID:
        return mask_citizen_id(text)
    if element.check_kind == DataElement.PHONE:
        return mask_phone(text)
    if element.data_type in (DataElement.DATE, DataElement.DATETIME):
        return text[:4] + "-**-**"
    if (element.max_length or 0) >= 100:
        return mask_address(text)
    return mask_name(text[:60])


def _text(value):
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # Excel keeps every number as a float
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    if isinstance(value, (dict, list, tuple, set)):
        raise CellError(_("This must be a single value, not a list or an object."))
    return str(value)


def _check_format(element, text):
    match = FORMAT.match(element.format or "")
    if not match:
        return
    kind, up_to, size = match.group(1), match.group(2), int(match.group(3))
    if (up_to and len(text) > size) or (not up_to and len(text) != size):
        if up_to:
            raise CellError(_("At most %(count)s characters.") % {"count": size})
        raise CellError(_("Exactly %(count)s characters.") % {"count": size})
    if kind == "n" and not (text.isascii() and text.isdigit()):
        raise CellError(_("Only digits are allowed."))
    if kind == "a" and not (text.isascii() and text.isalpha()):
        raise CellError(_("Only letters are allowed."))
    if kind == "an" and not (text.isascii() and text.isalnum()):
        raise CellError(_("Only letters and digits are allowed."))


def code_label(element, code):
    """ "1 男性" for a code of a code element (what pages show), the value itself otherwise."""
    if element.data_type != DataElement.CODE or code in (None, ""):
        return code
    for entry in element.code_list:
        if str(entry[0]) == str(code):
            return f"{code} {entry[1]}" if len(entry) > 1 else code
    return code


def _code_sets(element):
    """(codes, {label: code}) of a code element, computed once per element object."""
    cached = getattr(element, "_code_sets", None)
    if cached is None:
        cached = (
            {str(entry[0]) for entry in element.code_list},
            {str(entry[1]): str(entry[0]) for entry in element.code_list if len(entry) > 1},
        )
        element._code_sets = cached
    return cached


def _valid_citizen_id(text):
    """The normalised number if checksum and birth date hold, else None: the check of
    `parse_citizen_id` without its region lookup (a warning only, and most of the cost per row)."""
    number = text.replace(" ", "").upper()
    if len(number) != 18 or not number.isascii() or not number[:17].isdigit():
        return None
    if ric.calc_check_digit(number) != number[17]:
        return None
    try:
        birth = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None
    return number if 1880 <= birth.year and birth <= timezone.localdate() else None


def clean_value(element, raw):
    """The stored form of `raw` for this element (str, int, bool or an ISO date string), or None if
    empty; raise CellError if it does not fit."""
    if raw is None:
        return None
    if isinstance(raw, datetime.datetime) and element.data_type == DataElement.DATE:
        raw = raw.date()
    text = _text(raw)
    if text == "":
        return None
    if len(text) > MAX_CELL_CHARS:
        raise CellError(_("This value is too long (%(count)s characters).") % {"count": len(text)})
    kind = element.data_type
    if kind == DataElement.INTEGER:
        if not re.fullmatch(r"[+-]?\d{1,18}", text):
            raise CellError(_("This must be a whole number."))
        return int(text)
    if kind == DataElement.DECIMAL:
        try:
            number = decimal.Decimal(text)
        except decimal.InvalidOperation:
            raise CellError(_("This must be a number.")) from None
        if not number.is_finite() or abs(number.adjusted()) > 15:
            raise CellError(_("This must be a number."))
        return format(number.normalize(), "f") if number != number.to_integral() else str(int(number))
    if kind == DataElement.DATE:
        for pattern in DATE_FORMATS:
            try:
                # a calendar date, read without making a datetime (which would be naive)
                parsed = time.strptime(text[:10] if "T" in text else text, pattern)
                return datetime.date(*parsed[:3]).isoformat()
            except ValueError:
                continue
        raise CellError(_("This must be a date such as 2024-03-01."))
    if kind == DataElement.DATETIME:
        try:
            moment = parse_datetime(text.replace("/", "-"))
        except ValueError:
            moment = None
        if moment is None:
            raise CellError(_("This must be a date and time such as 2024-03-01 09:30."))
        return moment.isoformat()
    if kind == DataElement.BOOLEAN:
        word = text.lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise CellError(_("This must be yes or no (1 or 0, 是 or 否)."))
    if kind == DataElement.CODE:
        codes, by_label = _code_sets(element)
        if text in codes:
            return text
        if text in by_label:
            return by_label[text]
        raise CellError(_("This is not a code of the list %(element)s.") % {"element": element.name})
    # Text, with its identifier check
    check = element.check_kind
    if check == DataElement.CITIZEN_ID:
        number = _valid_citizen_id(text)
        if number:
            return number
        try:
            return parse_citizen_id(text).number  # not valid: raises, with the message that says why
        except IdentifierError as error:
            raise CellError(error.messages[0]) from None
    if check == DataElement.CREDIT_CODE:
        try:
            return parse_credit_code(text).code
        except IdentifierError as error:
            raise CellError(error.messages[0]) from None
    if check == DataElement.PHONE:
        number = re.sub(r"[\s-]", "", text)
        if number.startswith("+86"):
            number = number[3:]
        if not MOBILE.match(number):
            raise CellError(_("This must be a mobile phone number of 11 digits."))
        return number
    _check_format(element, text)
    if element.max_length and len(text) > element.max_length:
        raise CellError(_("At most %(count)s characters.") % {"count": element.max_length})
    return text


class RowChecker:
    """The data items of one resource, read once, and the checks of its rows."""

    def __init__(self, resource):
        self.resource = resource
        self.items = list(resource.items.select_related("element").order_by("sort_order", "id"))
        self.by_key = {item.key: item for item in self.items}
        # Files may name a column by its key ("id_number") or its name ("公民身份号码").
        self.by_name = {item.name: item for item in self.items}
        self.key_items = [item for item in self.items if item.is_key]
        self.subject_item = next((item for item in self.items if item.is_subject), None)

    def column_item(self, header):
        header = str(header or "").strip().lstrip("\ufeff")
        return self.by_key.get(header) or self.by_name.get(header)

    def check_header(self, headers):
        """(column → item key mapping, problems) for a file's header row."""
        mapping, unknown, seen = {}, [], set()
        for header in headers:
            text = str(header or "").strip().lstrip("\ufeff")
            if not text:
                continue
            item = self.column_item(text)
            if item is None:
                unknown.append(text)
            elif item.key in seen:
                return None, [_("The column %(column)s appears twice.") % {"column": text[:60]}]
            else:
                mapping[text] = item.key
                seen.add(item.key)
        problems = []
        if unknown:
            problems.append(
                _("Unknown columns: %(columns)s. The columns of this resource are: %(known)s.")
                % {
                    "columns": ", ".join(c[:60] for c in unknown[:10]),
                    "known": ", ".join(item.key for item in self.items),
                }
            )
        missing = [item.key for item in self.items if (item.required or item.is_key) and item.key not in seen]
        if missing:
            problems.append(_("Required columns are missing: %(columns)s.") % {"columns": ", ".join(missing)})
        return mapping, problems

    def check(self, row):
        """Check one row (a dict of item key → raw value) and return a CheckedRow."""
        checked = CheckedRow()
        for column in row:
            if column not in self.by_key:
                checked.errors.append(
                    (str(column)[:60], _("This column is not a data item of the resource."), "")
                )
        for item in self.items:
            raw = row.get(item.key)
            element = item.element
            try:
                value = clean_value(element, raw)
            except CellError as error:
                shown = masked(element, raw if isinstance(raw, str) else "")[:60] if raw is not None else ""
                checked.errors.append((item.key, str(error), shown))
                continue
            if value is None:
                if item.required or item.is_key:
                    checked.errors.append((item.key, _("This value is required."), ""))
                continue
            (checked.sealed if element.is_personal else checked.values)[item.key] = value
        if checked.errors:
            return checked
        both = {**checked.values, **checked.sealed}
        checked.key_index = key_index_of(self.resource.code, [both[item.key] for item in self.key_items])
        if self.subject_item is not None and self.subject_item.key in both:
            subject = both[self.subject_item.key]
            if self.resource.subject_kind == Resource.PERSON:
                checked.subject_index = person_index(subject)
            elif self.resource.subject_kind == Resource.ENTERPRISE:
                checked.subject_index = enterprise_index(subject)
        return checked
