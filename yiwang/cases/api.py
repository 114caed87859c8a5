"""Case endpoints of /api/v1/: apply, follow and act on cases from apps, kiosks and department systems.

Applicants (token or session): `POST /cases` applies in one go and needs an `Idempotency-Key`
header (a retry returns the same case, never a second one); the save-draft flow is
`POST /cases/drafts`, `PUT /cases/{code}/answers`, `POST /cases/{code}/materials` (multipart),
`POST /cases/{code}/submit`; then `GET /cases`, `GET /cases/{code}`, `POST .../supplement` and
`POST .../withdraw`. Staff: `GET /staff/cases` and one `POST /staff/cases/{code}/<action>` per
action. Others' cases answer 404; a case in the wrong state 409 `wrong_state`; an action the
user's role may not take 403; bad input 422. Every write goes through `cases/actions.py`.
"""

import datetime
import json
import uuid
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import field_validator

from yiwang.accounts.models import Person
from yiwang.cases import actions
from yiwang.cases.models import Case
from yiwang.cases.permissions import (
    can_handle,
    cases_for_applicant,
    cases_for_staff,
    get_case_for_applicant,
    get_case_for_staff,
)
from yiwang.core.apitypes import Text
from yiwang.core.channels import Channel
from yiwang.core.idempotency import check_key, fingerprint, run_once
from yiwang.core.pii import mask_address, mask_citizen_id, mask_phone
from yiwang.services.models import FormField, Material, ServiceItem

router = Router(tags=["cases"])

MAX_PAGE_SIZE = 100


# Output ----------------------------------------------------------------------------------------


class ErrorBody(Schema):
    code: str
    message: str
    details: Any = None


class ErrorOut(Schema):
    """The shared error shape of /api/v1/."""

    error: ErrorBody


class ItemRef(Schema):
    code: str
    implementation_code: str
    name: str


class StepOut(Schema):
    name: str
    action: str
    opinion: str
    started_at: datetime.datetime
    ended_at: datetime.datetime | None


class MaterialOut(Schema):
    code: str
    material: int | None = Field(description="the id of the item's material this file is for, or null")
    name: str
    status: str
    file_name: str
    content_type: str
    size: int


class SupplementOut(Schema):
    items: list[str]
    note: str


class CaseSummary(Schema):
    code: str
    number: str
    item: ItemRef
    department: str
    status: str
    status_label: str
    channel: str
    created_at: datetime.datetime
    submitted_at: datetime.datetime | None
    due_date: datetime.date | None = Field(description="promised finish date, once accepted")
    remaining_workdays: int | None = Field(description="working days left while the limit runs")
    due_date_provisional: bool = Field(
        default=False,
        description="the due date rests on a year whose holiday schedule is not published yet: it may move "
        "when the State Council's schedule is published",
    )


class CaseDetail(CaseSummary):
    applicant: str = Field(description="the applicant's name (masked for a person)")
    applicant_kind: str
    accepted_at: datetime.datetime | None
    decided_at: datetime.datetime | None
    finished_at: datetime.datetime | None
    delivered_at: datetime.datetime | None
    current_step: str | None
    result: str
    result_reason: str
    letter_number: str
    supplement: SupplementOut | None = Field(
        description="what the department asked for (补正), while awaited"
    )
    answers: dict[str, Any] = Field(description="{field key: value}; ID numbers, phones and addresses masked")
    materials: list[MaterialOut]
    timeline: list[StepOut]


class CasePage(Schema):
    count: int
    page: int
    page_size: int
    results: list[CaseSummary]


def _summary(case):
    clock = case.clock if case.clock_id else None
    return {
        "code": str(case.code),
        "number": case.number,
        "item": {
            "code": str(case.item.code),
            "implementation_code": case.item.implementation_code,
            "name": case.version.name,
        },
        "department": case.department.name,
        "status": case.status,
        "status_label": str(case.get_status_display()),
        "channel": case.channel,
        "created_at": case.created_at,
        "submitted_at": case.submitted_at,
        "due_date": clock.due_date if clock is not None else None,
        "remaining_workdays": actions.remaining_days(case),
        "due_date_provisional": clock is not None and clock.shows_provisional,
    }


MASKS = {FormField.CITIZEN_ID: mask_citizen_id, FormField.PHONE: mask_phone, FormField.ADDRESS: mask_address}


def masked_answers(case, fields=None):
    """The answers with personal fields (ID number, phone, address) masked, as every listing shows them.

    An API answer is stored in clear for idempotent replays and travels through app caches, so it
    never carries these in full; the applicant saw what they typed, the department's workbench
    shows the rest (and records the view)."""
    kinds = {f.key: f.kind for f in (fields if fields is not None else case.version.form_fields.all())}
    return {
        key: MASKS[kinds[key]](value) if kinds.get(key) in MASKS else value
        for key, value in case.data.items()
    }


