"""The resident's access-log endpoints: own entries only, plain sentences, filters, proofs."""

import base64
from datetime import UTC, datetime

import pytest
import time_machine
from rest_framework.test import APIClient

from municipal_gateway import merkle
from municipal_gateway.constants import Outcome, Reason
from municipal_gateway.models import AccessLogEntry
from municipal_gateway.services import checkpoint_create
from vault import crypto

LIST_URL = "/api/v1/me/access-log/"
VERIFY_URL = "/api/v1/me/access-log/verify/"
CHECKPOINT_URL = "/api/v1/me/access-log/checkpoints/latest/"


def _client(user=None, language: str = "nl") -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    if user is not None:
        client.force_authenticate(user)
    return client


def _refuse(append_entry, resident, **overrides):
    values = {
        "outcome": Outcome.REFUSED,
        "reason": Reason.NO_GRANT,
        "record_ids": [],
        "categories_returned": [],
    }
    return append_entry(resident, **{**values, **overrides})


def test_it_tells_the_resident_in_plain_dutch_who_looked(alice, bob, append_entry):
    bob.first_name, bob.last_name = "Bob", "Bakker"
    bob.save()
    with time_machine.travel(datetime(2026, 3, 3, 13, 2, tzinfo=UTC), tick=False):
        append_entry(alice, stated_reason="Aanvraag bijzondere bijstand, zaak 2026-0042")
        _refuse(append_entry, alice, categories_requested=["health"], stated_reason="")

    response = _client(alice).get(LIST_URL)

    assert response.status_code == 200
    refused, allowed = response.json()["results"]
    assert allowed["summary"] == (
        "Bob Bakker van Team Wmo (Gemeente Meenthuizen) heeft op 3 maart 2026 om 14:02 "
        "uw gegevens over Inkomen bekeken, voor het doel 'Bijzondere bijstand'. "
        "Reden: Aanvraag bijzondere bijstand, zaak 2026-0042."
    )
    assert refused["summary"] == (
        "Bob Bakker van Team Wmo (Gemeente Meenthuizen) probeerde op 3 maart 2026 om 14:02 "
        "uw gegevens over Gezondheid en zorgbehoefte te bekijken, voor het doel "
        "'Bijzondere bijstand'. Dat mocht niet. Er was geen toestemming."
    )
    assert allowed["caseworker"]["department_code"] == "wmo"
    purpose = {"code": "bijzondere-bijstand", "version": 1, "name": "Bijzondere bijstand"}
    assert allowed["purpose"] == purpose
    assert (allowed["outcome"], refused["reason"]) == ("allowed", "no_grant")


def test_it_speaks_english_when_asked(alice, append_entry):
    with time_machine.travel(datetime(2026, 3, 3, 13, 2, tzinfo=UTC), tick=False):
        _refuse(append_entry, alice, reason=Reason.REVOKED, stated_reason="")

    response = _client(alice, language="en").get(LIST_URL)

    assert response.json()["results"][0]["summary"] == (
        "bob from Team Wmo (Gemeente Meenthuizen) tried to view your data about Income on "
        "3 March 2026 at 14:02, for the purpose 'Bijzondere bijstand'. That was not allowed. "
        "The consent had been withdrawn."
    )


def test_it_shows_a_resident_only_their_own_log(alice, dave, append_entry):
    append_entry(alice)
    append_entry(dave, stated_reason="Zaak van Dave")

    entries = _client(dave).get(LIST_URL).json()["results"]

    assert [entry["stated_reason"] for entry in entries] == ["Zaak van Dave"]


@pytest.mark.parametrize("who", ["root", "bob", "carol"])
def test_it_shows_staff_no_entries_at_all(request, alice_chain, who):
    response = _client(request.getfixturevalue(who)).get(LIST_URL)

    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_it_needs_a_login(alice_chain):
    for url in (LIST_URL, VERIFY_URL, CHECKPOINT_URL):
        response = _client().get(url)
        assert response.status_code == 403
        assert response.json()["code"] == "not_authenticated"


def test_it_filters_by_period_purpose_and_outcome(alice, append_entry):
    with time_machine.travel(datetime(2026, 3, 1, 22, 30, tzinfo=UTC), tick=False):
        append_entry(alice, stated_reason="2 maart, lokaal")  # 23:30 in Amsterdam is 1 March
    with time_machine.travel(datetime(2026, 3, 2, 8, 0, tzinfo=UTC), tick=False):
        _refuse(append_entry, alice, stated_reason="2 maart, geweigerd")
        append_entry(alice, purpose_code="schuldhulp", stated_reason="2 maart, schuldhulp")
    with time_machine.travel(datetime(2026, 3, 5, 8, 0, tzinfo=UTC), tick=False):
        append_entry(alice, stated_reason="5 maart")
    client = _client(alice)

    def reasons(**params) -> list[str]:
        response = client.get(LIST_URL, params)
        assert response.status_code == 200, response.json()
        return [entry["stated_reason"] for entry in response.json()["results"]]

    assert reasons(**{"from": "2026-03-02", "to": "2026-03-02"}) == [
        "2 maart, schuldhulp",
        "2 maart, geweigerd",
    ]
    assert reasons(to="2026-03-01") == ["2 maart, lokaal"]
    assert reasons(**{"from": "2026-03-03"}) == ["5 maart"]
    assert reasons(purpose="schuldhulp") == ["2 maart, schuldhulp"]
    assert reasons(outcome="refused") == ["2 maart, geweigerd"]
    assert reasons(outcome="allowed", purpose="bijzondere-bijstand", to="2026-03-04") == [
        "2 maart, lokaal"
    ]
    assert reasons(**{"from": "0001-01-01", "to": "9999-12-31"}) == reasons()
    assert reasons(to="0001-01-02") == reasons(**{"from": "9999-12-31"}) == []


