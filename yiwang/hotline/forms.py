"""Forms of the hotline pages. The checks that matter live in the actions; forms parse."""

from django import forms
from django.utils.translation import gettext_lazy as _

from yiwang.accounts.forms import IdempotentForm
from yiwang.accounts.models import Department
from yiwang.core.cleantext import TextField
from yiwang.hotline.actions import HANDLING_DEPARTMENT_KINDS
from yiwang.hotline.models import Category, Ticket


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class BootstrapMixin:
    """Bootstrap classes on every widget, so that `{{ field }}` renders ready to show."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            elif not isinstance(widget, (forms.HiddenInput, forms.RadioSelect)):
                widget.attrs.setdefault("class", "form-control")


class CitizenTicketForm(BootstrapMixin, IdempotentForm):
    """What a citizen writes on the portal."""

    kind = forms.ChoiceField(label=_("Kind of request"), choices=Ticket.KIND_CHOICES)
    title = TextField(label=_("Subject"), max_length=200)
    text = TextField(label=_("What happened"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}))
    address = TextField(
        label=_("Where"),
        max_length=300,
        required=False,
        help_text=_("Street, community, building: it helps us send it to the right place."),
    )
    attachments = MultipleFileField(
        label=_("Photos or documents"),
        required=False,
        help_text=_("Up to 5 files: JPEG, PNG, GIF, WebP or PDF, 10 MB each."),
    )
    confidential = forms.BooleanField(
        label=_("Keep my identity from the handling department (举报人保密)"), required=False
    )


class CallForm(CitizenTicketForm):
    """What the operator records during a call."""

    caller_phone = TextField(
        label=_("Caller's number"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autofocus": True}),
    )
    caller_name = TextField(label=_("Caller's name"), max_length=50, required=False)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Ticket.URGENCY_CHOICES, initial=Ticket.NORMAL)
    latitude = forms.DecimalField(label=_("Latitude"), required=False, max_digits=9, decimal_places=6)
    longitude = forms.DecimalField(label=_("Longitude"), required=False, max_digits=9, decimal_places=6)
    anonymous = forms.BooleanField(label=_("Anonymous"), required=False)

    field_order = [
        "caller_phone",
        "caller_name",
        "kind",
        "urgency",
        "title",
        "text",
        "address",
        "latitude",
        "longitude",
        "attachments",
        "anonymous",
        "confidential",
    ]


def handling_departments():
    return Department.objects.filter(kind__in=HANDLING_DEPARTMENT_KINDS, is_active=True).order_by("path")


class DispatchForm(forms.Form):
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.filter(is_active=True))
    department = forms.ModelChoiceField(label=_("Lead department"), queryset=handling_departments())
    co_departments = forms.ModelMultipleChoiceField(
        label=_("Co-handling departments"), required=False, queryset=handling_departments()
    )


class ReasonForm(forms.Form):
    reason = TextField(label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class AnswerForm(forms.Form):
    answer = TextField(
        label=_("Answer to the citizen"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )


class OpinionForm(forms.Form):
    text = TextField(
        label=_("Co-handling opinion"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ExtensionForm(forms.Form):
    days = forms.IntegerField(label=_("Extra working days"), min_value=1, max_value=30)
    reason = TextField(label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class DecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Decision"), coerce=lambda v: v == "yes", choices=[("yes", _("Approve")), ("no", _("Refuse"))]
    )


class UrgeForm(forms.Form):
    note = TextField(label=_("Urging notice"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class VisitForm(forms.Form):
    satisfaction = forms.ChoiceField(
        label=_("Satisfaction"), choices=Ticket.SATISFACTION_CHOICES, widget=forms.RadioSelect
    )
    resolved = forms.TypedChoiceField(
        label=_("Was the problem solved?"),
        coerce=lambda v: v == "yes",
        choices=[("yes", _("Yes")), ("no", _("No"))],
        widget=forms.RadioSelect,
    )
    note = TextField(
        label=_("Note"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class MergeForm(forms.Form):
    master = TextField(label=_("Master ticket number"), max_length=32)
