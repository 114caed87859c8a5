"""Forms of the applicant's pages. They parse and draw; every check of an answer lives in the actions
(`cases/answers.py` through `do_save_answers` / `do_submit_case`), so the wizard, the counter, the
kiosk and the API refuse the same things with the same words.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext_lazy as _

from yiwang.accounts.forms import IdempotentForm
from yiwang.core.cleantext import TextField
from yiwang.core.pii import mask_citizen_id, mask_phone
from yiwang.core.text import localise
from yiwang.services.models import FormField

# Prefilled answers that are the applicant's verified identity: shown, never typed over (数据跑路).
# Others (a phone number, an address) are prefilled but stay editable: they change.
LOCKED_PREFILLS = frozenset(
    {
        "applicant.name",
        "applicant.id_number",
        "enterprise.name",
        "enterprise.credit_code",
        "enterprise.legal_representative",
    }
)
UPLOAD_ACCEPT = ".pdf,.jpg,.jpeg,.png,.ofd,application/pdf,image/jpeg,image/png"


def upload_limit_mb():
    return settings.YIWANG_UPLOAD_MAX_BYTES // (1024 * 1024)


def _widget(field):
    """The input for a form field's kind: native date picker, phone keypad, a list of choices ..."""
    kind = field.kind
    if kind == FormField.CHOICE:
        return forms.Select(choices=[("", _("— choose —"))] + [(c, localise(c)) for c in field.choices])
    if kind == FormField.DATE:
        return forms.DateInput(attrs={"type": "date", "min": "1900-01-01", "max": "2200-12-31"})
    if kind == FormField.NUMBER:
        return forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
    if kind == FormField.PHONE:
        return forms.TextInput(
            attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel", "maxlength": 20}
        )
    if kind in (FormField.CITIZEN_ID, FormField.CREDIT_CODE):
        return forms.TextInput(
            attrs={
                "autocomplete": "off",
                "maxlength": 18,
                "spellcheck": "false",
                "style": "text-transform: uppercase",
            }
        )
    if kind == FormField.ADDRESS:
        return forms.Textarea(attrs={"rows": 2, "maxlength": 200, "autocomplete": "street-address"})
    if field.max_length and field.max_length <= 100:
        return forms.TextInput(attrs={"maxlength": field.max_length})
    return forms.TextInput()


class AnswersForm(forms.Form):
    """The item's application form, one input per FormField, drawn from the case's version.

    Locked fields (identity prefilled from government records) are disabled: what the browser
    sends for them is ignored. A file field takes an upload that becomes a case material.
    """

    def __init__(self, case, *args, prefilled=(), **kwargs):
        data = case.data
        super().__init__(*args, **kwargs)
        self.case = case
        self.rows = []
        for field in case.version.form_fields.all():
            value = data.get(field.key, "")
            locked = (
                field.prefill in LOCKED_PREFILLS and field.key in prefilled and value == prefilled[field.key]
            )
            if field.kind == FormField.FILE:
                form_field = forms.FileField(
                    required=False, widget=forms.ClearableFileInput(attrs={"accept": UPLOAD_ACCEPT})
                )
            else:
                form_field = forms.CharField(
                    required=False, strip=False, widget=_widget(field), max_length=4000
                )
                if locked:
                    form_field.disabled = True
                    value = shown_value(field, value)
            form_field.label = localise(field.label)
            form_field.help_text = localise(field.help_text)
            form_field.initial = value
            self.fields[field.key] = form_field
            self.rows.append(
                {
                    "field": field,
                    "locked": locked,
                    "prefilled": field.key in prefilled,
                    "file": _file_row(case, value) if field.kind == FormField.FILE else None,
                }
            )

    def answers(self):
        """The typed answers to save: locked and file fields left out (files are saved apart)."""
        return {
            row["field"].key: self.cleaned_data.get(row["field"].key, "")
            for row in self.rows
            if not row["locked"]
            and row["field"].kind != FormField.FILE
            and row["field"].key in self.cleaned_data
        }

    def uploads(self):
        """Files chosen in this request (a file field left empty cleans to its earlier value, a code)."""
        return [
            (row["field"], self.cleaned_data[row["field"].key])
            for row in self.rows
            if row["field"].kind == FormField.FILE
            and isinstance(self.cleaned_data.get(row["field"].key), File)
        ]

    def apply_errors(self, error):
        """Put an action's ValidationError on the fields it names (by key); the rest above the form."""
        if not hasattr(error, "error_dict"):
            for message in error.messages:
                self.add_error(None, message)
            return
        for key, messages in error.message_dict.items():
            target = key if key in self.fields else None
            for message in messages:
                self.add_error(target, message)

    def bound_rows(self):
        """The rows to draw, each input marked up for Bootstrap and screen readers (errors included)."""
        rows = []
        for row in self.rows:
            bound = self[row["field"].key]
            attrs = bound.field.widget.attrs
            css = "form-select" if row["field"].kind == FormField.CHOICE else "form-control"
            described = [f"{bound.id_for_label}-help"] if bound.help_text else []
            if bound.errors:
                css += " is-invalid"
                attrs["aria-invalid"] = "true"
                described.append(f"{bound.id_for_label}-errors")
            attrs["class"] = css
            if described:
                attrs["aria-describedby"] = " ".join(described)
            if row["field"].required:
                attrs["aria-required"] = "true"
            rows.append({**row, "bound": bound})
        return rows


def shown_value(field, value):
    """A locked identity value as the page shows it: masked where it is personal."""
    if field.kind == FormField.CITIZEN_ID:
        return mask_citizen_id(value)
    if field.kind == FormField.PHONE:
        return mask_phone(value)
    return value


def _file_row(case, value):
    if not value:
        return None
    return next((row for row in case.materials.all() if str(row.code) == str(value)), None)


class StartForm(IdempotentForm):
    """Who applies: oneself or an enterprise one acts for (a double click starts one draft)."""

    applicant = forms.ChoiceField(label=_("Who applies"), widget=forms.RadioSelect, required=False)

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applicant"].choices = choices
        if choices:
            self.fields["applicant"].initial = choices[0][0]


class UploadForm(forms.Form):
    """One file for one material of the item."""

    material = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1, max_value=2**31 - 1)
    file = forms.FileField(
        label=_("File"), required=False, widget=forms.ClearableFileInput(attrs={"accept": UPLOAD_ACCEPT})
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            raise ValidationError(_("Choose a file to upload."))
        return upload


class WithdrawForm(forms.Form):
    reason = TextField(
        label=_("Reason (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )
