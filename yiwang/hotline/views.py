"""Hotline pages: the operator console, the dispatcher's queue, the department worklist, supervision
(/staff/hotline/); the citizen's form, their tickets and the return-visit link (/hotline/)."""

import csv
import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from yiwang.accounts.actions import phone_index
from yiwang.accounts.forms import apply_errors
from yiwang.core.channels import Channel
from yiwang.core.http import client_ip
from yiwang.core.idempotency import IdempotencyError, fingerprint, run_once
from yiwang.core.models import Clock, Event
from yiwang.core.spreadsheet import spreadsheet_row
from yiwang.hotline import actions, forms, permissions
from yiwang.hotline.duplicates import hot_issues, similar_answers, similar_open_tickets
from yiwang.hotline.models import Category, Ticket
from yiwang.hotline.statistics import department_figures

LIST_LIMIT = 100
LIST_RELATED = ("category", "department", "street", "dispatch_clock", "handling_clock")


def staff_page(check):
    """Logged-in staff passing `check(user)`; everyone else gets 403 (and nothing is shown)."""

    def decorate(view):
        @functools.wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


def hotline_staff(user):
    return permissions.is_centre(user) or permissions.is_department_staff(user)


# Staff: lists --------------------------------------------------------------------------------------


@require_GET
@staff_page(hotline_staff)
def home(request):
    if not permissions.is_centre(request.user):
        return redirect("staff_hotline:worklist")
    tab = request.GET.get("tab", "dispatch")
    statuses = {
        "dispatch": (Ticket.RECEIVED, Ticket.RETURNED),
        "visit": (Ticket.ANSWERED,),
        "open": tuple(Ticket.OPEN),
    }.get(tab, (Ticket.RECEIVED, Ticket.RETURNED))
    tickets = Ticket.objects.filter(status__in=statuses).select_related(*LIST_RELATED)
    number = request.GET.get("number", "").strip()[:32]
    if number:
        tickets = Ticket.objects.filter(number=number).select_related(*LIST_RELATED)
    return render(
        request,
        "hotline/staff_home.html",
        {
            "tickets": tickets.order_by("-created_at")[:LIST_LIMIT],
            "tab": tab,
            "number": number,
            "now": timezone.now(),
        },
    )


@require_GET
@staff_page(hotline_staff)
def worklist(request):
    tickets = (
        permissions.tickets_for_department_staff(request.user)
        .filter(status__in=(Ticket.DISPATCHED, Ticket.HANDLING, Ticket.ANSWERED))
        .select_related(*LIST_RELATED)
        .order_by("-created_at")[:LIST_LIMIT]
    )
    return render(request, "hotline/worklist.html", {"tickets": tickets, "now": timezone.now()})


@require_GET
@staff_page(permissions.is_supervisor)
def supervision(request):
    now = timezone.now()
    ids = {
        state: [
            int(i)
            for i in getattr(Clock.objects, state)(now)
            .filter(object_type="hotline.ticket")
            .values_list("object_id", flat=True)[:LIST_LIMIT]
        ]
        for state in ("overdue", "warning")
    }
    related = Ticket.objects.select_related(*LIST_RELATED)
    return render(
        request,
        "hotline/supervision.html",
        {
            "overdue": related.filter(pk__in=ids["overdue"], status__in=Ticket.OPEN)[:LIST_LIMIT],
            "warning": related.filter(pk__in=ids["warning"], status__in=Ticket.OPEN)[:LIST_LIMIT],
            "extensions": related.filter(
                extension_state=Ticket.EXTENSION_REQUESTED, status__in=Ticket.WITH_DEPARTMENT
            )[:LIST_LIMIT],
            "figures": department_figures(),
            "now": now,
        },
    )


@require_GET
@staff_page(permissions.is_centre)
def hot(request):
    return render(request, "hotline/hot.html", {"clusters": hot_issues()})


@require_GET
@staff_page(hotline_staff)
def export(request):
    """The tickets this user may see as CSV; callers as `caller_shown_to` allows (never a confidential one
    to a department)."""
    centre = permissions.is_centre(request.user)
    tickets = (
        permissions.tickets_for_staff(request.user)
        .select_related("category", "department", "street")
        .order_by("-created_at")[:5000]
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="tickets.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Ticket number"),
            _("Kind"),
            _("Status"),
            _("Title"),
            _("Address"),
            _("Category"),
            _("Lead department"),
            _("Caller's name"),
            _("Caller's phone"),
            _("Received at"),
        ]
    )
    for t in tickets:
        caller = t.caller_shown_to(centre=centre)
        writer.writerow(
            spreadsheet_row(
                [
                    t.number,
                    t.get_kind_display(),
                    t.get_status_display(),
                    t.title,
                    t.address,
                    t.category.name if t.category else "",
                    t.department.name if t.department else "",
                    caller["name"],
                    caller["phone"],
                    timezone.localtime(t.created_at).isoformat(),
                ]
            )
        )
    return response


