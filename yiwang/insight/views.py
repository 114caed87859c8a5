"""Insight pages (/staff/insight/): the leaders' dashboard, the large screen for the command centre
(城市运行指挥中心) and its JSON, the monthly report, supervision (电子监察) with its acts and its
monthly statistics."""

import functools
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from yiwang.core.events import EventCode, record_event
from yiwang.core.models import Clock
from yiwang.core.workdays import unpublished_year_warning
from yiwang.insight import actions, kpis, permissions, reports, supervision
from yiwang.insight.data import cards, dashboard_data, tables
from yiwang.insight.subjects import describe, kind_label


def scoped(scope_of):
    """Logged-in staff with a scope (None = the district, else department ids) passed to the view."""

    def decorate(view):
        @functools.wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            scope = scope_of(request.user)
            return view(request, scope, *args, **kwargs)

        return wrapper

    return decorate


def _nav(user):
    def allowed(scope_of):
        try:
            scope_of(user)
        except PermissionDenied:
            return False
        return True

    return {
        "dashboard": allowed(permissions.dashboard_scope),
        "supervision": allowed(permissions.supervision_scope),
    }


def _choices(request, scope):
    departments, chosen = permissions.narrow(scope, request.GET.get("department", ""))
    granularity = request.GET.get("granularity", "month")
    if granularity not in kpis.GRANULARITIES:
        granularity = "month"
    return departments, chosen, granularity


@require_GET
@scoped(permissions.dashboard_scope)
def dashboard(request, scope):
    departments, chosen, granularity = _choices(request, scope)
    data = dashboard_data(departments, granularity)
    month = timezone.localdate().strftime("%Y-%m")
    return render(
        request,
        "insight/dashboard.html",
        {
            "nav": _nav(request.user),
            "data": data,
            "cards": cards(data),
            "tables": tables(data),
            "chosen": chosen,
            "granularity": granularity,
            "month": month,
            "choices": permissions.scope_departments(scope),
            "district_wide": scope is None,
            "granularities": [("day", _("Days")), ("week", _("Weeks")), ("month", _("Months"))],
            "calendar_warning": unpublished_year_warning(timezone.localdate()),
        },
    )


@require_GET
@scoped(permissions.dashboard_scope)
def data_json(request, scope):
    departments, _chosen, granularity = _choices(request, scope)
    return JsonResponse(dashboard_data(departments, granularity))


@require_GET
@scoped(permissions.dashboard_scope)
def screen(request, scope):
    _departments, chosen, granularity = _choices(request, scope)
    query = {"granularity": granularity, **({"department": chosen.code} if chosen else {})}
    return render(
        request, "insight/screen.html", {"chosen": chosen, "query": urlencode(query), "tiles": SCREEN_TILES}
    )


SCREEN_TILES = (
    "cases_submitted",
    "on_time_rate",
    "tickets_received",
    "response_rate",
    "solved_rate",
    "ticket_satisfied_rate",
    "good_rate",
    "online_rate",
)


def _month(request):
    month = request.GET.get("month", "") or timezone.localdate().strftime("%Y-%m")
    try:
        return month, supervision.month_bounds(month)
    except ValueError:
        return month, None


@require_GET
@scoped(permissions.dashboard_scope)
def report(request, scope, fmt):
    departments, chosen, _granularity = _choices(request, scope)
    month, bounds = _month(request)
    if bounds is None:
        return HttpResponseBadRequest(
            _("Give the month as YYYY-MM."), content_type="text/plain; charset=utf-8"
        )
    data = reports.monthly_report(*bounds, departments)
    suffix = f"-{chosen.code}" if chosen else ""
    record_event(
        EventCode.REPORT_EXPORTED,
        actor=request.user,
        payload={"report": "monthly", "month": month, "format": fmt, "department": suffix[1:]},
    )
    if fmt == "pdf":
        response = HttpResponse(reports.report_pdf(data), content_type="application/pdf")
    else:
        response = HttpResponse(reports.report_xlsx(data), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="report-{month}{suffix}.{fmt}"'
    return response


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# Supervision ---------------------------------------------------------------------------------------


@require_GET
@scoped(permissions.supervision_scope)
def supervision_page(request, scope):
    departments, chosen = permissions.narrow(scope, request.GET.get("department", ""))
    signal = request.GET.get("signal", "")
    signal = signal if signal in supervision.SIGNALS else ""
    kind = request.GET.get("kind", "")[:50].replace("\x00", "")
    now = timezone.now()
    clocks = list(supervision.listing(now, departments, signal, kind))
    subjects = describe(clocks)
    rows = [
        {
            "clock": clock,
            "signal": clock.signal(now),
            "subject": subjects[clock.pk],
            "kind": kind_label(clock.kind),
        }
        for clock in clocks
    ]
    return render(
        request,
        "insight/supervision.html",
        {
            "nav": _nav(request.user),
            "rows": rows,
            "summary": supervision.summary(now, departments),
            "chosen": chosen,
            "signal": signal,
            "kind": kind,
            "choices": permissions.scope_departments(scope),
            "can_act": permissions.can_supervise(request.user),
            "limit": supervision.LIST_LIMIT,
            "month": timezone.localdate().strftime("%Y-%m"),
        },
    )


@require_POST
@scoped(permissions.supervision_scope)
def supervision_act(request, scope, code, act):
    if act not in ("urge", "escalate"):
        raise Http404
    clock = Clock.objects.filter(code=_uuid(code)).select_related("department").first()
    if clock is None or (scope is not None and clock.department_id not in scope):
        raise Http404
    do = actions.do_urge_clock if act == "urge" else actions.do_escalate_clock
    try:
        do(clock, note=request.POST.get("note", ""), actor=request.user)
    except PermissionDenied:
        raise
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Urging notice sent.") if act == "urge" else _("Escalated."))
    return redirect("insight:supervision")


def _uuid(code):
    import uuid

    try:
        return uuid.UUID(str(code))
    except ValueError:
        raise Http404 from None


@require_GET
@scoped(permissions.supervision_scope)
def supervision_monthly(request, scope, fmt="html"):
    departments, chosen = permissions.narrow(scope, request.GET.get("department", ""))
    month, bounds = _month(request)
    if bounds is None:
        if fmt == "xlsx":
            return HttpResponseBadRequest(
                _("Give the month as YYYY-MM."), content_type="text/plain; charset=utf-8"
            )
        messages.error(request, _("Give the month as YYYY-MM."))
        month = timezone.localdate().strftime("%Y-%m")
        bounds = supervision.month_bounds(month)
    rows = supervision.monthly(*bounds, timezone.now(), departments)
    if fmt == "xlsx":
        record_event(
            EventCode.REPORT_EXPORTED,
            actor=request.user,
            payload={"report": "supervision", "month": month, "format": fmt},
        )
        response = HttpResponse(reports.supervision_xlsx(rows, month), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="supervision-{month}.xlsx"'
        return response
    shown = [
        {
            "department": row["department"],
            "values": [reports.shown(row[key], unit) for key, _text, unit in reports.SUPERVISION_COLUMNS],
        }
        for row in rows
    ]
    return render(
        request,
        "insight/monthly.html",
        {
            "nav": _nav(request.user),
            "rows": shown,
            "month": month,
            "chosen": chosen,
            "columns": reports.SUPERVISION_COLUMNS,
        },
    )
