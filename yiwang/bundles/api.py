"""Bundle endpoints of /api/v1/: read the bundles and their guides, apply for a bundle in one go,
follow one's bundle cases.

`POST /bundles/{slug}/applications` needs an `Idempotency-Key` header (a retry returns the same
bundle case, never a second one). Files cannot travel in JSON: a bundle whose situation asks for
uploaded materials is refused with the uploads named (apply for it on the portal). Others' bundle
cases answer 404; bad input 422 in the shared error shape. Writes go through `bundles/actions.py`.
"""

import datetime
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from pydantic import field_validator

from yiwang.bundles import actions
from yiwang.bundles.guides import questions_of
from yiwang.bundles.models import Bundle
from yiwang.bundles.permissions import bundle_cases_for_applicant, get_bundle_case_for_applicant
from yiwang.bundles.savings import configured_savings
from yiwang.bundles.timeline import timeline
from yiwang.cases.api import ErrorOut, _applicant, _channel, _encodable_json
from yiwang.core.apitypes import Text
from yiwang.core.idempotency import check_key, fingerprint, run_once

router = Router(tags=["bundles"])


class SavingsOut(Schema):
    days: int = Field(description="working days saved against the items' promised limits added up")
    fields: int = Field(description="form fields not asked again")
    visits: int
    separate_days: int
    separate_fields: int
    separate_visits: int


class BundleItemOut(Schema):
    item: str = Field(description="the service item's code (UUID)")
    name: str
    department: str
    promised_limit: int
    waits_for: str | None = Field(description="the item's code it waits for, or null (runs in parallel)")


class BundleFieldOut(Schema):
    key: str
    label: str
    kind: str
    required: bool
    choices: list[str]
    prefill: str


class OptionOut(Schema):
    value: str
    label: str


class QuestionOut(Schema):
    key: str
    text: str
    options: list[OptionOut]


class BundleSummary(Schema):
    slug: str
    name: str
    summary: str
    audience: str
    life_event: str
    promised_limit: int
    savings: SavingsOut


class BundleDetail(BundleSummary):
    items: list[BundleItemOut]
    fields: list[BundleFieldOut]
    questions: list[QuestionOut] = Field(description="the situation guide; answer every question")


class PartOut(Schema):
    item: str
    name: str
    department: str
    state: str
    state_label: str
    explanation: str
    case: str = Field(description="the item case's code (see /cases/{code})")
    case_number: str
    case_status: str


class EntryOut(Schema):
    at: datetime.datetime
    item: str | None
    name: str
    action: str


class BundleCaseOut(Schema):
    code: str
    number: str
    bundle: str
    status: str
    status_label: str
    submitted_at: datetime.datetime
    finished_at: datetime.datetime | None
    parts: list[PartOut]
    timeline: list[EntryOut]


class BundleCasePage(Schema):
    count: int
    results: list[BundleCaseOut]


class BundleApplyIn(Schema):
    applicant: Text = Field(
        "self", max_length=40, description='"self", or the code of an enterprise the user acts for'
    )
    answers: dict[str, Any] = Field(default_factory=dict, description="{merged form field key: value}")
    guide: dict[str, Text] = Field(default_factory=dict, description="{question key: option value}")

    @field_validator("answers")
    @classmethod
    def _answers_encodable(cls, value):
        return _encodable_json(value)


def _summary(bundle, savings):
    return {
        "slug": bundle.slug,
        "name": bundle.name,
        "summary": bundle.summary,
        "audience": bundle.audience,
        "life_event": bundle.life_event,
        "promised_limit": bundle.promised_limit,
        "savings": savings,
    }


