"""Data sources a rule's condition may read (政府已掌握的数据), in a registry.

A source answers, for a batch of subjects, the values of its fields: `load()` reads what the
clauses need for a whole chunk in one or two queries, `value()` picks one field of one subject's
record. Rules name a source by its code (`"person"`, `"enterprise"`, `"case"`); another app adds
its own by calling `register()` from its `AppConfig.ready()` — the shared datasets of the data hub
will come in that way (a source whose `load()` reads dataset records by subject).
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Max, Q
from django.utils.translation import gettext_lazy as _

INT, DATE, TEXT = "int", "date", "text"


@dataclass(frozen=True)
class Field:
    kind: str  # INT, DATE or TEXT: what the clause's value must be
    label: str


class Source:
    """The interface of a data source; subclasses set the class attributes and the two methods."""

    code = ""
    label = ""
    audiences = ("person", "enterprise")  # whose data it holds
    fields = {}
    params = {}  # extra keys a clause of this source must carry, e.g. {"item": <label>}

    def check_params(self, clause):
        """Refuse parameters that name nothing (a ValidationError message or None)."""
        return None

    def load(self, subject_ids, clauses, today):
        """{subject id: record} for the subjects, with what `clauses` (this source's) need."""
        raise NotImplementedError

    def value(self, record, clause, today):
        """The clause's field for one subject's record (None when unknown)."""
        raise NotImplementedError


_sources = {}


def register(source):
    """Make a source available to rules under its code (a later registration replaces an earlier)."""
    _sources[source.code] = source
    return source


def get(code):
    return _sources.get(code)


def all_sources():
    return dict(_sources)


def age_on(birth_date, today):
    """Whole years of age on `today`: one more on the birthday itself (a 29 February birthday
    counts from 1 March in common years)."""
    return today.year - birth_date.year - ((today.month, today.day) < (birth_date.month, birth_date.day))


def next_birthday(birth_date, today):
    """The next birthday on or after `today` (29 February falls on 1 March in common years)."""
    for year in (today.year, today.year + 1):
        try:
            day = birth_date.replace(year=year)
        except ValueError:
            day = datetime.date(year, 3, 1)
        if day >= today:
            return day
    raise AssertionError("unreachable")


class PersonSource(Source):
    """The population register as the platform holds it: a person's birth date and sex."""

    code = "person"
    label = _("Person")
    audiences = ("person",)
    fields = {
        "age": Field(INT, _("age in whole years")),
        "days_to_birthday": Field(INT, _("days until the next birthday (0 on the day)")),
        "birth_date": Field(DATE, _("date of birth")),
        "sex": Field(TEXT, _("sex (M or F)")),
    }

    def load(self, subject_ids, clauses, today):
        from yiwang.accounts.models import Person

        return {
            pk: (birth, sex)
            for pk, birth, sex in Person.objects.filter(pk__in=subject_ids).values_list(
                "pk", "birth_date", "sex"
            )
        }

    def value(self, record, clause, today):
        if record is None:
            return None
        birth, sex = record
        field = clause["field"]
        if field == "sex":
            return sex or None
        if birth is None:
            return None
        if field == "age":
            return age_on(birth, today)
        if field == "days_to_birthday":
            return (next_birthday(birth, today) - today).days
        return birth


class EnterpriseSource(Source):
    """What the platform holds of an enterprise: when it was registered here."""

    code = "enterprise"
    label = _("Enterprise")
    audiences = ("enterprise",)
    fields = {"days_registered": Field(INT, _("days since it was registered on the platform"))}

    def load(self, subject_ids, clauses, today):
        from yiwang.accounts.models import Enterprise

        return dict(Enterprise.objects.filter(pk__in=subject_ids).values_list("pk", "created_at"))

    def value(self, record, clause, today):
        from django.utils import timezone

        return None if record is None else (today - timezone.localtime(record).date()).days


class CaseSource(Source):
    """The subject's cases (办件) of one item, named by its implementation code."""

    code = "case"
    label = _("Past cases")
    fields = {
        "finished_count": Field(INT, _("cases of the item approved and finished")),
        "open_count": Field(INT, _("cases of the item submitted and not yet finished")),
        "days_since_finished": Field(INT, _("days since the last approved case of the item was finished")),
    }
    params = {"item": _("implementation code of the item")}

    def check_params(self, clause):
        from yiwang.services.models import ServiceItem

        code = clause.get("item")
        if not isinstance(code, str) or not ServiceItem.objects.filter(implementation_code=code).exists():
            return _("No service item has the implementation code %(code)s.") % {"code": str(code)[:30]}
        return None

    def load(self, subject_ids, clauses, today):
        from yiwang.cases.models import Case

        codes = {clause["item"] for clause in clauses}
        done = Q(status__in=(Case.FINISHED, Case.DELIVERED), result=Case.APPROVE)
        rows = (
            Case.objects.filter(applicant_id__in=subject_ids, item__implementation_code__in=codes)
            .exclude(status=Case.DRAFT)
            .values("applicant_id", "item__implementation_code")
            .annotate(
                finished=Count("id", filter=done),
                open=Count("id", filter=Q(status__in=Case.OPEN)),
                last=Max("finished_at", filter=done),
            )
        )
        records = {}
        for row in rows:
            records.setdefault(row["applicant_id"], {})[row["item__implementation_code"]] = row
        return records

    def value(self, record, clause, today):
        from django.utils import timezone

        row = (record or {}).get(clause["item"])
        field = clause["field"]
        if field == "days_since_finished":
            return (today - timezone.localtime(row["last"]).date()).days if row and row["last"] else None
        if row is None:
            return 0
        return row["finished"] if field == "finished_count" else row["open"]


register(PersonSource())
register(EnterpriseSource())
register(CaseSource())
