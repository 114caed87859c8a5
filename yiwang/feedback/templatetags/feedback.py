"""Template helpers: the rating box on a case or ticket page, and the staff menu of 好差评."""

from django import template

from yiwang.feedback import permissions
from yiwang.feedback.models import Evaluation
from yiwang.feedback.stages import CASE, Target, open_stages

register = template.Library()


@register.inclusion_tag("feedback/_rating_links.html", takes_context=True)
def rating_box(context, kind, obj):
    """Links to rate the stages met and not yet rated, and the ratings given (with their loop), for the
    person following the case or ticket; nothing for staff looking at it."""
    user = context["request"].user
    target = Target(kind, obj, "")
    if not target.is_rater(user):
        return {"open": [], "given": []}
    field = "case" if kind == CASE else "ticket"
    given = list(
        Evaluation.objects.filter(**{field: obj}).select_related("rectification").order_by("created_at")
    )
    for evaluation in given:
        evaluation.target = Target(kind, obj, evaluation.stage)
    return {"open": open_stages(kind, obj), "given": given}


@register.simple_tag(takes_context=True)
def feedback_roles(context):
    user = context["request"].user
    return {"department": permissions.is_loop_staff(user), "supervisor": permissions.is_supervisor(user)}


@register.filter
def rates_bad_reviews(user):
    """Whether the menu shows the 差评 pages: staff of an evaluated department, or a supervisor."""
    return permissions.is_loop_staff(user) or permissions.is_supervisor(user)


@register.inclusion_tag("feedback/_tablet_links.html", takes_context=True)
def tablet_box(context, case):
    """On the staff case page: open the rating form of a stage met on the counter's hall tablet (评价器),
    for the staff of the case's department."""
    from yiwang.cases.permissions import can_handle

    user = context["request"].user
    if not can_handle(user, case):
        return {"open": []}
    return {"open": open_stages(CASE, case)}