def _material(row, material):
    return {
        "code": str(row.code),
        "material": row.material_id,
        "name": material.name if material else "",
        "status": row.status,
        "file_name": row.original_name,
        "content_type": row.content_type,
        "size": row.size,
    }


def case_detail(case):
    """The case as its applicant or its department sees it; JSON-able (stored for idempotent replays)."""
    materials = list(case.materials.select_related("material"))
    steps = list(case.steps.all())
    data = _summary(case)
    applicant = case.applicant
    data.update(
        {
            "applicant": str(applicant),
            "applicant_kind": applicant.kind,
            "accepted_at": case.accepted_at,
            "decided_at": case.decided_at,
            "finished_at": case.finished_at,
            "delivered_at": case.delivered_at,
            "current_step": case.step.name if case.step_id else None,
            "result": case.result,
            "result_reason": case.result_reason,
            "letter_number": case.letter_number,
            "supplement": (
                {"items": case.supplement_items, "note": case.supplement_note}
                if case.status == Case.SUPPLEMENT
                else None
            ),
            "answers": masked_answers(case),
            "materials": [_material(m, m.material) for m in materials],
            "timeline": [
                {
                    "name": s.name,
                    "action": s.action,
                    "opinion": s.opinion,
                    "started_at": s.started_at,
                    "ended_at": s.ended_at,
                }
                for s in steps
            ],
        }
    )
    return CaseDetail.model_validate(data).model_dump(mode="json")


def _page(queryset, page, page_size):
    count = queryset.count()
    start = (page - 1) * page_size
    rows = queryset.select_related("item", "version", "department", "clock")[start : start + page_size]
    return {
        "count": count,
        "page": page,
        "page_size": page_size,
        "results": [_summary(case) for case in rows],
    }


# Input -----------------------------------------------------------------------------------------


def _encodable_json(value):
    """Answers may hold any JSON; text in them must still be valid Unicode (see core.apitypes)."""
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except (UnicodeEncodeError, ValueError):
        raise ValueError("text is not valid Unicode") from None
    return value


class AnswersIn(Schema):
    answers: dict[str, Any] = Field(default_factory=dict, description="{field key: value} of the item's form")

    @field_validator("answers")
    @classmethod
    def _answers_encodable(cls, value):
        return _encodable_json(value)


class ApplyIn(AnswersIn):
    item: Text = Field(max_length=40, description="the service item's code (UUID) or implementation code")
    applicant: Text = Field(
        "self", max_length=40, description='"self", or the code of an enterprise the user acts for'
    )


class WithdrawIn(Schema):
    reason: Text = Field("", max_length=2000)


class OpinionIn(Schema):
    opinion: Text = Field("", max_length=2000)


class ReasonIn(Schema):
    reason: Text = Field(max_length=2000)


class SupplementRequestIn(Schema):
    items: list[Text] = Field(max_length=50, description="what is missing, each in a sentence")
    note: Text = Field("", max_length=2000)


class StepIn(Schema):
    opinion: Text = Field(max_length=2000)
    decision: Literal["approved", "denied"] | None = Field(None, description="in the last step only")


class DeliverIn(Schema):
    method: Literal["counter", "post"]


# Helpers of the views --------------------------------------------------------------------------


def _channel(request):
    token = getattr(request, "api_token", None)
    return token.channel if token is not None else Channel.API


def _item(reference):
    try:
        lookup = {"code": uuid.UUID(reference)}
    except ValueError:
        lookup = {"implementation_code": reference}
    try:
        return ServiceItem.objects.select_related("current", "department").get(**lookup)
    except ServiceItem.DoesNotExist:
        raise ValidationError({"item": _("There is no such service.")}) from None


def _applicant(user, reference):
    if reference == "self":
        person = next(iter(Person.objects.filter(user_id=user.pk)[:1]), None)
        if person is None:
            raise ValidationError({"applicant": _("This account has no verified person to apply as.")})
        return person
    for agency in user.agencies():
        if str(agency.enterprise.code) == reference:
            return agency.enterprise
    raise ValidationError({"applicant": _("You do not act for this enterprise.")})


def _wrong_state(request, allowed, message):
    """409 in the shared shape when the case is not in a state the action accepts (None when it is)."""
    if allowed:
        return None
    from yiwang.api import error_response

    return error_response(request, 409, "wrong_state", message)


def _staff_case(request, code):
    """A case of the user's departments (404 otherwise) that the user may act on (403 for watchers)."""
    case = get_case_for_staff(request.user, code)
    if not can_handle(request.user, case):
        raise PermissionDenied
    return case


