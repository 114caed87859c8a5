"""Accounts endpoints of /api/v1/: who am I, and citizen registration for apps."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from yiwang.accounts import actions
from yiwang.core.apitypes import Secret, Text
from yiwang.core.channels import Channel
from yiwang.core.http import client_ip
from yiwang.core.idempotency import fingerprint, run_once

router = Router(tags=["accounts"])


class PersonOut(Schema):
    name: str
    id_number: str  # masked
    phone: str  # masked


class EnterpriseOut(Schema):
    code: str
    name: str
    credit_code: str
    capacity: str


class RoleOut(Schema):
    role: str
    department_code: str
    department_name: str


class MeOut(Schema):
    code: str
    username: str
    kind: str  # "citizen" or "staff"
    person: PersonOut | None
    enterprises: list[EnterpriseOut]
    roles: list[RoleOut]


@router.get("/me", response=MeOut, summary="The account behind this token or session")
def me(request: HttpRequest):
    user = request.user
    return {
        "code": str(user.code),
        "username": user.username,
        "kind": "staff" if user.is_staff_member else "citizen",
        "person": user.masked_person(),
        "enterprises": [
            {
                "code": str(a.enterprise.code),
                "name": a.enterprise.name,
                "credit_code": a.enterprise.credit_code,
                "capacity": a.capacity,
            }
            for a in user.agencies()
        ],
        "roles": [
            {"role": a.role, "department_code": a.department.code, "department_name": a.department.name}
            for a in user.roles()
        ],
    }


class RegisterIn(Schema):
    real_name: Text = Field(max_length=40)
    id_number: Text = Field(max_length=30)
    phone: Text = Field(max_length=20)
    password: Secret = Field(max_length=128)


class RegisteredOut(Schema):
    code: str


@router.post(
    "/accounts",
    response={201: RegisteredOut},
    auth=None,
    summary="Register a citizen (实名注册)",
    description="Needs an `Idempotency-Key` header: a retry with the same key returns the same account.",
)
def register(request: HttpRequest, payload: RegisterIn):
    def create():
        try:
            user = actions.do_register_citizen(
                real_name=payload.real_name,
                id_number=payload.id_number,
                phone=payload.phone,
                password=payload.password,
                channel=Channel.API,
                ip=client_ip(request),
            )
        except ValidationError as error:
            # The action names the web form's fields; here the password is "password".
            raise ValidationError(
                {
                    "password" if field == "password1" else field: messages
                    for field, messages in error.message_dict.items()
                }
            ) from None
        return 201, {"code": str(user.code)}

    request_hash = fingerprint(
        {"real_name": payload.real_name, "id_number": payload.id_number, "phone": payload.phone}
    )
    status, body, _replayed = run_once(
        "api:accounts", request.headers.get("Idempotency-Key", ""), "", request_hash, create
    )
    return Status(status, body)
