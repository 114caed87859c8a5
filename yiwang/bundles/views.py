"""The bundle pages: /bundles/ (public list and guide of each bundle, the situation questions, the
merged form), /bundles/cases/ (the applicant's bundle cases, one timeline each), the situation
guide of a single item, and /staff/bundles/<code>/ (a bundle as the departments see it).

Writes go through `bundles.actions`; bundle cases are fetched through `bundles.permissions`
(404 for anyone else).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from yiwang.accounts.models import Person
from yiwang.accounts.permissions import enterprises_for_user
from yiwang.bundles import actions
from yiwang.bundles.forms import GuideForm, MergedForm
from yiwang.bundles.guides import EVERYTHING, clean_guide_answers, evaluate, questions_of
from yiwang.bundles.models import Bundle, BundleCase, BundleCaseItem
from yiwang.bundles.permissions import (
    bundle_cases_for_applicant,
    get_bundle_case_for_applicant,
    get_bundle_case_for_staff,
    get_item_guide,
    get_published_bundle,
)
from yiwang.bundles.savings import configured_savings
from yiwang.bundles.timeline import timeline
from yiwang.cases.answers import prefill_answers
from yiwang.cases.permissions import cases_for_staff
from yiwang.cases.views import action_labels, channel_of
from yiwang.core.idempotency import IdempotencyError, fingerprint, run_once
from yiwang.services.models import Audience, FormField


def _guide(bundle):
    return getattr(bundle, "guide", None)


def _items(bundle):
    return list(bundle.items.select_related("item__current", "item__department", "waits_for__item__current"))


@require_GET
def bundle_list(request):
    """Every published bundle, for persons and for enterprises, with what it saves."""
    bundles = list(Bundle.objects.filter(published=True).prefetch_related("items__item__current"))
    savings = configured_savings(bundles)
    rows = [{"bundle": b, "savings": savings[b.pk]} for b in bundles]
    return render(
        request,
        "bundles/bundle_list.html",
        {
            "persons": [r for r in rows if r["bundle"].audience == Audience.PERSON],
            "enterprises": [r for r in rows if r["bundle"].audience == Audience.ENTERPRISE],
        },
    )


@require_GET
def bundle_detail(request, slug):
    """The bundle's guide: the items it combines, their departments and limits, and what it saves."""
    bundle = get_published_bundle(slug)
    guide = _guide(bundle)
    return render(
        request,
        "bundles/bundle_detail.html",
        {
            "bundle": bundle,
            "items": _items(bundle),
            "savings": configured_savings([bundle])[bundle.pk],
            "guide": guide,
            "fields": list(bundle.fields.all()),
            "start_url": reverse("bundles:questions" if guide else "bundles:apply", kwargs={"slug": slug}),
        },
    )


def _outcome_rows(items, outcome):
    """Each item with whether it applies, and the materials the applicant provides that apply."""
    rows = []
    for bundle_item in items:
        version = bundle_item.item.current
        materials = [
            {"material": m, "needed": outcome.material_needed(m)}
            for m in version.materials.all()
            if outcome.material_applies(m)
        ]
        rows.append(
            {"bundle_item": bundle_item, "applies": outcome.item_applies(bundle_item), "materials": materials}
        )
    return rows


@require_GET
def bundle_questions(request, slug):
    """The situation questions (情形引导); once answered, only what applies is shown."""
    bundle = get_published_bundle(slug)
    guide = _guide(bundle)
    if guide is None:
        return redirect("bundles:apply", slug=slug)
    questions = questions_of(guide)
    answered = any(q.key in request.GET for q in questions)
    form = GuideForm(questions, request.GET if answered else None)
    context = {"bundle": bundle, "guide": guide, "form": form}
    if answered and form.is_valid():
        outcome = evaluate(guide, form.cleaned_data)
        context.update(
            outcome=outcome,
            rows=_outcome_rows(_items(bundle), outcome),
            apply_url=reverse("bundles:apply", kwargs={"slug": slug}) + "?" + urlencode(form.cleaned_data),
        )
    return render(request, "bundles/questions.html", context)


def _applicant(request, bundle):
    """Who applies: the user themself for a person's bundle, the enterprise they act for otherwise."""
    if bundle.audience == Audience.PERSON:
        return Person.objects.filter(user=request.user).first()
    enterprises = list(enterprises_for_user(request.user))
    acting_for = request.session.get("acting_for", "")
    return next(
        (e for e in enterprises if str(e.code) == acting_for), enterprises[0] if enterprises else None
    )


