"""A state machine over grant, revoke, expire (the clock), read and erase.

After every step: data came back exactly when the model allows it, every attempt wrote
exactly one log entry, and every chain verifies.
"""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from consent.services import grant_create, grant_revoke
from municipal_gateway.exceptions import AccessRefused, ResidentNotFound
from municipal_gateway.models import AccessLogEntry
from municipal_gateway.services import checkpoint_create, reads
from municipal_gateway.verification import verify_all
from tests.municipal_gateway.conftest import WMO
from vault.constants import Category
from vault.services import vault_erase

START = datetime.fromisoformat("2027-03-10T09:00:00+01:00")
WMO_CATEGORIES = ["identity", "household", "housing", "health"]
# alice_records: one record in each of these.
RECORD_CATEGORIES = {"health", "household", "income"}


class GrantModel:
    def __init__(self, categories: set[str], until: datetime) -> None:
        self.categories, self.until, self.revoked = categories, until, False

    def reason(self, category: str | None, now: datetime) -> str:
        if self.revoked:
            return "revoked"
        if now >= self.until:
            return "expired"
        return (
            "allowed" if category is None or category in self.categories else "category_not_covered"
        )


RANK = ["allowed", "category_not_covered", "revoked", "expired", "no_grant"]


class GatewayMachine(RuleBasedStateMachine):
    # Set by the test from its fixtures before the machine runs.
    alice = bob = reference = None

    def __init__(self) -> None:
        super().__init__()
        self.travel = time_machine.travel(START, tick=False)
        self.traveller = self.travel.start()
        self.atomic = transaction.atomic()
        self.atomic.__enter__()  # each example rolls back to here
        self.grants: list[tuple[GrantModel, object]] = []
        self.erased, self.attempts, self.now = False, 0, START
        self.entries_before = AccessLogEntry.objects.count()

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)
        self.travel.stop()

    def _running(self) -> tuple[GrantModel, object] | None:
        for model, grant in self.grants:
            if not model.revoked and self.now < model.until:
                return model, grant
        return None

    def _expected(self, category: str | None) -> str:
        reasons = [model.reason(category, self.now) for model, _ in self.grants] or ["no_grant"]
        return min(reasons, key=RANK.index)

    @precondition(lambda self: not self.erased and self._running() is None)
    @rule(categories=st.sets(st.sampled_from(WMO_CATEGORIES), min_size=1))
    def grant(self, categories: set[str]) -> None:
        grant = grant_create(resident=self.alice, purpose_code=WMO, categories=sorted(categories))
        self.grants.append((GrantModel(categories, grant.valid_until), grant))

    @precondition(lambda self: not self.erased and self._running() is not None)
    @rule()
    def revoke(self) -> None:
        model, grant = self._running()
        grant_revoke(resident=self.alice, grant_id=grant.id)
        model.revoked = True

    @precondition(lambda self: self._running() is not None)
    @rule()
    def expire(self) -> None:
        self._move_to(self._running()[0].until)

    @rule(days=st.integers(min_value=0, max_value=30))
    def wait(self, days: int) -> None:
        self._move_to(self.now + timedelta(days=days, seconds=1))

    def _move_to(self, moment: datetime) -> None:
        self.traveller.move_to(moment)
        self.now = moment

    @rule()
    def checkpoint(self) -> None:
        checkpoint_create()

    @precondition(lambda self: not self.erased)
    @rule()
    def erase(self) -> None:
        vault_erase(resident=self.alice)
        self.erased = True

    @rule(category=st.none() | st.sampled_from(Category.values))
    def read(self, category: str | None) -> None:
        self.attempts += 1
        caller = reads.Caller(caseworker=self.bob, stated_reason="toets")
        try:
            result = reads.records_read(
                caller=caller, reference=self.reference, purpose_code=WMO, category=category
            )
        except ResidentNotFound:
            assert self.erased
            return
        except AccessRefused as refused:
            assert not self.erased
            assert refused.code == self._expected(category) != "allowed"
            return
        assert not self.erased and self._expected(category) == "allowed"
        model, _ = self._running()
        allowed = model.categories if category is None else {category}
        assert {record.category for record in result.records} == allowed & RECORD_CATEGORIES
        assert len(result.records) == len(allowed & RECORD_CATEGORIES)

    @invariant()
    def one_entry_per_attempt(self) -> None:
        assert AccessLogEntry.objects.count() - self.entries_before == self.attempts

    @invariant()
    def chains_verify(self) -> None:
        report = verify_all()
        assert report.ok, report.findings


@pytest.mark.django_db
def test_the_gateway_behaves_like_its_model(alice, bob, alice_records, purposes, bob_reference):
    GatewayMachine.alice, GatewayMachine.bob, GatewayMachine.reference = alice, bob, bob_reference
    run_state_machine_as_test(
        GatewayMachine,
        settings=settings(
            max_examples=15,
            stateful_step_count=12,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        ),
    )
