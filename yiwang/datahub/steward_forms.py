"""Forms of the data steward pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from yiwang.core.cleantext import TextField
from yiwang.datahub.models import ImportBatch
from yiwang.datahub.readers import format_of

MAX_UPLOAD_MB = 200


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File (CSV, Excel .xlsx, JSON or JSON Lines)"))
    mode = forms.ChoiceField(
        label=_("If some rows are bad"),
        choices=[
            (ImportBatch.ALL_OR_NOTHING, _("Load nothing (all or nothing)")),
            (ImportBatch.GOOD_ROWS, _("Load the good rows, report the bad ones")),
        ],
        initial=ImportBatch.ALL_OR_NOTHING,
        widget=forms.RadioSelect,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if format_of(upload.name) is None:
            raise forms.ValidationError(_("Choose a CSV, Excel (.xlsx) or JSON file."))
        if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s MB: load it with the command `yiwang data import`.")
                % {"limit": MAX_UPLOAD_MB}
            )
        return upload


class KeyForm(forms.Form):
    """The key values of one record, one field per key item, to find it."""

    def __init__(self, *args, key_items, **kwargs):
        super().__init__(*args, **kwargs)
        self.key_items = key_items
        for item in key_items:
            self.fields[item.key] = TextField(label=item.name, max_length=200)
