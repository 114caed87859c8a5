"""API push of records by a resource's stewards: `POST /api/v1/data/resources/{code}/records`.

A department's own system, holding a steward's API token, sends rows as JSON; they are checked and
written exactly as an uploaded file's (same modes, same upserts and history, same error report).
The request needs an `Idempotency-Key`: a retry returns the first answer and loads nothing twice.
Other departments' systems read through the exchange gateway, not here.
"""

from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from yiwang.core.apitypes import JsonObject
from yiwang.core.channels import Channel
from yiwang.core.idempotency import check_key, fingerprint, run_once
from yiwang.datahub import actions, permissions
from yiwang.datahub.models import ImportBatch

router = Router(tags=["data"])

MAX_PUSH_ROWS = 5000


class PushIn(Schema):
    mode: Literal["all_or_nothing", "good_rows"] = Field(
        "all_or_nothing",
        description="all_or_nothing: any bad row loads nothing; good_rows: bad rows are skipped",
    )
    records: list[JsonObject] = Field(
        ..., max_length=MAX_PUSH_ROWS, description="rows as {column: value}, columns named by item key"
    )


class RowError(Schema):
    row: int
    column: str
    message: str
    value: str = ""


class BatchOut(Schema):
    batch: str
    status: str
    rows: int
    created: int
    updated: int
    unchanged: int
    bad: int
    errors: list[RowError]


def batch_out(batch):
    return {
        "batch": str(batch.code),
        "status": batch.status,
        "rows": batch.rows_total,
        "created": batch.rows_created,
        "updated": batch.rows_updated,
        "unchanged": batch.rows_unchanged,
        "bad": batch.rows_bad,
        "errors": batch.errors,
    }


@router.post(
    "/data/resources/{code}/records",
    response={201: BatchOut, 400: Any, 403: Any, 404: Any, 409: Any, 422: Any},
    summary="Push records into a resource (stewards)",
    description="Upserts the rows by the resource's key, keeping every record's history. Needs an "
    "`Idempotency-Key` header. 201 with the counts when loaded (in good_rows mode the "
    "skipped rows are listed in `errors`); 422 `rows_invalid` with the row errors when "
    "refused (nothing loaded).",
)
def push_records(request: HttpRequest, code: str, payload: PushIn):
    key = check_key(request.headers.get("Idempotency-Key", ""))
    user = request.user
    resource = permissions.get_resource_for_staff(user, code)
    if not permissions.can_steward(user, resource):
        raise PermissionDenied

    def create():
        rows = ((number, row) for number, row in enumerate(payload.records, start=1))
        batch = actions.do_import_rows(
            resource,
            rows,
            mode=payload.mode,
            source=ImportBatch.API,
            actor=user,
            filename="api",
            digest=actions.hash_request_rows(payload.records),
            channel=Channel.API,
        )
        if batch.status == ImportBatch.APPLIED:
            return 201, batch_out(batch)
        return 422, {
            "error": {
                "code": "rows_invalid",
                "message": _("Nothing was loaded: %(bad)s of %(rows)s rows are not valid.")
                % {"bad": batch.rows_bad, "rows": batch.rows_total},
                "details": batch_out(batch),
            }
        }

    try:
        request_hash = fingerprint(
            {"resource": resource.code, "mode": payload.mode, "records": payload.records}
        )
    except UnicodeEncodeError:  # a lone surrogate ("\ud800") in some value: not text
        raise ValidationError(_("Some value is not valid text.")) from None
    status, body, _replayed = run_once("api:data-push", key, user.pk, request_hash, create)
    return Status(status, body)