def _status_filter(cases, status, allowed_all=False):
    if status == "all" and allowed_all or status == "" and not allowed_all:
        return cases
    if status not in {value for value, _label in Case.STATUS_CHOICES}:
        raise ValidationError({"status": _("Unknown status.")})
    return cases.filter(status=status)


def _with_relations(case):
    """The case as it is now, with what its detail shows loaded in one query."""
    return Case.objects.select_related("item", "version", "department", "applicant", "clock", "step").get(
        pk=case.pk
    )


def _detail_of(case):
    return case_detail(_with_relations(case))


# Applicant endpoints -----------------------------------------------------------------------------


@router.post(
    "/cases",
    response={201: CaseDetail, 400: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Apply in one go",
    description="Starts, fills in and submits an application (for items whose required materials "
    "are fetched, or none). Needs an `Idempotency-Key` header: a retry with the same "
    "key and body returns the same case; the same key with another body is refused "
    "(409).",
)
def apply(request: HttpRequest, payload: ApplyIn):
    key = check_key(request.headers.get("Idempotency-Key", ""))
    user = request.user
    item = _item(payload.item)
    applicant = _applicant(user, payload.applicant)

    def create():
        case = actions.do_apply(
            item,
            applicant=applicant,
            owner=user,
            actor=user,
            answers=payload.answers,
            channel=_channel(request),
        )
        # The fresh case holds its item, version and applicant already: no second read in the transaction.
        return 201, case_detail(case)

    request_hash = fingerprint(
        {"item": str(item.code), "applicant": payload.applicant, "answers": payload.answers}
    )
    status, body, _replayed = run_once("api:cases", key, user.pk, request_hash, create)
    return Status(status, body)


@router.post(
    "/cases/drafts", response={201: CaseDetail, 422: ErrorOut}, summary="Start a draft (save and resume)"
)
def start_draft(request: HttpRequest, payload: ApplyIn):
    user = request.user
    item = _item(payload.item)
    applicant = _applicant(user, payload.applicant)
    case = actions.do_start_case(
        item, applicant=applicant, owner=user, actor=user, channel=_channel(request), answers=payload.answers
    )
    return Status(201, _detail_of(case))


@router.put(
    "/cases/{code}/answers",
    response={200: CaseDetail, 409: ErrorOut, 422: ErrorOut},
    summary="Save answers of a draft (or of a case awaiting a supplement)",
)
def save_answers(request: HttpRequest, code: str, payload: AnswersIn):
    case = get_case_for_applicant(request.user, code)
    if refused := _wrong_state(
        request, case.can_edit() or case.can_supplement(), _("This application can no longer be changed.")
    ):
        return refused
    actions.do_save_answers(case, answers=payload.answers, actor=request.user, channel=_channel(request))
    return _detail_of(case)


@router.post(
    "/cases/{code}/materials",
    response={201: MaterialOut, 409: ErrorOut, 422: ErrorOut},
    summary="Upload a material (multipart: `file`, and `material` = the item material's id)",
)
def add_material(
    request: HttpRequest, code: str, file: File[UploadedFile], material: Form[int | None] = None
):
    case = get_case_for_applicant(request.user, code)
    if refused := _wrong_state(
        request, case.can_edit() or case.can_supplement(), _("This application can no longer be changed.")
    ):
        return refused
    chosen = None
    if material is not None:
        chosen = Material.objects.filter(pk=material, version_id=case.version_id).first()
        if chosen is None:
            raise ValidationError({"material": _("This material does not belong to this service.")})
    row = actions.do_add_material(
        case, upload=file, actor=request.user, material=chosen, channel=_channel(request)
    )
    return Status(201, _material(row, chosen))


@router.post(
    "/cases/{code}/submit",
    response={200: CaseDetail, 409: ErrorOut, 422: ErrorOut},
    summary="Submit a complete draft",
)
def submit(request: HttpRequest, code: str):
    case = get_case_for_applicant(request.user, code)
    if refused := _wrong_state(request, case.can_submit(), _("This application has been submitted already.")):
        return refused
    actions.do_submit_case(case, actor=request.user, channel=_channel(request))
    return _detail_of(case)


@router.get("/cases", response=CasePage, summary="My cases, newest first")
def my_cases(
    request: HttpRequest,
    page: int = Query(1, ge=1, le=100000),
    page_size: int = Query(20, ge=1, le=MAX_PAGE_SIZE),
    status: Text = Query("", max_length=20),
):
    return _page(_status_filter(cases_for_applicant(request.user), status), page, page_size)


@router.get("/cases/{code}", response=CaseDetail, summary="One of my cases: status, due date, timeline")
def my_case(request: HttpRequest, code: str):
    return case_detail(get_case_for_applicant(request.user, code))


@router.post(
    "/cases/{code}/supplement",
    response={200: CaseDetail, 409: ErrorOut, 422: ErrorOut},
    summary="Hand in what the department asked for (补正)",
    description="Upload the files and save the answers first; this hands the case back to the department.",
)
def supplement(request: HttpRequest, code: str):
    case = get_case_for_applicant(request.user, code)
    if refused := _wrong_state(request, case.can_supplement(), _("Nothing was asked for.")):
        return refused
    actions.do_supplement_case(case, actor=request.user, channel=_channel(request))
    return _detail_of(case)


@router.post(
    "/cases/{code}/withdraw",
    response={200: CaseDetail, 409: ErrorOut, 422: ErrorOut},
    summary="Withdraw an application before a decision (撤回)",
)
def withdraw(request: HttpRequest, code: str, payload: WithdrawIn):
    case = get_case_for_applicant(request.user, code)
    if refused := _wrong_state(
        request, case.can_withdraw(), _("A case that is being decided can no longer be withdrawn.")
    ):
        return refused
    actions.do_withdraw_case(case, actor=request.user, reason=payload.reason, channel=_channel(request))
    return _detail_of(case)


# Staff endpoints ---------------------------------------------------------------------------------


@router.get(
    "/staff/cases",
    response={200: CasePage, 403: ErrorOut, 422: ErrorOut},
    summary="The department's worklist by status (staff)",
)
def worklist(
    request: HttpRequest,
    status: Text = Query("submitted", max_length=20),
    page: int = Query(1, ge=1, le=100000),
    page_size: int = Query(20, ge=1, le=MAX_PAGE_SIZE),
):
    if not request.user.is_staff_member:
        raise PermissionDenied
    cases = cases_for_staff(request.user).order_by("submitted_at", "id")
    return _page(_status_filter(cases, status, allowed_all=True), page, page_size)


STAFF_RESPONSES = {200: CaseDetail, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


@router.post("/staff/cases/{code}/accept", response=STAFF_RESPONSES, summary="Accept (受理)")
def accept(request: HttpRequest, code: str, payload: OpinionIn):
    case = _staff_case(request, code)
    if refused := _wrong_state(
        request, case.can_accept(), _("Only a submitted application can be accepted.")
    ):
        return refused
    actions.do_accept_case(case, actor=request.user, opinion=payload.opinion, channel=_channel(request))
    return _detail_of(case)


@router.post("/staff/cases/{code}/refuse", response=STAFF_RESPONSES, summary="Refuse to accept (不予受理)")
def refuse(request: HttpRequest, code: str, payload: ReasonIn):
    case = _staff_case(request, code)
    if refused := _wrong_state(request, case.can_refuse(), _("Only a submitted application can be refused.")):
        return refused
    actions.do_refuse_case(case, actor=request.user, reason=payload.reason, channel=_channel(request))
    return _detail_of(case)


@router.post(
    "/staff/cases/{code}/request-supplement", response=STAFF_RESPONSES, summary="Ask for a supplement (补正)"
)
def request_supplement(request: HttpRequest, code: str, payload: SupplementRequestIn):
    case = _staff_case(request, code)
    if refused := _wrong_state(
        request, case.can_request_supplement(), _("A supplement can only be asked for before a decision.")
    ):
        return refused
    actions.do_request_supplement(
        case, actor=request.user, items=payload.items, note=payload.note, channel=_channel(request)
    )
    return _detail_of(case)


@router.post(
    "/staff/cases/{code}/complete-step",
    response=STAFF_RESPONSES,
    summary="Complete the current review step (the last one decides)",
)
def complete_step(request: HttpRequest, code: str, payload: StepIn):
    case = _staff_case(request, code)
    if refused := _wrong_state(
        request, case.can_complete_step(), _("This step is not waiting for an opinion.")
    ):
        return refused
    actions.do_complete_step(
        case,
        actor=request.user,
        opinion=payload.opinion,
        decision=payload.decision,
        channel=_channel(request),
    )
    return _detail_of(case)


@router.post("/staff/cases/{code}/finish", response=STAFF_RESPONSES, summary="Issue the result (办结)")
def finish(request: HttpRequest, code: str):
    case = _staff_case(request, code)
    if refused := _wrong_state(request, case.can_finish(), _("Only a decided case can be finished.")):
        return refused
    actions.do_finish_case(case, actor=request.user, channel=_channel(request))
    return _detail_of(case)


@router.post(
    "/staff/cases/{code}/deliver",
    response=STAFF_RESPONSES,
    summary="Record delivery of the result at the counter or by post (送达)",
)
def deliver(request: HttpRequest, code: str, payload: DeliverIn):
    case = _staff_case(request, code)
    if refused := _wrong_state(request, case.can_deliver(), _("Only a finished case can be delivered.")):
        return refused
    actions.do_deliver_case(case, actor=request.user, method=payload.method, channel=_channel(request))
    return _detail_of(case)