@pytest.mark.parametrize(
    "params",
    [{"from": "gisteren"}, {"to": "2026-02-30"}, {"outcome": "maybe"}, {"purpose": "x" * 101}],
)
def test_it_explains_a_bad_filter(alice, params):
    response = _client(alice).get(LIST_URL, params)

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_it_pages_the_log(alice, append_entry):
    for n in range(55):
        append_entry(alice, stated_reason=f"Zaak {n}", record_ids=[])
    client = _client(alice)

    first = client.get(LIST_URL).json()
    second = client.get(LIST_URL, {"page": 2}).json()

    assert (first["count"], len(first["results"]), len(second["results"])) == (55, 50, 5)
    assert first["results"][0]["seq"] == 55
    assert client.get(LIST_URL, {"page": 9}).json()["code"] == "not_found"


def test_it_verifies_the_residents_own_chain(alice, dave, alice_chain, append_entry, tamper):
    append_entry(dave)
    checkpoint = checkpoint_create()

    response = _client(alice).get(VERIFY_URL)
    assert response.json() == {
        "ok": True,
        "message": "Uw logboek is compleet. Er is niets in veranderd of uit weggehaald.",
        "entries": 5,
        "checkpoint_id": checkpoint.id,
        "findings": [],
        "witness": {
            "witness": None,
            "witnessed_tree_size": None,
            "last_cosigned_at": None,
            "latest_tree_size": 2,
            "stale": False,
            "warning": None,
        },
    }

    AccessLogEntry.objects.filter(id=alice_chain[1].id).update(stated_reason="Anders")
    body = _client(alice).get(VERIFY_URL).json()
    assert body["ok"] is False
    assert body["findings"] == [
        {
            "kind": "altered",
            "seq": 2,
            "entry_id": str(alice_chain[1].id),
            "detail": "the content does not match its hash",
        }
    ]
    assert _client(dave).get(VERIFY_URL).json()["ok"] is True


def test_it_verifies_an_empty_log_for_someone_without_one(root):
    body = _client(root).get(VERIFY_URL).json()

    assert (body["ok"], body["entries"], body["findings"]) == (True, 0, [])


def test_it_says_when_there_is_no_checkpoint_yet(alice):
    response = _client(alice).get(CHECKPOINT_URL)

    assert response.status_code == 404
    assert response.json()["code"] == "checkpoint_not_found"


def test_it_proves_the_residents_chain_head_is_in_the_signed_checkpoint(
    alice, dave, alice_chain, append_entry
):
    append_entry(dave)
    checkpoint_create()

    body = _client(alice).get(CHECKPOINT_URL).json()

    public_key = bytes.fromhex(body["public_key"])
    signed = base64.b64decode(body["signed_message"])
    assert public_key == crypto.signing_public_key()
    assert crypto.verify_signature(signed, bytes.fromhex(body["signature"]), public_key=public_key)
    root = base64.b64encode(bytes.fromhex(body["root_hash"])).decode()
    assert signed.decode() == f"{body['origin']}\n{body['tree_size']}\n{root}\n"
    assert body["note"].startswith(signed.decode() + "\n\u2014 " + body["origin"] + " ")
    proof = body["inclusion_proof"]
    assert (proof["seq"], proof["head_hash"]) == (5, alice_chain[-1].entry_hash)
    assert merkle.verify_inclusion(
        leaf=bytes.fromhex(proof["leaf_hash"]),
        index=proof["leaf_index"],
        tree_size=body["tree_size"],
        proof=[bytes.fromhex(node) for node in proof["audit_path"]],
        root_hash=bytes.fromhex(body["root_hash"]),
    )


def test_it_gives_no_proof_to_someone_without_a_chain(alice_chain, root):
    checkpoint_create()

    body = _client(root).get(CHECKPOINT_URL).json()

    assert body["tree_size"] == 1 and body["inclusion_proof"] is None


def test_it_documents_every_endpoint_in_the_schema(root):
    schema = _client(root).get("/api/schema/", {"format": "json"}).json()

    for url in (LIST_URL, VERIFY_URL, CHECKPOINT_URL):
        assert url in schema["paths"]
    parameters = {p["name"] for p in schema["paths"][LIST_URL]["get"]["parameters"]}
    assert {"from", "to", "purpose", "outcome", "page"} <= parameters
