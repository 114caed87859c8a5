"""Pages of recommendations and benefits: the citizen's side under /me/benefits/ (my benefits,
declining one, switching recommendations) and the staff side under /staff/benefits/ (rules, run
history, a run on demand). Views parse, fetch through `permissions.py`, call one action, redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from yiwang.accounts.forms import apply_errors
from yiwang.benefits import actions
from yiwang.benefits.forms import DeclineForm
from yiwang.benefits.models import BenefitGrant, BenefitRule, BenefitRun
from yiwang.benefits.permissions import (
    get_grant_for_user,
    get_rule_for_staff,
    grants_for_user,
    require_benefit_staff,
)
from yiwang.core.channels import Channel


@login_required
@require_GET
def my_benefits(request):
    """The benefits granted to me without applying, each with its case and whether I can decline it."""
    page = Paginator(grants_for_user(request.user), 20).get_page(request.GET.get("page"))
    return render(request, "benefits/my_benefits.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def decline(request, code):
    """One benefit of mine, and the form that declines it (谢绝)."""
    grant = get_grant_for_user(request.user, code)
    form = DeclineForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_decline_benefit(
                grant, actor=request.user, reason=form.cleaned_data["reason"], channel=Channel.WEB
            )
        except ValidationError as error:
            apply_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("You have declined %(benefit)s.") % {"benefit": grant.rule.name})
            return redirect("benefits:mine")
    return render(request, "benefits/decline.html", {"grant": grant, "form": form})


@login_required
@require_POST
def switch_recommendations(request):
    """Switch my recommendations on (`on=1`) or off (anything else)."""
    on = request.POST.get("on") == "1"
    actions.do_switch_recommendations(request.user, on=on, actor=request.user)
    messages.success(request, _("Recommendations are on.") if on else _("Recommendations are off."))
    return redirect("portal:centre")


@login_required
@require_GET
def staff_rules(request):
    """Every benefit rule with its totals and its latest run."""
    require_benefit_staff(request.user)
    rules = list(
        BenefitRule.objects.select_related("item__current", "item__department").annotate(
            granted=Count("grants", filter=Q(grants__status=BenefitGrant.GRANTED)),
            declined=Count("grants", filter=Q(grants__status=BenefitGrant.DECLINED)),
        )
    )
    latest = {}
    for run in BenefitRun.objects.filter(rule__in=rules).order_by("rule_id", "-created_at", "-id"):
        latest.setdefault(run.rule_id, run)
    return render(
        request,
        "benefits/staff_rules.html",
        {"rows": [{"rule": rule, "latest": latest.get(rule.pk)} for rule in rules]},
    )


@login_required
@require_GET
def staff_rule(request, code):
    """One rule: its condition and grant, and the history of its runs with their counts."""
    rule = get_rule_for_staff(request.user, code)
    runs = Paginator(rule.runs.select_related("started_by"), 20).get_page(request.GET.get("page"))
    return render(request, "benefits/staff_rule.html", {"rule": rule, "runs": runs})


@login_required
@require_POST
def staff_run(request, code):
    """Run a rule now (by the task worker; the history shows it queued, running, finished)."""
    rule = get_rule_for_staff(request.user, code)
    actions.do_queue_benefit_run(rule, actor=request.user, trigger=BenefitRun.MANUAL)
    messages.success(request, _("The run of %(rule)s has been started.") % {"rule": rule.name})
    return redirect("staff_benefits:rule", code=rule.code)
