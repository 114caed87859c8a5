"""The staff workbench (/staff/cases/): worklists, the case page with its act forms, material files,
and the counter (一窗受理) where a window clerk takes in a walk-in application for any department.

Views parse, fetch through the permission helpers (404 for others' cases), call one action and
redirect (POST-redirect-GET); an action's refusal is shown on the form it came from and changes
nothing; `PermissionDenied` (a supervisor trying to act) becomes the 403 page.
"""

import io

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from yiwang.accounts.actions import citizen_id_index, do_create_person
from yiwang.accounts.forms import apply_errors
from yiwang.accounts.models import Enterprise, Person, Role
from yiwang.cases import actions
from yiwang.cases.answers import prefill_answers
from yiwang.cases.models import CaseMaterial
from yiwang.cases.permissions import (
    HANDLING_ROLES,
    WATCHING_ROLES,
    can_handle,
    get_case_for_staff,
    get_case_taken_in_by,
)
from yiwang.cases.staff_forms import (
    TABS,
    ApplicantForm,
    CatalogueSearchForm,
    CompleteStepForm,
    CounterApplicationForm,
    DeliverForm,
    OpinionForm,
    RefuseForm,
    SupplementForm,
    WorklistFilterForm,
)
from yiwang.cases.worklists import ID_SEARCH, forget_counts, search_token
from yiwang.cases.worklists import worklist as worklist_page
from yiwang.core.channels import Channel
from yiwang.core.events import EventCode
from yiwang.core.idempotency import IdempotencyError, fingerprint, run_once
from yiwang.core.models import Event
from yiwang.core.permissions import departments_for_user, user_has_role
from yiwang.core.pii import mask_address, mask_citizen_id, mask_name, mask_phone
from yiwang.datahub.fetch import hub_lacks, with_fetches
from yiwang.services.models import FormField, ServiceItem, ServiceItemVersion

COUNTER_APPLICANT = "counter_applicant"  # session: {"item": item code, "subject": subject code}
PREVIEWABLE = ("application/pdf", "image/jpeg", "image/png")  # shown in the browser; others are downloaded
MASKS = {FormField.CITIZEN_ID: mask_citizen_id, FormField.PHONE: mask_phone, FormField.ADDRESS: mask_address}
# Events shown on a case's timeline beside its steps (the steps already tell acceptance, decisions ...).
TIMELINE_EVENTS = (
    EventCode.CASE_ROUTED,
    EventCode.CASE_MATERIAL_ADDED,
    EventCode.CASE_MATERIAL_REMOVED,
    EventCode.CASE_SUPPLEMENTED,
    EventCode.CASE_DATA_VIEWED,
    EventCode.CASE_DELIVERED,
)


def _require_workbench(user):
    if not user_has_role(user, *HANDLING_ROLES, *WATCHING_ROLES):
        raise Http404


def _require_counter(user):
    if not user_has_role(user, Role.WINDOW_CLERK):
        raise Http404


# Worklists -----------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def worklist(request):
    """The lists. The filter form is POSTed and redirected to the list's URL (with a citizen ID number
    replaced by its blind index); paging and tabs are plain links."""
    _require_workbench(request.user)
    if request.method == "POST":
        query = {
            key: value
            for key, value in request.POST.items()
            if key in WorklistFilterForm.base_fields and value
        }
        if "q" in query:
            query["q"] = search_token(query["q"])
        return redirect(f"{request.path}?{urlencode(query)}")
    departments = departments_for_user(request.user, HANDLING_ROLES + WATCHING_ROLES)
    items = (
        ServiceItem.objects.filter(department__in=departments)
        .select_related("current")
        .only("code", "implementation_code", "current__name")
        .order_by("current__name")
    )
    form = WorklistFilterForm(request.GET, items=items)
    tab, counts, page = worklist_page(request.user, form)
    query = request.GET.copy()
    query.pop("page", None)
    tab_query = query.copy()
    tab_query.pop("tab", None)
    partial = request.headers.get("HX-Request")  # an htmx request (e.g. a page link) gets the rows only
    template = "cases/staff/worklist_rows.html" if partial else "cases/staff/worklist.html"
    return render(
        request,
        template,
        {
            "form": form,
            "tab": tab,
            "tabs": [(key, label, counts.get(key)) for key, label in TABS],
            "page": page,
            "query": query.urlencode(),
            "tab_query": tab_query.urlencode(),
            "is_clerk": user_has_role(request.user, Role.WINDOW_CLERK),
            "size": form.value("size", 20),
            "search_text": "" if request.GET.get("q", "").startswith(ID_SEARCH) else request.GET.get("q", ""),
            "searched_by_id": request.GET.get("q", "").startswith(ID_SEARCH),
        },
    )