# Staff: the call and the ticket --------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@staff_page(permissions.is_centre)
def take_call(request):
    form = forms.CallForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def create():
            ticket = actions.do_create_ticket(
                kind=data["kind"],
                title=data["title"],
                text=data["text"],
                channel=Channel.PHONE,
                actor=request.user,
                caller_name=data["caller_name"],
                caller_phone=data["caller_phone"],
                anonymous=data["anonymous"],
                confidential=data["confidential"],
                address=data["address"],
                latitude=data["latitude"],
                longitude=data["longitude"],
                urgency=data["urgency"],
                attachments=data["attachments"],
                ip=client_ip(request),
            )
            return 201, {"code": str(ticket.code)}

        try:
            request_hash = fingerprint(
                {k: str(v) for k, v in data.items() if k not in ("idempotency_key", "attachments")}
            )
            _status, body, _replayed = run_once(
                "web:hotline-call", data["idempotency_key"], request.user.pk, request_hash, create
            )
        except ValidationError as error:
            apply_errors(form, error)
        except IdempotencyError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The call was recorded. Check the suggested category and dispatch."))
            return redirect("staff_hotline:ticket", code=body["code"])
    return render(request, "hotline/take_call.html", {"form": form})


@require_GET
@staff_page(permissions.is_centre)
def caller_history(request):
    """The earlier tickets of a phone number (htmx partial of the call form)."""
    phone = "".join(request.GET.get("caller_phone", "").split())[:20]
    tickets = []
    if len(phone) >= 7:
        tickets = (
            Ticket.objects.filter(caller_phone_index=phone_index(phone))
            .select_related("department")
            .order_by("-created_at")[:10]
        )
    return render(request, "hotline/_caller_history.html", {"tickets": tickets, "phone": phone})


@require_GET
@staff_page(hotline_staff)
def ticket_detail(request, code):
    user = request.user
    ticket = permissions.get_ticket_for_staff(user, code)
    centre = permissions.is_centre(user)
    context = {
        "ticket": ticket,
        "centre": centre,
        "can_handle": permissions.can_handle(user, ticket),
        "co_department": permissions.co_department_of(user, ticket),
        "opinions": list(ticket.opinions.select_related("department")),
        "supervisor": permissions.is_supervisor(user),
        "caller": ticket.caller_shown_to(centre=centre),
        "co_departments": list(ticket.co_departments.all()),
        "now": timezone.now(),
        "attachments": list(ticket.attachments.all()),
        "events": Event.objects.filter(object_type="hotline.ticket", object_id=str(ticket.pk))
        .select_related("actor")
        .order_by("created_at", "id")[:200],
    }
    if centre:
        categories = {c.name: c for c in Category.objects.filter(is_active=True).select_related("department")}
        context["suggestions"] = [
            {
                "name": name,
                "percent": round(100 * confidence),
                "category": categories.get(name),
                "department": actions.suggested_department(ticket, categories.get(name)),
            }
            for name, confidence in ticket.suggestions
        ]
        category = actions.suggested_category(ticket)
        context["dispatch_form"] = forms.DispatchForm(
            initial={
                "category": ticket.category or category,
                "department": ticket.department or actions.suggested_department(ticket, category),
            }
        )
        if ticket.can_merge():
            context["duplicates"] = similar_open_tickets(ticket)
        if ticket.kind == Ticket.CONSULTATION and ticket.can_close_directly():
            context["answers"] = similar_answers(ticket.title, ticket.text)
        if ticket.caller_phone_index and not ticket.anonymous:
            context["history"] = (
                Ticket.objects.filter(caller_phone_index=ticket.caller_phone_index)
                .exclude(pk=ticket.pk)
                .order_by("-created_at")[:10]
            )
    context.update(
        answer_form=forms.AnswerForm(),
        reason_form=forms.ReasonForm(),
        extension_form=forms.ExtensionForm(),
        urge_form=forms.UrgeForm(),
        visit_form=forms.VisitForm(),
        merge_form=forms.MergeForm(),
    )
    return render(request, "hotline/ticket.html", context)


def _merge(ticket, data, user):
    master = Ticket.objects.filter(number=data["master"].strip()).first()
    if master is None:
        raise ValidationError(_("No ticket has the number %(number)s.") % {"number": data["master"][:32]})
    return actions.do_merge_ticket(ticket, master=master, actor=user)


