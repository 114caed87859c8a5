"""Signed tree heads (STH): what is signed, and checking a signature (RFC 6962 §3.5, with SM2).

The signed bytes are RFC 6962's TreeHeadSignature structure: version v1 (0), signature_type
tree_hash (1), timestamp (uint64, ms), tree_size (uint64), root hash (32 bytes, SM3 here) —
50 bytes, signed with SM2-with-SM3 under the signer ID 1234567812345678 (`yiwang.core.sm2`).
"""

import struct

from yiwang.core import sm2


def signed_bytes(tree_size, timestamp, root_hash):
    """The 50 bytes an STH signature covers (`root_hash` as 32 bytes)."""
    if len(root_hash) != 32:
        raise ValueError("root hash must be 32 bytes")
    return struct.pack(">BBQQ", 0, 1, timestamp, tree_size) + root_hash


def sign_head(tree_size, timestamp, root_hash):
    """The platform key's signature (hex r‖s) of the tree head."""
    return sm2.sign(signed_bytes(tree_size, timestamp, root_hash))


def head_is_valid(tree_size, timestamp, root_hash, signature, public=None):
    """True if `signature` (hex) signs this head under `public` (hex x‖y; the platform's by default)."""
    try:
        data = signed_bytes(tree_size, timestamp, root_hash)
    except (ValueError, struct.error, TypeError):
        return False
    return sm2.verify(data, signature, public)
