from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from yiwang.core.cleantext import TextField
from yiwang.opendata.models import OpenDataset, Theme


class StyledForm(forms.Form):
    """Bootstrap classes on the widgets, so that templates can render fields as Django does."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs["class"] = "form-check-input"
            elif isinstance(widget, forms.CheckboxSelectMultiple):
                widget.attrs["class"] = "form-check-input"
            elif isinstance(widget, forms.Select):
                widget.attrs["class"] = "form-select"
            else:
                widget.attrs["class"] = "form-control"


def first_error(errors):
    """The first message of a ValidationError or a form's errors, for a flash message."""
    if isinstance(errors, ValidationError):
        return errors.messages[0] if errors.messages else ""
    for messages in errors.values():
        return messages[0]
    return ""


class DeveloperForm(StyledForm):
    organisation = TextField(label=_("Organisation (optional)"), max_length=200, required=False)
    purpose = TextField(
        label=_("What you build with the data"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    agreed = forms.BooleanField(
        label=_(
            "I accept the open-data terms: I use the data lawfully, name its source and do not try to identify persons."
        )
    )


class ApplicationForm(StyledForm):
    purpose = TextField(label=_("Purpose"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class ShowcaseForm(StyledForm):
    title = TextField(label=_("Title"), max_length=200)
    description = TextField(label=_("Description"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
    url = forms.URLField(label=_("Address (https://…)"), max_length=300, assume_scheme="https")
    datasets = forms.ModelMultipleChoiceField(
        label=_("Datasets used"),
        queryset=OpenDataset.objects.filter(status=OpenDataset.PUBLISHED).order_by("title"),
        widget=forms.CheckboxSelectMultiple,
    )


class PublishForm(StyledForm):
    name = forms.RegexField(
        label=_("Name in URLs and the API"),
        regex=r"^[a-z0-9_-]{2,100}$",
        max_length=100,
        error_messages={"invalid": _("Use 2 to 100 lower-case letters, digits, “-” or “_”.")},
    )
    title = TextField(label=_("Title"), max_length=200)
    notes = TextField(label=_("Description"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
    theme = forms.ChoiceField(label=_("Theme"), choices=Theme.choices)
    tags = TextField(label=_("Keywords (separated by commas)"), max_length=600, required=False)
    licence = forms.ChoiceField(
        label=_("Licence"),
        choices=[("cc-by-4.0", "CC BY 4.0"), ("cc0-1.0", "CC0 1.0"), ("odc-by", "ODC-By 1.0")],
    )
    fields = forms.MultipleChoiceField(
        label=_("Fields to open"), required=False, widget=forms.CheckboxSelectMultiple
    )
    aggregate_by = forms.MultipleChoiceField(
        label=_("Or open counts grouped by"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, resource, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [
            (
                item.key,
                f"{item.name} ({item.key})"
                + (" · " + str(_("personal")) if item.element.is_personal else ""),
            )
            for item in resource.items.select_related("element")
        ]
        self.fields["fields"].choices = choices
        self.fields["aggregate_by"].choices = choices


class DecisionForm(StyledForm):
    reason = TextField(
        label=_("Reason (needed for a refusal)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
