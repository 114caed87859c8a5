"""Writes to the shared kernel's tables: the working-day calendar and time limits (clocks)."""

import datetime
import math

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yiwang.core import workdays
from yiwang.core.events import EventCode, record_event, record_events
from yiwang.core.models import CalendarDay, CalendarYear, Clock


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
        before = workdays.load_calendar()
        existing = set(CalendarYear.objects.values_list("year", flat=True))
        for year in wanted:
            if year in existing:
                continue
            calendar_year = CalendarYear.objects.create(
                year=year,
                source=CalendarYear.SOURCE_CHINESECALENDAR,
                published=True,
                notice=f"chinesecalendar {chinese_calendar.__version__}",
            )
            rows = []
            for day, name in chinese_calendar.holidays.items():
                if day.year == year and day.weekday() < 5:
                    rows.append(
                        CalendarDay(
                            calendar_year=calendar_year,
                            date=day,
                            kind=CalendarDay.HOLIDAY,
                            name=str(name or ""),
                        )
                    )
            for day, name in chinese_calendar.workdays.items():
                if day.year == year and day.weekday() >= 5:
                    rows.append(
                        CalendarDay(
                            calendar_year=calendar_year,
                            date=day,
                            kind=CalendarDay.WORKDAY,
                            name=str(name or ""),
                        )
                    )
            CalendarDay.objects.bulk_create(rows)
            added.append(year)
        if added:
            record_event(EventCode.CALENDAR_SEEDED, actor=actor, payload={"years": added})
            _changed()
            do_recompute_clocks(before, actor=actor)
    return added


def do_set_calendar_day(date, kind, *, name="", actor):
    """Mark one date as a holiday or a make-up working day (an exception to Monday–Friday).

    Refuses a holiday on a weekend or a make-up day on a weekday: those change nothing and usually
    mean a typing error. The year row is created unpublished if it does not exist yet.
    """
    check_calendar_day(date, kind)
    with transaction.atomic():
        before = workdays.load_calendar()
        calendar_year, _created = CalendarYear.objects.get_or_create(year=date.year)
        day, _new = CalendarDay.objects.update_or_create(
            date=date, defaults={"calendar_year": calendar_year, "kind": kind, "name": name}
        )
        record_event(
            EventCode.CALENDAR_DAY_SET,
            actor=actor,
            obj=day,
            payload={"date": date.isoformat(), "kind": kind, "name": name},
        )
        _changed()
        do_recompute_clocks(before, actor=actor)
    return day


def check_calendar_day(date, kind):
    """Raise CalendarError unless (date, kind) is a meaningful exception to the ordinary week."""
    if not isinstance(date, datetime.date):
        raise CalendarError(_("Enter a valid date."))
    if kind == CalendarDay.HOLIDAY and date.weekday() >= 5:
        raise CalendarError(
            _("%(date)s is a weekend day already; only weekdays can be holidays.") % {"date": date}
        )
    if kind == CalendarDay.WORKDAY and date.weekday() < 5:
        raise CalendarError(
            _("%(date)s is a weekday already; only weekend days can be make-up working days.")
            % {"date": date}
        )
    if kind not in (CalendarDay.HOLIDAY, CalendarDay.WORKDAY):
        raise CalendarError(_("Choose holiday or make-up working day."))


def do_remove_calendar_day(day, *, actor):
    """Remove an exception: the date becomes an ordinary weekday or weekend day again."""
    with transaction.atomic():
        before = workdays.load_calendar()
        record_event(
            EventCode.CALENDAR_DAY_REMOVED,
            actor=actor,
            obj=day,
            payload={"date": day.date.isoformat(), "kind": day.kind},
        )
        day.delete()
        _changed()
        do_recompute_clocks(before, actor=actor)


def do_publish_calendar_year(calendar_year, *, actor, notice=""):
    """Make a year's schedule count in place of the provisional one, and move every running or paused
    clock whose due date changes with it (`do_recompute_clocks`), all in one transaction."""
    with transaction.atomic():
        before = workdays.load_calendar()
        calendar_year.published = True
        if notice:
            calendar_year.notice = notice
        calendar_year.save(update_fields=["published", "notice", "updated_at"])
        record_event(
            EventCode.CALENDAR_YEAR_PUBLISHED,
            actor=actor,
            obj=calendar_year,
            payload={"year": calendar_year.year, "notice": calendar_year.notice},
        )
        _changed()
        do_recompute_clocks(before, actor=actor)
    return calendar_year


