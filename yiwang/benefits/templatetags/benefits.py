"""The personal centre's panel of recommendations and benefits granted without applying."""

from django import template

from yiwang.benefits.permissions import can_run_benefits, grants_for_user
from yiwang.benefits.recommendations import recommendations_for, recommendations_switched_off
from yiwang.services.models import Audience

register = template.Library()
SHOWN = 5


@register.inclusion_tag("benefits/_centre.html", takes_context=True)
def benefits_panel(context):
    """Recommendations for me (or for the enterprise I act for) with their reasons, unless I
    switched them off, and the benefits granted to me with a link to decline each."""
    user = context["user"]
    enterprise = context.get("acting_for")
    subject, audience = (
        (enterprise, Audience.ENTERPRISE) if enterprise else (context.get("person"), Audience.PERSON)
    )
    switched_off = recommendations_switched_off(user)
    recommended = [] if switched_off or subject is None else recommendations_for(subject, audience)[:SHOWN]
    return {
        "recommendations": recommended,
        "switched_off": switched_off,
        "acting_for": enterprise,
        "grants": list(grants_for_user(user)[:SHOWN]),
        "staff": can_run_benefits(user),
        "csrf_token": context.get("csrf_token"),
    }


@register.filter
def condition_text(condition):
    """A rule's condition as its JSON text, for reading."""
    import json

    return json.dumps(condition, ensure_ascii=False)
