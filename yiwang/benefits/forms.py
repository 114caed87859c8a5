"""Forms of the benefit pages."""

from django import forms
from django.utils.translation import gettext_lazy as _


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
