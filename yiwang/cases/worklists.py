"""The staff worklists (工作台待办): which cases each tab holds, filters, search, and a page of rows.

Everything starts from `cases_for_staff` (the department scope), so a tab can only narrow what the
user may see. A page costs a fixed number of queries whatever its size: the rows come with their
version, applicant, clock and step in one query, and the remaining working days are counted from the
in-memory calendar.
"""

import datetime

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.utils import timezone

from yiwang.accounts.actions import citizen_id_index
from yiwang.accounts.models import Enterprise, Person, Role
from yiwang.cases.actions import remaining_days
from yiwang.cases.models import Case
from yiwang.cases.permissions import HANDLING_ROLES, cases_for_staff
from yiwang.core.identifiers import IdentifierError, parse_citizen_id, parse_credit_code
from yiwang.core.models import Clock
from yiwang.core.pii import mask_name

DECIDED = (Case.APPROVED, Case.DENIED)
FINISHED = (Case.FINISHED, Case.DELIVERED, Case.NOT_ACCEPTED, Case.WITHDRAWN)


def _my_steps(user):
    """Cases in review whose current step is acted on by a role the user holds there (a head: any step)."""
    condition = Q(pk__in=[])
    for assignment in user.roles():
        if assignment.role not in HANDLING_ROLES:
            continue
        here = Q(department__path__startswith=assignment.department.path)
        condition |= here if assignment.role == Role.DEPARTMENT_HEAD else here & Q(step__role=assignment.role)
    return Q(status=Case.IN_REVIEW) & condition


def tab_conditions(user, now):
    return {
        "accept": Q(status=Case.SUBMITTED),
        "mine": _my_steps(user),
        "due_soon": Q(status__in=Case.OPEN, clock__state=Clock.RUNNING, clock__warn_at__lte=now,
                      clock__due_at__gte=now),
        "overdue": Q(status__in=Case.OPEN, clock__state=Clock.RUNNING, clock__due_at__lt=now),
        "supplement": Q(status=Case.SUPPLEMENT),
        "decided": Q(status__in=DECIDED),
        "finished": Q(status__in=FINISHED),
    }


# How each tab is sorted: what waits longest, or is due first, comes first.
TAB_ORDER = {
    "accept": ["submitted_at", "id"],
    "mine": ["clock__due_at", "id"],
    "due_soon": ["clock__due_at", "id"],
    "overdue": ["clock__due_at", "id"],
    "supplement": ["-updated_at", "-id"],
    "decided": ["decided_at", "id"],
    "finished": ["-finished_at", "-id"],
}


def tab_counts(scope, conditions):
    """The number of cases in each open tab, in one query (the finished tab is not counted: it only grows)."""
    counted = {name: condition for name, condition in conditions.items() if name != "finished"}
    return scope.filter(status__in=Case.OPEN).aggregate(
        **{name: Count("pk", filter=condition) for name, condition in counted.items()})


def search_condition(text):
    """A case number, an applicant's name, a citizen ID number (by its blind index) or a credit code."""
    text = text.strip()
    try:
        number = parse_citizen_id(text).number
    except IdentifierError:
        pass
    else:
        return Q(applicant__in=Person.objects.filter(id_number_index=citizen_id_index(number)).values("pk"))
    try:
        code = parse_credit_code(text).code
    except IdentifierError:
        pass
    else:
        return Q(applicant__in=Enterprise.objects.filter(credit_code=code).values("pk"))
    if text.isdigit():
        return Q(number__contains=text)
    return Q(applicant__name__icontains=text) | Q(number__iexact=text)


def worklist(user, form, *, now=None):
    """(tab, counts, page) for the worklist filter form."""
    now = now or timezone.now()
    scope = cases_for_staff(user)
    conditions = tab_conditions(user, now)
    tab = form.value("tab", "accept")
    cases = scope.filter(conditions[tab])
    if form.value("item"):
        cases = cases.filter(item__code=form.value("item"))
    if form.value("status"):
        cases = cases.filter(status=form.value("status"))
    if form.value("channel"):
        cases = cases.filter(channel=form.value("channel"))
    tz = timezone.get_current_timezone()
    if form.value("submitted_from"):
        start = datetime.datetime.combine(form.value("submitted_from"), datetime.time.min, tzinfo=tz)
        cases = cases.filter(submitted_at__gte=start)
    if form.value("submitted_to"):
        end = datetime.datetime.combine(form.value("submitted_to") + datetime.timedelta(days=1), datetime.time.min,
                                        tzinfo=tz)
        cases = cases.filter(submitted_at__lt=end)
    if form.value("q"):
        cases = cases.filter(search_condition(form.value("q")))
    cases = (cases.select_related("version", "applicant", "clock", "step")
             .only("code", "number", "status", "channel", "submitted_at", "updated_at", "decided_at", "finished_at",
                   "department_id", "version__name", "applicant__name", "applicant__kind", "clock__state",
                   "clock__due_at", "clock__warn_at", "clock__paused_at", "step__name")
             .order_by(*TAB_ORDER[tab]))
    page = Paginator(cases, form.value("size", 20)).get_page(form.data.get("page"))
    today = timezone.localdate(now)
    page.rows = [row_of(case, now, today) for case in page.object_list]
    return tab, tab_counts(scope, conditions), page


def row_of(case, now, today):
    clock = case.clock
    remaining = remaining_days(case, today)
    return {
        "case": case,
        "applicant": mask_name(case.applicant.name) if case.applicant.kind == Person.PERSON else case.applicant.name,
        "due_date": clock.due_date if clock and clock.state != Clock.STOPPED else None,
        "remaining": remaining,
        "late": -remaining if remaining is not None and remaining < 0 else None,
        "signal": clock.signal(now) if clock else None,
    }
