"""Merkle tree hashing and proofs of RFC 6962 / RFC 9162 §2.1, with the hash function pluggable.

The ledger uses SM3 (GB/T 32905) where the RFCs use SHA-256; the tests run the RFCs' SHA-256 test
vectors through the same code. A leaf hash is H(0x00 ‖ leaf), an interior node H(0x01 ‖ left ‖ right).

Stored nodes. A node is named (level, index): it covers the leaves [index·2^level, (index+1)·2^level).
The log stores the leaves (level 0) and every complete node whose level is a multiple of `STRIDE`
(4, 8, 12, ...): about n·(1 + 1/15) rows for n leaves. Any other hash a proof needs is folded from at
most 2^STRIDE stored nodes one stored level below, so a proof reads O(log n) rows in one query and
every hash of a tree of any past size can be rebuilt, since complete nodes never change.

Proofs are computed in three steps, so that a database is asked once: the ranges whose hashes make up
the proof (`inclusion_ranges`, `consistency_ranges`), the stored nodes those ranges need
(`keys_for`), then the fold (`range_hash`).
"""

import hashlib

STRIDE = 4
GROUP = 1 << STRIDE  # nodes of one stored level that make one node of the next


def _sm3_factory():
    try:
        prototype = hashlib.new("sm3")
    except ValueError:  # an OpenSSL without SM3: the slower but always present `cryptography` one
        from cryptography.hazmat.primitives import hashes

        class _SM3:
            def __init__(self, data=b""):
                self._hash = hashes.Hash(hashes.SM3())
                self._hash.update(data)

            def digest(self):
                return self._hash.finalize()

        return _SM3

    def new(data=b""):
        # copying a ready context is about a third faster than looking the algorithm up by name
        state = prototype.copy()
        state.update(data)
        return state

    return new


class TreeHasher:
    """The RFC 6962 hashes over one hash function (`new(data)` returns an object with `digest()`)."""

    def __init__(self, new, name):
        self.new = new
        self.name = name

    def hash_empty(self):
        return self.new(b"").digest()

    def hash_leaf(self, data):
        return self.new(b"\x00" + data).digest()

    def hash_children(self, left, right):
        return self.new(b"\x01" + left + right).digest()


SM3 = TreeHasher(_sm3_factory(), "SM3")
SHA256 = TreeHasher(hashlib.sha256, "SHA-256")


class ProofError(ValueError):
    """The sizes or index asked for do not make a proof (e.g. a leaf beyond the tree)."""


def split_point(size):
    """The largest power of two smaller than `size` (RFC 6962 §2.1's k), for size > 1."""
    return 1 << ((size - 1).bit_length() - 1)


def key(level, index):
    """The stored node's key: one integer, so that nodes sort by level, then position."""
    return (level << 48) | index


def _stored(size):
    return size & (size - 1) == 0 and (size.bit_length() - 1) % STRIDE == 0


def keys_for(ranges):
    """The keys of the stored nodes whose hashes make up MTH of each (start, end) in `ranges`."""
    keys = set()
    for start, end in ranges:
        _collect(start, end, keys)
    return keys


def _collect(start, end, keys):
    size = end - start
    if _stored(size):
        level = size.bit_length() - 1
        keys.add(key(level, start >> level))
        return
    k = split_point(size) if size & (size - 1) else size >> 1
    _collect(start, start + k, keys)
    _collect(start + k, end, keys)


def range_hash(start, end, nodes, hasher):
    """MTH(D[start:end]) from the stored nodes `nodes` (key -> hash); raises KeyError if one is missing."""
    size = end - start
    if _stored(size):
        level = size.bit_length() - 1
        return nodes[key(level, start >> level)]
    k = split_point(size) if size & (size - 1) else size >> 1
    return hasher.hash_children(
        range_hash(start, start + k, nodes, hasher), range_hash(start + k, end, nodes, hasher)
    )


def root_ranges(size):
    return [(0, size)] if size else []


def inclusion_ranges(index, size):
    """The ranges whose hashes are PATH(index, D[0:size]) (RFC 6962 §2.1.1), from the leaf upwards."""
    if not 0 <= index < size:
        raise ProofError(f"leaf index {index} is not in a tree of size {size}")
    path, start, end = [], 0, size
    while end - start > 1:
        k = split_point(end - start)
        if index < start + k:
            path.append((start + k, end))
            end = start + k
        else:
            path.append((start, start + k))
            start += k
    return path[::-1]