def do_publish_calendar_schedule(year, days, *, notice="", actor):
    """Publish `year` with exactly the exceptions in `days` — (date, kind, name) triples transcribed
    from the State Council notice (`yiwang seed_calendar --year YEAR FILE`) — replacing whatever the
    year had, and move the clocks it changes; one transaction.

    Refuses, changing nothing: a year outside 2004–2100, a date of another year, a date listed twice,
    a holiday on a weekend or a make-up day on a weekday, a notice longer than the column.
    """
    if not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise CalendarError(
            _("Enter a year from %(first)s to %(last)s.") % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )
    notice = (notice or "").strip()
    _check_notice(notice)
    seen = set()
    for date, kind, _name in days:
        if not isinstance(date, datetime.date) or date.year != year:
            raise CalendarError(_("%(date)s is not in the year %(year)s.") % {"date": date, "year": year})
        if date in seen:
            raise CalendarError(_("%(date)s is listed twice.") % {"date": date})
        seen.add(date)
        check_calendar_day(date, kind)
    with transaction.atomic():
        before = workdays.load_calendar()
        calendar_year, _created = CalendarYear.objects.select_for_update().get_or_create(
            year=year, defaults={"source": CalendarYear.SOURCE_ADMIN}
        )
        calendar_year.days.all().delete()
        CalendarDay.objects.filter(date__in=seen).delete()  # a stray row filed under another year
        CalendarDay.objects.bulk_create(
            CalendarDay(calendar_year=calendar_year, date=date, kind=kind, name=name[:50])
            for date, kind, name in days
        )
        calendar_year.published, calendar_year.source = True, CalendarYear.SOURCE_ADMIN
        if notice:
            calendar_year.notice = notice
        calendar_year.save(update_fields=["published", "source", "notice", "updated_at"])
        record_event(
            EventCode.CALENDAR_YEAR_PUBLISHED,
            actor=actor,
            obj=calendar_year,
            payload={"year": year, "notice": calendar_year.notice, "days": len(days)},
        )
        _changed()
        do_recompute_clocks(before, actor=actor)
    return calendar_year


def do_withdraw_calendar_year(calendar_year, *, actor):
    """Stop using a year's schedule (e.g. it was entered wrongly): the year is provisional again, and
    clocks whose due date changes with it move."""
    with transaction.atomic():
        before = workdays.load_calendar()
        calendar_year.published = False
        calendar_year.save(update_fields=["published", "updated_at"])
        record_event(
            EventCode.CALENDAR_YEAR_WITHDRAWN,
            actor=actor,
            obj=calendar_year,
            payload={"year": calendar_year.year},
        )
        _changed()
        do_recompute_clocks(before, actor=actor)
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
    """Add a year to the calendar, unpublished and with no exceptions yet (it stays provisional).

    Refuses a year outside 2004–2100 and a year already there (also when another administrator
    adds it at the same moment: the unique year decides).
    """
    check_calendar_year(year)
    notice = (notice or "").strip()
    _check_notice(notice)
    try:
        with transaction.atomic():
            calendar_year = CalendarYear.objects.create(
                year=year, notice=notice, source=CalendarYear.SOURCE_ADMIN
            )
            record_event(
                EventCode.CALENDAR_YEAR_CREATED,
                actor=actor,
                obj=calendar_year,
                payload={"year": year, "notice": notice},
            )
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
        record_event(
            EventCode.CALENDAR_YEAR_CHANGED,
            actor=actor,
            obj=calendar_year,
            payload={"year": calendar_year.year, "notice": notice, "previous": previous},
        )
    return calendar_year


# Time limits (时限) --------------------------------------------------------------------------------


class ClockError(ValueError):
    """A time-limit change that cannot be made; the message is translated."""


MAX_LIMIT = {Clock.WORKDAYS: 3650, Clock.HOURS: 24 * 3650}


def _day_bounds(day):
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    return start, timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))


def _workday_shift(day, n):
    try:
        return workdays.add_workdays(day, n)
    except workdays.DateOutsideCalendar as error:
        raise ClockError(str(error)) from None


def _rests_on_provisional(unit, start, due_at):
    """Was a working-day due date counted through a year without a published schedule?"""
    if unit != Clock.WORKDAYS:
        return False
    return workdays.is_provisional_between(timezone.localdate(start), timezone.localdate(due_at))


def _due_and_warning(unit, limit, start):
    share = settings.YIWANG_CLOCK_WARNING_SHARE
    if unit == Clock.HOURS:
        return start + datetime.timedelta(hours=limit), start + datetime.timedelta(hours=limit * share)
    first = timezone.localdate(start)
    due = _workday_shift(first, limit)
    warn = _workday_shift(first, math.ceil(limit * share)) if limit else first
    return _day_bounds(due)[1], _day_bounds(warn)[0]


