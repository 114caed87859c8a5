"""Who may see which ledger entries: the subject themselves (a person, or an enterprise's agents).

The public API shows only what the leaves show (commitments, not subjects); an entry's openings,
its receipt and its objection button are for its subject alone.
"""

import uuid

from django.http import Http404

from yiwang.accounts.permissions import enterprises_for_user
from yiwang.ledger.models import Entry


def subjects_for_user(user):
    """The ids of the subjects whose entries `user` may see: their person and their enterprises."""
    if not user.is_authenticated:
        return set()
    ids = set(enterprises_for_user(user).values_list("pk", flat=True))
    person = getattr(user, "person", None)
    if person is not None:
        ids.add(person.pk)
    return ids


def entries_for_user(user):
    return Entry.objects.filter(subject_id__in=subjects_for_user(user))


def get_entry_for_user(user, code):
    """An entry about the user (or an enterprise they act for), by its code; 404 for any other."""
    try:
        code = uuid.UUID(str(code))
    except ValueError:
        raise Http404 from None
    entry = entries_for_user(user).filter(code=code).first()
    if entry is None:
        raise Http404
    return entry
