"""Writes of the ledger: appending entries, sequencing them into the tree, signing tree heads, objecting.

`append_entry` is the public function other apps call (the data-sharing app for gateway reads,
数据跑路 fetches, certificates and share grants); decisions on cases, officers opening a case's
personal data and changes to roles and security settings are appended here, by readers of their
events (`register_readers`, called from LedgerConfig.ready), in the transaction of the action.
"""

import secrets
import time

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from yiwang.core import sm2
from yiwang.core.channels import Channel
from yiwang.core.events import EventCode, read_events, record_event
from yiwang.core.pii import redact
from yiwang.ledger import heads, leaves, merkle
from yiwang.ledger.models import Entry, EntryKind, Objection, TreeHead, TreeNode, TreeState

BATCH = 5000  # entries placed per transaction
FIELD_LIMIT = 200


def _redacted(value):
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {str(k): _redacted(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_redacted(v) for v in value]
    return value


def _object_ref(obj):
    if obj is None:
        return ""
    if isinstance(obj, str):
        return obj
    return f"{obj._meta.label_lower}:{getattr(obj, 'code', None) or obj.pk}"


def append_entry(
    kind, *, subject=None, actor=None, consumer="", purpose="", obj=None, payload=None, grant="", at=None
):
    """Append one entry to the log, in the caller's transaction, and return it.

    `kind` is an `EntryKind`; `subject` the accounts.Subject (person or enterprise) whose data was used
    or who was decided about; `actor` the user who acted (None for a system); `consumer` the department
    (`department:<code>`) or system (free text, e.g. `system:<client id>`) that used the data;
    `purpose` why (a short code or text); `grant` the share grant it relied on; `obj` the model
    instance (or "label:id" text) acted on; `payload` a JSON-able dict of facts (identifiers are masked).
    The entry gets its place in the tree from the sequencer, within a minute.
    Raises ValueError for an unknown kind or a field longer than 200 characters.
    """
    entry = build_entry(
        kind,
        subject=subject,
        actor=actor,
        consumer=consumer,
        purpose=purpose,
        obj=obj,
        payload=payload,
        grant=grant,
        at=at,
    )
    entry.save(force_insert=True)
    return entry


def build_entry(
    kind, *, subject=None, actor=None, consumer="", purpose="", obj=None, payload=None, grant="", at=None
):
    """The unsaved entry `append_entry` writes, its salt drawn and its leaf hash computed."""
    if kind not in EntryKind.values:
        raise ValueError(f"unknown ledger entry kind: {kind!r}")
    consumer, purpose, grant, object_ref = (
        str(consumer or ""),
        str(purpose or ""),
        str(grant or ""),
        _object_ref(obj),
    )
    for name, value in (("consumer", consumer), ("purpose", purpose), ("grant", grant), ("obj", object_ref)):
        if len(value) > FIELD_LIMIT:
            raise ValueError(f"{name} is longer than {FIELD_LIMIT} characters")
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    entry = Entry(
        kind=str(kind),
        subject=subject,
        subject_ref=f"{subject.kind}:{subject.code}" if subject is not None else "",
        actor=actor,
        actor_ref=f"user:{actor.code}" if actor is not None else "",
        consumer=consumer,
        purpose=purpose,
        grant=grant,
        object_ref=object_ref,
        payload_json=leaves.canonical_json(_redacted(payload or {})),
        salt=secrets.token_hex(16),
        created_at=at or timezone.now(),
    )
    entry.leaf_hash = leaves.leaf_hash(leaves.entry_leaf_input(entry)).hex()
    return entry


# Readers of other apps' events --------------------------------------------------------------------

CASE_DECISIONS = {
    EventCode.CASE_ACCEPTED: EntryKind.CASE_ACCEPTED,
    EventCode.CASE_NOT_ACCEPTED: EntryKind.CASE_NOT_ACCEPTED,
    EventCode.CASE_APPROVED: EntryKind.CASE_APPROVED,
    EventCode.CASE_DENIED: EntryKind.CASE_DENIED,
    EventCode.CASE_FINISHED: EntryKind.CASE_FINISHED,
    EventCode.CASE_WITHDRAWN: EntryKind.CASE_WITHDRAWN,
    EventCode.CASE_DATA_VIEWED: EntryKind.CASE_DATA_VIEWED,
}
SECURITY_CHANGES = {
    EventCode.ROLE_GRANTED: EntryKind.ROLE_GRANTED,
    EventCode.ROLE_REVOKED: EntryKind.ROLE_REVOKED,
    EventCode.STAFF_CREATED: EntryKind.STAFF_CREATED,
    EventCode.SECOND_FACTOR_RESET: EntryKind.SECOND_FACTOR_RESET,
    EventCode.ACCOUNT_UNLOCKED: EntryKind.ACCOUNT_UNLOCKED,
    EventCode.ACCOUNT_DEACTIVATED: EntryKind.ACCOUNT_DEACTIVATED,
    EventCode.API_TOKEN_ISSUED: EntryKind.API_TOKEN_ISSUED,
    EventCode.API_TOKEN_REVOKED: EntryKind.API_TOKEN_REVOKED,
}
PURPOSE_CASE_HANDLING = "case_handling"  # opening an application's data to handle it
PURPOSE_CASE_DECISION = "case_decision"
PURPOSE_ACCOUNT_SECURITY = "account_security"


def _on_case_event(event, case):
    kind = CASE_DECISIONS[event.code]
    append_entry(
        kind,
        subject=case.applicant,
        actor=event.actor,
        consumer=f"department:{case.department.code}",
        purpose=PURPOSE_CASE_HANDLING if kind == EntryKind.CASE_DATA_VIEWED else PURPOSE_CASE_DECISION,
        obj=case,
        payload=event.payload,
        at=event.created_at,
    )


def _on_security_event(event, user):
    department = (event.payload or {}).get("department", "")
    append_entry(
        SECURITY_CHANGES[event.code],
        subject=getattr(user, "person", None),
        actor=event.actor,
        consumer=f"department:{department}" if department else "",
        purpose=PURPOSE_ACCOUNT_SECURITY,
        obj=user,
        payload=event.payload,
        at=event.created_at,
    )


CERTIFICATE_EVENTS = {
    EventCode.CERTIFICATE_ISSUED: EntryKind.CERTIFICATE_ISSUED,
    EventCode.CERTIFICATE_REVOKED: EntryKind.CERTIFICATE_REVOKED,
}
SHARE_EVENTS = {
    EventCode.SHARE_GRANTED: EntryKind.SHARE_GRANTED,
    EventCode.SHARE_APPROVED: EntryKind.SHARE_GRANTED,
    EventCode.GRANT_REVOKED: EntryKind.SHARE_REVOKED,
}


def _holder(certificate):
    """The registered person or enterprise holding a certificate, if the platform knows them."""
    from yiwang.accounts.models import Enterprise, Person, Subject

    if certificate.holder_kind == "enterprise":
        holder = Enterprise.objects.filter(credit_code=certificate.holder_id).only("pk").first()
    else:
        holder = Person.objects.filter(id_number_index=certificate.holder_index).only("pk").first()
    return None if holder is None else Subject.objects.get(pk=holder.pk)


def _on_certificate_event(event, certificate):
    append_entry(
        CERTIFICATE_EVENTS[event.code],
        subject=_holder(certificate),
        actor=event.actor,
        consumer=f"department:{certificate.issuer.code}" if certificate.issuer_id else "",
        purpose="certificate",
        obj=certificate,
        payload=event.payload,
        at=event.created_at,
    )


def _on_share_event(event, obj):
    """A grant made (unconditional, or by approving a request) or revoked: `obj` is the grant, or the
    approved request whose grant code is in the payload."""
    grant = getattr(obj, "grant", None) if event.code == EventCode.SHARE_APPROVED else obj
    grant_code = str(getattr(grant, "code", "") or (event.payload or {}).get("grant", ""))
    append_entry(
        SHARE_EVENTS[event.code],
        actor=event.actor,
        consumer=obj.consumer.identifier[:200],
        purpose=str(getattr(grant, "purpose", "") or getattr(obj, "purpose", ""))[:200],
        grant=grant_code,
        obj=obj,
        payload=event.payload,
        at=event.created_at,
    )


def register_readers():
    read_events(CASE_DECISIONS, _on_case_event)
    read_events(SECURITY_CHANGES, _on_security_event)
    read_events(CERTIFICATE_EVENTS, _on_certificate_event)
    read_events(SHARE_EVENTS, _on_share_event)


# The sequencer -----------------------------------------------------------------------------------


def _claim():
    """Claim the tree for this sequencer, or None if another one holds it (PostgreSQL: SKIP LOCKED).

    On SQLite the first statement is a write, so that the database's one write lock is taken at once
    and a second sequencer waits for the first to commit and then sees its work."""
    if connection.features.has_select_for_update_skip_locked:
        _state_row()
        return TreeState.objects.select_for_update(skip_locked=True).filter(pk=1).first()
    if not TreeState.objects.filter(pk=1).update(updated_at=timezone.now()):
        _state_row()
    return TreeState.objects.get(pk=1)


def _state_row():
    try:
        with transaction.atomic():
            TreeState.objects.get_or_create(pk=1)
    except IntegrityError:  # created by another sequencer a moment ago
        pass


def _place(pending, start):
    """Set leaf_index on the entries `pending` [(id, leaf_hash)], in one statement or one prepared batch."""
    table, index, pk = (connection.ops.quote_name(n) for n in (Entry._meta.db_table, "leaf_index", "id"))
    rows = [(start + offset, entry_id) for offset, (entry_id, _hash) in enumerate(pending)]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            values = ",".join(["(%s::bigint, %s::bigint)"] * len(rows))
            cursor.execute(
                f"UPDATE {table} SET {index} = v.i FROM (VALUES {values}) AS v(i, id) "
                f"WHERE {table}.{pk} = v.id",
                [value for row in rows for value in row],
            )
        else:
            cursor.executemany(f"UPDATE {table} SET {index} = %s WHERE {pk} = %s", rows)


def insert_nodes(nodes):
    """Write stored nodes [(key, hash)] with one prepared statement (the ORM's bulk_create costs more
    than the hashing)."""
    table, key = connection.ops.quote_name(TreeNode._meta.db_table), connection.ops.quote_name("key")
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({key}, hash) VALUES (%s, %s)", nodes)


def _sequence_batch(state, batch):
    pending = list(
        Entry.objects.filter(leaf_index__isnull=True).order_by("id").values_list("id", "leaf_hash")[:batch]
    )
    if not pending:
        return 0
    size = state.tree_size
    nodes = {}
    if size:
        from yiwang.ledger.proofs import load_nodes

        nodes = load_nodes(merkle.tail_keys(size))
    builder = merkle.NodeBuilder.from_nodes(merkle.SM3, size, nodes)
    made = []
    for _entry_id, leaf_hash in pending:
        made.extend(builder.append(bytes.fromhex(leaf_hash)))
    _place(pending, size)
    insert_nodes(made)
    state.tree_size, state.root_hash = builder.size, builder.root().hex()
    state.save(update_fields=["tree_size", "root_hash", "updated_at"])
    return len(pending)


def _sign(state, *, actor=None, reason=None):
    timestamp = int(time.time() * 1000)
    root = bytes.fromhex(state.root_hash) if state.tree_size else merkle.SM3.hash_empty()
    head = TreeHead.objects.create(
        tree_size=state.tree_size,
        timestamp=timestamp,
        root_hash=root.hex(),
        signature=heads.sign_head(state.tree_size, timestamp, root),
        key_id=sm2.key_id(),
    )
    payload = {"tree_size": head.tree_size, "root": head.root_hash, "key_id": head.key_id}
    if reason:
        payload["reason"] = reason
    record_event(EventCode.LEDGER_HEAD_SIGNED, actor=actor, obj=head, payload=payload)
    return head


def do_sequence(*, batch=BATCH):
    """Give waiting entries their places in the tree, in batches, and sign a tree head for the result.

    Safe to run twice at once: the second run finds the tree claimed and does nothing (PostgreSQL),
    or waits and then finds nothing left to do (SQLite). Returns (entries placed, new head or None).
    """
    placed, head = 0, None
    while True:
        with transaction.atomic():
            state = _claim()
            if state is None:
                return placed, None
            count = _sequence_batch(state, batch)
            placed += count
            if count < batch:
                latest = TreeHead.objects.order_by("-tree_size", "-timestamp").first()
                if state.tree_size and (latest is None or latest.tree_size != state.tree_size):
                    head = _sign(state)
                return placed, head


def do_resign_head(*, actor=None):
    """Sign the current tree with the platform's current SM2 key, after the key was rotated.

    Waiting entries are sequenced first. When the latest tree head already covers the whole tree and
    names the current key, nothing is signed. Earlier heads keep their old key's signature and
    verify under the public keys kept in YIWANG_SM2_OLD_KEYS. Returns (head, whether it is new), or
    (None, False) while another sequencer holds the tree.
    """
    do_sequence()
    with transaction.atomic():
        state = _claim()
        if state is None:
            return None, False
        latest = TreeHead.objects.order_by("-tree_size", "-timestamp").first()
        if latest is not None and latest.tree_size == state.tree_size and latest.key_id == sm2.key_id():
            return latest, False
        return _sign(state, actor=actor, reason="resign"), True


# Objections --------------------------------------------------------------------------------------


def _department_name(consumer):
    from yiwang.accounts.models import Department

    if consumer.startswith("department:"):
        department = Department.objects.filter(code=consumer.split(":", 1)[1]).first()
        if department is not None:
            return department.name
    return consumer


def do_object_to_use(entry, *, actor, ip=None):
    """A citizen disagrees with a use of their data: open a 12345 complaint ticket linked to the entry.

    Refuses anyone but the entry's subject (the person, or an agent of the enterprise). Objecting
    twice to the same entry returns the first objection.
    """
    from yiwang.hotline.actions import do_create_ticket
    from yiwang.hotline.models import Ticket
    from yiwang.ledger.permissions import subjects_for_user

    if actor is None or not actor.is_authenticated or entry.subject_id not in subjects_for_user(actor):
        raise PermissionDenied(_("You can only object to uses of your own data."))
    with transaction.atomic():
        existing = Objection.objects.filter(entry=entry, user=actor).select_related("ticket").first()
        if existing is not None:
            return existing
        with translation.override("zh-hans"):  # tickets are stored in Simplified Chinese
            title = _("Objection to a use of my personal data")
            text = _(
                "I object to this use of my personal data: %(kind)s by %(consumer)s on %(when)s "
                "(ledger entry %(code)s). Please explain it or stop it."
            ) % {
                "kind": entry.get_kind_display(),
                "consumer": _department_name(entry.consumer) or "-",
                "when": timezone.localtime(entry.created_at).strftime("%Y-%m-%d %H:%M"),
                "code": entry.code,
            }
        ticket = do_create_ticket(
            kind=Ticket.COMPLAINT, title=title, text=text, channel=Channel.WEB, caller_user=actor, ip=ip
        )
        objection = Objection.objects.create(entry=entry, user=actor, ticket=ticket)
        record_event(
            EventCode.LEDGER_USE_OBJECTED,
            actor=actor,
            obj=entry,
            channel=Channel.WEB,
            ip=ip,
            payload={"ticket": ticket.number},
        )
    return objection
