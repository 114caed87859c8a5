"""The rule that personal data never leaves through open data, checked whenever a dataset is
published or changed, and again, defensively, whenever rows are read.

- A resource whose opening type is 不予开放 is never published.
- No opened field may be personal information (its data element is personal).
- A resource whose records are about persons is opened only as counts grouped by non-personal
  fields, and groups smaller than `YIWANG_OPENDATA_MIN_GROUP` are left out (a group of one is a person).
"""

import re

from django.conf import settings
from django.utils.translation import gettext as _

NAME_RE = re.compile(r"^[a-z0-9_-]{2,100}$")
MAX_GROUPS = 3


def min_group_size(dataset):
    """Smallest group shown of an aggregated dataset about persons (1: no suppression)."""
    if dataset.aggregate_by and dataset.resource.subject_kind == "person":
        return max(1, settings.YIWANG_OPENDATA_MIN_GROUP)
    return 1


def check_publication(resource, *, name, fields, aggregate_by):
    """Errors keyed by field for publishing `resource` with these choices; empty when it may be."""
    errors = {}
    if resource.opening_type == "none":
        errors["resource"] = _("This resource's opening type is 不予开放: it cannot be opened.")
    if not isinstance(name, str) or not NAME_RE.match(name):
        errors["name"] = _("Use 2 to 100 lower-case letters, digits, “-” or “_”.")
    items = {item.key: item for item in resource.items.select_related("element")}
    if not isinstance(fields, list) or not all(isinstance(key, str) for key in fields):
        errors["fields"] = _("Choose the fields to open.")
        fields = []
    if not isinstance(aggregate_by, list) or not all(isinstance(key, str) for key in aggregate_by):
        errors["aggregate_by"] = _("Choose the fields to group by.")
        aggregate_by = []
    if aggregate_by:
        fields = []  # a grouped dataset serves its groups and their counts, nothing else
    unknown = [key for key in [*fields, *aggregate_by] if key not in items]
    if unknown:
        errors["fields"] = _("Unknown fields: %(keys)s.") % {"keys": ", ".join(unknown)}
        return errors
    personal = [items[key].name for key in [*fields, *aggregate_by] if items[key].element.is_personal]
    if personal:
        errors["fields"] = _(
            "%(names)s is personal information: remove it, or open counts grouped by fields that are not "
            "personal."
        ) % {"names": "、".join(personal)}
    if len(aggregate_by) > MAX_GROUPS:
        errors["aggregate_by"] = _("Group by at most %(count)d fields.") % {"count": MAX_GROUPS}
    if resource.subject_kind == "person" and not aggregate_by:
        errors.setdefault(
            "aggregate_by",
            _(
                "The records of this resource are about persons: it can only be opened as counts grouped by "
                "fields that are not personal."
            ),
        )
    if not aggregate_by and not fields and "fields" not in errors:
        errors["fields"] = _("Choose the fields to open.")
    return errors


def open_columns(dataset):
    """The columns actually served: the chosen ones that are (still) not personal."""
    personal = set(dataset.resource.items.filter(element__is_personal=True).values_list("key", flat=True))
    chosen = dataset.aggregate_by or dataset.fields
    return [key for key in chosen if key not in personal]
