"""Forms of the staff workbench: worklist filters, the act forms of a case, and the counter (一窗受理).

They parse and describe input; every check of substance (guards, roles, answers, files) is the
actions' and reaches the form through `apply_errors`.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from yiwang.accounts.forms import IdempotentForm
from yiwang.cases.actions import DELIVERY_METHODS, MAX_REASON
from yiwang.cases.models import Case
from yiwang.core.channels import Channel
from yiwang.core.cleantext import TextField
from yiwang.core.identifiers import parse_citizen_id, parse_credit_code
from yiwang.services.models import FormField, Material

# The worklist tabs, in the order they are shown.
TABS = [
    ("accept", _("To accept")),
    ("mine", _("In review — my steps")),
    ("due_soon", _("Due soon")),
    ("overdue", _("Overdue")),
    ("supplement", _("Supplement pending")),
    ("decided", _("Decided — to finish")),
    ("finished", _("Finished")),
]
PAGE_SIZES = (10, 20, 50, 100)


class WorklistFilterForm(forms.Form):
    """The worklist's query string: tab, filters, search and paging. Bad values are dropped, not fatal."""

    tab = forms.ChoiceField(choices=TABS, required=False)
    item = forms.ChoiceField(label=_("Service"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status"))] + [c for c in Case.STATUS_CHOICES if c[0] != Case.DRAFT],
    )
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=[("", _("Any channel"))] + list(Channel.choices)
    )
    submitted_from = forms.DateField(
        label=_("Submitted from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    submitted_to = forms.DateField(
        label=_("Submitted until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    q = TextField(
        label=_("Search"),
        required=False,
        max_length=80,
        help_text=_("Case number, applicant name, citizen ID number or credit code"),
    )
    size = forms.TypedChoiceField(
        label=_("Rows per page"),
        required=False,
        coerce=int,
        empty_value=20,
        choices=[(n, n) for n in PAGE_SIZES],
    )

    def __init__(self, data, *, items):
        super().__init__(data)
        self.fields["item"].choices = [("", _("Any service"))] + [
            (str(i.code), i.current.name if i.current_id else i.implementation_code) for i in items
        ]

    def value(self, name, default=""):
        """The cleaned value of a filter, or the default when it was absent or wrong."""
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        if name in self.errors:
            return default
        value = self.cleaned_data.get(name)
        return default if value in (None, "") else value


class OpinionForm(forms.Form):
    opinion = TextField(
        label=_("Opinion"), required=False, max_length=MAX_REASON, widget=forms.Textarea(attrs={"rows": 3})
    )


class RefuseForm(forms.Form):
    reason = TextField(
        label=_("Reason for not accepting"),
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The applicant reads this in the refusal letter."),
    )


class SupplementForm(forms.Form):
    items = TextField(
        label=_("What is missing (one item per line)"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Ask for everything at once (一次性告知)."),
    )
    note = TextField(
        label=_("Note to the applicant"),
        required=False,
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_items(self):
        return [line.strip() for line in self.cleaned_data["items"].splitlines() if line.strip()]


class CompleteStepForm(forms.Form):
    opinion = TextField(label=_("Opinion"), max_length=MAX_REASON, widget=forms.Textarea(attrs={"rows": 3}))
    decision = forms.ChoiceField(
        label=_("Decision"),
        required=False,
        widget=forms.RadioSelect,
        choices=[(Case.APPROVE, _("Approve")), (Case.DENY, _("Deny"))],
    )

    def __init__(self, *args, last_step=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not last_step:
            del self.fields["decision"]


class DeliverForm(forms.Form):
    method = forms.ChoiceField(
        label=_("Delivered how"),
        widget=forms.RadioSelect,
        choices=[("counter", _("Collected at the counter")), ("post", _("Sent by post"))],
    )

    def clean_method(self):
        method = self.cleaned_data["method"]
        if method not in DELIVERY_METHODS:  # the form offers a subset of what the action knows
            raise forms.ValidationError(_("Choose how the result was delivered."))
        return method


# The counter (一窗受理) ------------------------------------------------------------------------------


class CatalogueSearchForm(forms.Form):
    q = TextField(label=_("Service name"), required=False, max_length=60)


class ApplicantForm(forms.Form):
    """Who applies at the counter: a person by citizen ID number, or an enterprise by credit code."""

    PERSON, ENTERPRISE = "person", "enterprise"
    kind = forms.ChoiceField(
        label=_("Applicant"),
        widget=forms.RadioSelect,
        initial=PERSON,
        choices=[(PERSON, _("A person")), (ENTERPRISE, _("An enterprise"))],
    )
    id_number = TextField(
        label=_("Citizen ID number"), required=False, max_length=30, help_text=_("Read it from the ID card.")
    )
    name = TextField(
        label=_("Name (as on the ID card)"),
        required=False,
        max_length=40,
        help_text=_("Only for a person not recorded yet."),
    )
    phone = TextField(
        label=_("Mobile number"),
        required=False,
        max_length=20,
        help_text=_("Only for a person not recorded yet: progress is sent here by SMS."),
    )
    credit_code = TextField(label=_("Unified social credit code"), required=False, max_length=30)

    def clean(self):
        data = super().clean()
        if data.get("kind") == self.PERSON:
            if not data.get("id_number"):
                self.add_error("id_number", _("Enter the citizen ID number."))
            else:
                try:
                    data["id_number"] = parse_citizen_id(data["id_number"]).number
                except forms.ValidationError as error:
                    self.add_error("id_number", error)
        elif data.get("kind") == self.ENTERPRISE:
            if not data.get("credit_code"):
                self.add_error("credit_code", _("Enter the unified social credit code."))
            else:
                try:
                    data["credit_code"] = parse_credit_code(data["credit_code"]).code
                except forms.ValidationError as error:
                    self.add_error("credit_code", error)
        return data


def material_field_name(material):
    return f"material-{material.pk}"


class CounterApplicationForm(IdempotentForm):
    """The item's own form (from its FormFields) and a file input per material the applicant brings."""

    def __init__(self, *args, fields, materials, upload_instead=(), **kwargs):
        """`upload_instead`: ids of fetched materials the data hub does not hold for this applicant."""
        super().__init__(*args, **kwargs)
        self.answer_keys = []
        for field in fields:
            if field.kind == FormField.FILE:
                continue  # answered by a material upload; not asked at the counter
            self.fields[field.key] = self._field_for(field)
            self.answer_keys.append(field.key)
        self.materials = []
        for material in materials:
            if material.source != Material.APPLICANT and material.pk not in upload_instead:
                continue
            self.fields[material_field_name(material)] = forms.FileField(
                label=material.name,
                required=material.required,
                help_text=material.note[:200],
                widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.ofd"}),
            )
            self.materials.append(material)

    @staticmethod
    def _field_for(field):
        options = {"label": field.label, "required": False, "help_text": field.help_text}
        # Required answers are checked by the action (clean_answers), with the same message on every
        # channel; the browser only marks them.
        attrs = {"required": "required"} if field.required else {}
        if field.kind == FormField.CHOICE:
            # A plain text value: the action checks the choice, so that every mistake shows at once.
            return TextField(
                widget=forms.Select(choices=[("", "—")] + [(c, c) for c in field.choices]),
                max_length=200,
                **options,
            )
        if field.kind == FormField.DATE:
            attrs["type"] = "date"
        if field.kind == FormField.NUMBER:
            attrs["inputmode"] = "decimal"
        if field.kind in (FormField.PHONE,):
            attrs["inputmode"] = "tel"
        return TextField(max_length=2000, widget=forms.TextInput(attrs=attrs), **options)

    def answers(self):
        return {
            key: self.cleaned_data[key]
            for key in self.answer_keys
            if self.cleaned_data.get(key) not in (None, "")
        }

    def uploads(self):
        return [
            (material, self.cleaned_data[material_field_name(material)])
            for material in self.materials
            if self.cleaned_data.get(material_field_name(material))
        ]

    def material_fields(self):
        return [self[material_field_name(material)] for material in self.materials]

    def answer_fields(self):
        return [self[key] for key in self.answer_keys]
