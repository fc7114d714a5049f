"""RFC 9162 consistency proofs, checked against the RFC's algorithm written out again here
from its text (§2.1.4.1 PROOF and SUBPROOF, §2.1.4.2 verification), over random sizes."""

import hashlib

from hypothesis import given, settings
from hypothesis import strategies as st

from datameent import tlog
from municipal_gateway import merkle


def _h(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def mth(leaves: list[bytes]) -> bytes:
    """§2.1.1: MTH({}) = SHA-256(); MTH({d0}) = SHA-256(0x00 || d0); otherwise split at the
    largest power of two smaller than n."""
    n = len(leaves)
    if n == 0:
        return _h(b"")
    if n == 1:
        return _h(b"\x00" + leaves[0])
    k = 1
    while k * 2 < n:
        k *= 2
    return _h(b"\x01" + mth(leaves[:k]) + mth(leaves[k:]))


def subproof(m: int, leaves: list[bytes], b: bool) -> list[bytes]:
    """§2.1.4.1 SUBPROOF(m, D[n], b)."""
    n = len(leaves)
    if m == n:
        return [] if b else [mth(leaves)]
    k = 1
    while k * 2 < n:
        k *= 2
    if m <= k:
        return subproof(m, leaves[:k], b) + [mth(leaves[k:])]
    return subproof(m - k, leaves[k:], False) + [mth(leaves[:k])]


def rfc_proof(m: int, leaves: list[bytes]) -> list[bytes]:
    return subproof(m, leaves, True)


def rfc_verify(first: int, second: int, proof: list[bytes], first_hash: bytes, second_hash: bytes):
    """§2.1.4.2, numbered as the RFC numbers its steps."""
    # 1. If consistency_path is an empty array, stop and fail the proof verification.
    if not proof:
        return first == second and first_hash == second_hash
    path = list(proof)
    # 2. If first is an exact power of 2, then prepend first_hash to the consistency_path array.
    if first & (first - 1) == 0:
        path = [first_hash, *path]
    # 3. Set fn to first - 1 and sn to second - 1.
    fn, sn = first - 1, second - 1
    # 4. If LSB(fn) is set, then right-shift both fn and sn equally until LSB(fn) is not set.
    while fn & 1:
        fn >>= 1
        sn >>= 1
    # 5. Set both fr and sr to the first value in the consistency_path array.
    fr = sr = path[0]
    # 6. For each subsequent value c in the consistency_path array:
    for c in path[1:]:
        # a. If sn is 0, then stop the iteration and fail the proof verification.
        if sn == 0:
            return False
        # b. If LSB(fn) is set, or if fn is equal to sn, then:
        if fn & 1 or fn == sn:
            fr = _h(b"\x01" + c + fr)
            sr = _h(b"\x01" + c + sr)
            # 3. If LSB(fn) is not set, right-shift both fn and sn equally until either
            # LSB(fn) is set or fn is 0.
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = _h(b"\x01" + sr + c)
        # c. Finally, right-shift both fn and sn one time.
        fn >>= 1
        sn >>= 1
    # 7. Verify fr == first_hash, sr == second_hash and sn == 0.
    return fr == first_hash and sr == second_hash and sn == 0


EDGES = [n for k in range(10) for n in (2**k - 1, 2**k, 2**k + 1) if n > 0]
sizes = st.one_of(st.integers(min_value=1, max_value=260), st.sampled_from(EDGES))


@st.composite
def two_sizes(draw):
    a, b = draw(sizes), draw(sizes)
    return min(a, b), max(a, b)


def _leaves(n: int) -> list[bytes]:
    return [f"leaf {i}".encode() for i in range(n)]


@settings(max_examples=300, deadline=None)
@given(two_sizes())
def test_the_proof_is_the_rfcs_and_verifies_both_ways(pair):
    first, second = pair
    leaves = _leaves(second)
    hashes = [merkle.leaf_hash(leaf) for leaf in leaves]
    first_hash, second_hash = mth(leaves[:first]), mth(leaves)

    proof = merkle.consistency_proof(hashes, first)

    assert proof == rfc_proof(first, leaves)
    assert merkle.root_from_hashes(hashes[:first]) == first_hash
    kwargs = {"first": first, "second": second, "first_hash": first_hash}
    assert tlog.verify_consistency(proof=proof, second_hash=second_hash, **kwargs)
    assert rfc_verify(first, second, proof, first_hash, second_hash)


@settings(max_examples=300, deadline=None)
@given(two_sizes(), st.data())
def test_a_changed_proof_or_root_never_verifies(pair, data):
    first, second = pair
    leaves = _leaves(second)
    proof = rfc_proof(first, leaves)
    first_hash, second_hash = mth(leaves[:first]), mth(leaves)
    if proof:
        at = data.draw(st.integers(min_value=0, max_value=len(proof) - 1))
        bad = [*proof[:at], _h(proof[at]), *proof[at + 1 :]]
        assert not tlog.verify_consistency(
            first=first, second=second, proof=bad, first_hash=first_hash, second_hash=second_hash
        )
        assert not tlog.verify_consistency(
            first=first,
            second=second,
            proof=proof[:-1],
            first_hash=first_hash,
            second_hash=second_hash,
        )
    # A rewritten leaf in the old tree: the new tree no longer extends the old one.
    forged = [b"rewritten", *leaves[1:]]
    forged_proof = rfc_proof(first, forged)
    assert not tlog.verify_consistency(
        first=first,
        second=second,
        proof=forged_proof,
        first_hash=first_hash,
        second_hash=mth(forged),
    )
    assert (
        not tlog.verify_consistency(
            first=second, second=first, proof=proof, first_hash=second_hash, second_hash=first_hash
        )
        or first == second
    )
