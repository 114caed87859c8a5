"""The staff worklists (工作台待办): which cases each tab holds, filters, search, and a page of rows.

Everything starts from `cases_for_staff` (the department scope), so a tab can only narrow what the
user may see. A page costs a fixed number of queries whatever its size: the rows come with their
version, applicant, clock and step in one query, and the remaining working days are counted from the
in-memory calendar.
"""

import datetime

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from yiwang.accounts.actions import citizen_id_index
from yiwang.accounts.models import Department, Enterprise, Person, Role
from yiwang.cases.actions import remaining_days
from yiwang.cases.models import Case
from yiwang.cases.permissions import HANDLING_ROLES, cases_for_staff
from yiwang.core.channels import Channel
from yiwang.core.identifiers import IdentifierError, parse_citizen_id, parse_credit_code
from yiwang.core.models import Clock
from yiwang.core.pii import mask_name
from yiwang.services.models import ProcessStep

DECIDED = (Case.APPROVED, Case.DENIED)
FINISHED = (Case.FINISHED, Case.DELIVERED, Case.NOT_ACCEPTED, Case.WITHDRAWN)


def _my_steps(user):
    """Cases in review whose current step is acted on by a role the user holds there (a head: any step).

    The steps are read first (one small query) and named by id: joined instead, PostgreSQL starts
    from the step column, empty for most cases, and reads the whole table.
    """
    roles = {a.role for a in user.roles() if a.role in HANDLING_ROLES and a.role != Role.DEPARTMENT_HEAD}
    steps = {}
    for pk, role in ProcessStep.objects.filter(role__in=roles).order_by().values_list("pk", "role"):
        steps.setdefault(role, []).append(pk)
    condition = Q(pk__in=[])
    for assignment in user.roles():
        if assignment.role not in HANDLING_ROLES:
            continue
        here = Q(department__in=Department.objects.filter(path__startswith=assignment.department.path))
        if assignment.role != Role.DEPARTMENT_HEAD:
            here &= Q(step_id__in=steps.get(assignment.role, []))
        condition |= here
    return Q(status=Case.IN_REVIEW) & condition


def tab_condition(tab, user, now):
    if tab == "mine":
        return _my_steps(user)
    return {
        "accept": Q(status=Case.SUBMITTED),
        "due_soon": Q(
            status__in=Case.OPEN, clock__state=Clock.RUNNING, clock__warn_at__lte=now, clock__due_at__gte=now
        ),
        "overdue": Q(status__in=Case.OPEN, clock__state=Clock.RUNNING, clock__due_at__lt=now),
        "supplement": Q(status=Case.SUPPLEMENT),
        "decided": Q(status__in=DECIDED),
        # Every closed status sets finished_at, and only they do: one indexed column instead of four
        # statuses lets the newest be read in index order.
        "finished": Q(finished_at__isnull=False),
    }[tab]


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


COUNTS_SECONDS = 30  # tab counts may lag this long behind other people's acts (one's own acts clear them)


def _counts_key(user):
    return f"worklist-counts:{user.pk}"


def forget_counts(user):
    """After the user acted: their next page counts afresh."""
    cache.delete(_counts_key(user))


def tab_counts(user, scope, now, mine):
    """The number of cases in each open tab (the finished tab only grows and is not counted), kept
    for COUNTS_SECONDS: the badges are a guide, the rows below them are always read afresh.

    Three small queries over the departments' open cases, each walking the (department, status)
    index: by status, at the user's steps, and by the signal of their running clocks.
    """
    counts = cache.get(_counts_key(user))
    if counts is not None:
        return counts
    by_status = dict(
        scope.filter(status__in=Case.OPEN).values_list("status").annotate(n=Count("pk")).order_by()
    )
    clocks = scope.filter(status__in=Case.OPEN, clock__state=Clock.RUNNING).aggregate(
        due_soon=Count("pk", filter=Q(clock__warn_at__lte=now, clock__due_at__gte=now)),
        overdue=Count("pk", filter=Q(clock__due_at__lt=now)),
    )
    counts = {
        "accept": by_status.get(Case.SUBMITTED, 0),
        "mine": scope.filter(mine()).count(),
        "due_soon": clocks["due_soon"],
        "overdue": clocks["overdue"],
        "supplement": by_status.get(Case.SUPPLEMENT, 0),
        "decided": sum(by_status.get(status, 0) for status in DECIDED),
    }
    cache.set(_counts_key(user), counts, COUNTS_SECONDS)
    return counts


ID_SEARCH = "id:"  # a search by citizen ID number travels as its blind index, never in clear


def search_token(text):
    """What the search box's text becomes in the worklist's URL: a citizen ID number is replaced by
    `id:<blind index>`, so that it never reaches an address bar, a history or an access log."""
    text = (text or "").strip()
    try:
        return ID_SEARCH + citizen_id_index(parse_citizen_id(text).number)
    except IdentifierError:
        return text


def search_condition(text):
    """A case number, an applicant's name, a citizen ID number (by its blind index) or a credit code."""
    text = text.strip()
    if text.startswith(ID_SEARCH):
        return Q(applicant__in=Person.objects.filter(id_number_index=text[len(ID_SEARCH) :]).values("pk"))
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
    scope = cases_for_staff(user, resolve_departments=True)
    tab = form.value("tab", "accept")
    condition = tab_condition(tab, user, now)
    cases = scope.filter(condition)
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
        next_day = form.value("submitted_to") + datetime.timedelta(days=1)
        end = datetime.datetime.combine(next_day, datetime.time.min, tzinfo=tz)
        cases = cases.filter(submitted_at__lt=end)
    if form.value("q"):
        cases = cases.filter(search_condition(form.value("q")))
    cases = (
        cases.select_related("version", "applicant", "clock", "step")
        .only(
            "code",
            "number",
            "status",
            "channel",
            "submitted_at",
            "updated_at",
            "decided_at",
            "finished_at",
            "department_id",
            "version__name",
            "applicant__name",
            "applicant__kind",
            "clock__state",
            "clock__due_at",
            "clock__warn_at",
            "clock__paused_at",
            "clock__provisional",
            "step__name",
        )
        .order_by(*TAB_ORDER[tab])
    )
    page = Paginator(cases, form.value("size", 20)).get_page(form.data.get("page"))
    today = timezone.localdate(now)
    # Labels translated once per page (a model's get_<field>_display rebuilds its choices each call).
    labels = {
        "channel": {k: str(v) for k, v in Channel.choices},
        "status": {k: str(v) for k, v in Case.STATUS_CHOICES},
        "signal": {
            Clock.GREEN: ("text-bg-success", _("On time")),
            Clock.YELLOW: ("text-bg-warning", _("Due soon")),
            Clock.RED: ("text-bg-danger", _("Overdue")),
        },
    }
    page.rows = [row_of(case, now, today, labels) for case in page.object_list]
    counts = tab_counts(user, scope, now, lambda: condition if tab == "mine" else _my_steps(user))
    return tab, counts, page


def row_of(case, now, today, labels):
    clock = case.clock
    remaining = remaining_days(case, today)
    signal = clock.signal(now) if clock else None
    return {
        "case": case,
        "channel": labels["channel"].get(case.channel, case.channel),
        "status": labels["status"].get(case.status, case.status),
        "applicant": (
            mask_name(case.applicant.name) if case.applicant.kind == Person.PERSON else case.applicant.name
        ),
        "due_date": clock.due_date if clock and clock.state != Clock.STOPPED else None,
        "remaining": remaining,
        "late": -remaining if remaining is not None and remaining < 0 else None,
        "signal": signal,
        "signal_badge": labels["signal"].get(signal),
    }
