"""Ticket endpoints of /api/v1/: a citizen's app files and follows requests; staff read tickets.

Creating needs an `Idempotency-Key` header: a retry with the same key returns the same ticket.
Staff see callers as the pages show them: never the reporter of a confidential ticket unless they
work at the hotline centre.
"""

import datetime

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status

from yiwang.core.apitypes import Text
from yiwang.core.channels import Channel
from yiwang.core.http import client_ip
from yiwang.core.idempotency import fingerprint, run_once
from yiwang.hotline import actions, permissions
from yiwang.hotline.models import Ticket

router = Router(tags=["hotline"])


class TicketIn(Schema):
    kind: Text = Field(max_length=20, description="consultation, help, complaint, report or suggestion")
    title: Text = Field("", max_length=200)
    text: Text = Field(max_length=5000)
    address: Text = Field("", max_length=300)
    latitude: float | None = None
    longitude: float | None = None
    confidential: bool = False


class CallerOut(Schema):
    name: str
    phone: str


class TicketOut(Schema):
    code: str
    number: str
    kind: str
    status: str
    title: str
    text: str
    address: str
    street: str
    category: str
    department: str
    answer: str
    confidential: bool
    caller: CallerOut | None = None
    created_at: datetime.datetime
    answered_at: datetime.datetime | None
    closed_at: datetime.datetime | None


class TicketCreated(Schema):
    code: str
    number: str
    suggestions: list[tuple[str, float]]


def _out(ticket, caller=None):
    return {
        "code": str(ticket.code),
        "number": ticket.number,
        "kind": ticket.kind,
        "status": ticket.status,
        "title": ticket.title,
        "text": ticket.text,
        "address": ticket.address,
        "street": ticket.street.name if ticket.street else "",
        "category": ticket.category.name if ticket.category else "",
        "department": ticket.department.name if ticket.department else "",
        "answer": ticket.answer,
        "confidential": ticket.confidential,
        "caller": caller,
        "created_at": ticket.created_at,
        "answered_at": ticket.answered_at,
        "closed_at": ticket.closed_at,
    }


@router.post(
    "/tickets",
    response={201: TicketCreated},
    summary="File a request to 12345 (受理)",
    description="Needs an `Idempotency-Key` header: a retry with the same key returns the same ticket.",
)
def create_ticket(request: HttpRequest, payload: TicketIn):
    token = getattr(request, "api_token", None)
    channel = token.channel if token is not None else Channel.WEB

    def create():
        ticket = actions.do_create_ticket(
            kind=payload.kind,
            title=payload.title,
            text=payload.text,
            address=payload.address,
            latitude=payload.latitude,
            longitude=payload.longitude,
            confidential=payload.confidential,
            caller_user=request.user,
            channel=channel,
            ip=client_ip(request),
        )
        return 201, {"code": str(ticket.code), "number": ticket.number, "suggestions": ticket.suggestions}

    status, body, _replayed = run_once(
        "api:tickets",
        request.headers.get("Idempotency-Key", ""),
        request.user.pk,
        fingerprint(payload.dict()),
        create,
    )
    return Status(status, body)


@router.get("/tickets", response=list[TicketOut], summary="My tickets, newest first (at most 100)")
def my_tickets(request: HttpRequest):
    rows = Ticket.objects.filter(caller_user=request.user).select_related("street", "category", "department")
    return [_out(t) for t in rows.order_by("-created_at")[:100]]


@router.get("/tickets/{code}", response=TicketOut, summary="One ticket: my own, or one my department handles")
def ticket_detail(request: HttpRequest, code: str):
    user = request.user
    try:
        return _out(permissions.get_ticket_for_citizen(user, code))
    except Http404:
        pass
    ticket = permissions.get_ticket_for_staff(user, code)
    return _out(ticket, ticket.caller_shown_to(centre=permissions.is_centre(user)))
