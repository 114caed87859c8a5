"""The native JSON API at /api/v1/ (django-ninja): one error shape, token or session auth.

Every error, ninja's own included, is `{"error": {"code", "message", "details"?}}` with the message
in the request's language.
"""

import functools
import logging

from django.core.exceptions import PermissionDenied, SuspiciousOperation, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaValidationError
from ninja.security import APIKeyCookie, HttpBearer

from yiwang.accounts.actions import token_user
from yiwang.core.cleantext import INVALID_TEXT, refuses_text
from yiwang.core.idempotency import IdempotencyError

log = logging.getLogger(__name__)


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


class YiwangAPI(NinjaAPI):
    """ninja's API, with a wrong method answered in our error shape (the wrapper suits sync views only)."""

    @property
    def urls(self):
        patterns, app_name, namespace = super().urls
        for pattern in patterns:
            pattern.callback = _method_not_allowed_in_our_shape(pattern.callback)
        return patterns, app_name, namespace


def _method_not_allowed_in_our_shape(view):
    """ninja answers a method an endpoint lacks with a plain-text 405: give it the error shape."""

    @functools.wraps(view)  # keeps ninja's csrf_exempt mark
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith(
            "application/json"
        ):
            message = _("The method %(method)s is not allowed here.") % {"method": request.method}
            ours = error_response(request, 405, "method_not_allowed", message)
            if response.has_header("Allow"):
                ours["Allow"] = response["Allow"]
            return ours
        return response

    return wrapper


api = YiwangAPI(
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


# pydantic's own messages are English only; these cover the errors a client meets in practice.
WRONG_TYPE = gettext_lazy("This value has the wrong type.")
SCHEMA_MESSAGES = {
    "missing": gettext_lazy("This field is required."),
    "string_too_long": gettext_lazy("This value is too long."),
    "too_long": gettext_lazy("This value is too long."),
    "json_invalid": gettext_lazy("The request body is not valid JSON."),
    INVALID_TEXT: gettext_lazy("This text contains a character that is not allowed."),
}
NOT_VALID = gettext_lazy("This value is not valid.")


def schema_message(error_type):
    if error_type in SCHEMA_MESSAGES:
        return SCHEMA_MESSAGES[error_type]
    if error_type.endswith(("_type", "_parsing")):  # string_type, int_type, int_parsing, model_type ...
        return WRONG_TYPE
    return NOT_VALID


def _error_type(error):
    # pydantic refuses a lone surrogate itself (string_unicode) before `Text` sees it: one code for both
    kind = error.get("type", "")
    return INVALID_TEXT if kind == "string_unicode" else kind


@api.exception_handler(SchemaValidationError)
def on_schema_error(request, exc):
    details = [
        {
            "loc": [str(p) for p in e.get("loc", [])],
            "type": _error_type(e),
            "message": str(schema_message(_error_type(e))),
        }
        for e in exc.errors
    ]
    if any(d["type"] == INVALID_TEXT for d in details):
        return error_response(
            request, 400, INVALID_TEXT, _("The request holds text that is not allowed."), details
        )
    return error_response(request, 422, "invalid_input", _("The request is not valid."), details)


@api.exception_handler(ValidationError)
def on_validation_error(request, exc):
    details = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    if refuses_text(exc):
        return error_response(
            request, 400, INVALID_TEXT, _("The request holds text that is not allowed."), details
        )
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


# ninja 1.7 raises these as plain HttpErrors (no classes of their own): known by status and text.
NINJA_BODY_NOT_PARSED = (400, "Cannot parse request body")  # DEBUG appends the parser's complaint
NINJA_CSRF_FAILED = (403, "CSRF check Failed")  # SessionAuth (APIKeyCookie) on a write without the token


@api.exception_handler(HttpError)
def on_http_error(request, exc):
    status, text = exc.status_code, str(exc)
    if (status, text.split(" (", 1)[0]) == NINJA_BODY_NOT_PARSED:
        return error_response(request, 400, "invalid_json", _("The request body is not valid JSON."))
    if (status, text) == NINJA_CSRF_FAILED:
        return error_response(
            request, 403, "csrf_failed", _("The CSRF check failed: send the CSRF token with this request.")
        )
    return error_response(request, status, "http_error", text)


@api.exception_handler(SuspiciousOperation)
def on_suspicious_request(request, exc):
    # e.g. a body larger than DATA_UPLOAD_MAX_MEMORY_SIZE
    return error_response(request, 400, "request_rejected", _("The request could not be understood."))


@api.exception_handler(Exception)
def on_unexpected_error(request, exc):
    """A bug, not bad input: logged with its traceback, answered in the API's shape, never as HTML."""
    log.exception("unhandled error in %s %s", request.method, request.path)
    return error_response(
        request,
        500,
        "internal_error",
        _("Something went wrong on our side. Please try again later, or call 12345."),
    )


from yiwang.accounts.api import router as accounts_router  # noqa: E402
from yiwang.bundles.api import router as bundles_router  # noqa: E402
from yiwang.cases.api import router as cases_router  # noqa: E402
from yiwang.datahub.ingest_api import router as data_ingest_router  # noqa: E402
from yiwang.feedback.api import router as feedback_router  # noqa: E402
from yiwang.hotline.api import router as hotline_router  # noqa: E402
from yiwang.services.api import router as services_router  # noqa: E402

api.add_router("", accounts_router)
api.add_router("", services_router)
api.add_router("", cases_router)
api.add_router("", bundles_router)
api.add_router("", hotline_router)
api.add_router("", feedback_router)
api.add_router("", data_ingest_router)
