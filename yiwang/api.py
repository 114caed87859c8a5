"""The native JSON API at /api/v1/ (django-ninja): one error shape, token or session auth."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaValidationError
from ninja.security import APIKeyCookie, HttpBearer

from yiwang.accounts.actions import token_user
from yiwang.core.idempotency import IdempotencyError


class TokenAuth(HttpBearer):
    """`Authorization: Bearer yw_...` issued to an app or kiosk."""

    def authenticate(self, request, token):
        api_token = token_user(token)
        if api_token is None:
            return None
        request.user = api_token.user
        request.api_token = api_token
        return api_token.user


class SessionAuth(APIKeyCookie):
    """The logged-in browser session (CSRF-checked for writes), for the portal's own pages."""

    param_name = "sessionid"

    def authenticate(self, request, key):
        user = getattr(request, "user", None)
        return user if user is not None and user.is_authenticated else None


api = NinjaAPI(
    title="Yiwang API",
    version="1",
    description="Native JSON API of Yiwang (一网) for apps, mini-programs and kiosks.",
    urls_namespace="api",
    auth=[TokenAuth(), SessionAuth()],
    docs_url="/docs",
    openapi_url="/openapi.json",
)


def error_response(request, status, code, message, details=None):
    body = {"error": {"code": code, "message": str(message)}}
    if details:
        body["error"]["details"] = details
    return api.create_response(request, body, status=status)


@api.exception_handler(SchemaValidationError)
def on_schema_error(request, exc):
    details = [{"loc": [str(p) for p in e.get("loc", [])], "message": e.get("msg", "")} for e in exc.errors]
    return error_response(request, 422, "invalid_input", _("The request is not valid."), details)


@api.exception_handler(ValidationError)
def on_validation_error(request, exc):
    details = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return error_response(request, 422, "invalid_input", _("The request is not valid."), details)


@api.exception_handler(IdempotencyError)
def on_idempotency_error(request, exc):
    status = 409 if exc.code == "idempotency_key_reused" else 400
    return error_response(request, status, exc.code, exc.message)


@api.exception_handler(AuthenticationError)
def on_auth_error(request, exc):
    return error_response(request, 401, "not_authenticated", _("Log in or send a valid API token."))


@api.exception_handler(PermissionDenied)
def on_permission_denied(request, exc):
    return error_response(request, 403, "forbidden", _("You may not do this."))


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return error_response(request, 404, "not_found", _("Not found."))


@api.exception_handler(HttpError)
def on_http_error(request, exc):
    return error_response(request, exc.status_code, "http_error", str(exc))


from yiwang.accounts.api import router as accounts_router  # noqa: E402

api.add_router("", accounts_router)