# The case page ------------------------------------------------------------------------------------


def _answers(case, *, reveal):
    """The form's answers as (label, shown value, is personal) in the form's order."""
    data = case.data
    rows = []
    for field in case.version.form_fields.all():
        value = data.get(field.key, "")
        if field.kind == FormField.FILE:
            value = _("(file, see materials)") if value else ""
        personal = field.kind in MASKS
        shown = value if reveal or not personal or not value else MASKS[field.kind](value)
        rows.append({"label": field.label, "value": shown, "personal": personal})
    return rows


def _applicant(case, *, reveal):
    subject = case.applicant
    if subject.kind == Person.PERSON:
        person = Person.objects.get(pk=subject.pk)
        if reveal:
            return {"name": person.name, "identifier": person.id_number, "phone": person.phone}
        return {
            "name": mask_name(person.name),
            "identifier": person.masked_id_number,
            "phone": person.masked_phone,
        }
    enterprise = Enterprise.objects.get(pk=subject.pk)
    return {"name": enterprise.name, "identifier": enterprise.credit_code, "phone": ""}


def _timeline(case):
    steps = [
        {
            "at": step.started_at,
            "ended": step.ended_at,
            "name": step.name,
            "action": step.action,
            "officer": step.officer,
            "opinion": step.opinion,
            "kind": "step",
        }
        for step in case.steps.select_related("officer")
    ]
    events = [
        {
            "at": event.created_at,
            "name": event.get_code_display(),
            "officer": event.actor,
            "kind": "event",
            "channel": event.get_channel_display(),
        }
        for event in Event.objects.filter(
            object_type=case._meta.label_lower, object_id=str(case.pk), code__in=TIMELINE_EVENTS
        ).select_related("actor")
    ]
    return sorted(steps + events, key=lambda entry: entry["at"])


def _is_last_step(case):
    if case.step_id is None:
        return False
    return not case.version.steps.filter(sort_order__gt=case.step.sort_order).exists()


def _act_forms(request, case, *, bound=None):
    """The act forms the user may use on the case now, keyed by act; `bound` replaces one with its errors."""
    user, forms_ = request.user, {}
    if not can_handle(user, case):
        return forms_
    if case.can_accept():
        forms_["accept"] = OpinionForm(prefix="accept")
        forms_["refuse"] = RefuseForm(prefix="refuse")
    if case.can_request_supplement():
        forms_["supplement"] = SupplementForm(prefix="supplement")
    if case.can_complete_step() and user_has_role(
        user, case.step.role, Role.DEPARTMENT_HEAD, department=case.department
    ):
        forms_["complete"] = CompleteStepForm(prefix="complete", last_step=_is_last_step(case))
    if case.can_finish():
        forms_["finish"] = OpinionForm(prefix="finish")
    if case.can_deliver():
        forms_["deliver"] = DeliverForm(prefix="deliver")
    if bound is not None:
        forms_[bound[0]] = bound[1]
    return forms_


def _render_case(request, case, *, reveal=False, bound=None, status=200):
    now = timezone.now()
    context = {
        "case": case,
        "answers": _answers(case, reveal=reveal),
        "applicant": _applicant(case, reveal=reveal),
        "reveal": reveal,
        "materials": with_fetches(case, case.materials.select_related("material")),
        "timeline": _timeline(case),
        "signal": case.clock.signal(now) if case.clock_id else None,
        "remaining": actions.remaining_days(case),
        "acts": _act_forms(request, case, bound=bound),
        "last_step": _is_last_step(case),
    }
    return render(request, "cases/staff/case.html", context, status=status)


@login_required
@require_GET
def case_detail(request, code):
    case = get_case_for_staff(request.user, code)
    return _render_case(request, case)


@login_required
@require_POST
def reveal_personal_data(request, code):
    """Show the case's personal data in clear; the look is recorded (and will reach the ledger)."""
    case = get_case_for_staff(request.user, code)
    actions.record_data_view(case, actor=request.user, channel=Channel.WEB)
    if request.headers.get("HX-Request"):
        return render(
            request,
            "cases/staff/answers.html",
            {
                "case": case,
                "answers": _answers(case, reveal=True),
                "applicant": _applicant(case, reveal=True),
                "reveal": True,
            },
        )
    return _render_case(request, case, reveal=True)


