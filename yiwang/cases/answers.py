"""The answers to an item's form: checked by field kind, and prefilled from what the government holds.

Answers are a flat dict {field key: value}. Every channel (portal wizard, counter, kiosk, API,
GovStack) sends the same dict and gets the same errors, keyed by field key.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from yiwang.core.cleantext import clean_text
from yiwang.core.identifiers import IdentifierError, parse_citizen_id, parse_credit_code
from yiwang.services.models import FormField

MAX_TEXT = 2000
MAX_ADDRESS = 200
PHONE_RE = re.compile(r"^(1[3-9][0-9]{9}|0[1-9][0-9]{1,3}-?[0-9]{7,8})$")


def _text(field, value, limit):
    if not isinstance(value, str):
        raise ValidationError(_("Enter text."))
    limit = min(field.max_length or limit, limit)
    return clean_text(value, max_length=limit, multiline=field.kind == FormField.TEXT)


def _number(field, value):
    if isinstance(value, bool):
        raise ValidationError(_("Enter a number."))
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError(_("Enter a number.")) from None
    if not number.is_finite() or abs(number) >= Decimal("1e15"):
        raise ValidationError(_("Enter a number."))
    return format(number.normalize(), "f") if number == number.to_integral() else str(number)


def _date(field, value):
    if not isinstance(value, str):
        raise ValidationError(_("Enter a date as YYYY-MM-DD."))
    try:
        day = datetime.date.fromisoformat(value.strip())
    except ValueError:
        raise ValidationError(_("Enter a date as YYYY-MM-DD.")) from None
    if not 1900 <= day.year <= 2200:
        raise ValidationError(_("Enter a date as YYYY-MM-DD."))
    return day.isoformat()


def _choice(field, value):
    if value not in field.choices:
        raise ValidationError(_("Choose one of: %(choices)s") % {"choices": "、".join(field.choices)})
    return value


def _citizen_id(field, value):
    try:
        return parse_citizen_id(_text(field, value, 18)).number
    except IdentifierError as error:
        raise ValidationError(error.messages[0]) from None


def _credit_code(field, value):
    try:
        return parse_credit_code(_text(field, value, 18)).code
    except IdentifierError as error:
        raise ValidationError(error.messages[0]) from None


def _phone(field, value):
    value = _text(field, value, 20).replace(" ", "")
    if not PHONE_RE.match(value):
        raise ValidationError(_("Enter a mobile number (11 digits) or a landline such as 023-63800001."))
    return value


def _file(field, value, case):
    if case is None or not isinstance(value, str) or not case.materials.filter(code=_uuid(value)).exists():
        raise ValidationError(_("Upload the file first."))
    return value


def _uuid(value):
    import uuid

    try:
        return uuid.UUID(value)
    except ValueError:
        return None


CLEANERS = {
    FormField.TEXT: lambda f, v, c: _text(f, v, MAX_TEXT),
    FormField.ADDRESS: lambda f, v, c: _text(f, v, MAX_ADDRESS),
    FormField.NUMBER: lambda f, v, c: _number(f, v),
    FormField.DATE: lambda f, v, c: _date(f, v),
    FormField.CHOICE: lambda f, v, c: _choice(f, v),
    FormField.CITIZEN_ID: lambda f, v, c: _citizen_id(f, v),
    FormField.CREDIT_CODE: lambda f, v, c: _credit_code(f, v),
    FormField.PHONE: lambda f, v, c: _phone(f, v),
    FormField.FILE: lambda f, v, c: _file(f, v, c),
}


def _is_empty(value):
    return value is None or (isinstance(value, str) and not value.strip())


def clean_answers(version, answers, *, partial=False, case=None, fields=None):
    """Check `answers` against the version's form and return them cleaned.

    With `partial` (a draft being saved) missing required answers are allowed; wrong ones never are.
    Unknown keys are refused so that a typo is not silently dropped. Raises a `ValidationError`
    keyed by field key.
    """
    if not isinstance(answers, dict):
        raise ValidationError({"data": _("The answers must be an object of field keys and values.")})
    fields = list(version.form_fields.all()) if fields is None else fields
    known = {field.key: field for field in fields}
    errors, cleaned = {}, {}
    unknown = sorted(key for key in answers if key not in known)
    if unknown:
        errors["data"] = _("This form has no fields called %(keys)s.") % {
            "keys": ", ".join(map(str, unknown))[:200]
        }
    for key, field in known.items():
        value = answers.get(key)
        if _is_empty(value):
            if field.required and not partial:
                errors[key] = _("%(label)s is required.") % {"label": field.label}
            continue
        try:
            cleaned[key] = CLEANERS[field.kind](field, value, case)
        except ValidationError as error:
            errors[key] = error.error_list[0]  # keeps its code (invalid_text) for the APIs
    if errors:
        raise ValidationError(errors)
    return cleaned


def prefill_answers(version, applicant, fields=None, owner=None):
    """Answers the government already holds about `applicant` (数据跑路: the citizen does not type them).

    Sources inside the platform (the applicant's own record) are filled here; data-resource sources
    (`<resource>.<field>`) are read from the applicant's records in the data hub (`owner`: the account
    filing for an enterprise, whose own records a person's field reads).
    """
    from yiwang.accounts.models import Enterprise, Person
    from yiwang.datahub.fetch import resource_values

    subject = applicant
    values = {}
    if isinstance(subject, Person) or getattr(subject, "kind", "") == "person":
        person = subject if isinstance(subject, Person) else Person.objects.get(pk=subject.pk)
        values = {
            "applicant.name": person.name,
            "applicant.id_number": person.id_number,
            "applicant.phone": person.phone,
        }
    elif isinstance(subject, Enterprise) or getattr(subject, "kind", "") == "enterprise":
        enterprise = subject if isinstance(subject, Enterprise) else Enterprise.objects.get(pk=subject.pk)
        values = {
            "enterprise.name": enterprise.name,
            "enterprise.credit_code": enterprise.credit_code,
            "enterprise.legal_representative": enterprise.legal_representative,
            "applicant.name": enterprise.name,
        }
    fields = list(version.form_fields.all()) if fields is None else fields
    answers = {field.key: values[field.prefill] for field in fields if values.get(field.prefill)}
    answers.update(resource_values(fields, subject, owner)[0])
    return answers
