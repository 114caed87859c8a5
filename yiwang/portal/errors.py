"""Error pages in the site's layout and language."""

from django.shortcuts import render
from django.utils.translation import gettext as _


def _page(request, status, title, message):
    return render(request, "portal/error.html", {"status": status, "title": title, "message": message},
                  status=status)


def bad_request(request, exception=None):
    return _page(request, 400, _("Bad request"), _("The request could not be understood."))


def forbidden(request, exception=None):
    return _page(request, 403, _("Not allowed"), _("You may not open this page."))


def not_found(request, exception=None):
    return _page(request, 404, _("Page not found"), _("This page does not exist or is not yours to see."))


def server_error(request):
    return render(request, "portal/error_500.html", status=500)
