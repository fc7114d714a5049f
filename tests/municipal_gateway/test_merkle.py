"""RFC 9162 Merkle hashing: known answers from Certificate Transparency and an independent
implementation for every size from 1 to 17."""

import hashlib

import pytest

from municipal_gateway import merkle

# The test vectors of the Certificate Transparency reference implementation.
CT_LEAVES = [
    "",
    "00",
    "10",
    "2021",
    "3031",
    "40414243",
    "5051525354555657",
    "606162636465666768696a6b6c6d6e6f",
]
CT_ROOTS = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
CT_PATH_0_OF_8 = [
    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
]


def _independent_mth(leaves: list[bytes]) -> bytes:
    """RFC 9162 §2.1.1, written out with hashlib and list slicing."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return hashlib.sha256(b"\x00" + leaves[0]).digest()
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    left, right = _independent_mth(leaves[:k]), _independent_mth(leaves[k:])
    return hashlib.sha256(b"\x01" + left + right).digest()


def _leaves(size: int) -> list[bytes]:
    return [f'["subject-{n:02d}",{n + 1},"{"ab" * 32}"]'.encode() for n in range(size)]


@pytest.mark.parametrize("size", range(1, 9))
def test_it_matches_the_certificate_transparency_roots(size):
    leaves = [bytes.fromhex(leaf) for leaf in CT_LEAVES[:size]]

    assert merkle.root(leaves).hex() == CT_ROOTS[size - 1]


def test_it_matches_the_certificate_transparency_audit_path():
    hashes = [merkle.leaf_hash(bytes.fromhex(leaf)) for leaf in CT_LEAVES]

    assert [node.hex() for node in merkle.inclusion_proof(hashes, 0)] == CT_PATH_0_OF_8


def test_it_gives_the_empty_tree_the_hash_of_nothing():
    assert merkle.root([]) == hashlib.sha256(b"").digest()


@pytest.mark.parametrize("size", range(1, 18))
def test_it_matches_an_independent_computation(size):
    assert merkle.root(_leaves(size)) == _independent_mth(_leaves(size))


@pytest.mark.parametrize("size", range(1, 18))
def test_its_inclusion_proofs_verify_for_every_leaf(size):
    hashes = [merkle.leaf_hash(leaf) for leaf in _leaves(size)]
    root = merkle.root_from_hashes(hashes)

    for index in range(size):
        proof = merkle.inclusion_proof(hashes, index)
        assert merkle.verify_inclusion(
            leaf=hashes[index], index=index, tree_size=size, proof=proof, root_hash=root
        )


@pytest.mark.parametrize("size", [2, 3, 5, 8, 13, 17])
def test_its_inclusion_proofs_fail_when_anything_is_off(size):
    hashes = [merkle.leaf_hash(leaf) for leaf in _leaves(size)]
    root = merkle.root_from_hashes(hashes)
    index = size // 2
    proof = merkle.inclusion_proof(hashes, index)
    other = merkle.leaf_hash(b"forged")

    def verifies(**changes) -> bool:
        arguments = {
            "leaf": hashes[index],
            "index": index,
            "tree_size": size,
            "proof": proof,
            "root_hash": root,
        }
        return merkle.verify_inclusion(**{**arguments, **changes})

    assert verifies()
    assert not verifies(leaf=other)
    assert not verifies(index=(index + 1) % size)
    # The tree size itself is bound by the signature over (root, size), not by the path.
    assert not verifies(tree_size=index)
    assert not verifies(proof=[other, *proof[1:]])
    assert not verifies(proof=proof[:-1])
    assert not verifies(root_hash=other)
    assert not verifies(index=size)


def test_it_refuses_a_proof_for_a_leaf_outside_the_tree():
    with pytest.raises(IndexError):
        merkle.inclusion_proof([merkle.leaf_hash(b"a")], 1)
