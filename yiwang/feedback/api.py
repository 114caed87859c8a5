"""Evaluation endpoints of /api/v1/ (好差评) for apps, mini-programs, kiosks and hall tablets.

`POST /evaluations` rates one stage of the caller's own case or ticket and needs an
`Idempotency-Key` header (a retry returns the same evaluation). `GET /evaluations` lists the
caller's own evaluations. Someone else's case or ticket answers 404; a stage not reached yet or
rated already, or a bad level, indicator or channel, 422.
"""

import datetime
from typing import Literal

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status

from yiwang.core.apitypes import Text
from yiwang.core.channels import Channel
from yiwang.core.idempotency import fingerprint, run_once
from yiwang.feedback import actions
from yiwang.feedback.models import ChannelCode
from yiwang.feedback.permissions import evaluations_for_person
from yiwang.feedback.stages import find_for_user

router = Router(tags=["feedback"])

# The 好差评 channel a client is, by its API token's channel, when it does not say.
TOKEN_CHANNEL_CODES = {
    Channel.MOBILE: ChannelCode.MOBILE,
    Channel.KIOSK: ChannelCode.HALL_TERMINAL,
    Channel.COUNTER: ChannelCode.HALL_TABLET,
}


class EvaluationIn(Schema):
    target: Literal["case", "ticket"] = Field(description="what is rated: a case (办件) or a ticket (工单)")
    code: Text = Field(max_length=64, description="the case's or ticket's code")
    stage: Literal["accept", "result", "answer"] = Field(
        description="accept or result for a case, answer for a ticket"
    )
    level: int = Field(ge=1, le=5, description="5 非常满意, 4 满意, 3 基本满意, 2 不满意, 1 非常不满意")
    indicators: list[Text] = Field(
        [],
        max_length=10,
        description=(
            "what the rating is about: efficiency, guide_accuracy, convenience, usability (online) or "
            "efficiency, skill, attitude (a case taken in at the counter)"
        ),
    )
    comment: Text = Field("", max_length=500)
    channel_code: Literal["1", "2", "4", "5"] | None = Field(
        None,
        description=(
            "1 PC, 2 mobile, 4 hall tablet, 5 other hall terminal; default from the API token's channel "
            "(3 QR code and 6 SMS are the signed links' own)"
        ),
    )


class EvaluationOut(Schema):
    code: str
    target: str
    number: str
    stage: str
    level: int
    level_label: str
    indicators: list[str]
    comment: str
    channel_code: str
    department: str
    bad: bool
    loop_status: str | None = Field(description="the 差评 loop's status, for a bad review")
    outcome: str = Field(description="what the department did, once the loop is closed")
    created_at: datetime.datetime


def _out(evaluation):
    rectification = getattr(evaluation, "rectification", None) if evaluation.is_bad else None
    return {
        "code": str(evaluation.code),
        "target": "case" if evaluation.case_id else "ticket",
        "number": evaluation.number,
        "stage": evaluation.stage,
        "level": evaluation.level,
        "level_label": str(evaluation.get_level_display()),
        "indicators": evaluation.indicators,
        "comment": evaluation.comment,
        "channel_code": evaluation.channel_code,
        "department": evaluation.department.name,
        "bad": evaluation.is_bad,
        "loop_status": rectification.status if rectification else None,
        "outcome": rectification.outcome_note if rectification and rectification.status == "done" else "",
        "created_at": evaluation.created_at.isoformat(),
    }  # JSON-able: kept with the idempotency key


def _channel_code(request, payload):
    if payload.channel_code:
        return payload.channel_code
    token = getattr(request, "api_token", None)
    return TOKEN_CHANNEL_CODES.get(token.channel if token is not None else None, ChannelCode.PC)


@router.post(
    "/evaluations",
    response={201: EvaluationOut},
    summary="Rate a stage of my case or ticket (好差评)",
    description="Needs an `Idempotency-Key` header: a retry with the same key returns the same "
    "evaluation. Each stage is rated once.",
)
def create_evaluation(request: HttpRequest, payload: EvaluationIn):
    def create():
        target = find_for_user(request.user, payload.target, payload.code, payload.stage)
        if target is None:
            raise Http404
        evaluation = actions.do_rate(
            target,
            level=payload.level,
            indicators=payload.indicators,
            comment=payload.comment,
            channel_code=_channel_code(request, payload),
            actor=request.user,
        )
        return 201, _out(evaluation)

    status, body, _replayed = run_once(
        "api:evaluations",
        request.headers.get("Idempotency-Key", ""),
        request.user.pk,
        fingerprint(payload.dict()),
        create,
    )
    return Status(status, body)


@router.get(
    "/evaluations", response=list[EvaluationOut], summary="My evaluations, newest first (at most 100)"
)
def my_evaluations(request: HttpRequest):
    rows = (
        evaluations_for_person(request.user)
        .select_related("case", "ticket", "department", "rectification")
        .order_by("-created_at", "-id")[:100]
    )
    return [_out(e) for e in rows]
