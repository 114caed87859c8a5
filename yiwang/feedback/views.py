"""Public 好差评 pages: the rating form (for the logged-in person, or behind a signed link) and the
figures of a department or a service item.

The rating form is the same on every channel; the channel code comes from where it was opened: a
signed link carries its own (QR code, hall tablet, SMS), the portal is PC or mobile by the browser,
a kiosk is "other hall terminal".
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_safe

from yiwang.accounts.forms import apply_errors
from yiwang.accounts.models import Department
from yiwang.feedback import actions, statistics
from yiwang.feedback.forms import RatingForm
from yiwang.feedback.links import read_token
from yiwang.feedback.models import ChannelCode
from yiwang.feedback.stages import find_by_code, find_for_user
from yiwang.services.permissions import get_published_item

MOBILE_MARKERS = ("Mobi", "Android", "iPhone")


def portal_channel_code(request):
    if getattr(request, "kiosk", False):
        return ChannelCode.HALL_TERMINAL
    agent = request.headers.get("User-Agent", "")
    return ChannelCode.MOBILE if any(marker in agent for marker in MOBILE_MARKERS) else ChannelCode.PC


def _rating_page(request, target, *, channel_code, by_link):
    form = RatingForm(request.POST or None, mode=target.mode)
    if not target.happened():
        return render(request, "feedback/rate_closed.html", {"target": target, "reason": "not_yet"})
    if target.rated():
        return render(request, "feedback/rate_closed.html", {"target": target, "reason": "rated"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            evaluation = actions.do_rate(
                target,
                level=data["level"],
                indicators=data["indicators"],
                comment=data["comment"],
                channel_code=channel_code,
                actor=request.user,
                by_link=by_link,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return render(request, "feedback/rate_thanks.html", {"target": target, "evaluation": evaluation})
    return render(request, "feedback/rate.html", {"target": target, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def rate(request, kind, code, stage):
    """The logged-in applicant (or caller) rates a stage of their own case or ticket."""
    target = find_for_user(request.user, kind, code, stage)
    if target is None:
        raise Http404
    try:
        return _rating_page(request, target, channel_code=portal_channel_code(request), by_link=False)
    except PermissionDenied:
        raise Http404 from None


@require_http_methods(["GET", "POST"])
def rate_link(request, token):
    """A signed link (SMS, QR code on the letter, hall tablet): no login, the link is the secret."""
    read = read_token(token)
    if read is None:
        raise Http404
    kind, code, stage, channel_code = read
    target = find_by_code(kind, code, stage)
    if target is None:
        raise Http404
    return _rating_page(request, target, channel_code=channel_code, by_link=True)


def _public(request, evaluations, context):
    context.update(
        figures=statistics.figures(evaluations),
        comments=statistics.recent_comments(evaluations),
        fixes=statistics.published_fixes(evaluations),
    )
    return render(request, "feedback/public.html", context)


@require_safe
def department_page(request, code):
    """A department's 好差评: counts, 好评率, 差评整改率, recent comments and published fixes."""
    department = Department.objects.filter(code=str(code)[:32], is_active=True).first()
    if department is None:
        raise Http404
    return _public(request, statistics.for_department(department), {"department": department})


@require_safe
def item_page(request, code):
    """A service item's 好差评, linked from its service guide."""
    item, version = get_published_item(code)
    return _public(request, statistics.for_item(item), {"item": item, "version": version})
