"""What a time limit is about, for people: the case or ticket number and the staff page to open.

Loaded for a whole list at once (one query per kind of object), so a supervision page of a few
hundred clocks costs a few queries. A kind this app does not know yet is shown by its object type.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yiwang.cases.models import Case
from yiwang.hotline.models import Ticket

KINDS = {
    "cases.case": (
        Case,
        lambda case: (_("Case %(number)s") % {"number": case.number}, f"/staff/cases/{case.code}/"),
    ),
    "hotline.ticket": (
        Ticket,
        lambda ticket: (
            _("Ticket %(number)s") % {"number": ticket.number},
            f"/staff/hotline/tickets/{ticket.code}/",
        ),
    ),
}


def describe(clocks):
    """{clock id: {"label": ..., "url": ...}} for the given clocks."""
    wanted = {}
    for clock in clocks:
        wanted.setdefault(clock.object_type, set()).add(clock.object_id)
    found = {}
    for object_type, ids in wanted.items():
        model, show = KINDS.get(object_type, (None, None))
        if model is None:
            continue
        numeric = [int(i) for i in ids if str(i).isdigit()]
        for obj in model.objects.filter(pk__in=numeric).only("pk", "number", "code"):
            found[(object_type, str(obj.pk))] = show(obj)
    out = {}
    for clock in clocks:
        label, url = found.get(
            (clock.object_type, clock.object_id), (f"{clock.object_type}:{clock.object_id}", "")
        )
        out[clock.pk] = {"label": label, "url": url}
    return out


CLOCK_KINDS = {
    "case.promised": gettext_lazy("Promised limit of a case"),
    "ticket.dispatch": gettext_lazy("Dispatch limit of a ticket"),
    "ticket.handling": gettext_lazy("Handling limit of a ticket"),
    "feedback.fix": gettext_lazy("Deadline to fix a bad review"),
}


def kind_label(kind):
    return CLOCK_KINDS.get(kind, kind)
