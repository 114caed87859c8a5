"""Staff pages of sharing (/staff/data/sharing/): consumer systems and their keys, the share-request
inbox and the request form, grants, the gateway's call log. Thin: parse, check scope, call one action."""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from yiwang.accounts.models import Role
from yiwang.core.permissions import user_has_role
from yiwang.datahub import sharing
from yiwang.datahub import sharing_forms as forms
from yiwang.datahub import sharing_permissions as permissions
from yiwang.datahub.models import ConsumerKey, Resource, ShareRequest

LIST_LIMIT = 200


def sharing_page(check=permissions.uses_sharing):
    """Logged-in staff passing `check(user)`; everyone else gets 403 and sees nothing."""

    def decorate(view):
        @functools.wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


def _refused(request, error):
    messages.error(request, str(error))


# Share requests ------------------------------------------------------------------------------


@require_GET
@sharing_page()
def inbox(request):
    tab = request.GET.get("tab", "incoming")
    if tab == "outgoing":
        shares = permissions.outgoing_requests(request.user)
    elif tab == "all" and user_has_role(request.user, Role.SUPERVISOR):
        shares = permissions.requests_for_user(request.user)
    else:
        tab, shares = "incoming", permissions.incoming_requests(request.user)
    status = request.GET.get("status", "pending")
    if status in dict(ShareRequest.STATUS_CHOICES):
        shares = shares.filter(status=status)
    shares = shares.select_related("resource__provider", "consumer__department", "clock").order_by(
        "clock__due_at", "-created_at"
    )[:LIST_LIMIT]
    return render(
        request,
        "datahub/sharing/inbox.html",
        {
            "shares": shares,
            "tab": tab,
            "status": status,
            "statuses": ShareRequest.STATUS_CHOICES,
            "is_supervisor": user_has_role(request.user, Role.SUPERVISOR),
            "now": timezone.now(),
        },
    )


@require_http_methods(["GET", "POST"])
@sharing_page()
def request_new(request):
    consumers = list(permissions.consumers_for_user(request.user).filter(is_active=True))
    code = (request.POST.get("resource") or request.GET.get("resource") or "")[:40]
    resource = (
        Resource.objects.filter(code=code, is_active=True).select_related("provider").first()
        if code
        else None
    )
    resources = Resource.objects.filter(is_active=True).select_related("provider")
    if resource is None:
        return render(
            request,
            "datahub/sharing/request_pick.html",
            {"resources": resources, "consumers": consumers, "unknown": bool(code)},
        )
    form = forms.ShareRequestForm(request.POST or None, consumers=consumers, resource=resource)
    if request.method == "POST" and form.is_valid():
        consumer = next(c for c in consumers if str(c.code) == form.cleaned_data["consumer"])
        try:
            share = sharing.do_request_share(
                consumer,
                resource,
                purpose=form.cleaned_data["purpose"],
                legal_basis=form.cleaned_data["legal_basis"],
                fields=form.cleaned_data["fields"],
                duration_days=form.cleaned_data["duration_days"],
                actor=request.user,
            )
        except sharing.ShareError as error:
            form.add_error(None, str(error))
        else:
            if share.status == ShareRequest.APPROVED:
                messages.success(request, _("Granted at once: the resource is shared unconditionally."))
            else:
                messages.success(request, _("Request sent. The provider answers within 10 working days."))
            return redirect("sharing:request", code=share.code)
    return render(
        request,
        "datahub/sharing/request_new.html",
        {"form": form, "resource": resource, "consumers": consumers},
    )


@require_GET
@sharing_page()
def request_detail(request, code):
    share = permissions.get_request_for_user(request.user, code)
    may_answer = share.can_answer() and sharing.is_provider_steward(request.user, share.resource)
    names = {item.key: item.name for item in share.resource.items.all()}
    return render(
        request,
        "datahub/sharing/request.html",
        {
            "share": share,
            "may_answer": may_answer,
            "requested": [(key, names.get(key, "")) for key in share.fields],
            "approve_form": forms.ApproveForm(share=share),
            "refuse_form": forms.ReasonForm(),
            "grant": getattr(share, "grant", None),
            "now": timezone.now(),
        },
    )


def _answer(request, code, act):
    share = permissions.get_request_for_user(request.user, code)
    if not sharing.is_provider_steward(request.user, share.resource):
        raise Http404
    try:
        act(share)
    except sharing.ShareError as error:
        _refused(request, error)
    return redirect("sharing:request", code=share.code)


@require_POST
@sharing_page()
def request_approve(request, code):
    def act(share):
        form = forms.ApproveForm(request.POST, share=share)
        if not form.is_valid():
            raise sharing.ShareError(_("Choose the items to grant and a duration of at least one day."))
        sharing.do_approve_share_request(
            share,
            fields=form.cleaned_data["fields"],
            duration_days=form.cleaned_data["duration_days"],
            actor=request.user,
        )
        messages.success(request, _("Approved: the grant is active."))

    return _answer(request, code, act)


@require_POST
@sharing_page()
def request_refuse(request, code):
    def act(share):
        form = forms.ReasonForm(request.POST)
        if not form.is_valid():
            raise sharing.ShareError(_("A refusal needs its reasons."))
        sharing.do_refuse_share_request(share, reason=form.cleaned_data["reason"], actor=request.user)
        messages.success(request, _("Refused; the requester has been told the reasons."))

    return _answer(request, code, act)