@login_required
@require_http_methods(["GET", "POST"])
def bundle_apply(request, slug):
    """The merged form: each shared answer once, each file once; one submission for every item."""
    bundle = get_published_bundle(slug)
    guide = _guide(bundle)
    source = request.POST if request.method == "POST" else request.GET
    raw_answers = {q.key: source.get(q.key, "") for q in questions_of(guide)}
    try:
        guide_answers = clean_guide_answers(guide, raw_answers)
    except ValidationError:
        if request.method == "POST":
            messages.error(request, _("Answer the questions first."))
        return redirect("bundles:questions", slug=slug)
    outcome = evaluate(guide, guide_answers) if guide else EVERYTHING
    applicant = _applicant(request, bundle)
    items = actions.applying_items(bundle, outcome)
    fields = actions.merged_fields(bundle, outcome)
    uploads = actions.uploads_needed(items, outcome)
    prefilled = prefill_answers(None, applicant, fields) if applicant is not None else {}
    form = MergedForm(fields, uploads, request.POST or None, request.FILES or None, prefilled=prefilled)
    if request.method == "POST" and applicant is not None and form.is_valid():
        answers, files = form.answers(), form.uploads()

        def create():
            bundle_case = actions.do_submit_bundle(
                bundle,
                applicant=applicant,
                owner=request.user,
                actor=request.user,
                answers=answers,
                guide_answers=guide_answers,
                uploads=files,
                channel=channel_of(request),
            )
            return 201, {"bundle_case": str(bundle_case.code)}

        request_hash = fingerprint(
            {
                "bundle": bundle.slug,
                "applicant": str(applicant.code),
                "answers": answers,
                "guide": guide_answers,
                "files": {key: [f.name, f.size] for key, f in files.items()},
            }
        )
        try:
            _status, response, _replayed = run_once(
                "web:bundle-apply",
                form.cleaned_data["idempotency_key"],
                request.user.pk,
                request_hash,
                create,
            )
        except ValidationError as error:
            form.apply_errors(error)
        except IdempotencyError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Your bundled application was submitted."))
            return redirect("bundles:case", code=response["bundle_case"])
    return render(
        request,
        "bundles/apply.html",
        {
            "bundle": bundle,
            "guide_answers": guide_answers,
            "outcome": outcome,
            "items": items,
            "form": form,
            "applicant": applicant,
            "is_enterprise": bundle.audience == Audience.ENTERPRISE,
            "questions_url": reverse("bundles:questions", kwargs={"slug": slug})
            + "?"
            + urlencode(guide_answers),
            "upload_fields": FormField.FILE,
        },
    )


# The applicant's bundle cases ----------------------------------------------------------------------


@login_required
@require_GET
def bundle_case_list(request):
    rows = (
        bundle_cases_for_applicant(request.user)
        .select_related("bundle")
        .prefetch_related("parts")
        .order_by("-created_at", "-id")[:100]
    )
    return render(request, "bundles/case_list.html", {"bundle_cases": rows})


def _parts(bundle_case):
    return list(
        bundle_case.parts.select_related(
            "bundle_item__item__current",
            "bundle_item__waits_for__item__current",
            "case__department",
            "case__version",
        )
    )


def _refusal_notes(parts):
    """For each refused item: what it means for the others (halted ones, and those that go on)."""
    notes = []
    for refused in (p for p in parts if p.state == BundleCaseItem.REFUSED):
        halted = [p for p in parts if p.state == BundleCaseItem.HALTED]
        going_on = [p for p in parts if p is not refused and p.state not in BundleCaseItem.ENDED]
        notes.append({"part": refused, "halted": halted, "going_on": going_on})
    return notes


@login_required
@require_GET
def bundle_case_detail(request, code):
    """One bundle case: each item's state with its explanation, refusals explained, one timeline."""
    bundle_case = get_bundle_case_for_applicant(request.user, code)
    parts = _parts(bundle_case)
    return render(
        request,
        "bundles/case_detail.html",
        {
            "bundle_case": bundle_case,
            "parts": parts,
            "timeline": timeline(bundle_case, parts, action_labels()),
            "refusals": _refusal_notes(parts),
        },
    )


# The guide of one item ------------------------------------------------------------------------------


@require_GET
def item_guide(request, item_code):
    """The situation questions of one item: the materials and form fields that apply to this applicant."""
    guide = get_item_guide(item_code)
    version = guide.item.current
    questions = questions_of(guide)
    answered = any(q.key in request.GET for q in questions)
    form = GuideForm(questions, request.GET if answered else None)
    context = {"guide": guide, "item": guide.item, "version": version, "form": form}
    if answered and form.is_valid():
        outcome = evaluate(guide, form.cleaned_data)
        context.update(
            outcome=outcome,
            materials=[
                {"material": m, "needed": outcome.material_needed(m)}
                for m in version.materials.all()
                if outcome.material_applies(m)
            ],
            fields=[
                f
                for f in version.form_fields.all()
                if outcome.field_applies(f.key)
                and (f.required or f.key in outcome.fields_needed or f.key not in _named_fields(guide))
            ],
            apply_url=f"/cases/apply/{guide.item.code}/",
        )
    return render(request, "bundles/item_guide.html", context)


def _named_fields(guide):
    return set(guide.rules.exclude(field_key="").values_list("field_key", flat=True))


# Staff ------------------------------------------------------------------------------------------------


@login_required
@require_GET
def staff_bundle_case(request, code):
    """A bundle as a department sees it: its own item cases linked to the workbench; of the others
    only the item, the department and the state (their contents belong to their departments)."""
    if not request.user.is_staff_member:
        raise Http404
    bundle_case = get_bundle_case_for_staff(request.user, code)
    parts = _parts(bundle_case)
    own = set(
        cases_for_staff(request.user)
        .filter(bundle_part__bundle_case=bundle_case)
        .values_list("pk", flat=True)
    )
    return render(
        request,
        "bundles/staff_case.html",
        {
            "bundle_case": bundle_case,
            "rows": [{"part": p, "own": p.case_id in own} for p in parts],
            "is_open": bundle_case.status == BundleCase.IN_PROGRESS,
        },
    )
