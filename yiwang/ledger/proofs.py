"""Proofs from the stored tree: inclusion, consistency, roots, and the citizen's receipt.

Every proof reads its stored nodes in one query by primary key (O(log n) rows; see
`yiwang.ledger.merkle`), so it costs the same at a thousand leaves as at ten million.
"""

import base64
import json

from django.db import connection

from yiwang.core import sm2
from yiwang.ledger import merkle
from yiwang.ledger.leaves import entry_leaf_input
from yiwang.ledger.models import TreeHead, TreeNode

RECEIPT_FORMAT = "yiwang-ledger-receipt/1"


def b64(data):
    return base64.b64encode(data).decode("ascii")


def load_nodes(keys):
    """key -> hash for the stored nodes `keys`; raises LookupError if the tree lacks one.

    One query, by ranges of neighbouring keys: the nodes a sibling is folded from sit side by side,
    so a proof at ten million leaves is some two dozen index seeks, not a hundred."""
    runs = []
    for node_key in sorted(set(keys)):
        if runs and node_key == runs[-1][1] + 1:
            runs[-1][1] = node_key
        else:
            runs.append([node_key, node_key])
    if not runs:
        return {}
    table, column = connection.ops.quote_name(TreeNode._meta.db_table), connection.ops.quote_name("key")
    where = " OR ".join([f"{column} BETWEEN %s AND %s"] * len(runs))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {column}, hash FROM {table} WHERE {where}", [end for run in runs for end in run]
        )
        nodes = {node_key: bytes(value) for node_key, value in cursor.fetchall()}
    if len(nodes) != sum(end - start + 1 for start, end in runs):
        raise LookupError("the stored tree lacks nodes the proof needs")
    return nodes


def _hashes(ranges):
    nodes = load_nodes(merkle.keys_for(ranges))
    return merkle.hashes_of(ranges, nodes, merkle.SM3)


def root_hash(size):
    """The root of the log at `size` entries (size ≤ the sequenced size)."""
    if size == 0:
        return merkle.SM3.hash_empty()
    return _hashes([(0, size)])[0]


def inclusion_proof(index, size):
    """The audit path (list of 32-byte hashes) of leaf `index` in the tree of `size`."""
    return _hashes(merkle.inclusion_ranges(index, size))


def consistency_proof(first, second):
    return _hashes(merkle.consistency_ranges(first, second))


def latest_head():
    return TreeHead.objects.order_by("-tree_size", "-timestamp").first()


def head_json(head):
    """An STH in the shape of RFC 6962's get-sth, with the SM3 root and the SM2 key named."""
    return {
        "tree_size": head.tree_size,
        "timestamp": head.timestamp,
        "sm3_root_hash": b64(bytes.fromhex(head.root_hash)),
        "tree_head_signature": b64(bytes.fromhex(head.signature)),
        "key_id": head.key_id,
    }


def public_key_json(key_id=None):
    """The log's signing key (or the earlier key named `key_id`) for verifiers; the current key also
    lists the earlier keys whose tree heads still verify (docs/security.md, "Rotating the SM2 key")."""
    keys = sm2.verification_keys()
    key_id = key_id if key_id in keys else sm2.key_id()
    described = {
        "key_id": key_id,
        "public_key": "04" + keys[key_id],
        "algorithm": "SM2 with SM3 (GB/T 32918, GB/T 32905), signer ID 1234567812345678",
        "hash": "SM3",
        "tree": "RFC 6962 / RFC 9162 §2.1 (leaf prefix 0x00, node prefix 0x01)",
    }
    if key_id == sm2.key_id():
        described["previous_keys"] = [
            {"key_id": old_id, "public_key": "04" + public}
            for old_id, public in keys.items()
            if old_id != key_id
        ]
    return described


def receipt(entry, head=None):
    """The self-contained receipt of a sequenced entry: the leaf and what opens it, its inclusion proof
    and the signed tree head it is proven against (docs/ledger.md, "Receipts"). None until an STH covers it."""
    if entry.leaf_index is None:
        return None
    head = head or latest_head()
    if head is None or head.tree_size <= entry.leaf_index:
        return None
    data = entry_leaf_input(entry)
    return {
        "format": RECEIPT_FORMAT,
        "log": public_key_json(head.key_id),
        "entry": {
            "code": str(entry.code),
            "leaf_index": entry.leaf_index,
            "leaf_input": b64(data),
            "leaf_hash": b64(merkle.SM3.hash_leaf(data)),
            "fields": json.loads(data),
            "openings": {
                "salt": entry.salt,
                "subject": entry.subject_ref,
                "object": entry.object_ref,
                "payload": entry.payload_json,
            },
        },
        "inclusion_proof": {
            "leaf_index": entry.leaf_index,
            "tree_size": head.tree_size,
            "audit_path": [b64(h) for h in inclusion_proof(entry.leaf_index, head.tree_size)],
        },
        "sth": head_json(head),
    }


def receipt_bytes(entry):
    found = receipt(entry)
    return None if found is None else (json.dumps(found, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
