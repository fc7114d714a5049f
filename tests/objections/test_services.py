"""The objection's journey through its services: file, ask, answer, rule, withdraw."""

from datetime import datetime

import pytest
from django.db import connection

from municipal_gateway.constants import Outcome, Reason
from notifications.models import OutboxMessage
from objections import selectors, services
from objections.constants import Status, StepKind
from objections.exceptions import (
    AlreadyObjected,
    EntryNotFound,
    NoTeam,
    ObjectionNotFound,
    StepNotAllowed,
    TextRequired,
    TextTooLong,
)
from objections.models import Objection, ObjectionStep


def _status(objection) -> Status:
    return selectors.objection_status(Objection.objects.get(id=objection.id))


def test_it_files_an_objection_with_the_entry_metadata_only(alice, bob_read):
    objection = services.objection_file(resident=alice, entry_id=bob_read.id, text="Ken ik niet")

    assert objection.caseworker_name == bob_read.caseworker_name
    assert objection.department_name == "Team Wmo"
    assert objection.stated_reason == "Zaak 2026-0042"
    assert objection.purpose_code == "wmo-huishoudelijke-hulp"
    assert _status(objection) == Status.OPEN
    assert not hasattr(objection, "record_ids")  # never what was read


def test_it_files_on_a_refused_attempt_too(alice, log_entry):
    refused = log_entry(alice, outcome=Outcome.REFUSED, reason=Reason.NO_GRANT, record_ids=[])

    objection = services.objection_file(resident=alice, entry_id=refused.id)

    assert objection.outcome == "refused" and objection.text == ""


def test_it_refuses_another_residents_entry(alice, dave, log_entry):
    daves = log_entry(dave)

    with pytest.raises(EntryNotFound):
        services.objection_file(resident=alice, entry_id=daves.id)


def test_it_refuses_a_second_objection_and_too_long_a_text(alice, bob_read):
    with pytest.raises(TextTooLong):
        services.objection_file(resident=alice, entry_id=bob_read.id, text="x" * 1001)
    services.objection_file(resident=alice, entry_id=bob_read.id)

    with pytest.raises(AlreadyObjected):
        services.objection_file(resident=alice, entry_id=bob_read.id)


def test_the_whole_journey_notifies_alice_at_each_step(alice, bob, erin, petra, bob_read):
    objection = services.objection_file(resident=alice, entry_id=bob_read.id)
    services.objection_ask_team(officer=petra, objection_id=objection.id, question="Waarom?")
    assert _status(objection) == Status.ASKED
    services.objection_answer(caseworker=erin, objection_id=objection.id, answer="Herindicatie")
    assert _status(objection) == Status.ANSWERED
    services.objection_rule(officer=petra, objection_id=objection.id, justified=True)

    assert _status(objection) == Status.JUSTIFIED
    sent = OutboxMessage.objects.filter(kind="objection", resident=alice)
    assert [m.payload["status_nl"] for m in sent.order_by("id")] == [
        "Ontvangen",
        "Het team zoekt het uit",
        "Het team heeft geantwoord",
        "Afgerond: het bekijken was terecht",
    ]
    assert sent.last().payload["status_en"] == "Closed: the access was justified"


def test_the_questioned_caseworker_cannot_answer_for_himself(alice, bob, petra, bob_read):
    objection = services.objection_file(resident=alice, entry_id=bob_read.id)
    services.objection_ask_team(officer=petra, objection_id=objection.id, question="Waarom?")

    with pytest.raises(StepNotAllowed):
        services.objection_answer(caseworker=bob, objection_id=objection.id, answer="Mocht")


def test_another_team_cannot_answer(alice, charlie, petra, bob_read):
    objection = services.objection_file(resident=alice, entry_id=bob_read.id)
    services.objection_ask_team(officer=petra, objection_id=objection.id, question="Waarom?")

    with pytest.raises(ObjectionNotFound):
        services.objection_answer(caseworker=charlie, objection_id=objection.id, answer="Ja")


@pytest.mark.parametrize("who", ["alice", "bob", "carol", "root"])
def test_only_the_privacy_officer_asks_and_rules(request, who, alice, bob_read):
    objection = services.objection_file(resident=alice, entry_id=bob_read.id)
    actor = request.getfixturevalue(who)

    with pytest.raises(ObjectionNotFound):
        services.objection_ask_team(officer=actor, objection_id=objection.id, question="?")
    with pytest.raises(ObjectionNotFound):
        services.objection_rule(officer=actor, objection_id=objection.id, justified=True)


def test_a_question_needs_words_and_a_team(alice, petra, log_entry, bob_read):
    objection = services.objection_file(resident=alice, entry_id=bob_read.id)
    with pytest.raises(TextRequired):
        services.objection_ask_team(officer=petra, objection_id=objection.id, question=" ")
    teamless = services.objection_file(
        resident=alice, entry_id=log_entry(alice, department=None).id
    )
    with pytest.raises(NoTeam):
        services.objection_ask_team(officer=petra, objection_id=teamless.id, question="?")


def test_a_breach_report_goes_with_not_justified_only(alice, petra, bob_read):
    objection = services.objection_file(resident=alice, entry_id=bob_read.id)
    with pytest.raises(StepNotAllowed):
        services.objection_rule(
            officer=petra, objection_id=objection.id, justified=True, breach_reported=True
        )

    step = services.objection_rule(
        officer=petra, objection_id=objection.id, justified=False, breach_reported=True
    )

    assert step.kind == StepKind.NOT_JUSTIFIED and step.breach_reported
    assert _status(objection) == Status.NOT_JUSTIFIED


def test_she_withdraws_and_then_nothing_more_happens(alice, dave, petra, bob_read):
    objection = services.objection_file(resident=alice, entry_id=bob_read.id)
    with pytest.raises(ObjectionNotFound):
        services.objection_withdraw(resident=dave, objection_id=objection.id)

    services.objection_withdraw(resident=alice, objection_id=objection.id)

    assert _status(objection) == Status.WITHDRAWN
    with pytest.raises(StepNotAllowed):
        services.objection_rule(officer=petra, objection_id=objection.id, justified=True)
    with pytest.raises(StepNotAllowed):
        services.objection_withdraw(resident=alice, objection_id=objection.id)


def test_the_deadline_is_one_calendar_month():
    from django.utils import timezone

    moment = timezone.make_aware(datetime(2026, 1, 31, 10, 0))

    assert timezone.localtime(services.one_month_after(moment)).date().isoformat() == ("2026-02-28")


def test_the_export_holds_her_objections_and_steps(alice, petra, bob_read):
    objection = services.objection_file(resident=alice, entry_id=bob_read.id, text="Raar")
    services.objection_rule(officer=petra, objection_id=objection.id, justified=True, note="Ok")

    section = selectors.objection_export_section(resident=alice)

    [exported] = section["objections"]
    assert exported["access_log_entry_id"] == str(bob_read.id)
    assert exported["text"] == "Raar" and exported["status"] == "justified"
    assert [step["kind"] for step in exported["steps"]] == ["filed", "justified"]


def test_steps_cannot_be_changed_or_deleted_on_postgresql(alice, bob_read):
    if connection.vendor != "postgresql":
        pytest.skip("the trigger exists on PostgreSQL only")
    from django.db import DatabaseError, transaction

    objection = services.objection_file(resident=alice, entry_id=bob_read.id)
    for statement in (
        lambda: ObjectionStep.objects.filter(objection=objection).update(text="x"),
        lambda: ObjectionStep.objects.filter(objection=objection).delete(),
        lambda: Objection.objects.filter(id=objection.id).update(text="x"),
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            statement()
