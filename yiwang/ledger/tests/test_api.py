"""/ledger/v1/: the CT-shaped API. Public, shows no subject, answers bad input with a 400, never a 500."""

import base64

import pytest

from yiwang.ledger import merkle
from yiwang.ledger.heads import head_is_valid
from yiwang.ledger.models import Entry, TreeHead

V1 = "/ledger/v1/"


def b64d(text):
    return base64.b64decode(text)


def test_no_tree_head_yet_is_a_404(client, db):
    response = client.get(V1 + "get-sth")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_get_sth_is_signed(client, sequenced):
    sth = client.get(V1 + "get-sth").json()
    assert sth["tree_size"] == 40
    root = b64d(sth["sm3_root_hash"])
    assert head_is_valid(40, sth["timestamp"], root, b64d(sth["tree_head_signature"]).hex())
    key = client.get("/.well-known/yiwang-ledger-key").json()
    assert key["key_id"] == sth["key_id"] and key["public_key"].startswith("04")
    assert client.get(V1 + "get-key").json() == key
    assert head_is_valid(
        40, sth["timestamp"], root, b64d(sth["tree_head_signature"]).hex(), key["public_key"][2:]
    )


def test_proof_by_hash_verifies(client, sequenced):
    sth = client.get(V1 + "get-sth").json()
    for index in (0, 17, 39):
        leaf_hash = bytes.fromhex(Entry.objects.get(leaf_index=index).leaf_hash)
        for size in (index + 1, 40):
            response = client.get(
                V1 + "get-proof-by-hash", {"hash": base64.b64encode(leaf_hash).decode(), "tree_size": size}
            )
            body = response.json()
            assert response.status_code == 200 and body["leaf_index"] == index
            root = b64d(sth["sm3_root_hash"]) if size == 40 else None
            if root is not None:
                assert merkle.verify_inclusion(
                    merkle.SM3, index, size, leaf_hash, [b64d(h) for h in body["audit_path"]], root
                )


def test_consistency_between_signed_heads_verifies(client, sequenced):
    heads = {h.tree_size: bytes.fromhex(h.root_hash) for h in TreeHead.objects.all()}
    for first, second in ((10, 23), (10, 40), (23, 40), (40, 40)):
        body = client.get(V1 + "get-sth-consistency", {"first": first, "second": second}).json()
        proof = [b64d(h) for h in body["consistency"]]
        assert merkle.verify_consistency(merkle.SM3, first, second, heads[first], heads[second], proof)


def test_entries_are_the_leaves(client, sequenced):
    body = client.get(V1 + "get-entries", {"start": 5, "end": 9}).json()
    assert len(body["entries"]) == 5
    for offset, item in enumerate(body["entries"]):
        leaf = b64d(item["leaf_input"])
        assert merkle.SM3.hash_leaf(leaf).hex() == Entry.objects.get(leaf_index=5 + offset).leaf_hash
        assert b"person:" not in leaf and b"datahub.record" not in leaf
    assert len(client.get(V1 + "get-entries", {"start": 30, "end": 5000}).json()["entries"]) == 10


@pytest.mark.parametrize(
    "path, params",
    [
        ("get-sth-consistency", {"first": 0, "second": 10}),
        ("get-sth-consistency", {"first": 20, "second": 10}),
        ("get-sth-consistency", {"first": 10, "second": 41}),
        ("get-sth-consistency", {"first": "ten", "second": 10}),
        ("get-sth-consistency", {}),
        ("get-proof-by-hash", {"hash": "not base64!", "tree_size": 10}),
        ("get-proof-by-hash", {"hash": base64.b64encode(b"short").decode(), "tree_size": 10}),
        (
            "get-proof-by-hash",
            {"hash": base64.b64encode(bytes(32)).decode(), "tree_size": 99999999999999999999},
        ),
        ("get-proof-by-hash", {"hash": base64.b64encode(bytes(32)).decode(), "tree_size": -1}),
        ("get-entries", {"start": 9, "end": 5}),
        ("get-entries", {"start": 40, "end": 45}),
        ("get-entries", {"start": -1, "end": 5}),
        ("get-entries", {"start": "\x00", "end": 5}),
    ],
)
def test_bad_input_is_a_400(client, sequenced, path, params):
    response = client.get(V1 + path, params)
    assert response.status_code == 400, response.content
    assert response.json()["error"]["code"] == "invalid_input"


def test_unknown_hash_is_a_404(client, sequenced):
    response = client.get(
        V1 + "get-proof-by-hash", {"hash": base64.b64encode(bytes(32)).decode(), "tree_size": 40}
    )
    assert response.status_code == 404


def test_an_entry_not_yet_in_a_signed_head_has_no_proof(client, sequenced):
    from yiwang.ledger.tests.conftest import append

    entry = append(1)[0]
    response = client.get(
        V1 + "get-proof-by-hash",
        {"hash": base64.b64encode(bytes.fromhex(entry.leaf_hash)).decode(), "tree_size": 40},
    )
    assert response.status_code == 404


def test_writes_are_not_allowed(client, sequenced):
    assert client.post(V1 + "get-sth").status_code == 405


def test_the_api_is_described_in_openapi(client, db):
    spec = client.get(V1 + "openapi.json").json()
    assert {
        "/ledger/v1/get-sth",
        "/ledger/v1/get-sth-consistency",
        "/ledger/v1/get-proof-by-hash",
        "/ledger/v1/get-entries",
        "/ledger/v1/get-key",
    } <= set(spec["paths"])
