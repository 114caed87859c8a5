"""Duplicate suggestions and hot issues (热点问题).

A new ticket is compared with the open tickets of the recent past (YIWANG_HOTLINE_DUPLICATE_DAYS) in
the same street — or, without a street, all of them — by keywords and title (`similarity.score`).
The candidates come from one indexed query (street, status, created_at), newest first and at most
CANDIDATES of them, so the search costs the same with a million tickets in the table.
"""

from yiwang.core.redaction import redact_text
from yiwang.hotline.models import KnowledgeEntry, Ticket
from yiwang.hotline.similarity import Probe
from yiwang.hotline.similarity import keywords as keywords_of

CANDIDATES = 400
THRESHOLD = 0.3
SEARCHABLE = (Ticket.RECEIVED, Ticket.DISPATCHED, Ticket.HANDLING, Ticket.RETURNED, Ticket.ANSWERED)


def similar_open_tickets(ticket, *, limit=5):
    """[(score, ticket)] of open, unmerged tickets like this one, best first."""
    from yiwang.hotline.actions import recent_window

    rows = Ticket.objects.filter(status__in=SEARCHABLE, created_at__gte=recent_window(), master__isnull=True)
    if ticket.street_id:
        rows = rows.filter(street_id=ticket.street_id)
    rows = (
        rows.exclude(pk=ticket.pk).order_by("-created_at").values_list("id", "keywords", "title")[:CANDIDATES]
    )
    probe = Probe(ticket.keywords, ticket.title)
    scored = [(probe.score(keywords, title), pk) for pk, keywords, title in rows]
    best = sorted((pair for pair in scored if pair[0] >= THRESHOLD), reverse=True)[:limit]
    tickets = Ticket.objects.in_bulk([pk for _score, pk in best])
    found = [(score_, tickets[pk]) for score_, pk in best]
    return found[:limit]


def similar_answers(title, text, *, limit=3):
    """[(score, title, question, reply)] from the knowledge base and the platform's closed tickets."""
    probe = Probe(keywords_of(title, text), title)
    found = []
    for entry in KnowledgeEntry.objects.only("title", "question", "reply", "keywords"):
        found.append((probe.score(entry.keywords, entry.title), entry.title, entry.question, entry.reply))
    closed = (
        Ticket.objects.filter(status=Ticket.CLOSED)
        .exclude(answer="")
        .order_by("-closed_at")
        .only("title", "text", "answer", "keywords")[:500]
    )
    for ticket in closed:
        found.append((probe.score(ticket.keywords, ticket.title), ticket.title, ticket.text, ticket.answer))
    found = [f for f in found if f[0] >= 0.15]
    found.sort(key=lambda f: -f[0])
    return found[:limit]


def clusters(items, *, threshold=THRESHOLD):
    """Greedy clustering: each item joins the best similar-enough cluster of its place (compared with
    the cluster's first item, among the clusters sharing a keyword with it), else starts one.
    `items` are (place, keywords, title, payload); returns lists of payloads, largest first."""
    groups, index = [], {}
    for place, keywords, title, payload in items:
        words = keywords.split()
        candidates = {id(g): g for word in words for g in index.get((place, word), ())}
        best, best_score = None, threshold
        for group in candidates.values():
            value = group["probe"].score(keywords, title)
            if value >= best_score:
                best, best_score = group, value
        if best is None:
            best = {"probe": Probe(keywords, title), "members": []}
            groups.append(best)
            for word in words:
                index.setdefault((place, word), []).append(best)
        best["members"].append(payload)
    return sorted((g["members"] for g in groups), key=len, reverse=True)


def hot_issues(*, days=30, minimum=2, limit=20, max_tickets=5000):
    """Clusters of recent tickets about one problem in one place, largest first:
    [{"street", "title", "count", "tickets": [...]}]. The title is a summary meant to be shown and
    shared, so it passes the redactor of personal data (`core/redaction.py`)."""
    import datetime

    from django.utils import timezone

    since = timezone.now() - datetime.timedelta(days=days)
    rows = list(
        Ticket.objects.filter(created_at__gte=since)
        .exclude(status=Ticket.MERGED)
        .select_related("street")
        .only("id", "code", "number", "title", "keywords", "status", "street__name", "created_at")
        .order_by("-created_at")[:max_tickets]
    )
    groups = clusters((t.street_id, t.keywords, t.title, t) for t in rows)
    return [
        {"street": g[0].street, "title": redact_text(g[0].title), "count": len(g), "tickets": g}
        for g in groups
        if len(g) >= minimum
    ][:limit]
