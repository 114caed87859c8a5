"""Login (password, then a second factor for staff), logout, registration and password change."""

import io
import time

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from yiwang.accounts import actions
from yiwang.accounts.forms import LoginForm, PasswordChangeForm, RegisterForm, SecondFactorForm, apply_errors
from yiwang.accounts.middleware import LAST_SEEN, SECOND_FACTOR_AT
from yiwang.accounts.models import User
from yiwang.core.channels import Channel
from yiwang.core.http import client_ip
from yiwang.core.idempotency import IdempotencyError, fingerprint, run_once

PENDING_USER = "pending_user"
PENDING_NEXT = "pending_next"
PENDING_SECONDS = 300  # the second factor must follow the password within five minutes


def _safe_next(request, value):
    if value and url_has_allowed_host_and_scheme(
        value, {request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return reverse("portal:centre")


def _log_in(request, user):
    login(request, user, backend="yiwang.accounts.backends.IdentifierBackend")
    # The idle clock starts now, not at the next request: a session never used again must time out too.
    request.session[LAST_SEEN] = time.time()


def _finish_login(request, user, next_url, *, second_factor):
    _log_in(request, user)
    if second_factor:
        request.session[SECOND_FACTOR_AT] = time.time()
    actions.do_record_login(user, ip=client_ip(request), second_factor=second_factor)
    return redirect(next_url)


@require_http_methods(["GET", "POST"])
def login_view(request):
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    form = LoginForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            user = actions.do_check_password(
                form.cleaned_data["identifier"], form.cleaned_data["password"], ip=client_ip(request)
            )
        except actions.LoginRefused as refused:
            form.add_error(None, refused.message)
        else:
            if not user.needs_second_factor:
                return _finish_login(request, user, next_url, second_factor=False)
            request.session.cycle_key()
            request.session[PENDING_USER] = [user.pk, time.time()]
            request.session[PENDING_NEXT] = next_url
            return redirect("accounts:second_factor")
    return render(request, "accounts/login.html", {"form": form, "next": next_url})


def _pending_user(request):
    pending = request.session.get(PENDING_USER)
    if not pending or time.time() - pending[1] > PENDING_SECONDS:
        return None
    return User.objects.filter(pk=pending[0], is_active=True).first()


def _qr_svg(uri):
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode("utf-8").split("?>", 1)[-1]


@require_http_methods(["GET", "POST"])
def second_factor_view(request):
    """Staff second step: enter the TOTP code, or enrol an authenticator app on the first login."""
    user = _pending_user(request)
    if user is None:
        messages.info(request, _("Please enter your password first."))
        return redirect("accounts:login")
    enrolling = user.totp_confirmed_at is None
    if enrolling and not user.totp_secret:
        actions.do_begin_second_factor(user)
    form = SecondFactorForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_verify_second_factor(user, form.cleaned_data["code"], ip=client_ip(request))
        except actions.LoginRefused as refused:
            form.add_error("code", refused.message)
        else:
            next_url = request.session.pop(PENDING_NEXT, None) or reverse("portal:centre")
            request.session.pop(PENDING_USER, None)
            return _finish_login(request, user, next_url, second_factor=True)
    context = {"form": form, "enrolling": enrolling}
    if enrolling:
        totp = actions.totp_for(user)
        context.update(secret=user.totp_secret, qr_svg=_qr_svg(totp.provisioning_uri()))
    return render(request, "accounts/second_factor.html", context)


@require_POST
def logout_view(request):
    if request.user.is_authenticated:
        actions.do_record_logout(request.user, ip=client_ip(request))
    logout(request)
    messages.success(request, _("You have logged out."))
    return redirect("portal:home")


@require_http_methods(["GET", "POST"])
def register_view(request):
    if request.user.is_authenticated:
        return redirect("portal:centre")
    form = RegisterForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = {}

        def create():
            user = actions.do_register_citizen(
                real_name=data["real_name"],
                id_number=data["id_number"],
                phone=data["phone"],
                password=data["password1"],
                channel=Channel.WEB,
                ip=client_ip(request),
            )
            created["user"] = user
            return 201, {"user": str(user.code)}

        try:
            request_hash = fingerprint({k: data[k] for k in ("real_name", "id_number", "phone")})
            run_once("web:register", data["idempotency_key"], "", request_hash, create)
        except ValidationError as error:
            apply_errors(form, error)
        except IdempotencyError as error:
            form.add_error(None, error.message)
        else:
            if "user" not in created:  # a repeated submit of a registration already done
                messages.info(request, _("Your registration is complete. Please log in."))
                return redirect("accounts:login")
            _log_in(request, created["user"])
            actions.do_record_login(created["user"], ip=client_ip(request))
            messages.success(request, _("Welcome! Your account has been created."))
            return redirect("portal:centre")
    return render(request, "accounts/register.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def password_view(request):
    form = PasswordChangeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_change_password(
                request.user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password1"],
                ip=client_ip(request),
            )
        except ValidationError as error:
            apply_errors(form, error)
        except actions.LoginRefused as refused:  # too many wrong old passwords: the account is now locked
            logout(request)
            messages.error(request, refused.message)
            return redirect("accounts:login")
        else:
            from django.contrib.auth import update_session_auth_hash

            update_session_auth_hash(request, request.user)
            messages.success(request, _("Your password has been changed."))
            return redirect("portal:centre")
    return render(request, "accounts/password.html", {"form": form})