@login_required
@require_GET
def material_file(request, code, material_code):
    """A material's file, only to staff who may see the case; never a public media URL."""
    case = get_case_for_staff(request.user, code)
    row = case.materials.filter(code=_uuid_or_404(material_code)).exclude(file="").first()
    if row is None or row.status == CaseMaterial.AWAITING:
        raise Http404
    inline = request.GET.get("inline") == "1" and row.content_type in PREVIEWABLE
    try:
        handle = row.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(
        handle,
        content_type=row.content_type or "application/octet-stream",
        as_attachment=not inline,
        filename=row.original_name or "file",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _uuid_or_404(value):
    import uuid

    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise Http404 from None


# Acting on a case: one view per act, each calling one action ----------------------------------------


def _act(request, code, name, form_class, call, success, form_kwargs=None):
    case = get_case_for_staff(request.user, code)
    form = form_class(request.POST, prefix=name, **(form_kwargs(case) if form_kwargs else {}))
    if form.is_valid():
        try:
            call(case, form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            forget_counts(request.user)
            messages.success(request, success)
            return redirect("staff_cases:case", code=case.code)
    case.refresh_from_db()
    return _render_case(request, case, bound=(name, form), status=400)


@login_required
@require_POST
def accept(request, code):
    return _act(
        request,
        code,
        "accept",
        OpinionForm,
        lambda case, data: actions.do_accept_case(case, actor=request.user, opinion=data["opinion"]),
        _("The application has been accepted."),
    )


@login_required
@require_POST
def refuse(request, code):
    return _act(
        request,
        code,
        "refuse",
        RefuseForm,
        lambda case, data: actions.do_refuse_case(case, actor=request.user, reason=data["reason"]),
        _("The application has not been accepted; the applicant has been told why."),
    )


@login_required
@require_POST
def request_supplement(request, code):
    return _act(
        request,
        code,
        "supplement",
        SupplementForm,
        lambda case, data: actions.do_request_supplement(
            case, actor=request.user, items=data["items"], note=data["note"]
        ),
        _("The applicant has been asked for what is missing."),
    )


@login_required
@require_POST
def complete_step(request, code):
    return _act(
        request,
        code,
        "complete",
        CompleteStepForm,
        lambda case, data: actions.do_complete_step(
            case, actor=request.user, opinion=data["opinion"], decision=data.get("decision") or None
        ),
        _("Your opinion has been recorded."),
        form_kwargs=lambda case: {"last_step": _is_last_step(case)},
    )


@login_required
@require_POST
def finish(request, code):
    return _act(
        request,
        code,
        "finish",
        OpinionForm,
        lambda case, data: actions.do_finish_case(case, actor=request.user),
        _("The case is finished (办结); the decision letter is issued."),
    )


@login_required
@require_POST
def deliver(request, code):
    return _act(
        request,
        code,
        "deliver",
        DeliverForm,
        lambda case, data: actions.do_deliver_case(case, actor=request.user, method=data["method"]),
        _("The delivery of the result has been recorded."),
    )


# The counter (一窗受理) ------------------------------------------------------------------------------


def _published_item(code):
    item = (
        ServiceItem.objects.filter(code=_uuid_or_404(code), current__status=ServiceItemVersion.PUBLISHED)
        .select_related("current", "department")
        .first()
    )
    if item is None:
        raise Http404
    return item


@login_required
@require_GET
def counter(request):
    """Find the service: any department's published item, by name or alias."""
    _require_counter(request.user)
    form = CatalogueSearchForm(request.GET)
    items = []
    if form.is_valid() and form.cleaned_data["q"].strip():
        q = form.cleaned_data["q"].strip()
        items = list(
            ServiceItem.objects.filter(current__status=ServiceItemVersion.PUBLISHED)
            .filter(
                Q(current__name__icontains=q) | Q(current__aliases__icontains=q) | Q(implementation_code=q)
            )
            .select_related("current", "department")
            .order_by("current__name")[:50]
        )
    return render(request, "cases/staff/counter.html", {"form": form, "items": items})


def _find_applicant(data):
    if data["kind"] == ApplicantForm.ENTERPRISE:
        return Enterprise.objects.filter(credit_code=data["credit_code"]).first()
    return Person.objects.filter(id_number_index=citizen_id_index(data["id_number"])).first()


@login_required
@require_http_methods(["GET", "POST"])
def counter_applicant(request, item_code):
    """Who applies: found by citizen ID number (blind index) or credit code; a new walk-in person is
    recorded with do_create_person."""
    _require_counter(request.user)
    item = _published_item(item_code)
    form = ApplicantForm(request.POST if request.method == "POST" else None)
    unknown_person = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        subject = _find_applicant(data)
        if subject is None and data["kind"] == ApplicantForm.ENTERPRISE:
            form.add_error(
                "credit_code",
                _(
                    "No enterprise with this credit code is recorded. Its legal "
                    "representative registers it online first."
                ),
            )
        elif subject is None and not data["name"]:
            unknown_person = True
            form.add_error(
                "name",
                _(
                    "This person is not recorded yet: enter the name as on the ID card "
                    "(and a mobile number for SMS updates) to record them."
                ),
            )
        else:
            if subject is None:
                try:
                    subject = do_create_person(
                        name=data["name"],
                        id_number=data["id_number"],
                        phone=data["phone"],
                        actor=request.user,
                    )
                except ValidationError as error:
                    apply_errors(form, error)
            if subject is not None:
                is_person = isinstance(subject, Person)
                if not item.current.serves("person" if is_person else "enterprise"):
                    form.add_error(
                        "kind",
                        _("This service is for enterprises.")
                        if is_person
                        else _("This service is for persons."),
                    )
                else:
                    request.session[COUNTER_APPLICANT] = {
                        "item": str(item.code),
                        "subject": str(subject.code),
                    }
                    return redirect("staff_cases:counter_apply", item_code=item.code)
    return render(
        request,
        "cases/staff/counter_applicant.html",
        {"item": item, "form": form, "unknown_person": unknown_person},
    )


def _counter_subject(request, item):
    chosen = request.session.get(COUNTER_APPLICANT) or {}
    if chosen.get("item") != str(item.code):
        return None
    subject = Person.objects.filter(code=chosen.get("subject")).select_related("user").first()
    return subject or Enterprise.objects.filter(code=chosen.get("subject")).first()


@login_required
@require_http_methods(["GET", "POST"])
def counter_apply(request, item_code):
    """Fill in the item's form (prefilled from what is known), attach the scans, submit on the
    counter channel; the idempotency key drawn with the page makes a double submit create once."""
    _require_counter(request.user)
    item = _published_item(item_code)
    subject = _counter_subject(request, item)
    if subject is None:
        return redirect("staff_cases:counter_applicant", item_code=item.code)
    version = item.current
    fields = list(version.form_fields.all())
    materials = list(version.materials.all())
    owner = subject.user if isinstance(subject, Person) else None
    initial = prefill_answers(version, subject, fields, owner=owner)
    upload_instead = hub_lacks(materials, subject, owner, item.department)
    form = CounterApplicationForm(
        request.POST or None,
        request.FILES or None,
        fields=fields,
        materials=materials,
        upload_instead=upload_instead,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        answers, uploads = form.answers(), form.uploads()

        def create():
            case = actions.do_apply(
                item,
                applicant=subject,
                owner=owner,
                actor=request.user,
                answers=answers,
                uploads=uploads,
                channel=Channel.COUNTER,
            )
            return 201, {"case": str(case.code)}

        request_hash = fingerprint(
            {
                "item": str(item.code),
                "subject": str(subject.code),
                "answers": answers,
                "files": [(m.pk, f.name, f.size) for m, f in uploads],
            }
        )
        try:
            _status, response, _replayed = run_once(
                "web:counter", form.cleaned_data["idempotency_key"], request.user.pk, request_hash, create
            )
        except ValidationError as error:
            apply_errors(form, error)
        except IdempotencyError as error:
            form.add_error(None, error.message)
        else:
            request.session.pop(COUNTER_APPLICANT, None)
            messages.success(
                request,
                _("The application has been submitted to %(department)s.")
                % {"department": item.department.display_name},
            )
            return redirect("staff_cases:counter_receipt", code=response["case"])
    shown = (
        subject.masked_fields()
        if isinstance(subject, Person)
        else {"name": subject.name, "id_number": subject.credit_code}
    )
    return render(
        request,
        "cases/staff/counter_apply.html",
        {
            "item": item,
            "form": form,
            "subject": shown,
            "materials": materials,
            "upload_instead": upload_instead,
        },
    )


def _qr_svg(url):
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=6)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode("utf-8").split("?>", 1)[-1]


@login_required
@require_GET
def counter_receipt(request, code):
    """The receipt (受理回执 / 材料接收凭证) handed to the applicant, with a QR code to follow the case."""
    case = get_case_taken_in_by(request.user, code)
    tracking_url = request.build_absolute_uri(f"/cases/{case.code}/")
    subject = case.applicant
    applicant = mask_name(subject.name) if subject.kind == Person.PERSON else subject.name
    return render(
        request,
        "cases/staff/receipt.html",
        {
            "case": case,
            "applicant": applicant,
            "tracking_url": tracking_url,
            "qr_svg": _qr_svg(tracking_url),
            "materials": case.materials.select_related("material"),
        },
    )
