"""Staff 好差评 pages: the evaluated department's 差评 worklist and the loop's forms, the
supervisor's appeal queue, and the hall tablet's rating link for a case at the counter.

Views fetch through the permission helpers (404 for others' loops), call one action and redirect;
a refusal is shown on the page and changes nothing.
"""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from yiwang.cases.permissions import HANDLING_ROLES, get_case_for_staff
from yiwang.feedback import actions, permissions
from yiwang.feedback.forms import AppealForm, DecisionForm, NoteForm, OptionalNoteForm, VerifyForm
from yiwang.feedback.links import rating_path
from yiwang.feedback.models import CASE_STAGES, ChannelCode, Rectification
from yiwang.feedback.stages import CASE, Target

LIST_LIMIT = 100
LIST_RELATED = ("evaluation", "evaluation__case", "evaluation__ticket", "department", "clock")


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


def feedback_staff(user):
    return permissions.is_loop_staff(user) or permissions.is_supervisor(user)


@require_GET
@staff_page(feedback_staff)
def worklist(request):
    """The department's 差评 loops: open ones first by age, or the closed ones. A supervisor without
    a department role goes to the appeal queue."""
    if not permissions.is_loop_staff(request.user):
        return redirect("staff_feedback:appeals")
    done = request.GET.get("tab") == "done"
    rows = permissions.rectifications_for_department_staff(request.user).select_related(*LIST_RELATED)
    rows = rows.exclude(status__in=Rectification.OPEN) if done else rows.filter(status__in=Rectification.OPEN)
    return render(
        request,
        "feedback/staff_worklist.html",
        {
            "rows": rows.order_by("-created_at")[:LIST_LIMIT],
            "tab": "done" if done else "open",
            "now": timezone.now(),
        },
    )


@require_GET
@staff_page(permissions.is_supervisor)
def appeals(request):
    """Appeals waiting for the supervisor, oldest first."""
    rows = (
        Rectification.objects.filter(status=Rectification.APPEALED)
        .select_related(*LIST_RELATED)
        .order_by("appealed_at")[:LIST_LIMIT]
    )
    return render(request, "feedback/staff_appeals.html", {"rows": rows, "now": timezone.now()})


FORMS = {
    "visit": (NoteForm, lambda r, d, u: actions.do_record_visit(r, note=d["note"], actor=u)),
    "verify": (VerifyForm, lambda r, d, u: actions.do_verify(r, true=d["true"], note=d["note"], actor=u)),
    "fix": (NoteForm, lambda r, d, u: actions.do_fix_on_spot(r, note=d["note"], actor=u)),
    "deadline": (OptionalNoteForm, lambda r, d, u: actions.do_set_fix_deadline(r, note=d["note"], actor=u)),
    "fixed": (NoteForm, lambda r, d, u: actions.do_complete_fix(r, note=d["note"], actor=u)),
    "explain": (NoteForm, lambda r, d, u: actions.do_explain(r, note=d["note"], actor=u)),
    "appeal": (AppealForm, lambda r, d, u: actions.do_appeal(r, kind=d["kind"], reason=d["reason"], actor=u)),
    "decide": (
        DecisionForm,
        lambda r, d, u: actions.do_decide_appeal(
            r, uphold=d["decision"] == "uphold", note=d["note"], actor=u
        ),
    ),
}


def _detail(request, rectification, forms=None, status=200):
    forms = forms or {}
    context = {
        "r": rectification,
        "e": rectification.evaluation,
        "now": timezone.now(),
        "can_act": permissions.can_act(request.user, rectification),
        "is_supervisor": permissions.is_supervisor(request.user),
    }
    for name, (form_class, _call) in FORMS.items():
        context[f"{name}_form"] = forms.get(name) or form_class(prefix=name)
    return render(request, "feedback/staff_detail.html", context, status=status)


@require_GET
@staff_page(feedback_staff)
def detail(request, code):
    return _detail(request, permissions.get_rectification_for_staff(request.user, code))


@require_POST
@staff_page(feedback_staff)
def act(request, code, act):
    """One step of the loop (visit, verify, fix, deadline, fixed, explain, appeal) or the appeal decision."""
    rectification = permissions.get_rectification_for_staff(request.user, code)
    if act not in FORMS:
        raise Http404
    form_class, call = FORMS[act]
    form = form_class(request.POST, prefix=act)
    if form.is_valid():
        try:
            call(rectification, form.cleaned_data, request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))  # shown even when the step's form is not
        else:
            messages.success(request, _("Saved."))
            return redirect("staff_feedback:detail", code=rectification.code)
    rectification.refresh_from_db()
    return _detail(request, rectification, {act: form}, status=422)


@require_GET
@login_required
def tablet(request, code, stage):
    """The hall tablet (评价器) beside the counter: staff of the case's department open the rating form
    of a stage for the applicant in front of them (channel code 4)."""
    case = get_case_for_staff(request.user, code, roles=HANDLING_ROLES)
    if stage not in CASE_STAGES or not Target(CASE, case, stage).happened():
        raise Http404
    return redirect(rating_path(CASE, case.code, stage, ChannelCode.HALL_TABLET))
