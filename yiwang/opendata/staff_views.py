"""Data stewards' pages for open data: what of their departments' resources is opened, publishing
and withdrawing, answering developers' applications, moderating the showcase."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yiwang.accounts.models import Role
from yiwang.core.permissions import departments_for_user
from yiwang.datahub.models import Resource
from yiwang.opendata import actions
from yiwang.opendata.forms import DecisionForm, PublishForm, first_error
from yiwang.opendata.models import AccessApplication, OpenDataset, Showcase


def _departments(user):
    departments = departments_for_user(user, [Role.DATA_STEWARD])
    if not departments.exists():
        raise PermissionDenied
    return departments


@login_required
def home(request):
    departments = _departments(request.user)
    resources = (
        Resource.objects.filter(provider__in=departments)
        .exclude(opening_type=Resource.OPEN_NONE)
        .select_related("provider", "open_dataset")
        .order_by("code")
    )
    return render(
        request,
        "opendata/staff_home.html",
        {
            "resources": resources,
            "applications": AccessApplication.objects.filter(
                dataset__resource__provider__in=departments, status=AccessApplication.PENDING
            ).select_related("dataset", "developer__user"),
            "showcases": Showcase.objects.filter(
                status=Showcase.PENDING, datasets__resource__provider__in=departments
            ).distinct(),
            "approved": AccessApplication.objects.filter(
                dataset__resource__provider__in=departments, status=AccessApplication.APPROVED
            ).select_related("dataset", "developer__user")[:100],
        },
    )


def _resource(user, code):
    resource = get_object_or_404(
        Resource.objects.select_related("provider"), code=code, provider__in=_departments(user)
    )
    if resource.opening_type == Resource.OPEN_NONE:
        raise PermissionDenied
    return resource


@login_required
def publish(request, code):
    resource = _resource(request.user, code)
    dataset = OpenDataset.objects.filter(resource=resource).first()
    if dataset:
        initial = {
            "name": dataset.name,
            "title": dataset.title,
            "notes": dataset.notes,
            "theme": dataset.theme,
            "tags": ",".join(dataset.tags),
            "licence": dataset.licence,
            "fields": [] if dataset.aggregate_by else dataset.fields,
            "aggregate_by": dataset.aggregate_by,
        }
    else:
        initial = {
            "name": resource.code.lower().replace(".", "-"),
            "title": resource.name,
            "notes": resource.abstract,
            "fields": list(resource.items.filter(element__is_personal=False).values_list("key", flat=True)),
        }
    form = PublishForm(request.POST or None, initial=initial, resource=resource)
    if request.method == "POST" and form.is_valid():
        try:
            dataset = actions.do_publish_dataset(resource, form.cleaned_data, actor=request.user)
            messages.success(request, _("“%(title)s” is open.") % {"title": dataset.title})
            return redirect("opendata:dataset", name=dataset.name)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
    return render(
        request, "opendata/staff_publish.html", {"resource": resource, "dataset": dataset, "form": form}
    )


@login_required
@require_POST
def withdraw(request, name):
    dataset = get_object_or_404(OpenDataset, name=name, resource__provider__in=_departments(request.user))
    try:
        actions.do_withdraw_dataset(dataset, actor=request.user, reason=request.POST.get("reason", ""))
        messages.success(request, _("The dataset was withdrawn."))
    except ValidationError as error:
        messages.error(request, first_error(error))
    return redirect("staff_opendata:home")


@login_required
@require_POST
def decide(request, pk):
    application = get_object_or_404(
        AccessApplication, pk=pk, dataset__resource__provider__in=_departments(request.user)
    )
    form = DecisionForm(request.POST)
    approve = request.POST.get("decision") == "approve"
    if request.POST.get("decision") not in ("approve", "refuse") or not form.is_valid():
        messages.error(request, _("Choose to approve or refuse."))
        return redirect("staff_opendata:home")
    try:
        actions.do_decide_application(
            application, approve=approve, reason=form.cleaned_data["reason"], actor=request.user
        )
        messages.success(request, _("The application was answered."))
    except ValidationError as error:
        messages.error(request, first_error(error))
    return redirect("staff_opendata:home")


@login_required
@require_POST
def revoke(request, pk):
    application = get_object_or_404(
        AccessApplication, pk=pk, dataset__resource__provider__in=_departments(request.user)
    )
    try:
        actions.do_revoke_access(application, reason=request.POST.get("reason", ""), actor=request.user)
        messages.success(request, _("The access was revoked."))
    except ValidationError as error:
        messages.error(request, first_error(error))
    return redirect("staff_opendata:home")


@login_required
@require_POST
def moderate(request, pk):
    showcase = get_object_or_404(
        Showcase.objects.filter(datasets__resource__provider__in=_departments(request.user)).distinct(), pk=pk
    )
    if request.POST.get("decision") not in ("approve", "reject"):
        messages.error(request, _("Choose to show or reject the entry."))
        return redirect("staff_opendata:home")
    try:
        actions.do_moderate_showcase(
            showcase,
            approve=request.POST["decision"] == "approve",
            reason=request.POST.get("reason", ""),
            actor=request.user,
        )
        messages.success(request, _("The entry was moderated."))
    except ValidationError as error:
        messages.error(request, first_error(error))
    return redirect("staff_opendata:home")
