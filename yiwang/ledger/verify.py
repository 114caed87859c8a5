"""Checking the log: the whole of it from its rows (`verify_log`), or one receipt offline (`verify_receipt`).

`verify_log` trusts nothing stored but the signatures: it rebuilds every leaf from its entry's columns,
the tree from those leaves, and compares each stored hash and every signed tree head's root with
what it rebuilt. A changed row no longer matches its leaf hash or the stored leaf; a deleted row
leaves a hole in the positions; an inserted row shifts the leaves after it; a rewrite of every
stored hash as well still breaks the roots that the tree heads signed.
"""

import base64
import binascii
import json
from dataclasses import dataclass, field

from yiwang.ledger import heads, leaves, merkle

CHUNK = 20000
ENTRY_COLUMNS = (
    "leaf_index",
    "kind",
    "created_at",
    "actor_ref",
    "consumer",
    "purpose",
    "grant",
    "subject_ref",
    "object_ref",
    "payload_json",
    "salt",
    "leaf_hash",
)


@dataclass(order=True)
class Problem:
    index: int
    message: str = field(compare=False)
    # A signed root that does not fit says only that something in [index, before) is wrong; a problem
    # found in a row of that range explains it, and names the index exactly.
    before: int = field(default=None, compare=False)


@dataclass
class LogReport:
    entries: int = 0
    heads: int = 0
    problems: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.problems

    @property
    def first_bad_index(self):
        return min(self.problems).index if self.problems else None


def _leaf(row):
    (
        _index,
        kind,
        created_at,
        actor_ref,
        consumer,
        purpose,
        grant,
        subject_ref,
        object_ref,
        payload_json,
        salt,
        _hash,
    ) = row
    return leaves.leaf_input(
        leaves.leaf_fields(
            kind=kind,
            created_at=created_at,
            actor_ref=actor_ref,
            consumer=consumer,
            purpose=purpose,
            grant=grant,
            subject_ref=subject_ref,
            object_ref=object_ref,
            payload_json=payload_json,
            salt=salt,
        )
    )


def verify_log(progress=None):
    """Rebuild the log from its entries and check every stored hash and signed tree head."""
    from django.db.models import Max

    from yiwang.core import sm2
    from yiwang.ledger.models import Entry, TreeHead, TreeNode

    report = LogReport()
    problems = report.problems
    head_rows = list(
        TreeHead.objects.order_by("tree_size", "timestamp").values_list(
            "tree_size", "timestamp", "root_hash", "signature", "key_id"
        )
    )
    report.heads = len(head_rows)
    top = Entry.objects.aggregate(top=Max("leaf_index"))["top"]
    size = max([0 if top is None else top + 1] + [h[0] for h in head_rows])
    builder = merkle.NodeBuilder(merkle.SM3)
    pending_heads = iter(head_rows)
    head = next(pending_heads, None)
    last_good = 0
    keys = sm2.verification_keys()  # current and earlier keys: a head verifies under the key it names

    def check_heads():
        nonlocal head, last_good
        while head is not None and head[0] == builder.size:
            tree_size, timestamp, root_hex, signature, head_key = head
            if head_key not in keys:
                problems.append(
                    Problem(
                        last_good,
                        f"tree head of size {tree_size} is signed with an unknown key ({head_key}): "
                        f"list its public key in YIWANG_SM2_OLD_KEYS",
                    )
                )
            elif not heads.head_is_valid(
                tree_size, timestamp, bytes.fromhex(root_hex), signature, keys[head_key]
            ):
                problems.append(Problem(last_good, f"tree head of size {tree_size} has a bad signature"))
            elif builder.root().hex() != root_hex:
                problems.append(
                    Problem(
                        last_good,
                        f"the rebuilt tree of size {tree_size} does not have the root "
                        f"its signed tree head gives: an entry at or after {last_good} "
                        f"was changed, removed or inserted",
                        before=tree_size,
                    )
                )
            else:
                last_good = tree_size
            head = next(pending_heads, None)

    check_heads()
    for start in range(0, size, CHUNK):
        end = min(start + CHUNK, size)
        rows = {
            row[0]: row
            for row in Entry.objects.filter(leaf_index__gte=start, leaf_index__lt=end)
            .values_list(*ENTRY_COLUMNS)
            .iterator(chunk_size=CHUNK)
        }
        stored_leaves = {
            k: bytes(h)
            for k, h in TreeNode.objects.filter(key__gte=merkle.key(0, start), key__lt=merkle.key(0, end))
            .values_list("key", "hash")
            .iterator(chunk_size=CHUNK)
        }
        made_above = {}
        for index in range(start, end):
            row = rows.get(index)
            stored = stored_leaves.get(index)
            if row is None:
                problems.append(Problem(index, f"entry {index} is missing: a row was deleted"))
                leaf_hash = stored or b""
            else:
                leaf_hash = leaves.leaf_hash(_leaf(row))
                if leaf_hash.hex() != row[-1]:
                    problems.append(
                        Problem(index, f"entry {index} was changed: its fields no longer give its leaf hash")
                    )
                elif stored != leaf_hash:
                    problems.append(
                        Problem(
                            index,
                            f"entry {index} does not match the stored leaf at its position: "
                            f"a row was changed or inserted",
                        )
                    )
            for node_key, node_hash in builder.append(leaf_hash)[1:]:
                made_above[node_key] = node_hash
            check_heads()
        if made_above:
            stored_above = {
                k: bytes(h)
                for k, h in TreeNode.objects.filter(key__in=list(made_above)).values_list("key", "hash")
            }
            for node_key in sorted(made_above, key=lambda k: (k & ((1 << 48) - 1)) << (k >> 48)):
                if stored_above.get(node_key) != made_above[node_key]:
                    level, index = node_key >> 48, node_key & ((1 << 48) - 1)
                    problems.append(
                        Problem(
                            index << level,
                            f"stored node {level}/{index} (entries {index << level}"
                            f"–{((index + 1) << level) - 1}) does not match the "
                            f"entries",
                            before=(index + 1) << level,
                        )
                    )
        report.entries = end
        if progress:
            progress(end, size)
    rows_wrong = [p.index for p in problems if p.before is None]
    report.problems = sorted(
        p
        for p in problems
        if p.before is None or not any(p.index <= index < p.before for index in rows_wrong)
    )
    return report


