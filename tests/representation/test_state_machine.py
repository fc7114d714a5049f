"""Representation as a state machine, checked against a small model of the rules.

Actors (the subject, a parent, a guardian, a curator, a bewindvoerder, a mentor, a
machtiging holder and a stranger) give, agree to and withdraw consent, look at logs, and
list, open and change records (through ``representation.records``), for a child and for
an adult, while the clock crosses the child's 12th and
16th birthdays and the start and end of the measures. After every step: a caseworker's
read succeeds exactly where the model says a grant runs, and every act a representative
did is in the subject's history.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from uuid import UUID

import pytest
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

from accounts.constants import Role
from accounts.selectors import department_get
from accounts.services import membership_start, user_create
from consent.exceptions import ConsentError
from consent.models import ConsentEvent
from consent.selectors import decide
from consent.services import grant_agree, grant_create, grant_revoke
from representation.constants import Action, RelationKind, Scope
from representation.exceptions import NotAllowed
from representation.models import RepresentativeAct
from representation.records import (
    record_for_representative,
    record_update_for_representative,
    records_for_representative,
)
from representation.services import act_authorise, machtiging_create
from tests.representation.conftest import NOW, person, register
from vault.constants import Category, Provenance
from vault.exceptions import RecordNotFound
from vault.models import Record
from vault.services import record_create

JEUGD = ("jeugdhulp-gezinsplan", ["identity", "household", "youth", "health"])
WMO = ("wmo-huishoudelijke-hulp", ["identity", "household", "housing", "health"])
BORN = date(2015, 1, 20)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


TWELVE = at("2027-01-20T00:00:00+01:00")  # written out by hand, not computed by the rules
SIXTEEN = at("2031-01-20T00:00:00+01:00")
CURATELE = (at("2027-02-01T00:00:00+01:00"), at("2028-01-01T00:00:00+01:00"))
MENTOR_END = at("2027-06-01T00:00:00+02:00")
MACHTIGING_END = at("2027-09-01T00:00:00+02:00")
MOMENTS = sorted(
    [
        TWELVE - timedelta(seconds=1),
        TWELVE,
        CURATELE[0],
        MENTOR_END - timedelta(seconds=1),
        MENTOR_END,
        MACHTIGING_END,
        CURATELE[1],
        SIXTEEN - timedelta(seconds=1),
        SIXTEEN,
    ]
)
CHILD_SIDE = ["noor", "alice", "gijs", "stefan"]
ADULT_SIDE = ["dave", "carla", "fenna", "mila", "hanna", "stefan"]
BEWIND = {"income", "debts", "identity"}
MENTOR = {"health", "household", "housing", "identity"}
HOLDER = {"identity", "household"}
NEITHER, CHILD, PARENT = "", "child", "parent"


def model_may(actor: str, subject: str, action: str, category: str | None, t: datetime):
    """(allowed, whose agreement a grant still waits for): the rules, written apart."""
    if subject == "noor":
        grown, twelve = t >= SIXTEEN, t >= TWELVE
        if actor == "noor":
            if action != Action.GRANT or grown:
                return True, NEITHER
            return (True, PARENT) if twelve else (False, NEITHER)
        if actor in ("alice", "gijs") and not grown:
            return True, CHILD if (twelve and action == Action.GRANT) else NEITHER
        return False, NEITHER
    if actor == "dave":
        curatele = CURATELE[0] <= t < CURATELE[1]
        return (not (curatele and action == Action.GRANT)), NEITHER
    if actor == "carla":
        return CURATELE[0] <= t < CURATELE[1], NEITHER
    if actor == "fenna":
        return category in BEWIND, NEITHER
    if actor == "mila":
        return (category in MENTOR and t < MENTOR_END), NEITHER
    if actor == "hanna":
        covered = action == Action.LOG and category is None or category in HOLDER
        return (action != Action.RECORDS and covered and t < MACHTIGING_END), NEITHER
    return False, NEITHER


@dataclass
class ModelGrant:
    id: UUID
    subject: str
    category: str
    valid_until: datetime
    awaiting: str
    revoked: bool = False

    def runs(self, t: datetime) -> bool:
        return not self.revoked and not self.awaiting and t < self.valid_until

    def open(self, t: datetime) -> bool:
        return not self.revoked and t < self.valid_until


@dataclass
class Model:
    now: datetime = NOW
    grants: list[ModelGrant] = field(default_factory=list)
    acts: dict[str, int] = field(default_factory=lambda: {"noor": 0, "dave": 0})
    # Refused looks at and changes of a record by someone else: in the log, marked refused.
    refused: dict[str, int] = field(default_factory=lambda: {"noor": 0, "dave": 0})


class RepresentationMachine(RuleBasedStateMachine):
    users: dict = {}
    clock = None
    caseworker = None

    def __init__(self) -> None:
        super().__init__()
        self.clock.move_to(NOW)
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self.model = Model()
        machtiging_create(
            resident=self.users["dave"],
            holder=self.users["hanna"],
            scopes=[Scope.LOG, Scope.CONSENT],
            categories=sorted(HOLDER),
            valid_until=MACHTIGING_END,
        )
        self.records = {
            (subject, category): record_create(
                resident=self.users[subject], category=category, title=category, content={}
            ).id
            for subject in ("noor", "dave")
            for category in Category.values
        }

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    def _record(self, actor: str, subject: str) -> None:
        if actor != subject:
            self.model.acts[subject] += 1

    def _refused(self, actor: str, subject: str) -> None:
        if actor != subject:
            self.model.refused[subject] += 1

    @rule(data=st.data(), child=st.booleans(), action=st.sampled_from(Action.values))
    def act(self, data, child: bool, action: str) -> None:
        subject = "noor" if child else "dave"
        actor = data.draw(st.sampled_from(CHILD_SIDE if child else ADULT_SIDE))
        code, categories = JEUGD if child else WMO
        category = data.draw(st.sampled_from([*categories, "income", "debts"]))
        if action == Action.LOG:
            category = None
        if action == Action.WITHDRAW:
            return self._withdraw(data, actor, subject)
        allowed, awaiting = model_may(actor, subject, action, category, self.model.now)
        if action == Action.GRANT and category not in categories:
            return
        users = self.users
        try:
            if action == Action.GRANT:
                grant = grant_create(
                    resident=users[subject],
                    actor=users[actor],
                    purpose_code=code,
                    categories=[category],
                )
            else:
                act_authorise(
                    actor=users[actor],
                    subject=users[subject],
                    action=action,
                    categories=[category] if category else None,
                )
        except NotAllowed:
            assert not allowed, (actor, subject, action, category)
            return
        assert allowed, (actor, subject, action, category)
        self._record(actor, subject)
        if action == Action.GRANT:
            assert grant.awaiting == awaiting
            self.model.grants.append(
                ModelGrant(grant.id, subject, category, grant.valid_until, awaiting)
            )

    def _withdraw(self, data, actor: str, subject: str) -> None:
        open_grants = [
            g for g in self.model.grants if g.subject == subject and g.open(self.model.now)
        ]
        if not open_grants:
            return
        grant = data.draw(st.sampled_from(open_grants))
        allowed, _ = model_may(actor, subject, Action.WITHDRAW, grant.category, self.model.now)
        try:
            grant_revoke(resident=self.users[subject], grant_id=grant.id, actor=self.users[actor])
        except NotAllowed:
            assert not allowed
            return
        assert allowed, (actor, subject, grant)
        grant.revoked = True
        self._record(actor, subject)

    def _record_actor(self, data, child: bool) -> tuple[str, str]:
        subject = "noor" if child else "dave"
        return data.draw(st.sampled_from(CHILD_SIDE if child else ADULT_SIDE)), subject

    @rule(data=st.data(), child=st.booleans(), category=st.sampled_from(Category.values))
    def look_at_a_record(self, data, child: bool, category: str) -> None:
        actor, subject = self._record_actor(data, child)
        allowed, _ = model_may(actor, subject, Action.RECORDS, category, self.model.now)
        try:
            record = record_for_representative(
                actor=self.users[actor],
                subject=self.users[subject],
                record_id=self.records[(subject, category)],
            )
        except RecordNotFound:
            assert not allowed, (actor, subject, category)
            self._refused(actor, subject)
            return
        assert allowed and record.category == category, (actor, subject, category)
        self._record(actor, subject)

    @rule(data=st.data(), child=st.booleans())
    def list_the_records(self, data, child: bool) -> None:
        actor, subject = self._record_actor(data, child)
        now = self.model.now
        expected = {
            c for c in Category.values if model_may(actor, subject, Action.RECORDS, c, now)[0]
        }
        try:
            listed = records_for_representative(
                actor=self.users[actor], subject=self.users[subject]
            )
        except NotAllowed:
            assert not expected, (actor, subject)
            return
        # Never a record outside what the model allows: not listed, not counted.
        assert {r.category for r in listed} == expected, (actor, subject)
        self._record(actor, subject)

    @rule(data=st.data(), child=st.booleans(), category=st.sampled_from(Category.values))
    def change_a_record(self, data, child: bool, category: str) -> None:
        actor, subject = self._record_actor(data, child)
        allowed, _ = model_may(actor, subject, Action.RECORDS, category, self.model.now)
        record_id = self.records[(subject, category)]
        before = Record.objects.get(pk=record_id).version
        try:
            record_update_for_representative(
                actor=self.users[actor],
                subject=self.users[subject],
                record_id=record_id,
                title=f"{category} {before + 1}",
            )
        except RecordNotFound:
            assert not allowed, (actor, subject, category)
            assert Record.objects.get(pk=record_id).version == before
            self._refused(actor, subject)
            return
        assert allowed, (actor, subject, category)
        record = Record.objects.get(pk=record_id)
        assert record.version == before + 1
        if actor != subject:
            # Kept: entered by a representative, and the act names who and which version.
            assert record.provenance == Provenance.REPRESENTATIVE
            assert RepresentativeAct.objects.filter(
                actor=self.users[actor], record_id=record_id, record_version=record.version
            ).exists()
        else:
            assert record.provenance == Provenance.RESIDENT
        self._record(actor, subject)

    @precondition(lambda self: any(g.awaiting for g in self.model.grants))
    @rule(data=st.data())
    def agree(self, data) -> None:
        grant = data.draw(st.sampled_from([g for g in self.model.grants if g.awaiting]))
        actor = data.draw(st.sampled_from(CHILD_SIDE))
        allowed, awaiting = model_may(actor, "noor", Action.GRANT, grant.category, self.model.now)
        party = CHILD if actor == "noor" else PARENT
        allowed = (
            allowed and grant.open(self.model.now) and (not awaiting or party == grant.awaiting)
        )
        try:
            grant_agree(resident=self.users["noor"], grant_id=grant.id, actor=self.users[actor])
        except (NotAllowed, ConsentError):
            assert not allowed, (actor, grant)
            return
        assert allowed, (actor, grant)
        grant.awaiting = NEITHER
        self._record(actor, "noor")

    @precondition(lambda self: self.model.now < MOMENTS[-1])
    @rule()
    def advance(self) -> None:
        self.model.now = next(m for m in MOMENTS if m > self.model.now)
        self.clock.move_to(self.model.now)

    @invariant()
    def reads_exactly_where_the_model_allows(self) -> None:
        for subject, (code, categories) in (("noor", JEUGD), ("dave", WMO)):
            for category in categories:
                decision = decide(
                    caseworker=self.caseworker,
                    resident=self.users[subject],
                    purpose_code=code,
                    category=category,
                )
                expected = any(
                    g.subject == subject and g.category == category and g.runs(self.model.now)
                    for g in self.model.grants
                )
                assert decision.allowed == expected, (subject, category, decision.reason)

    @invariant()
    def every_representative_act_is_in_the_subjects_history(self) -> None:
        for subject, count in self.model.acts.items():
            acts = RepresentativeAct.objects.filter(subject=self.users[subject])
            assert acts.filter(refused=False).count() == count
            assert acts.filter(refused=True).count() == self.model.refused[subject]
        # Each consent act by someone else names them in the subject's consent history.
        by_others = ConsentEvent.objects.exclude(capacity="")
        assert all(e.actor_id not in (None, e.resident_id) for e in by_others)


def test_representation_follows_the_model(clock, purposes, registrar, registrar2):
    users = {
        name: person(name, 950 + i, first_name=name.title())
        for i, name in enumerate(sorted({*CHILD_SIDE, *ADULT_SIDE}))
    }
    since = NOW - timedelta(days=1)
    child, adult = users["noor"], users["dave"]
    for rep, kind in (
        ("alice", RelationKind.PARENTAL_AUTHORITY),
        ("gijs", RelationKind.GUARDIANSHIP),
    ):
        register(
            registrar,
            registrar2,
            subject=child,
            representative=users[rep],
            kind=kind,
            born_on=BORN,
            valid_from=since,
        )
    register(
        registrar,
        registrar2,
        subject=adult,
        representative=users["carla"],
        kind=RelationKind.CURATELE,
        valid_from=CURATELE[0],
        valid_until=CURATELE[1],
    )
    register(
        registrar,
        registrar2,
        subject=adult,
        representative=users["fenna"],
        kind=RelationKind.BEWIND,
        valid_from=since,
    )
    register(
        registrar,
        registrar2,
        subject=adult,
        representative=users["mila"],
        kind=RelationKind.MENTORSCHAP,
        valid_from=since,
        valid_until=MENTOR_END,
    )
    caseworker = user_create(username="jenny", password="jenny-pass", role=Role.CASEWORKER)
    for code in ("jeugd", "wmo"):
        membership_start(user=caseworker, department=department_get(code=code), at=since)

    class Machine(RepresentationMachine):
        pass

    Machine.users = users
    Machine.clock = clock
    Machine.caseworker = caseworker
    run_state_machine_as_test(
        Machine,
        settings=settings(
            max_examples=30,
            stateful_step_count=25,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )


pytestmark = pytest.mark.django_db
