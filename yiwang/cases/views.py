"""The applicant's pages (/cases/): apply in three steps with drafts saved and resumed, follow a case,
answer a supplement request, withdraw, and download the decision letter.

Every page fetches its case through `get_case_for_applicant` (404 for anyone else); a draft is seen
only by the account that started it. Writes go through `cases.actions`; their `ValidationError`s
are shown on the fields they name, with what the applicant typed kept.
"""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from yiwang.accounts.models import Enterprise, Person
from yiwang.accounts.permissions import enterprises_for_user
from yiwang.cases import actions
from yiwang.cases.answers import prefill_answers
from yiwang.cases.forms import AnswersForm, StartForm, UploadForm, WithdrawForm, shown_value, upload_limit_mb
from yiwang.cases.letters import letter_filename, letter_is_available, render_letter
from yiwang.cases.models import Case, CaseMaterial, CaseStep
from yiwang.cases.permissions import cases_for_applicant, get_case_for_applicant
from yiwang.core.channels import Channel
from yiwang.core.idempotency import IdempotencyError, fingerprint, run_once
from yiwang.core.text import localise
from yiwang.datahub.fetch import fetches_by_material, with_fetches
from yiwang.feedback.links import letter_rating_url
from yiwang.services.models import Audience, ServiceItem, ServiceItemVersion

PAGE_SIZE = 20


def channel_of(request):
    """Cases started and handled on a self-service kiosk (its cookie, see portal.middleware) say so."""
    return Channel.KIOSK if getattr(request, "kiosk", False) else Channel.WEB


def _case_for(request, code):
    """The user's case by its code; another account's draft is nobody else's business (404)."""
    case = get_case_for_applicant(request.user, code)
    if case.status == Case.DRAFT and case.owner_id != request.user.pk:
        raise Http404
    return case


def _uuid_or_404(value):
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise Http404 from None


def _published_item(code):
    code = _uuid_or_404(code)
    item = (
        ServiceItem.objects.select_related("current", "department")
        .filter(code=code, current__status=ServiceItemVersion.PUBLISHED)
        .first()
    )
    if item is None:
        raise Http404
    return item


def _applicant_choices(user, version):
    """Whom this user may apply for under this item: themself (a person) and their enterprises."""
    choices = []
    person = Person.objects.filter(user=user).first()
    if person is not None and version.serves(Audience.PERSON):
        choices.append(("", _("Myself (%(name)s)") % {"name": person.masked_name}))
    if version.serves(Audience.ENTERPRISE):
        choices += [(str(e.code), e.name) for e in enterprises_for_user(user)]
    return person, choices


def _wizard_context(case, step, **extra):
    steps = [
        ("form", _("Application form")),
        ("materials", _("Materials")),
        ("review", _("Review and submit")),
    ]
    return {
        "case": case,
        "version": case.version,
        "step": step,
        "steps": steps,
        "limit_mb": upload_limit_mb(),
        **extra,
    }


