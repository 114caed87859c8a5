"""Session rules for level-3 protection: idle time-out, and staff only with a second factor."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from yiwang.accounts.actions import do_record_logout
from yiwang.core.http import client_ip

LAST_SEEN = "last_seen"
SECOND_FACTOR_AT = "second_factor_at"
TOUCH_EVERY = 30  # seconds: do not write the session on every request


def _back_to_login(request, message):
    if request.path.startswith("/api/"):
        return JsonResponse({"error": {"code": "session_ended", "message": message}}, status=401)
    messages.info(request, message)
    return redirect(f"{reverse('accounts:login')}?{urlencode({'next': request.get_full_path()})}")


class IdleTimeoutMiddleware:
    """Log out a session left idle longer than its limit (shorter for staff)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            last = request.session.get(LAST_SEEN)
            limit = settings.IDLE_TIMEOUT_STAFF if user.is_staff_member else settings.IDLE_TIMEOUT_CITIZEN
            if last is not None and now - last > limit:
                do_record_logout(user, ip=client_ip(request), timed_out=True)
                logout(request)
                return _back_to_login(request, _("You were logged out after a period without activity."))
            if last is None or now - last > TOUCH_EVERY:
                request.session[LAST_SEEN] = now
        return self.get_response(request)


class StaffSecondFactorMiddleware:
    """A staff session must have passed the second factor; otherwise it is ended.

    This also covers a citizen who is granted a role while logged in.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.needs_second_factor
            and not request.session.get(SECOND_FACTOR_AT)
        ):
            logout(request)
            return _back_to_login(request, _("Staff accounts must log in with a second factor."))
        return self.get_response(request)
