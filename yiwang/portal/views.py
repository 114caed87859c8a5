"""Public pages and the personal centre."""

import uuid

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST, require_safe

from yiwang.accounts import actions
from yiwang.accounts.forms import EnterpriseForm, apply_errors
from yiwang.accounts.models import ADMIN_ROLES, Department
from yiwang.accounts.permissions import enterprises_for_user, get_enterprise_for_user
from yiwang.cases.actions import remaining_days
from yiwang.cases.models import Case
from yiwang.cases.permissions import cases_for_applicant
from yiwang.core.channels import Channel
from yiwang.core.http import client_ip
from yiwang.core.idempotency import IdempotencyError, fingerprint, run_once
from yiwang.notify.actions import do_mark_read
from yiwang.notify.models import Notification
from yiwang.portal.middleware import DISPLAY_COOKIE, KIOSK_COOKIE

ACTING_FOR = "acting_for"


@require_safe
def healthz(request):
    """Liveness for load balancers; also the bench baseline (no database, no session)."""
    return HttpResponse("ok", content_type="text/plain")


@require_GET
def home(request):
    departments = Department.objects.filter(kind=Department.DEPARTMENT, is_active=True).order_by(
        "sort_order", "code"
    )
    communities = Prefetch(
        "children", queryset=Department.objects.filter(is_active=True).order_by("sort_order")
    )
    streets = (
        Department.objects.filter(kind=Department.STREET, is_active=True)
        .order_by("sort_order", "code")
        .prefetch_related(communities)
    )
    return render(request, "portal/home.html", {"departments": departments, "streets": streets})


CENTRE_ROWS = 10  # per section of "my applications"; the full list is at /cases/


def _my_applications(user):
    """Drafts to continue, cases in progress, finished ones: a few of each, newest first."""
    mine = (
        cases_for_applicant(user)
        .exclude(Q(status=Case.DRAFT) & ~Q(owner=user))
        .select_related("version", "department", "clock")
    )
    return {
        "drafts": list(mine.filter(status=Case.DRAFT).order_by("-updated_at", "-id")[:CENTRE_ROWS]),
        "open": [
            {
                "case": case,
                "due": case.clock.due_date if case.clock_id else None,
                "remaining": remaining_days(case),
            }
            for case in mine.filter(status__in=Case.OPEN).order_by("-submitted_at", "-id")[:CENTRE_ROWS]
        ],
        "closed": list(mine.filter(status__in=Case.CLOSED).order_by("-finished_at", "-id")[:CENTRE_ROWS]),
    }


def _in_app(user):
    return Notification.objects.filter(recipient=user, medium=Notification.IN_APP)


@login_required
@require_GET
def centre(request):
    user = request.user
    person = getattr(user, "person", None)
    enterprises = list(enterprises_for_user(user))
    acting_for = next((e for e in enterprises if str(e.code) == request.session.get(ACTING_FOR)), None)
    return render(
        request,
        "portal/centre.html",
        {
            "person": person,
            "enterprises": enterprises,
            "acting_for": acting_for,
            "roles": user.roles(),
            "is_admin": user.has_role(*ADMIN_ROLES),
            "applications": _my_applications(user),
            "notifications": list(_in_app(user)[:CENTRE_ROWS]),
        },
    )


@login_required
@require_GET
def notifications(request):
    """All my in-app messages, newest first."""
    page = Paginator(_in_app(request.user), 20).get_page(request.GET.get("page"))
    return render(request, "portal/notifications.html", {"page": page})


@login_required
@require_POST
def notifications_read(request):
    """Mark one message read (`notification` = its code), or all of them."""
    code = request.POST.get("notification", "")
    if code:
        try:
            codes = [uuid.UUID(code)]
        except ValueError:
            codes = []
        do_mark_read(request.user, codes)
    else:
        do_mark_read(request.user)
        messages.success(request, _("All messages marked as read."))
    next_url = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, require_https=request.is_secure()):
        next_url = reverse("portal:centre")
    return redirect(next_url)


@login_required
@require_http_methods(["GET", "POST"])
def enterprise_add(request):
    form = EnterpriseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def create():
            enterprise = actions.do_register_enterprise(
                user=request.user,
                name=data["name"],
                credit_code=data["credit_code"],
                legal_representative=data["legal_representative"],
                channel=Channel.WEB,
            )
            return 201, {"enterprise": str(enterprise.code)}

        try:
            request_hash = fingerprint({k: data[k] for k in ("name", "credit_code", "legal_representative")})
            run_once("web:enterprise", data["idempotency_key"], request.user.pk, request_hash, create)
        except ValidationError as error:
            apply_errors(form, error)
        except IdempotencyError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The enterprise has been added to your account."))
            return redirect("portal:centre")
    return render(request, "portal/enterprise_add.html", {"form": form})


@login_required
@require_POST
def act_as(request):
    """Choose whether to act as oneself or for one of one's enterprises."""
    code = request.POST.get("enterprise", "")
    if code:
        enterprise = get_enterprise_for_user(request.user, code)
        request.session[ACTING_FOR] = str(enterprise.code)
        messages.success(request, _("You are now acting for %(name)s.") % {"name": enterprise.name})
    else:
        request.session.pop(ACTING_FOR, None)
        messages.success(request, _("You are now acting for yourself."))
    return redirect("portal:centre")


@require_POST
def display_mode(request):
    """Switch the large-text, high-contrast mode on or off (a cookie: works before login too)."""
    large = request.POST.get("mode") == "large"
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, require_https=request.is_secure()):
        next_url = "/"
    response = redirect(next_url)
    if large:
        response.set_cookie(DISPLAY_COOKIE, "large", max_age=365 * 24 * 3600, samesite="Lax")
    else:
        response.delete_cookie(DISPLAY_COOKIE)
    return response


@require_GET
def kiosk(request):
    """The self-service kiosk's start page (自助终端): big targets; this terminal stays in kiosk mode."""
    response = render(request, "portal/kiosk.html", {"kiosk_mode": True})
    if not request.COOKIES.get(KIOSK_COOKIE):
        response.set_cookie(KIOSK_COOKIE, "1", max_age=10 * 365 * 24 * 3600, samesite="Lax", httponly=True)
    return response


@require_POST
def kiosk_logout(request):
    """Log out at the kiosk (a tap, or the idle timer) and return to the kiosk's start page."""
    if request.user.is_authenticated:
        actions.do_record_logout(
            request.user, ip=client_ip(request), timed_out=request.POST.get("idle") == "1"
        )
    logout(request)
    return redirect("portal:kiosk")


@require_POST
def kiosk_exit(request):
    """Take this terminal out of kiosk mode."""
    response = redirect("portal:home")
    response.delete_cookie(KIOSK_COOKIE)
    return response