def _locked(clock):
    """Lock the clock's row for this transaction and bring the caller's instance up to date."""
    Clock.objects.select_for_update().filter(pk=clock.pk).values_list("pk").first()
    clock.refresh_from_db()
    return clock


def do_start_clock(obj, *, kind, unit, limit, department=None, start=None, actor=None):
    """Start a time limit on `obj`: `limit` working days (due at the end of the limit-th working day
    after the start day; 0 = the same day) or natural hours.

    Refuses an unknown unit, a negative or absurd limit and a second unstopped clock of the same kind
    on the same object — never a year without a published schedule: a due date counted through one is
    provisional (`Clock.provisional`) until the year is published.
    """
    if unit not in (Clock.WORKDAYS, Clock.HOURS):
        raise ClockError(_("Unknown unit of time."))
    if not isinstance(limit, int) or isinstance(limit, bool) or not 0 <= limit <= MAX_LIMIT[unit]:
        raise ClockError(_("A time limit is a whole number from 0 to %(max)s.") % {"max": MAX_LIMIT[unit]})
    start = start or timezone.now()
    due_at, warn_at = _due_and_warning(unit, limit, start)
    object_type, object_id = obj._meta.label_lower, str(obj.pk)
    with transaction.atomic():
        if (
            Clock.objects.filter(object_type=object_type, object_id=object_id, kind=kind)
            .exclude(state=Clock.STOPPED)
            .exists()
        ):
            raise ClockError(_("This object already has a running time limit of this kind."))
        clock = Clock.objects.create(
            kind=kind,
            object_type=object_type,
            object_id=object_id,
            department=department,
            unit=unit,
            limit=limit,
            started_at=start,
            due_at=due_at,
            warn_at=warn_at,
            provisional=_rests_on_provisional(unit, start, due_at),
        )
        record_event(
            EventCode.CLOCK_STARTED,
            actor=actor,
            obj=clock,
            payload={
                "kind": kind,
                "object": f"{object_type}:{object_id}",
                "unit": unit,
                "limit": limit,
                "due_at": due_at.isoformat(),
                "provisional": clock.provisional,
            },
        )
    return clock


def do_pause_clock(clock, *, reason, actor=None, at=None):
    """Stop the count for now (补正: waiting for the applicant); refuses a clock not running."""
    at = at or timezone.now()
    with transaction.atomic():
        clock = _locked(clock)
        if not clock.can_pause():
            raise ClockError(_("Only a running time limit can be paused."))
        clock.state, clock.paused_at = Clock.PAUSED, at
        clock.save(update_fields=["state", "paused_at", "updated_at"])
        record_event(EventCode.CLOCK_PAUSED, actor=actor, obj=clock, payload={"reason": reason})
    return clock


def do_resume_clock(clock, *, actor=None, at=None):
    """Count again: the due time moves on by the working days (or hours) the pause lasted."""
    at = at or timezone.now()
    with transaction.atomic():
        clock = _locked(clock)
        if not clock.can_resume():
            raise ClockError(_("Only a paused time limit can be resumed."))
        if at < clock.paused_at:
            raise ClockError(_("A time limit cannot be resumed before it was paused."))
        if clock.unit == Clock.HOURS:
            clock.due_at += at - clock.paused_at
            clock.warn_at += at - clock.paused_at
        else:
            days = workdays.workdays_between(timezone.localdate(clock.paused_at), timezone.localdate(at))
            clock.due_at = _day_bounds(_workday_shift(clock.due_date, days))[1]
            clock.warn_at = _day_bounds(_workday_shift(timezone.localdate(clock.warn_at), days))[0]
        paused_for = (at - clock.paused_at).total_seconds()
        clock.state, clock.paused_at = Clock.RUNNING, None
        clock.provisional = _rests_on_provisional(clock.unit, clock.started_at, clock.due_at)
        clock.save(update_fields=["state", "paused_at", "due_at", "warn_at", "provisional", "updated_at"])
        record_event(
            EventCode.CLOCK_RESUMED,
            actor=actor,
            obj=clock,
            payload={"paused_seconds": paused_for, "due_at": clock.due_at.isoformat()},
        )
    return clock


