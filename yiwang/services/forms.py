"""Reading a catalogue search from a query string: anything unreadable is ignored, never an error page."""

from django import forms

from yiwang.core.cleantext import TextField
from yiwang.services.models import Audience
from yiwang.services.search import clean_query

MAX_PAGE = 1000


class CatalogueSearchForm(forms.Form):
    """The filters of a search; the words themselves (`q`) are read leniently by `search_params`."""

    department = TextField(max_length=32, required=False)
    theme = TextField(max_length=20, required=False)
    audience = forms.ChoiceField(choices=[("", "")] + list(Audience.choices), required=False)
    page = forms.IntegerField(min_value=1, max_value=MAX_PAGE, required=False)


def search_params(data):
    """{q, department, theme, audience, page} from a query dict; a bad value is dropped, not refused."""
    form = CatalogueSearchForm(data)
    form.is_valid()
    cleaned = form.cleaned_data
    return {
        "q": clean_query(data.get("q", "")),  # shown as typed (a zh-Hant reader keeps 身份證)
        "department": cleaned.get("department") or "",
        "theme": cleaned.get("theme") or "",
        "audience": cleaned.get("audience") or "",
        "page": cleaned.get("page") or 1,
    }
