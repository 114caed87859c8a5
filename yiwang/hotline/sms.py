"""SMS intake (短信受理) through a pluggable gateway adapter.

The gateway calls `POST /hotline/sms/` for each message received on the 12345 SMS number. The class
named by `YIWANG_HOTLINE_SMS_INTAKE` reads the request and returns (phone, text); the default,
`JsonSmsIntake`, reads `{"from": "13800000001", "text": "..."}` and checks the shared secret in the
`X-Yiwang-Sms-Secret` header. A carrier with another format gets its own small class. With no secret
configured, the endpoint answers 404: intake is off.
"""

import hmac
import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from yiwang.core.channels import Channel
from yiwang.core.cleantext import INVALID_TEXT, refuses_text


class SmsRejected(ValueError):
    """The request is not a message from our gateway, or not readable."""


class JsonSmsIntake:
    def read(self, request):
        sent = request.headers.get("X-Yiwang-Sms-Secret", "")
        if not hmac.compare_digest(sent.encode(), settings.YIWANG_HOTLINE_SMS_SECRET.encode()):
            raise SmsRejected("secret")
        try:
            body = json.loads(request.body.decode("utf-8"))
            return str(body["from"]), str(body["text"])
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            raise SmsRejected("format") from None


@csrf_exempt
@require_POST
def inbound(request):
    from yiwang.hotline.actions import do_create_ticket

    if not settings.YIWANG_HOTLINE_SMS_SECRET:
        raise Http404
    try:
        phone, text = import_string(settings.YIWANG_HOTLINE_SMS_INTAKE)().read(request)
    except SmsRejected as error:
        status = 403 if str(error) == "secret" else 400
        return JsonResponse(
            {"error": {"code": f"sms_{error}", "message": _("The message was not accepted.")}}, status=status
        )
    phone = phone.removeprefix("+86").removeprefix("0086")
    try:
        ticket = do_create_ticket(kind="help", text=text, channel=Channel.SMS, caller_phone=phone)
    except ValidationError as error:
        refused = refuses_text(error)
        return JsonResponse(
            {
                "error": {
                    "code": INVALID_TEXT if refused else "invalid_input",
                    "message": _("The request holds text that is not allowed.")
                    if refused
                    else _("The request is not valid."),
                    "details": error.message_dict
                    if hasattr(error, "error_dict")
                    else {"__all__": error.messages},
                }
            },
            status=400 if refused else 422,
        )
    return JsonResponse({"number": ticket.number}, status=201)
