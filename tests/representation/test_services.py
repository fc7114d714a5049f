"""Registering relations: four eyes, the subject is told at once, and objections stop it."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from notifications.constants import Kind
from notifications.models import OutboxMessage
from representation.constants import Action, Reason, RelationKind, RelationState, Scope
from representation.exceptions import FourEyes, NotAllowed, NotARegistrar, RelationNotFound
from representation.selectors import may
from representation.services import (
    act_authorise,
    machtiging_create,
    machtiging_end,
    relation_confirm,
    relation_object,
    relation_register,
    relation_review,
)
from vault.constants import Category
from vault.selectors import resident_export

pytestmark = pytest.mark.django_db


def _register(registrar, subject, representative, kind=RelationKind.CURATELE, **extra):
    return relation_register(
        registrar=registrar,
        subject=subject,
        representative=representative,
        kind=kind,
        evidence="C/05/123456 / FA RK 26-1",
        valid_from=timezone.now() - timedelta(days=1),
        **extra,
    )


def test_it_keeps_a_registration_pending_until_a_second_registrar_confirms(
    clock, registrar, registrar2, dave, fenna
):
    relation = _register(registrar, dave, fenna)
    assert relation.state == RelationState.PENDING
    decision = may(actor=fenna, action=Action.RECORDS, category=Category.INCOME, subject=dave)
    assert (decision.allowed, decision.reason) == (False, Reason.NOT_CONFIRMED)
    relation_confirm(registrar=registrar2, relation_id=relation.pk)
    assert may(actor=fenna, action=Action.RECORDS, category=Category.INCOME, subject=dave).allowed


def test_a_registrar_cannot_confirm_their_own_registration(clock, registrar, dave, fenna):
    relation = _register(registrar, dave, fenna)
    with pytest.raises(FourEyes):
        relation_confirm(registrar=registrar, relation_id=relation.pk)
    relation.refresh_from_db()
    assert relation.state == RelationState.PENDING


def test_only_a_registrar_registers_or_confirms(clock, registrar, bob, alice, dave, fenna):
    with pytest.raises(NotARegistrar):
        _register(bob, dave, fenna)
    relation = _register(registrar, dave, fenna)
    for other in (bob, alice, dave):
        with pytest.raises(NotARegistrar):
            relation_confirm(registrar=other, relation_id=relation.pk)


def test_the_subject_is_told_at_once(clock, registrar, dave, fenna):
    relation = _register(registrar, dave, fenna, kind=RelationKind.BEWIND)
    message = OutboxMessage.objects.get(kind=Kind.REPRESENTATION)
    assert message.resident == dave
    assert message.source_id == f"relation:{relation.pk}"
    assert message.payload["capacity"] == RelationKind.BEWIND


def test_a_child_under_12_is_not_told(clock, registrar, alice, sem):
    _register(
        registrar,
        sem,
        alice,
        kind=RelationKind.PARENTAL_AUTHORITY,
        subject_born_on=date(2017, 9, 3),
    )
    assert not OutboxMessage.objects.filter(kind=Kind.REPRESENTATION).exists()


def test_an_objection_stops_the_relation_at_once(clock, registrar, registrar2, dave, fenna):
    relation = _register(registrar, dave, fenna)
    relation_confirm(registrar=registrar2, relation_id=relation.pk)
    relation_object(subject=dave, relation_id=relation.pk, objection="Ik ken haar niet.")
    decision = may(actor=fenna, action=Action.RECORDS, category=Category.INCOME, subject=dave)
    assert (decision.allowed, decision.reason) == (False, Reason.ON_HOLD)
    # Only another registrar reviews it; upheld, it ends.
    with pytest.raises(FourEyes):
        relation_review(registrar=registrar, relation_id=relation.pk, uphold=False)
    relation = relation_review(registrar=registrar2, relation_id=relation.pk, uphold=True)
    assert relation.state == RelationState.ENDED


def test_an_objection_while_pending_keeps_it_from_being_confirmed(
    clock, registrar, registrar2, dave, fenna
):
    relation = _register(registrar, dave, fenna)
    relation_object(subject=dave, relation_id=relation.pk)
    with pytest.raises(RelationNotFound):
        relation_confirm(registrar=registrar2, relation_id=relation.pk)
    relation = relation_review(registrar=registrar2, relation_id=relation.pk, uphold=False)
    assert relation.state == RelationState.PENDING


def test_a_machtiging_reaches_only_its_actions_categories_and_end(clock, alice, dave):
    relation = machtiging_create(
        resident=dave,
        holder=alice,
        scopes=[Scope.CONSENT],
        categories=[Category.INCOME],
        valid_until=timezone.now() + timedelta(days=30),
    )
    assert may(actor=alice, action=Action.GRANT, category=Category.INCOME, subject=dave).allowed
    assert not may(actor=alice, action=Action.GRANT, category=Category.HEALTH, subject=dave).allowed
    assert not may(
        actor=alice, action=Action.RECORDS, category=Category.INCOME, subject=dave
    ).allowed
    later = timezone.now() + timedelta(days=30)
    assert not may(
        actor=alice, action=Action.GRANT, category=Category.INCOME, subject=dave, at=later
    ).allowed
    machtiging_end(resident=dave, relation_id=relation.pk)
    assert not may(actor=alice, action=Action.GRANT, category=Category.INCOME, subject=dave).allowed


def test_a_representative_act_is_logged_and_told(clock, bewind, dave, fenna):
    act_authorise(actor=fenna, subject=dave, action=Action.RECORDS, categories=[Category.INCOME])
    message = OutboxMessage.objects.get(kind=Kind.ON_BEHALF)
    assert message.resident == dave
    assert message.payload["capacity"] == RelationKind.BEWIND
    with pytest.raises(NotAllowed) as refused:
        act_authorise(
            actor=fenna, subject=dave, action=Action.RECORDS, categories=[Category.HEALTH]
        )
    assert refused.value.code == Reason.CATEGORY_NOT_COVERED


def test_the_export_says_who_may_act_and_what_they_did(clock, bewind, dave, fenna):
    act_authorise(actor=fenna, subject=dave, action=Action.RECORDS, categories=[Category.INCOME])
    export = resident_export(resident=dave)
    [relation] = export["represented_by"]
    assert (relation["kind"], relation["state"]) == (RelationKind.BEWIND, RelationState.ACTIVE)
    assert export["acts_on_my_behalf"][0]["categories"] == [Category.INCOME]
    assert resident_export(resident=fenna)["represents"][0]["kind"] == RelationKind.BEWIND
