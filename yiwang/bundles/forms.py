"""Forms of the bundle pages. They parse and draw; the checks of answers, guide answers and uploads
live in `bundles.actions.do_submit_bundle` (the same for the portal and the API)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from yiwang.accounts.forms import IdempotentForm
from yiwang.cases.forms import LOCKED_PREFILLS, UPLOAD_ACCEPT, shown_value
from yiwang.cases.forms import _widget as widget_for
from yiwang.core.text import localise
from yiwang.services.models import FormField


class GuideForm(forms.Form):
    """The guide's questions, one radio group each; drawn from the guide's data."""

    def __init__(self, questions, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for question in questions:
            self.fields[question.key] = forms.ChoiceField(
                label=localise(question.text),
                help_text=localise(question.help_text),
                widget=forms.RadioSelect,
                choices=[(option.value, localise(option.label)) for option in question.options.all()],
                error_messages={
                    "required": _("Answer this question."),
                    "invalid_choice": _("Choose one of the offered answers."),
                },
            )


class MergedForm(IdempotentForm):
    """The merged form: each field of the bundle once, then one upload per material or file asked.

    Identity fields prefilled from government records are shown locked (what the browser sends for
    them is ignored), as on an item's form.
    """

    def __init__(self, fields, uploads, *args, prefilled=None, **kwargs):
        super().__init__(*args, **kwargs)
        prefilled = prefilled or {}
        self.rows, self.upload_rows = [], []
        for field in fields:
            value = prefilled.get(field.key, "")
            locked = field.prefill in LOCKED_PREFILLS and bool(value)
            form_field = forms.CharField(
                required=False,
                strip=False,
                widget=widget_for(field),
                max_length=4000,
                label=localise(field.label),
                help_text=localise(field.help_text),
                initial=shown_value(field, value) if locked else value,
                disabled=locked,
            )
            self.fields[f"f-{field.key}"] = form_field
            self.rows.append(
                {"field": field, "name": f"f-{field.key}", "locked": locked, "prefilled": bool(value)}
            )
        for index, (key, (label, targets, required)) in enumerate(uploads.items()):
            name = f"u-{index}"
            self.fields[name] = forms.FileField(
                required=False,
                label=localise(label),
                widget=forms.ClearableFileInput(attrs={"accept": UPLOAD_ACCEPT}),
            )
            self.upload_rows.append(
                {
                    "key": key,
                    "name": name,
                    "required": required,
                    "items": [localise(target_item.name) for target_item, _t in targets],
                    "is_field": isinstance(targets[0][1], FormField),
                }
            )

    def answers(self):
        return {
            row["field"].key: self.cleaned_data.get(row["name"], "")
            for row in self.rows
            if not row["locked"] and row["name"] in self.cleaned_data
        }

    def uploads(self):
        return {
            row["key"]: self.cleaned_data[row["name"]]
            for row in self.upload_rows
            if self.cleaned_data.get(row["name"])
        }

    def apply_errors(self, error):
        """An action's errors on the inputs they name (merged field or upload key); the rest above."""
        names = {row["field"].key: row["name"] for row in self.rows}
        names.update({row["key"]: row["name"] for row in self.upload_rows})
        messages = error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]
        for key, texts in messages:
            for text in texts:
                self.add_error(names.get(key), text)

    def bound_rows(self):
        for row in self.rows:
            bound = self[row["name"]]
            css = "form-select" if row["field"].kind == FormField.CHOICE else "form-control"
            attrs = bound.field.widget.attrs
            attrs["class"] = css + (" is-invalid" if bound.errors else "")
            if bound.errors:
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"{bound.id_for_label}-errors"
            if row["field"].required:
                attrs["aria-required"] = "true"
            yield {**row, "bound": bound}

    def bound_uploads(self):
        for row in self.upload_rows:
            yield {**row, "bound": self[row["name"]]}
