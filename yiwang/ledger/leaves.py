"""The bytes of a leaf (leaf_input) and the commitments in it; docs/ledger.md describes the format.

leaf_input is canonical JSON (keys sorted, no spaces, UTF-8, non-ASCII kept) of

    {"v": 1, "kind", "time", "actor", "consumer", "purpose", "grant", "subject", "object", "payload"}

where `time` is UTC with microseconds ("2026-11-26T03:04:05.123456Z") and `subject`, `object` and
`payload` are commitments: hex SM3(salt ‖ UTF-8 value), or "" when there is no value. The salt (16
random bytes) is kept beside the entry and handed only to the subject, in a receipt.
"""

import datetime
import json

from yiwang.ledger.merkle import SM3

VERSION = 1
FIELDS = ("v", "kind", "time", "actor", "consumer", "purpose", "grant", "subject", "object", "payload")


def canonical_json(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def format_time(moment):
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def commit(salt_hex, value):
    """The salted commitment to `value` (a str); "" for an empty value."""
    if not value:
        return ""
    return SM3.new(bytes.fromhex(salt_hex) + value.encode("utf-8")).digest().hex()


def leaf_fields(
    *, kind, created_at, actor_ref, consumer, purpose, grant, subject_ref, object_ref, payload_json, salt
):
    return {
        "v": VERSION,
        "kind": kind,
        "time": format_time(created_at),
        "actor": actor_ref,
        "consumer": consumer,
        "purpose": purpose,
        "grant": grant,
        "subject": commit(salt, subject_ref),
        "object": commit(salt, object_ref),
        "payload": commit(salt, payload_json),
    }


def leaf_input(fields):
    return canonical_json(fields).encode("utf-8")


def entry_leaf_input(entry):
    """The leaf an entry row stands for, recomputed from its columns (what `verify` checks)."""
    return leaf_input(
        leaf_fields(
            kind=entry.kind,
            created_at=entry.created_at,
            actor_ref=entry.actor_ref,
            consumer=entry.consumer,
            purpose=entry.purpose,
            grant=entry.grant,
            subject_ref=entry.subject_ref,
            object_ref=entry.object_ref,
            payload_json=entry.payload_json,
            salt=entry.salt,
        )
    )


def leaf_hash(data):
    return SM3.hash_leaf(data)