def do_extend_clock(clock, *, by, reason, actor=None):
    """Lengthen the limit by `by` units (an approved 延期), moving the due time on; refuses a stopped clock."""
    if not isinstance(by, int) or isinstance(by, bool) or not 1 <= by <= MAX_LIMIT[clock.unit]:
        raise ClockError(
            _("An extension is a whole number from 1 to %(max)s.") % {"max": MAX_LIMIT[clock.unit]}
        )
    with transaction.atomic():
        clock = _locked(clock)
        if not clock.can_extend():
            raise ClockError(_("A stopped time limit cannot be extended."))
        if clock.unit == Clock.HOURS:
            clock.due_at += datetime.timedelta(hours=by)
        else:
            clock.due_at = _day_bounds(_workday_shift(clock.due_date, by))[1]
        clock.limit += by
        clock.provisional = _rests_on_provisional(clock.unit, clock.started_at, clock.due_at)
        clock.save(update_fields=["due_at", "limit", "provisional", "updated_at"])
        record_event(
            EventCode.CLOCK_EXTENDED,
            actor=actor,
            obj=clock,
            payload={"by": by, "reason": reason, "due_at": clock.due_at.isoformat()},
        )
    return clock


def do_stop_clock(clock, *, actor=None, at=None):
    """The limited work is done (办结, answered ...): record whether it was in time."""
    at = at or timezone.now()
    with transaction.atomic():
        clock = _locked(clock)
        if not clock.can_stop():
            raise ClockError(_("This time limit is already stopped."))
        # A clock stopped while paused is judged at its pause: the count was not running after it.
        judged_at = clock.paused_at or at
        clock.state, clock.stopped_at, clock.met, clock.paused_at = (
            Clock.STOPPED,
            at,
            judged_at <= clock.due_at,
            None,
        )
        clock.save(update_fields=["state", "stopped_at", "met", "paused_at", "updated_at"])
        record_event(EventCode.CLOCK_STOPPED, actor=actor, obj=clock, payload={"met": clock.met})
    return clock


def _changed_years(before, after):
    """The years whose working days differ between two calendar snapshots."""
    changed = set(before.years ^ after.years)
    for mine, theirs in ((before._holidays, after._holidays), (before._workdays, after._workdays)):
        changed.update(day.year for day in mine ^ theirs)
    return changed


def _moved(before, after, anchor, day):
    """`day` as counted under `before`, counted again under `after` from the same `anchor`: the same
    number of working days after it (so the N-th working day of 2027 stays the N-th)."""
    if day <= anchor:
        return day
    n = before.workdays_between(anchor, day)
    return after.add_workdays(anchor, n) if n > 0 else day


def do_recompute_clocks(before, *, actor=None):
    """Count the running and paused working-day clocks again after the calendar changed from the
    snapshot `before` to what the tables say now (a year published, withdrawn or corrected).

    A clock keeps the working days it had before the first changed year (its start, or 31 December
    before that year) and the count of working days after it; only where those days fall moves. Every
    clock whose due date or provisional mark changes is saved and gets a `CLOCK_RECOMPUTED` event;
    the apps that own clocks read it and tell the applicant or caller the new date. Runs in the
    caller's transaction; returns the clocks changed.
    """
    after = workdays.load_calendar()
    years = _changed_years(before, after)
    if not years:
        return []
    first, last = min(years), max(years)
    clocks = Clock.objects.select_for_update().filter(
        state__in=[Clock.RUNNING, Clock.PAUSED],
        unit=Clock.WORKDAYS,
        due_at__gte=_day_bounds(datetime.date(first, 1, 1))[0],
        started_at__lte=_day_bounds(datetime.date(last, 12, 31))[1],
    )
    changed, payloads = [], []
    for clock in clocks.order_by("pk"):
        start = timezone.localdate(clock.started_at)
        anchor = max(start, datetime.date(first - 1, 12, 31))
        previous = clock.due_date
        due = _moved(before, after, anchor, previous)
        warn = _moved(before, after, anchor, timezone.localdate(clock.warn_at))
        provisional = after.is_provisional_between(start, due)
        if due == previous and provisional == clock.provisional:
            continue
        clock.due_at = _day_bounds(due)[1]
        clock.warn_at = _day_bounds(warn)[0]
        clock.provisional = provisional
        changed.append(clock)
        payloads.append(
            {
                "previous_due_date": previous.isoformat(),
                "due_date": due.isoformat(),
                "moved": due != previous,
                "provisional": provisional,
                "years": sorted(years),
            }
        )
    if changed:
        # One UPDATE per distinct new (due, warning, mark): clocks cluster on few dates, and
        # bulk_update's CASE over thousands of rows is far slower.
        groups = {}
        for clock in changed:
            groups.setdefault((clock.due_at, clock.warn_at, clock.provisional), []).append(clock.pk)
        now = timezone.now()
        for (due_at, warn_at, provisional), pks in groups.items():
            for index in range(0, len(pks), 500):
                Clock.objects.filter(pk__in=pks[index : index + 500]).update(
                    due_at=due_at, warn_at=warn_at, provisional=provisional, updated_at=now
                )
        record_events(EventCode.CLOCK_RECOMPUTED, changed, actor=actor, payloads=payloads)
    return changed