# name: (form, who may, what to do, the message on success)
TICKET_ACTIONS = {
    "dispatch": (
        forms.DispatchForm,
        lambda u, t: permissions.is_centre(u),
        lambda t, d, u: actions.do_dispatch_ticket(
            t, category=d["category"], department=d["department"], co_departments=d["co_departments"], actor=u
        ),
        _("The ticket was dispatched."),
    ),
    "take-up": (
        None,
        permissions.can_handle,
        lambda t, d, u: actions.do_take_up_ticket(t, actor=u),
        _("You took the ticket up."),
    ),
    "return": (
        forms.ReasonForm,
        permissions.can_handle,
        lambda t, d, u: actions.do_return_ticket(t, reason=d["reason"], actor=u),
        _("The ticket was returned to the dispatcher."),
    ),
    "answer": (
        forms.AnswerForm,
        permissions.can_handle,
        lambda t, d, u: actions.do_answer_ticket(t, answer=d["answer"], actor=u),
        _("The answer was sent to the citizen."),
    ),
    "opinion": (
        forms.OpinionForm,
        lambda u, t: permissions.co_department_of(u, t) is not None,
        lambda t, d, u: actions.do_give_co_opinion(
            t, department=permissions.co_department_of(u, t), text=d["text"], actor=u
        ),
        _("Your opinion was sent to the lead department."),
    ),
    "extension": (
        forms.ExtensionForm,
        permissions.can_handle,
        lambda t, d, u: actions.do_request_extension(t, days=d["days"], reason=d["reason"], actor=u),
        _("The extension was requested."),
    ),
    "decide-extension": (
        forms.DecisionForm,
        lambda u, t: permissions.is_supervisor(u),
        lambda t, d, u: actions.do_decide_extension(t, approve=d["approve"], actor=u),
        _("The decision was recorded."),
    ),
    "urge": (
        forms.UrgeForm,
        lambda u, t: permissions.is_supervisor(u),
        lambda t, d, u: actions.do_urge_ticket(t, note=d["note"], actor=u),
        _("The urging notice was sent."),
    ),
    "visit": (
        forms.VisitForm,
        lambda u, t: permissions.is_centre(u),
        lambda t, d, u: actions.do_record_return_visit(
            t, satisfaction=d["satisfaction"], resolved=d["resolved"], note=d["note"], actor=u
        ),
        _("The return visit was recorded."),
    ),
    "close-directly": (
        forms.AnswerForm,
        lambda u, t: permissions.is_centre(u),
        lambda t, d, u: actions.do_close_directly(t, answer=d["answer"], actor=u),
        _("The consultation was answered and closed."),
    ),
    "merge": (
        forms.MergeForm,
        lambda u, t: permissions.is_centre(u),
        _merge,
        _("The ticket was merged into the master ticket."),
    ),
}


@require_POST
@staff_page(hotline_staff)
def ticket_action(request, code, action):
    if action not in TICKET_ACTIONS:
        raise Http404
    ticket = permissions.get_ticket_for_staff(request.user, code)
    form_class, allowed, run, done = TICKET_ACTIONS[action]
    if not allowed(request.user, ticket):
        raise PermissionDenied
    form = form_class(request.POST) if form_class else None
    if form is not None and not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    else:
        try:
            run(ticket, form.cleaned_data if form else {}, request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, done)
    if (
        action in ("return", "merge")
        and not permissions.tickets_for_staff(request.user).filter(pk=ticket.pk).exists()
    ):
        return redirect("staff_hotline:home")
    return redirect("staff_hotline:ticket", code=ticket.code)


# Citizens ------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def citizen_new(request):
    form = forms.CitizenTicketForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def create():
            ticket = actions.do_create_ticket(
                kind=data["kind"],
                title=data["title"],
                text=data["text"],
                channel=Channel.WEB,
                caller_user=request.user,
                confidential=data["confidential"],
                address=data["address"],
                attachments=data["attachments"],
                ip=client_ip(request),
            )
            return 201, {"code": str(ticket.code), "number": ticket.number}

        try:
            request_hash = fingerprint(
                {k: str(data[k]) for k in ("kind", "title", "text", "address", "confidential")}
            )
            _status, body, _replayed = run_once(
                "web:hotline", data["idempotency_key"], request.user.pk, request_hash, create
            )
        except ValidationError as error:
            apply_errors(form, error)
        except IdempotencyError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("Your request was received as ticket %(number)s.") % {"number": body["number"]}
            )
            return redirect("hotline:mine_detail", code=body["code"])
    return render(request, "hotline/citizen_new.html", {"form": form})


@login_required
@require_GET
def citizen_mine(request):
    tickets = Ticket.objects.filter(caller_user=request.user).order_by("-created_at")[:LIST_LIMIT]
    return render(request, "hotline/citizen_mine.html", {"tickets": tickets})


@login_required
@require_GET
def citizen_detail(request, code):
    ticket = permissions.get_ticket_for_citizen(request.user, code)
    return render(request, "hotline/citizen_detail.html", {"ticket": ticket, "visit_form": forms.VisitForm()})


@require_http_methods(["GET", "POST"])
def visit_by_link(request, token):
    """The return visit the citizen answers from the SMS link (no login: the link is the secret)."""
    ticket = Ticket.objects.filter(visit_token=token[:40]).first() if token else None
    if ticket is None:
        raise Http404
    form = forms.VisitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_record_return_visit(
                ticket,
                satisfaction=data["satisfaction"],
                resolved=data["resolved"],
                note=data["note"],
                channel=Channel.SMS,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return render(request, "hotline/visit_thanks.html", {"ticket": ticket})
    return render(request, "hotline/visit.html", {"ticket": ticket, "form": form})
