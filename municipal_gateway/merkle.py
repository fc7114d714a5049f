"""Merkle tree hashing, inclusion and consistency proofs, as in RFC 9162 §2.1.

The leaf and node hashes, and the check of a consistency proof, are in datameent/tlog.py,
which the witness uses too."""

import hashlib
from collections.abc import Sequence

from datameent.tlog import leaf_hash, node_hash

__all__ = ["leaf_hash", "node_hash"]


def _split(size: int) -> int:
    """The largest power of two smaller than ``size`` (size > 1)."""
    return 1 << ((size - 1).bit_length() - 1)


def _subtree(hashes: Sequence[bytes], lo: int, hi: int) -> bytes:
    if hi - lo == 1:
        return hashes[lo]
    middle = lo + _split(hi - lo)
    return node_hash(_subtree(hashes, lo, middle), _subtree(hashes, middle, hi))


def root_from_hashes(hashes: Sequence[bytes]) -> bytes:
    """MTH over already hashed leaves. The empty tree's root is the hash of nothing."""
    return _subtree(hashes, 0, len(hashes)) if hashes else hashlib.sha256(b"").digest()


def root(leaves: Sequence[bytes]) -> bytes:
    return root_from_hashes([leaf_hash(data) for data in leaves])


def _path(hashes: Sequence[bytes], index: int, lo: int, hi: int) -> list[bytes]:
    if hi - lo == 1:
        return []
    middle = lo + _split(hi - lo)
    if index < middle:
        return [*_path(hashes, index, lo, middle), _subtree(hashes, middle, hi)]
    return [*_path(hashes, index, middle, hi), _subtree(hashes, lo, middle)]


def inclusion_proof(hashes: Sequence[bytes], index: int) -> list[bytes]:
    """PATH(index, D[n]): the audit path from leaf ``index`` to the root."""
    if not 0 <= index < len(hashes):
        raise IndexError(index)
    return _path(hashes, index, 0, len(hashes))


def verify_inclusion(
    *, leaf: bytes, index: int, tree_size: int, proof: Sequence[bytes], root_hash: bytes
) -> bool:
    """RFC 9162 §2.1.3.2, step by step. ``leaf`` is the leaf hash."""
    if not 0 <= index < tree_size:
        return False
    fn, sn, result = index, tree_size - 1, leaf
    for sibling in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            result = node_hash(sibling, result)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            result = node_hash(result, sibling)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and result == root_hash


def _subproof(hashes: Sequence[bytes], first: int, lo: int, hi: int, whole: bool) -> list[bytes]:
    if first == hi - lo:
        return [] if whole else [_subtree(hashes, lo, hi)]
    middle = lo + _split(hi - lo)
    if first <= middle - lo:
        return [*_subproof(hashes, first, lo, middle, whole), _subtree(hashes, middle, hi)]
    return [
        *_subproof(hashes, first - (middle - lo), middle, hi, False),
        _subtree(hashes, lo, middle),
    ]


def consistency_proof(hashes: Sequence[bytes], first: int) -> list[bytes]:
    """PROOF(first, D[n]) of RFC 9162 §2.1.4.1: the tree of ``first`` leaves is a prefix."""
    if not 0 <= first <= len(hashes):
        raise IndexError(first)
    if first == 0:
        return []
    return _subproof(hashes, first, 0, len(hashes), True)