# Receipts ----------------------------------------------------------------------------------------


def _b64(value):
    if not isinstance(value, str):
        raise TypeError
    return base64.b64decode(value, validate=True)


def verify_receipt(receipt, public_key=None):
    """Check a receipt (a parsed JSON object) without the database; returns a list of problems
    (empty when it holds). `public_key` (hex x‖y, with or without the 04 prefix) is the log's key as
    the verifier knows it; without it the key in the receipt is used and only reported."""
    from yiwang.core.pii import sm3_hex

    try:
        if not isinstance(receipt, dict) or receipt.get("format") != "yiwang-ledger-receipt/1":
            return ["not a yiwang-ledger-receipt/1 document"]
        entry, proof, sth = receipt["entry"], receipt["inclusion_proof"], receipt["sth"]
        data = _b64(entry["leaf_input"])
        fields = json.loads(data.decode("utf-8"))
        leaf_hash = merkle.SM3.hash_leaf(data)
        problems = []
        if "leaf_hash" in entry and _b64(entry["leaf_hash"]) != leaf_hash:
            problems.append("the leaf hash does not match the leaf")
        if entry.get("fields", fields) != fields:
            problems.append("the fields shown differ from the leaf")
        openings = entry.get("openings") or {}
        for name in ("subject", "object", "payload"):
            if name in openings and leaves.commit(openings["salt"], openings[name]) != fields.get(name):
                problems.append(f"the {name} does not open the leaf's commitment")
        size, index = sth["tree_size"], entry["leaf_index"]
        path = [_b64(h) for h in proof["audit_path"]]
        root = _b64(sth["sm3_root_hash"])
        if proof["tree_size"] != size or proof["leaf_index"] != index:
            problems.append("the proof is for another tree size or position")
        elif not merkle.verify_inclusion(merkle.SM3, index, size, leaf_hash, path, root):
            problems.append("the inclusion proof does not lead to the signed root")
        key = (public_key or receipt.get("log", {}).get("public_key", "")).lower()
        key = key[2:] if len(key) == 130 and key.startswith("04") else key
        if sth.get("key_id") != sm3_hex(bytes.fromhex("04" + key))[:16]:
            problems.append("the tree head names another signing key")
        signature = binascii.hexlify(_b64(sth["tree_head_signature"])).decode("ascii")
        if not heads.head_is_valid(size, sth["timestamp"], root, signature, key):
            problems.append("the tree head's SM2 signature is not valid")
        return problems
    except (KeyError, TypeError, ValueError, AttributeError, UnicodeDecodeError, binascii.Error):
        return ["the receipt is malformed"]
