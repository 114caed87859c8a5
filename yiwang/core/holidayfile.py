"""The holiday-schedule file an administrator transcribes from the State Council notice (国务院办公厅
关于某年部分节假日安排的通知), read by `yiwang seed_calendar --year YEAR FILE`.

One exception to the ordinary week a line, as CSV: `date,kind[,name]`, where date is YYYY-MM-DD,
kind is `holiday` (a weekday off) or `workday` (a weekend day worked, 调休上班) and name is optional
(e.g. 春节). Blank lines and lines starting with `#` are ignored. Holidays that fall on a weekend are
not listed: a weekend day is off anyway. Example::

    # 国办发明电〔2026〕N号
    2027-01-01,holiday,元旦
    2027-02-08,holiday,春节
    2027-02-14,workday,春节
"""

import csv
import datetime
import io

from django.utils.translation import gettext as _

from yiwang.core.actions import CalendarError
from yiwang.core.models import CalendarDay

KINDS = {CalendarDay.HOLIDAY, CalendarDay.WORKDAY}


def read_schedule(text):
    """The (date, kind, name) triples of a schedule file; CalendarError naming the first bad line."""
    days = []
    for number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        if not row or not "".join(row).strip() or row[0].lstrip().startswith("#"):
            continue
        cells = [cell.strip() for cell in row]
        if len(cells) not in (2, 3):
            raise CalendarError(_("Line %(line)s: write date,kind or date,kind,name.") % {"line": number})
        try:
            date = datetime.date.fromisoformat(cells[0])
        except ValueError:
            raise CalendarError(
                _("Line %(line)s: %(value)s is not a date (YYYY-MM-DD).")
                % {"line": number, "value": cells[0]}
            ) from None
        if cells[1] not in KINDS:
            raise CalendarError(
                _("Line %(line)s: the kind is holiday or workday, not %(value)s.")
                % {"line": number, "value": cells[1]}
            )
        days.append((date, cells[1], cells[2] if len(cells) == 3 else ""))
    return days