def consistency_ranges(first, second):
    """The ranges whose hashes are PROOF(first, D[0:second]) (RFC 6962 §2.1.2)."""
    if not 0 < first <= second:
        raise ProofError(f"no consistency proof from size {first} to size {second}")
    proof, start, end, complete = [], 0, second, True
    while True:
        size, old = end - start, first - start
        if old == size:
            if not complete:
                proof.append((start, end))
            break
        k = split_point(size)
        if old <= k:
            proof.append((start + k, end))
            end = start + k
        else:
            proof.append((start, start + k))
            start += k
            complete = False
    return proof[::-1]


def hashes_of(ranges, nodes, hasher):
    return [range_hash(start, end, nodes, hasher) for start, end in ranges]


def verify_inclusion(hasher, index, size, leaf_hash, path, root):
    """RFC 9162 §2.1.3.2: does `path` prove the leaf `leaf_hash` at `index` in the tree (size, root)?"""
    if not (isinstance(index, int) and isinstance(size, int) and 0 <= index < size):
        return False
    fn, sn, r = index, size - 1, leaf_hash
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = hasher.hash_children(p, r)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            r = hasher.hash_children(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(hasher, first, second, first_root, second_root, proof):
    """RFC 9162 §2.1.4.2: does `proof` show that the tree (second, second_root) extends (first, first_root)?"""
    if not (isinstance(first, int) and isinstance(second, int) and 0 < first <= second):
        return False
    if first == second:
        return not proof and first_root == second_root
    if not proof:
        return False
    path = list(proof)
    if first & (first - 1) == 0:
        path.insert(0, first_root)
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = hasher.hash_children(c, fr)
            sr = hasher.hash_children(c, sr)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = hasher.hash_children(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == first_root and sr == second_root and sn == 0


def perfect_hash(hashes, hasher):
    """MTH of a power-of-two list of sibling hashes."""
    while len(hashes) > 1:
        hashes = [hasher.hash_children(hashes[i], hashes[i + 1]) for i in range(0, len(hashes), 2)]
    return hashes[0]


def tail_keys(size):
    """Keys of the stored nodes of a tree of `size` that are not yet part of a higher stored node:
    what `NodeBuilder` needs to go on appending, and all that the tree's root needs."""
    keys, level = [], 0
    while size >> level:
        count = size >> level
        keys.extend(key(level, i) for i in range(count - count % GROUP, count))
        level += STRIDE
    return keys


class NodeBuilder:
    """Appends leaf hashes to a tree of `size` leaves and yields the stored nodes that become complete.

    `tails` maps each stored level to the hashes of its nodes not yet grouped into the level above
    (`tail_keys`); the sequencer reads them from the database, a verifier starts from nothing.
    """

    def __init__(self, hasher, size=0, tails=None):
        self.hasher = hasher
        self.size = size
        self.tails = tails if tails is not None else {}

    @classmethod
    def from_nodes(cls, hasher, size, nodes):
        tails, level = {}, 0
        while size >> level:
            count = size >> level
            tails[level] = [nodes[key(level, i)] for i in range(count - count % GROUP, count)]
            level += STRIDE
        return cls(hasher, size, tails)

    def append(self, leaf_hash):
        """Add one leaf; returns the (key, hash) of every stored node this completes, the leaf's first."""
        index = self.size
        self.size += 1
        made = [(key(0, index), leaf_hash)]
        level, node = 0, leaf_hash
        while True:
            tail = self.tails.setdefault(level, [])
            tail.append(node)
            if len(tail) < GROUP:
                break
            node = perfect_hash(tail, self.hasher)
            tail.clear()
            index >>= STRIDE
            level += STRIDE
            made.append((key(level, index), node))
        return made

    def nodes(self):
        """The tail nodes by key: enough for `range_hash(0, size, ...)`."""
        out = {}
        for level, tail in self.tails.items():
            count = self.size >> level
            for offset, node in enumerate(tail):
                out[key(level, count - len(tail) + offset)] = node
        return out

    def root(self):
        if not self.size:
            return self.hasher.hash_empty()
        return range_hash(0, self.size, self.nodes(), self.hasher)
