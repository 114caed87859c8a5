"""Forms of the benefit pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from yiwang.core.cleantext import TextField


class DeclineForm(forms.Form):
    reason = TextField(
        label=_("Reason (optional)"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
