"""Display preferences that every page honours: the large-text, high-contrast mode (适老化), and the
self-service kiosk mode (自助终端), which a terminal keeps in a cookie across users.

On a kiosk an idle session is ended on the server too (not only by the page's script): a citizen
who walks away is logged out after YIWANG_KIOSK_IDLE_SECONDS without a request.
"""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect

DISPLAY_COOKIE = "yiwang_display"
KIOSK_COOKIE = "yiwang_kiosk"
KIOSK_SEEN = "kiosk_seen"


class DisplayModeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.large_text = request.COOKIES.get(DISPLAY_COOKIE) == "large"
        request.kiosk = request.COOKIES.get(KIOSK_COOKIE) == "1"
        user = getattr(request, "user", None)
        if request.kiosk and user is not None and user.is_authenticated:
            now = time.time()
            seen = request.session.get(KIOSK_SEEN)
            if seen is not None and now - seen > settings.YIWANG_KIOSK_IDLE_SECONDS:
                from yiwang.accounts.actions import do_record_logout
                from yiwang.core.http import client_ip

                do_record_logout(user, ip=client_ip(request), timed_out=True)
                logout(request)
                return redirect("portal:kiosk")
            request.session[KIOSK_SEEN] = now
        return self.get_response(request)
