"""Error pages in the site's layout and language; under /api/ the API's JSON error shape instead."""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

API_CODES = {400: "bad_request", 403: "forbidden", 404: "not_found", 500: "internal_error"}


def _page(request, status, title, message):
    if request.path.startswith("/api/"):
        return JsonResponse({"error": {"code": API_CODES[status], "message": message}}, status=status)
    return render(
        request, "portal/error.html", {"status": status, "title": title, "message": message}, status=status
    )


def bad_request(request, exception=None):
    return _page(request, 400, _("Bad request"), _("The request could not be understood."))


def forbidden(request, exception=None):
    return _page(request, 403, _("Not allowed"), _("You may not open this page."))


def not_found(request, exception=None):
    return _page(request, 404, _("Page not found"), _("This page does not exist or is not yours to see."))


def server_error(request):
    if request.path.startswith("/api/"):
        return _page(
            request, 500, "", _("Something went wrong on our side. Please try again later, or call 12345.")
        )
    return render(request, "portal/error_500.html", status=500)
