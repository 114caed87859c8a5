"""The ledger's public API at /ledger/v1/, in the shape of the Certificate Transparency API (RFC 6962 §4).

get-sth, get-sth-consistency, get-proof-by-hash and get-entries answer as CT logs do, with SM3
hashes (`sm3_root_hash`) and SM2 signatures; get-key gives the signing key. Hashes and signatures
are base64, as in CT. Anyone may call it: the leaves hold commitments, not whose data was used.
OpenAPI at /ledger/v1/openapi.json, docs at /ledger/v1/docs.
"""

import base64
import binascii

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Query, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as SchemaValidationError

from yiwang.ledger import proofs
from yiwang.ledger.leaves import entry_leaf_input
from yiwang.ledger.models import Entry

MAX_ENTRIES = 1000

api = NinjaAPI(
    title="Yiwang verifiable ledger",
    version="1",
    description="Certificate-Transparency-style API (RFC 6962 §4) of Yiwang's verifiable ledger: an "
    "append-only Merkle log (RFC 6962 tree hashing with SM3) of every use of personal data and "
    "every decision, with SM2-signed tree heads. See docs/ledger.md.",
    urls_namespace="ledger_api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)


class Error(Schema):
    error: dict


class SignedTreeHead(Schema):
    tree_size: int
    timestamp: int
    sm3_root_hash: str
    tree_head_signature: str
    key_id: str


class Consistency(Schema):
    consistency: list[str]


class InclusionProof(Schema):
    leaf_index: int
    audit_path: list[str]


class LeafEntry(Schema):
    leaf_input: str
    extra_data: str


class Entries(Schema):
    entries: list[LeafEntry]


class PreviousKey(Schema):
    key_id: str
    public_key: str


class Key(Schema):
    key_id: str
    public_key: str
    algorithm: str
    hash: str
    tree: str
    # Earlier signing keys: tree heads that name them in key_id still verify under them.
    previous_keys: list[PreviousKey] = []


class ConsistencyQuery(Schema):
    first: int
    second: int


class ProofQuery(Schema):
    hash: str
    tree_size: int


class EntriesQuery(Schema):
    start: int
    end: int


def _error(request, status, code, message):
    return api.create_response(request, {"error": {"code": code, "message": str(message)}}, status=status)


@api.exception_handler(SchemaValidationError)
def on_schema_error(request, exc):
    return _error(request, 400, "invalid_input", _("The request is not valid: check the parameters."))


@api.exception_handler(ValidationError)
def on_validation_error(request, exc):
    return _error(request, 400, "invalid_input", exc.messages[0])


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return _error(request, 404, "not_found", str(exc.args[0]) if exc.args else _("Not found."))


@api.exception_handler(HttpError)
def on_http_error(request, exc):
    return _error(request, exc.status_code, "http_error", str(exc))


def _head():
    head = proofs.latest_head()
    if head is None:
        raise Http404(_("The log has no signed tree head yet."))
    return head


def _within(size, head, field):
    if not 0 < size <= head.tree_size:
        raise ValidationError(
            _("%(field)s must be between 1 and the signed tree size %(size)s.")
            % {"field": field, "size": head.tree_size}
        )


@api.get("/get-sth", response={200: SignedTreeHead, 404: Error}, summary="Latest signed tree head")
def get_sth(request):
    """The latest signed tree head: size, timestamp (ms), SM3 root and SM2 signature over RFC 6962's
    TreeHeadSignature structure."""
    return proofs.head_json(_head())


@api.get(
    "/get-sth-consistency",
    response={200: Consistency, 400: Error, 404: Error},
    summary="Consistency proof between two tree sizes",
)
def get_sth_consistency(request, query: Query[ConsistencyQuery]):
    """RFC 6962 PROOF(first, D[second]): the older tree is a prefix of the newer one."""
    head = _head()
    _within(query.first, head, "first")
    _within(query.second, head, "second")
    if query.first > query.second:
        raise ValidationError(_("first must not be larger than second."))
    return {"consistency": [proofs.b64(h) for h in proofs.consistency_proof(query.first, query.second)]}


@api.get(
    "/get-proof-by-hash",
    response={200: InclusionProof, 400: Error, 404: Error},
    summary="Inclusion proof of a leaf, by its hash",
)
def get_proof_by_hash(request, query: Query[ProofQuery]):
    """The audit path of the leaf whose SM3 leaf hash (base64) is `hash`, in the tree of `tree_size`."""
    head = _head()
    _within(query.tree_size, head, "tree_size")
    try:
        leaf_hash = base64.b64decode(query.hash, validate=True)
    except (binascii.Error, ValueError):
        leaf_hash = b""
    if len(leaf_hash) != 32:
        raise ValidationError(_("hash must be a base64-encoded 32-byte leaf hash."))
    index = (
        Entry.objects.filter(leaf_hash=leaf_hash.hex(), leaf_index__lt=query.tree_size)
        .order_by("leaf_index")
        .values_list("leaf_index", flat=True)
        .first()
    )
    if index is None:
        raise Http404(_("No leaf with this hash in a tree of this size."))
    return {
        "leaf_index": index,
        "audit_path": [proofs.b64(h) for h in proofs.inclusion_proof(index, query.tree_size)],
    }


@api.get("/get-entries", response={200: Entries, 400: Error, 404: Error}, summary="Entries by position")
def get_entries(request, query: Query[EntriesQuery]):
    """The leaves from `start` to `end` inclusive (at most 1000), as base64 leaf_input (canonical JSON;
    docs/ledger.md). `extra_data` is empty: the subject, object and payload stay behind their commitments."""
    head = _head()
    if not 0 <= query.start <= query.end:
        raise ValidationError(_("start and end must satisfy 0 ≤ start ≤ end."))
    if query.start >= head.tree_size:
        raise ValidationError(
            _("start must be below the signed tree size %(size)s.") % {"size": head.tree_size}
        )
    end = min(query.end, query.start + MAX_ENTRIES - 1, head.tree_size - 1)
    rows = Entry.objects.filter(leaf_index__gte=query.start, leaf_index__lte=end).order_by("leaf_index")
    return {"entries": [{"leaf_input": proofs.b64(entry_leaf_input(e)), "extra_data": ""} for e in rows]}


@api.get("/get-key", response=Key, summary="The log's SM2 public key")
def get_key(request):
    """The key that signs tree heads (also at /.well-known/yiwang-ledger-key)."""
    return proofs.public_key_json()
