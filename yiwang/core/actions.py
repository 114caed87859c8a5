"""Writes to the shared kernel's tables: the working-day calendar."""

import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from yiwang.core import workdays
from yiwang.core.events import EventCode, record_event
from yiwang.core.models import CalendarDay, CalendarYear


class CalendarError(ValueError):
    """A calendar change that would make the table wrong; the message is translated."""


def _changed():
    workdays.invalidate()
    transaction.on_commit(workdays.invalidate)


def do_seed_calendar(*, actor=None, years=None):
    """Load the holiday tables of the chinesecalendar package for every year it covers.

    Years already in the table are left as they are (an administrator's corrections win);
    returns the list of years added. Safe to run again.
    """
    import chinese_calendar

    known = sorted({d.year for d in chinese_calendar.holidays} | {d.year for d in chinese_calendar.workdays})
    wanted = [y for y in known if years is None or y in years]
    added = []
    with transaction.atomic():
        existing = set(CalendarYear.objects.values_list("year", flat=True))
        for year in wanted:
            if year in existing:
                continue
            calendar_year = CalendarYear.objects.create(
                year=year, source=CalendarYear.SOURCE_CHINESECALENDAR, published=True,
                notice=f"chinesecalendar {chinese_calendar.__version__}",
            )
            rows = []
            for day, name in chinese_calendar.holidays.items():
                if day.year == year and day.weekday() < 5:
                    rows.append(CalendarDay(calendar_year=calendar_year, date=day, kind=CalendarDay.HOLIDAY,
                                            name=str(name or "")))
            for day, name in chinese_calendar.workdays.items():
                if day.year == year and day.weekday() >= 5:
                    rows.append(CalendarDay(calendar_year=calendar_year, date=day, kind=CalendarDay.WORKDAY,
                                            name=str(name or "")))
            CalendarDay.objects.bulk_create(rows)
            added.append(year)
        if added:
            record_event(EventCode.CALENDAR_SEEDED, actor=actor, payload={"years": added})
            _changed()
    return added


def do_set_calendar_day(date, kind, *, name="", actor):
    """Mark one date as a holiday or a make-up working day (an exception to Monday–Friday).

    Refuses a holiday on a weekend or a make-up day on a weekday: those change nothing and usually
    mean a typing error. The year row is created unpublished if it does not exist yet.
    """
    check_calendar_day(date, kind)
    with transaction.atomic():
        calendar_year, _created = CalendarYear.objects.get_or_create(year=date.year)
        day, _new = CalendarDay.objects.update_or_create(
            date=date, defaults={"calendar_year": calendar_year, "kind": kind, "name": name}
        )
        record_event(EventCode.CALENDAR_DAY_SET, actor=actor, obj=day,
                     payload={"date": date.isoformat(), "kind": kind, "name": name})
        _changed()
    return day


def check_calendar_day(date, kind):
    """Raise CalendarError unless (date, kind) is a meaningful exception to the ordinary week."""
    if not isinstance(date, datetime.date):
        raise CalendarError(_("Enter a valid date."))
    if kind == CalendarDay.HOLIDAY and date.weekday() >= 5:
        raise CalendarError(_("%(date)s is a weekend day already; only weekdays can be holidays.") % {"date": date})
    if kind == CalendarDay.WORKDAY and date.weekday() < 5:
        raise CalendarError(
            _("%(date)s is a weekday already; only weekend days can be make-up working days.") % {"date": date}
        )
    if kind not in (CalendarDay.HOLIDAY, CalendarDay.WORKDAY):
        raise CalendarError(_("Choose holiday or make-up working day."))


def do_remove_calendar_day(day, *, actor):
    """Remove an exception: the date becomes an ordinary weekday or weekend day again."""
    with transaction.atomic():
        record_event(EventCode.CALENDAR_DAY_REMOVED, actor=actor, obj=day,
                     payload={"date": day.date.isoformat(), "kind": day.kind})
        day.delete()
        _changed()


def do_publish_calendar_year(calendar_year, *, actor, notice=""):
    """Make a year's schedule count: from now on its dates have answers."""
    with transaction.atomic():
        calendar_year.published = True
        if notice:
            calendar_year.notice = notice
        calendar_year.save(update_fields=["published", "notice", "updated_at"])
        record_event(EventCode.CALENDAR_YEAR_PUBLISHED, actor=actor, obj=calendar_year,
                     payload={"year": calendar_year.year, "notice": calendar_year.notice})
        _changed()
    return calendar_year


def do_withdraw_calendar_year(calendar_year, *, actor):
    """Stop using a year's schedule (e.g. it was entered wrongly); its dates get no answer."""
    with transaction.atomic():
        calendar_year.published = False
        calendar_year.save(update_fields=["published", "updated_at"])
        record_event(EventCode.CALENDAR_YEAR_WITHDRAWN, actor=actor, obj=calendar_year,
                     payload={"year": calendar_year.year})
        _changed()
    return calendar_year


FIRST_YEAR = 2004  # the first year of the seed (chinesecalendar): no earlier schedule is needed
LAST_YEAR = 2100  # beyond this a year is a typing error


def check_calendar_year(year):
    """Raise CalendarError unless `year` may be added: within range and not in the table yet."""
    if not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise CalendarError(
            _("Enter a year from %(first)s to %(last)s.") % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )
    if CalendarYear.objects.filter(year=year).exists():
        raise CalendarError(_("The year %(year)s is already in the calendar.") % {"year": year})


def _check_notice(notice):
    limit = CalendarYear._meta.get_field("notice").max_length
    if len(notice) > limit:
        raise CalendarError(_("The notice may have at most %(limit)s characters.") % {"limit": limit})


def do_create_calendar_year(year, *, notice="", actor):
    """Add a year to the calendar, unpublished and with no exceptions yet (so nothing counts yet).

    Refuses a year outside 2004–2100 and a year already there (also when another administrator
    adds it at the same moment: the unique year decides).
    """
    check_calendar_year(year)
    notice = (notice or "").strip()
    _check_notice(notice)
    try:
        with transaction.atomic():
            calendar_year = CalendarYear.objects.create(year=year, notice=notice,
                                                        source=CalendarYear.SOURCE_ADMIN)
            record_event(EventCode.CALENDAR_YEAR_CREATED, actor=actor, obj=calendar_year,
                         payload={"year": year, "notice": notice})
    except IntegrityError:
        raise CalendarError(_("The year %(year)s is already in the calendar.") % {"year": year}) from None
    return calendar_year


def do_change_calendar_year_notice(calendar_year, notice, *, actor):
    """Replace the reference to the State Council notice a year's schedule follows.

    Records the old and the new text; saving the same text again changes and records nothing.
    Refuses a notice longer than the column.
    """
    notice = (notice or "").strip()
    _check_notice(notice)
    with transaction.atomic():
        locked = CalendarYear.objects.select_for_update().filter(pk=calendar_year.pk)
        previous = locked.values_list("notice", flat=True).get()
        if notice == previous:
            calendar_year.notice = previous
            return calendar_year
        calendar_year.notice = notice
        calendar_year.save(update_fields=["notice", "updated_at"])
        record_event(EventCode.CALENDAR_YEAR_CHANGED, actor=actor, obj=calendar_year,
                     payload={"year": calendar_year.year, "notice": notice, "previous": previous})
    return calendar_year
