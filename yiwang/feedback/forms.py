"""Forms of the rating page and of the 差评 loop; the actions check everything again."""

from django import forms
from django.utils.translation import gettext_lazy as _

from yiwang.core.cleantext import TextField
from yiwang.feedback.actions import MAX_COMMENT, MAX_NOTE
from yiwang.feedback.models import INDICATORS, Level, Rectification


class RatingForm(forms.Form):
    level = forms.TypedChoiceField(
        label=_("How satisfied are you?"),
        choices=Level.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose one of the five levels."),
            "invalid_choice": _("Choose one of the five levels."),
        },
    )
    indicators = forms.MultipleChoiceField(
        label=_("What is your rating about? (optional)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose among the indicators offered.")},
    )
    comment = TextField(
        label=_("Comment (optional)"),
        required=False,
        max_length=MAX_COMMENT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, mode, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicators"].choices = INDICATORS[mode]


class NoteForm(forms.Form):
    note = TextField(label=_("Note"), max_length=MAX_NOTE, widget=forms.Textarea(attrs={"rows": 3}))


class OptionalNoteForm(forms.Form):
    note = TextField(
        label=_("Note"), required=False, max_length=MAX_NOTE, widget=forms.Textarea(attrs={"rows": 2})
    )


class VerifyForm(NoteForm):
    true = forms.TypedChoiceField(
        label=_("Is the complaint true?"),
        widget=forms.RadioSelect,
        choices=[("yes", _("Yes, it is true")), ("no", _("No, it is not true"))],
        coerce=lambda value: value == "yes",
    )


class AppealForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Why appeal"), choices=Rectification.APPEAL_CHOICES, widget=forms.RadioSelect
    )
    reason = TextField(
        label=_("Reason and evidence"), max_length=MAX_NOTE, widget=forms.Textarea(attrs={"rows": 3})
    )


class DecisionForm(NoteForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[
            ("uphold", _("Uphold: the review no longer counts")),
            ("reject", _("Reject: the loop continues")),
        ],
    )
