"""The tree algorithm: RFC 6962 test vectors with SHA-256, then SM3; every proof verifies, any altered one fails."""

import hashlib

from gmssl import func
from gmssl import sm3 as gmssl_sm3
from hypothesis import given, settings
from hypothesis import strategies as st

from yiwang.ledger import merkle
from yiwang.ledger.merkle import SHA256, SM3

# The 8-leaf tree of RFC 6962's reference tests (certificate-transparency-go merkle tests, RFC 9162 test data).
LEAF_INPUTS = [
    bytes.fromhex(h)
    for h in (
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    )
]
SHA256_ROOTS = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
SHA256_INCLUSION = [
    (0, 1, []),
    (
        0,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        5,
        8,
        [
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (
        1,
        5,
        [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
]
SHA256_CONSISTENCY = [
    (1, 1, []),
    (
        1,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        2,
        5,
        [
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
]
# The same tree with SM3, computed by RFC 6962's recursive definition over gmssl's independent SM3.
SM3_ROOT_8 = "bc48ba7a709184b5f2a631e1adeb8dc2a0d4c018c1d6cc89b5664fe154c93b38"


def build(hasher, leaf_inputs):
    """The stored nodes of a tree, made by the sequencer's builder."""
    builder, nodes = merkle.NodeBuilder(hasher), {}
    for data in leaf_inputs:
        nodes.update(builder.append(hasher.hash_leaf(data)))
    return builder, nodes


def gmssl_hash(data):
    return bytes.fromhex(gmssl_sm3.sm3_hash(func.bytes_to_list(data)))


def reference_mth(leaf_inputs, h):
    """MTH exactly as RFC 6962 §2.1 defines it, recursively."""
    if not leaf_inputs:
        return h(b"")
    if len(leaf_inputs) == 1:
        return h(b"\x00" + leaf_inputs[0])
    k = merkle.split_point(len(leaf_inputs))
    return h(b"\x01" + reference_mth(leaf_inputs[:k], h) + reference_mth(leaf_inputs[k:], h))


def test_sha256_roots_match_rfc6962_vectors():
    for size, expected in enumerate(SHA256_ROOTS):
        builder, _nodes = build(SHA256, LEAF_INPUTS[:size])
        assert builder.root().hex() == expected


def test_sha256_inclusion_proofs_match_rfc6962_vectors():
    _builder, nodes = build(SHA256, LEAF_INPUTS)
    for index, size, expected in SHA256_INCLUSION:
        path = merkle.hashes_of(merkle.inclusion_ranges(index, size), nodes, SHA256)
        assert [h.hex() for h in path] == expected
        root = bytes.fromhex(SHA256_ROOTS[size])
        assert merkle.verify_inclusion(SHA256, index, size, SHA256.hash_leaf(LEAF_INPUTS[index]), path, root)


def test_sha256_consistency_proofs_match_rfc6962_vectors():
    _builder, nodes = build(SHA256, LEAF_INPUTS)
    for first, second, expected in SHA256_CONSISTENCY:
        proof = merkle.hashes_of(merkle.consistency_ranges(first, second), nodes, SHA256)
        assert [h.hex() for h in proof] == expected
        assert merkle.verify_consistency(
            SHA256,
            first,
            second,
            bytes.fromhex(SHA256_ROOTS[first]),
            bytes.fromhex(SHA256_ROOTS[second]),
            proof,
        )


def test_sm3_tree_agrees_with_the_rfc_definition_over_an_independent_sm3():
    assert SM3.hash_empty() == gmssl_hash(b"")
    for size in range(9):
        builder, _nodes = build(SM3, LEAF_INPUTS[:size])
        assert builder.root() == reference_mth(LEAF_INPUTS[:size], gmssl_hash)
    assert build(SM3, LEAF_INPUTS)[0].root().hex() == SM3_ROOT_8


def test_sm3_is_not_sha256():
    assert build(SM3, LEAF_INPUTS)[0].root().hex() != SHA256_ROOTS[8]


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=1, max_value=700), st.data())
def test_builder_root_is_the_rfc_root_at_every_size(size, data):
    leaf_inputs = [b"leaf %d" % i for i in range(size)]
    builder, nodes = build(SM3, leaf_inputs)

    def sm3(b):
        return hashlib.new("sm3", b)

    expected = reference_mth(leaf_inputs, lambda b: sm3(b).digest())
    assert builder.root() == expected
    assert merkle.range_hash(0, size, nodes, SM3) == expected
    older = data.draw(st.integers(min_value=1, max_value=size))
    assert merkle.range_hash(0, older, nodes, SM3) == reference_mth(
        leaf_inputs[:older], lambda b: sm3(b).digest()
    )


def _tree(size):
    return build(SM3, [b"entry %d" % i for i in range(size)])[1]


def _altered(proof, data):
    """A proof changed in one of the ways an attacker might try."""
    how = data.draw(
        st.sampled_from(
            ["flip", "drop", "add", "swap"]
            if len(proof) > 1
            else ["flip", "drop", "add"]
            if proof
            else ["add"]
        )
    )
    proof = list(proof)
    if how == "flip":
        i = data.draw(st.integers(0, len(proof) - 1))
        byte = data.draw(st.integers(0, 31))
        proof[i] = proof[i][:byte] + bytes([proof[i][byte] ^ 0x01]) + proof[i][byte + 1 :]
    elif how == "drop":
        proof.pop(data.draw(st.integers(0, len(proof) - 1)))
    elif how == "add":
        proof.insert(data.draw(st.integers(0, len(proof))), b"\x07" * 32)
    else:
        i = data.draw(st.integers(0, len(proof) - 2))
        if proof[i] == proof[i + 1]:
            proof[i] = b"\x08" * 32
        proof[i], proof[i + 1] = proof[i + 1], proof[i]
    return proof


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=1, max_value=520), st.data())
def test_every_inclusion_proof_verifies_and_any_altered_one_fails(size, data):
    nodes = _tree(size)
    root = merkle.range_hash(0, size, nodes, SM3)
    index = data.draw(st.integers(0, size - 1))
    leaf = nodes[merkle.key(0, index)]
    proof = merkle.hashes_of(merkle.inclusion_ranges(index, size), nodes, SM3)
    assert merkle.verify_inclusion(SM3, index, size, leaf, proof, root)
    assert not merkle.verify_inclusion(SM3, index, size, leaf, _altered(proof, data), root)
    other = data.draw(st.integers(0, size))
    if other != index:
        assert not merkle.verify_inclusion(SM3, other, size, leaf, proof, root)
    assert not merkle.verify_inclusion(SM3, index, size, b"\x00" * 32, proof, root)


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=1, max_value=520), st.data())
def test_every_consistency_proof_verifies_and_any_altered_one_fails(second, data):
    nodes = _tree(second)
    first = data.draw(st.integers(1, second))
    first_root, second_root = (
        merkle.range_hash(0, first, nodes, SM3),
        merkle.range_hash(0, second, nodes, SM3),
    )
    proof = merkle.hashes_of(merkle.consistency_ranges(first, second), nodes, SM3)
    assert merkle.verify_consistency(SM3, first, second, first_root, second_root, proof)
    assert not merkle.verify_consistency(SM3, first, second, first_root, second_root, _altered(proof, data))
    assert not merkle.verify_consistency(SM3, first, second, first_root, b"\x09" * 32, proof)
    if first < second:
        assert not merkle.verify_consistency(SM3, first, second, b"\x09" * 32, second_root, proof)


def test_proofs_read_a_logarithmic_number_of_stored_nodes():
    size = 10_000_000
    for index in (0, 12345, size // 2, size - 1):
        assert len(merkle.keys_for(merkle.inclusion_ranges(index, size))) <= 16 * 24
    assert len(merkle.keys_for(merkle.consistency_ranges(4_999_999, size))) <= 16 * 48


def test_impossible_proofs_are_refused():
    for index, size in ((0, 0), (5, 5), (-1, 3)):
        try:
            merkle.inclusion_ranges(index, size)
        except merkle.ProofError:
            continue
        raise AssertionError((index, size))
    for first, second in ((0, 3), (4, 3)):
        try:
            merkle.consistency_ranges(first, second)
        except merkle.ProofError:
            continue
        raise AssertionError((first, second))
    assert not merkle.verify_inclusion(SM3, 3, 3, b"", [], b"")
    assert not merkle.verify_consistency(SM3, 0, 3, b"", b"", [])