# Grants --------------------------------------------------------------------------------------


@require_GET
@sharing_page()
def grants(request):
    rows = permissions.grants_for_user(request.user).select_related(
        "resource__provider", "consumer__department"
    )
    if request.GET.get("state") != "all":
        rows = rows.filter(revoked_at__isnull=True)
    stewarded = {d.pk for d in permissions.steward_departments(request.user)}
    return render(
        request,
        "datahub/sharing/grants.html",
        {
            "grants": rows[:LIST_LIMIT],
            "stewarded": stewarded,
            "state": request.GET.get("state", ""),
            "now": timezone.now(),
            "reason_form": forms.ReasonForm(),
        },
    )


@require_POST
@sharing_page()
def grant_revoke(request, code):
    grant = permissions.get_grant_for_user(request.user, code)
    if not sharing.is_provider_steward(request.user, grant.resource):
        raise Http404
    form = forms.ReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise sharing.ShareError(_("A revocation needs its reasons."))
        sharing.do_revoke_grant(grant, reason=form.cleaned_data["reason"], actor=request.user)
        messages.success(request, _("Grant revoked: the gateway refuses it from now on."))
    except sharing.ShareError as error:
        _refused(request, error)
    return redirect("sharing:grants")


# Consumer systems and keys --------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@sharing_page(permissions.is_steward)
def consumers(request):
    departments = list(permissions.steward_departments(request.user))
    form = forms.ConsumerForm(request.POST or None)
    chosen = request.POST.get("department", "")
    if request.method == "POST" and form.is_valid():
        department = next((d for d in departments if str(d.pk) == chosen), None)
        try:
            if department is None:
                raise sharing.ShareError(_("Choose one of your departments."))
            consumer = sharing.do_register_consumer(department, actor=request.user, **form.cleaned_data)
        except sharing.ShareError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("System registered. Issue it a key to let it call the gateway."))
            return redirect("sharing:consumer", code=consumer.code)
    return render(
        request,
        "datahub/sharing/consumers.html",
        {
            "consumers": permissions.consumers_for_user(request.user).filter(department__in=departments),
            "form": form,
            "departments": departments,
            "chosen": chosen,
        },
    )


def _consumer_page(request, consumer, **extra):
    context = {
        "consumer": consumer,
        "keys": consumer.keys.all(),
        "change_form": forms.ConsumerChangeForm(
            initial={"rate_limit": consumer.rate_limit, "is_active": consumer.is_active}
        ),
        "grants": consumer.grants.select_related("resource").order_by("-created_at")[:50],
        "calls": consumer.calls.select_related("resource").order_by("-created_at")[:20],
    }
    context.update(extra)
    response = render(request, "datahub/sharing/consumer.html", context)
    response["Cache-Control"] = "no-store"  # a page may hold a secret shown once
    return response


@require_GET
@sharing_page(permissions.is_steward)
def consumer_detail(request, code):
    consumer = permissions.get_consumer_for_user(request.user, code)
    return _consumer_page(request, consumer)


@require_POST
@sharing_page(permissions.is_steward)
def consumer_change(request, code):
    consumer = permissions.get_consumer_for_user(request.user, code)
    form = forms.ConsumerChangeForm(request.POST)
    try:
        if not form.is_valid():
            raise sharing.ShareError(_("Requests per minute must be a whole number from 1 to 100000."))
        sharing.do_change_consumer(consumer, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Saved."))
    except sharing.ShareError as error:
        _refused(request, error)
    return redirect("sharing:consumer", code=consumer.code)


@require_POST
@sharing_page(permissions.is_steward)
def key_issue(request, code):
    consumer = permissions.get_consumer_for_user(request.user, code)
    try:
        key, secret = sharing.do_issue_consumer_key(consumer, actor=request.user)
    except sharing.ShareError as error:
        _refused(request, error)
        return redirect("sharing:consumer", code=consumer.code)
    return _consumer_page(request, consumer, new_key=key, new_secret=secret)


@require_POST
@sharing_page(permissions.is_steward)
def key_revoke(request, code, key_id):
    consumer = permissions.get_consumer_for_user(request.user, code)
    key = ConsumerKey.objects.filter(consumer=consumer, key_id=key_id[:40]).first()
    if key is None:
        raise Http404
    try:
        sharing.do_revoke_consumer_key(key, actor=request.user)
        messages.success(request, _("Key revoked."))
    except sharing.ShareError as error:
        _refused(request, error)
    return redirect("sharing:consumer", code=consumer.code)


# The gateway's call log ---------------------------------------------------------------------


@require_GET
@sharing_page(permissions.is_steward)
def calls(request):
    rows = permissions.calls_for_user(request.user).select_related("consumer", "resource")
    resource, consumer = request.GET.get("resource", "")[:40], request.GET.get("consumer", "")[:200]
    if resource:
        rows = rows.filter(resource__code=resource)
    if consumer:
        parts = consumer.split("/")
        if len(parts) == 4:
            rows = rows.filter(
                consumer__instance=parts[0],
                consumer__member_class=parts[1],
                consumer__member_code=parts[2],
                consumer__subsystem_code=parts[3],
            )
        else:
            rows = rows.none()
    return render(
        request,
        "datahub/sharing/calls.html",
        {
            "calls": rows.order_by("-created_at", "-id")[:LIST_LIMIT],
            "resource": resource,
            "consumer": consumer,
        },
    )
