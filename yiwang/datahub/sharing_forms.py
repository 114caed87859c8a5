"""Forms of the sharing pages: they parse and check the shape of input; the actions decide."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yiwang.core.cleantext import TextField
from yiwang.datahub.sharing import MAX_DURATION_DAYS, MAX_RATE_LIMIT


class ConsumerForm(forms.Form):
    name = TextField(label=_("System name"), max_length=100)
    instance = TextField(label=_("Instance"), max_length=40, initial="CN-CQ")
    member_class = TextField(label=_("Member class"), max_length=20, initial="GOV")
    member_code = TextField(
        label=_("Member code"), max_length=40, help_text=_("The department's unified social credit code.")
    )
    subsystem_code = TextField(label=_("Subsystem code"), max_length=60, help_text=_("e.g. case-system"))
    rate_limit = forms.IntegerField(
        label=_("Requests per minute"), min_value=1, max_value=MAX_RATE_LIMIT, initial=600
    )


class ConsumerChangeForm(forms.Form):
    rate_limit = forms.IntegerField(label=_("Requests per minute"), min_value=1, max_value=MAX_RATE_LIMIT)
    is_active = forms.BooleanField(label=_("Active"), required=False)


class ShareRequestForm(forms.Form):
    consumer = forms.ChoiceField(label=_("Consumer system"))
    purpose = TextField(
        label=_("Purpose"),
        max_length=200,
        help_text=_("The work the data is used for; calls must state the same purpose."),
    )
    legal_basis = TextField(
        label=pgettext_lazy("sharing", "Legal basis"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required for a resource that is not shared."),
    )
    fields = forms.MultipleChoiceField(label=_("Data items"), widget=forms.CheckboxSelectMultiple)
    duration_days = forms.IntegerField(
        label=_("Duration (days)"), min_value=1, max_value=MAX_DURATION_DAYS, initial=365
    )

    def __init__(self, *args, consumers, resource, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consumer"].choices = [(str(c.code), f"{c.name} ({c.identifier})") for c in consumers]
        self.fields["fields"].choices = [
            (item.key, f"{item.name} ({item.key})") for item in resource.items.all()
        ]


class ApproveForm(forms.Form):
    fields = forms.MultipleChoiceField(label=_("Items granted"), widget=forms.CheckboxSelectMultiple)
    duration_days = forms.IntegerField(label=_("Duration (days)"), min_value=1, max_value=MAX_DURATION_DAYS)

    def __init__(self, *args, share, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fields"].choices = [(key, key) for key in share.fields]
        self.fields["fields"].initial = share.fields
        self.fields["duration_days"].initial = share.duration_days


class ReasonForm(forms.Form):
    reason = TextField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