# Starting ---------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def apply_start(request, item_code):
    """The door of the wizard: choose who applies, see your drafts of this item, start a new one."""
    item = _published_item(item_code)
    version = item.current
    person, choices = _applicant_choices(request.user, version)
    drafts = list(
        cases_for_applicant(request.user)
        .filter(item=item, status=Case.DRAFT, owner=request.user)
        .select_related("applicant")
        .order_by("-updated_at")[:10]
    )
    acting_for = request.session.get("acting_for", "")
    initial = {"applicant": acting_for} if any(value == acting_for for value, _label in choices) else {}
    form = StartForm(request.POST if request.method == "POST" else None, choices=choices, initial=initial)
    if request.method == "POST" and choices and form.is_valid():
        chosen = form.cleaned_data["applicant"]
        applicant = (
            person
            if not chosen
            else Enterprise.objects.filter(code=chosen, agents__user=request.user).first()
        )
        if applicant is None:
            raise Http404

        def start():
            case = actions.do_start_case(
                item, applicant=applicant, owner=request.user, actor=request.user, channel=channel_of(request)
            )
            return 201, {"case": str(case.code)}

        try:
            _status, response, _replayed = run_once(
                "web:case-start",
                form.cleaned_data["idempotency_key"],
                request.user.pk,
                fingerprint({"item": str(item.code), "applicant": chosen}),
                start,
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        except IdempotencyError as error:
            form.add_error(None, error.message)
        else:
            return redirect("cases:form", code=response["case"])
    return render(
        request,
        "cases/apply_start.html",
        {
            "item": item,
            "version": version,
            "form": form,
            "choices": choices,
            "drafts": drafts,
            "person": person,
            "materials": list(version.materials.all()),
            "prefilled_fields": [f for f in version.form_fields.all() if f.prefill],
        },
    )


# The wizard -------------------------------------------------------------------------------------


def _prefilled(case):
    return prefill_answers(case.version, case.applicant)


def _wizard_case(request, code):
    """The case to fill in, or a redirect to its page when it can no longer be changed."""
    case = _case_for(request, code)
    if not (case.can_edit() or case.can_supplement()):
        return case, redirect("cases:detail", code=case.code)
    return case, None


@login_required
@require_http_methods(["GET", "POST"])
def draft_form(request, code):
    """Step 1: the item's form, prefilled; "save draft" keeps what is right and shows what is wrong."""
    case, done = _wizard_case(request, code)
    if done:
        return done
    case = Case.objects.prefetch_related("materials").select_related("version", "applicant").get(pk=case.pk)
    prefilled = _prefilled(case)
    if request.method == "GET":
        form = AnswersForm(case, prefilled=prefilled)
        return render(request, "cases/wizard_form.html", _wizard_context(case, "form", form=form))
    form = AnswersForm(case, request.POST, request.FILES, prefilled=prefilled)
    form.is_valid()  # every field is optional text: this only parses
    saved = _save_form(request, case, form)
    if saved and request.POST.get("go") == "next":
        return redirect("cases:detail" if case.can_supplement() else "cases:materials", code=case.code)
    if saved and request.POST.get("go") == "later":
        messages.success(request, _("Draft saved. You can continue later from your personal centre."))
        return redirect("portal:centre")
    if saved:
        messages.success(request, _("Draft saved. You can continue later from your personal centre."))
        return redirect("cases:form", code=case.code)
    case.refresh_from_db()
    return render(request, "cases/wizard_form.html", _wizard_context(case, "form", form=form), status=200)


def _save_form(request, case, form):
    """Files first, then the typed answers. On an error the right answers are still saved."""
    channel = channel_of(request)
    answers = form.answers()
    ok = not form.errors  # what could not even be parsed (a NUL character, a novel-length answer)
    for field, upload in form.uploads():
        try:
            row = actions.do_add_material(case, upload=upload, actor=request.user, channel=channel)
        except ValidationError as error:
            form.add_error(
                field.key,
                error.message_dict.get("file", error.messages)[0]
                if hasattr(error, "error_dict")
                else error.messages[0],
            )
            ok = False
            continue
        previous = _replaced_file(case, field.key)
        answers[field.key] = str(row.code)
        if previous is not None:
            try:
                actions.do_remove_material(previous, actor=request.user, channel=channel)
            except ValidationError:
                pass
    try:
        actions.do_save_answers(case, answers=answers, actor=request.user, channel=channel)
    except ValidationError as error:
        form.apply_errors(error)
        wrong = set(getattr(error, "error_dict", {}))
        rest = {key: value for key, value in answers.items() if key not in wrong}
        if rest and "data" not in wrong:
            try:
                actions.do_save_answers(case, answers=rest, actor=request.user, channel=channel)
            except ValidationError:
                pass
        return False
    return ok


def _replaced_file(case, key):
    """The file a form field pointed at before a new upload replaced it."""
    try:
        code = uuid.UUID(str(case.data.get(key, "")))
    except ValueError:
        return None
    return case.materials.filter(code=code, material__isnull=True).first()


@login_required
@require_GET
def draft_materials(request, code):
    """Step 2: each material and where it comes from; the applicant's are uploaded here."""
    case, done = _wizard_case(request, code)
    if done:
        return done
    return render(
        request,
        "cases/wizard_materials.html",
        _wizard_context(case, "materials", materials=_material_rows(case), upload_form=UploadForm()),
    )


def _material_rows(case):
    uploaded = {}
    for row in case.materials.all():
        uploaded.setdefault(row.material_id, []).append(row)
    fetches = fetches_by_material(case)
    return [
        {"material": m, "files": uploaded.get(m.pk, []), "fetch": fetches.get(m.pk)}
        for m in case.version.materials.all()
    ]


@login_required
@require_POST
def material_upload(request, code):
    case, done = _wizard_case(request, code)
    if done:
        return done
    form = UploadForm(request.POST, request.FILES)
    back = _back(request, case)
    if form.is_valid():
        material = (
            case.version.materials.filter(pk=form.cleaned_data["material"]).first()
            if form.cleaned_data.get("material")
            else None
        )
        if material is None:
            messages.error(request, _("Choose which material this file is."))
            return redirect(back)
        try:
            actions.do_add_material(
                case,
                upload=form.cleaned_data["file"],
                material=material,
                actor=request.user,
                channel=channel_of(request),
            )
        except ValidationError as error:
            messages.error(
                request,
                _("%(material)s: %(error)s")
                % {"material": localise(material.name), "error": " ".join(error.messages)},
            )
        else:
            messages.success(request, _("%(material)s uploaded.") % {"material": localise(material.name)})
    else:
        messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
    return redirect(back)


def _back(request, case):
    return reverse("cases:detail" if case.can_supplement() else "cases:materials", kwargs={"code": case.code})


@login_required
@require_POST
def material_remove(request, code, file_code):
    case, done = _wizard_case(request, code)
    if done:
        return done
    row = _case_file(case, file_code)
    try:
        actions.do_remove_material(row, actor=request.user, channel=channel_of(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("File removed."))
    return redirect(_back(request, case))


def _case_file(case, file_code):
    row = case.materials.filter(code=_uuid_or_404(file_code)).select_related("material").first()
    if row is None:
        raise Http404
    return row


@login_required
@require_http_methods(["GET", "POST"])
def draft_review(request, code):
    """Step 3: everything at a glance, then submit. Refusals go back to the step that can fix them."""
    case, done = _wizard_case(request, code)
    if done:
        return done
    if not case.can_edit():
        return redirect("cases:detail", code=case.code)
    if request.method == "POST":
        try:
            actions.do_submit_case(case, actor=request.user, channel=channel_of(request))
        except ValidationError as error:
            return _submit_refused(request, case, error)
        messages.success(request, _("Application %(number)s submitted.") % {"number": case.number})
        return redirect("cases:detail", code=case.code)
    return render(
        request,
        "cases/wizard_review.html",
        _wizard_context(case, "review", answers=_answer_rows(case), materials=_material_rows(case)),
    )


def _submit_refused(request, case, error):
    errors = getattr(error, "error_dict", None)
    if errors is None:
        messages.error(request, " ".join(error.messages))
        return redirect("cases:detail", code=case.code)
    field_errors = {k for k in errors if k != "materials"}
    case.refresh_from_db()
    if field_errors:
        case = (
            Case.objects.prefetch_related("materials").select_related("version", "applicant").get(pk=case.pk)
        )
        form = AnswersForm(
            case, {key: str(value) for key, value in case.data.items()}, prefilled=_prefilled(case)
        )
        form.is_valid()  # bound to what is stored, so that the action's errors sit on their fields
        form.apply_errors(ValidationError({k: v for k, v in error.message_dict.items() if k != "materials"}))
        context = _wizard_context(
            case, "form", form=form, submit_refused=True, materials_error=error.message_dict.get("materials")
        )
        return render(request, "cases/wizard_form.html", context)
    return render(
        request,
        "cases/wizard_materials.html",
        _wizard_context(
            case,
            "materials",
            materials=_material_rows(case),
            upload_form=UploadForm(),
            materials_error=error.message_dict["materials"],
            submit_refused=True,
        ),
    )


def _answer_rows(case):
    data = case.data
    files = {str(row.code): row for row in case.materials.all()}
    rows = []
    for field in case.version.form_fields.all():
        value = data.get(field.key, "")
        if field.kind == field.FILE:
            value = files[value].original_name if value in files else ""
        rows.append({"field": field, "value": shown_value(field, value)})
    return rows


# Following a case -------------------------------------------------------------------------------


@login_required
@require_GET
def case_list(request):
    """My cases: status, due date, working days left, the step it is at (a bounded number of queries)."""
    cases = cases_for_applicant(request.user).exclude(Q(status=Case.DRAFT) & ~Q(owner=request.user))
    status = request.GET.get("status", "")
    if status in dict(Case.STATUS_CHOICES):
        cases = cases.filter(status=status)
    cases = (
        cases.select_related("version", "department", "clock", "step")
        .prefetch_related(
            Prefetch("steps", queryset=CaseStep.objects.filter(ended_at__isnull=True), to_attr="open_steps")
        )
        .order_by("-created_at", "-id")
    )
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [_case_row(case) for case in page.object_list]
    return render(
        request,
        "cases/case_list.html",
        {"page": page, "rows": rows, "status": status, "statuses": Case.STATUS_CHOICES},
    )


def _case_row(case):
    open_steps = getattr(case, "open_steps", None)
    if open_steps is None:
        open_steps = list(case.steps.filter(ended_at__isnull=True))
    return {
        "case": case,
        "due": case.clock.due_date if case.clock_id else None,
        "remaining": actions.remaining_days(case),
        "current": open_steps[-1].name if open_steps else "",
    }


@login_required
@require_GET
def case_detail(request, code):
    case = _case_for(request, code)
    if case.status == Case.DRAFT:
        return redirect("cases:form", code=case.code)
    case = (
        Case.objects.select_related("version", "department", "clock", "step", "applicant", "owner")
        .prefetch_related("materials__material")
        .get(pk=case.pk)
    )
    is_owner = case.owner_id == request.user.pk
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "row": _case_row(case),
            "timeline": _timeline(case),
            "materials": _material_rows(case) if case.can_supplement() else None,
            "files": with_fetches(case, case.materials.all()),
            "answers": _answer_rows(case),
            "is_owner": is_owner,
            "can_withdraw": is_owner and case.can_withdraw(),
            "withdraw_form": WithdrawForm(),
            "letter": letter_is_available(case),
            "upload_form": UploadForm(),
            "limit_mb": upload_limit_mb(),
        },
    )