def bundle_case_out(bundle_case):
    parts = list(bundle_case.parts.select_related("bundle_item__item__current", "case__department"))
    return BundleCaseOut.model_validate(
        {
            "code": str(bundle_case.code),
            "number": bundle_case.number,
            "bundle": bundle_case.bundle.slug,
            "status": bundle_case.status,
            "status_label": str(bundle_case.get_status_display()),
            "submitted_at": bundle_case.submitted_at,
            "finished_at": bundle_case.finished_at,
            "parts": [
                {
                    "item": str(p.bundle_item.item.code),
                    "name": p.bundle_item.name,
                    "department": p.case.department.name,
                    "state": p.state,
                    "state_label": str(p.get_state_display()),
                    "explanation": p.explanation,
                    "case": str(p.case.code),
                    "case_number": p.case.number,
                    "case_status": p.case.status,
                }
                for p in parts
            ],
            "timeline": [
                {"at": e["at"], "item": e["item"], "name": str(e["name"]), "action": e["action"]}
                for e in timeline(bundle_case, parts)
            ],
        }
    ).model_dump(mode="json")


@router.get("/bundles", response=list[BundleSummary], auth=None, summary="Bundled services (一件事)")
def bundle_list(request: HttpRequest):
    bundles = list(Bundle.objects.filter(published=True))
    savings = configured_savings(bundles)
    return [_summary(b, savings[b.pk]) for b in bundles]


@router.get(
    "/bundles/{slug}",
    response={200: BundleDetail, 404: ErrorOut},
    auth=None,
    summary="One bundle: its items, merged form and situation guide",
)
def bundle_detail(request: HttpRequest, slug: str):
    bundle = get_object_or_404(Bundle, slug=slug[:50], published=True)
    items = bundle.items.select_related("item__current", "item__department", "waits_for__item")
    guide = getattr(bundle, "guide", None)
    data = _summary(bundle, configured_savings([bundle])[bundle.pk])
    data.update(
        {
            "items": [
                {
                    "item": str(bi.item.code),
                    "name": bi.name,
                    "department": bi.item.department.name,
                    "promised_limit": bi.item.current.promised_limit,
                    "waits_for": str(bi.waits_for.item.code) if bi.waits_for_id else None,
                }
                for bi in items
            ],
            "fields": [
                {
                    "key": f.key,
                    "label": f.label,
                    "kind": f.kind,
                    "required": f.required,
                    "choices": f.choices,
                    "prefill": f.prefill,
                }
                for f in bundle.fields.all()
            ],
            "questions": [
                {
                    "key": q.key,
                    "text": q.text,
                    "options": [{"value": o.value, "label": o.label} for o in q.options.all()],
                }
                for q in questions_of(guide)
            ],
        }
    )
    return data


@router.post(
    "/bundles/{slug}/applications",
    response={201: BundleCaseOut, 400: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Apply for a bundle in one go",
    description="One bundle case and one case per item that applies. Needs an `Idempotency-Key` "
    "header: a retry with the same key and body returns the same bundle case; the same "
    "key with another body is refused (409).",
)
def apply(request: HttpRequest, slug: str, payload: BundleApplyIn):
    key = check_key(request.headers.get("Idempotency-Key", ""))
    bundle = get_object_or_404(Bundle, slug=slug[:50], published=True)
    user = request.user
    applicant = _applicant(user, payload.applicant)

    def create():
        bundle_case = actions.do_submit_bundle(
            bundle,
            applicant=applicant,
            owner=user,
            actor=user,
            answers=payload.answers,
            guide_answers=payload.guide,
            channel=_channel(request),
        )
        return 201, bundle_case_out(bundle_case)

    request_hash = fingerprint(
        {
            "bundle": bundle.slug,
            "applicant": payload.applicant,
            "answers": payload.answers,
            "guide": payload.guide,
        }
    )
    status, body, _replayed = run_once("api:bundles", key, user.pk, request_hash, create)
    return Status(status, body)


@router.get("/my-bundles", response=BundleCasePage, summary="My bundle cases, newest first")
def my_bundle_cases(request: HttpRequest, limit: int = Query(20, ge=1, le=100)):
    rows = bundle_cases_for_applicant(request.user).select_related("bundle").order_by("-created_at", "-id")
    return {"count": rows.count(), "results": [bundle_case_out(b) for b in rows[:limit]]}


@router.get(
    "/my-bundles/{code}",
    response={200: BundleCaseOut, 404: ErrorOut},
    summary="One of my bundle cases: each item's state and one timeline",
)
def my_bundle_case(request: HttpRequest, code: str):
    return bundle_case_out(get_bundle_case_for_applicant(request.user, code))