def action_labels():
    """What ended a step, as the applicant reads it (CaseStep.action codes)."""
    return {
        "submitted": _("submitted"),
        "accepted": _("accepted"),
        "not_accepted": _("not accepted"),
        "supplement_requested": _("supplement requested"),
        "supplemented": _("supplement handed in"),
        "passed": _("passed"),
        "approved": _("approved"),
        "denied": _("denied"),
        "finished": _("finished"),
        "electronic": _("delivered electronically"),
        "counter": _("collected at the counter"),
        "post": _("sent by post"),
        "withdrawn": _("withdrawn"),
    }


def _timeline(case):
    labels = action_labels()
    steps = list(case.steps.all())
    for step in steps:
        step.label = labels.get(step.action, "")
    return steps


@login_required
@require_POST
def case_supplement(request, code):
    """Hand in what the department asked for (补正): the case goes back and its clock runs on."""
    case = _case_for(request, code)
    try:
        actions.do_supplement_case(case, actor=request.user, channel=channel_of(request))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("Supplement submitted. The department will continue with your application.")
        )
    return redirect("cases:detail", code=case.code)


@login_required
@require_POST
def case_withdraw(request, code):
    case = _case_for(request, code)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
        return redirect("cases:detail", code=case.code)
    try:
        actions.do_withdraw_case(
            case, actor=request.user, reason=form.cleaned_data["reason"], channel=channel_of(request)
        )
    except PermissionDenied as error:
        messages.error(request, str(error) or _("Only the applicant can withdraw an application."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Application %(number)s withdrawn.") % {"number": case.number})
        return redirect("cases:list")
    return redirect("cases:detail", code=case.code)


@login_required
@require_GET
def case_letter(request, code):
    """The decision letter as a PDF, drawn on request. The owner's first download is the delivery (送达)."""
    case = _case_for(request, code)
    if not letter_is_available(case):
        raise Http404
    if case.can_deliver() and case.owner_id == request.user.pk:
        actions.do_deliver_case(case, actor=request.user, method="electronic", channel=channel_of(request))
        case.refresh_from_db()
    url = request.build_absolute_uri(reverse("cases:detail", kwargs={"code": case.code}))
    pdf = render_letter(case, verify_url=url, rate_url=letter_rating_url(case))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{letter_filename(case)}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def material_file(request, code, file_code):
    """A file of the case, to its applicant only; sent as a download, never sniffed as a page."""
    case = _case_for(request, code)
    row = _case_file(case, file_code)
    if row.status != CaseMaterial.UPLOADED or not row.file:
        raise Http404
    try:
        handle = row.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=row.original_name or "file",
        content_type=row.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
