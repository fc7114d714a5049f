"""The consent rules as a state machine, checked against a small in-memory model.

Hypothesis grants, revokes, amends, requests, approves, denies, changes purposes and moves
the clock; after any step, every decision for every caseworker, resident, purpose and
category must be exactly what the model says. Each example runs in its own savepoint.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    multiple,
    rule,
    run_state_machine_as_test,
)

from accounts.selectors import department_get
from consent import selectors, services
from consent.constants import ReasonCode
from consent.exceptions import (
    ConsentError,
    GrantAlreadyRevoked,
    NotAMember,
    RequestNotOpen,
)
from tests.conftest import ALICE_BSN, DAVE_BSN
from tests.consent.conftest import BIJSTAND, START, WMO, WMO_BEGELEIDING
from tests.factories import valid_bsn
from vault.constants import Category

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
CATEGORIES = list(Category.values)
PURPOSES = [WMO, WMO_BEGELEIDING, BIJSTAND]
RESIDENTS = ["alice", "dave"]
CASEWORKERS = ["bob", "charlie", "erin"]
# Erin left Team Wmo before the machine starts; nobody joins or leaves during a run.
DEPARTMENTS = {"bob": {"wmo"}, "charlie": {"inkomen"}, "erin": set()}
NOBODY_BSN = valid_bsn(7)
BSNS = {"alice": ALICE_BSN, "dave": DAVE_BSN, None: NOBODY_BSN}
TTL = timedelta(days=14)
RANK = [
    ReasonCode.ALLOWED,
    ReasonCode.CATEGORY_NOT_COVERED,
    ReasonCode.NOT_YET_VALID,
    ReasonCode.REVOKED,
    ReasonCode.EXPIRED,
]


def calendar_days_later(moment: datetime, days: int) -> datetime:
    return (moment.astimezone(AMSTERDAM) + timedelta(days=days)).astimezone(ZoneInfo("UTC"))


@dataclass
class Version:
    categories: frozenset[str]
    department: str
    max_days: int


@dataclass
class ModelGrant:
    id: UUID
    resident: str
    purpose: str
    version: Version
    categories: frozenset[str]
    valid_from: datetime
    valid_until: datetime
    revoked_at: datetime | None = None
    expiry_noted: bool = False

    def reason(self, category: str, at: datetime) -> str:
        if self.revoked_at is not None and self.revoked_at <= at:
            return ReasonCode.REVOKED
        if at >= self.valid_until:
            return ReasonCode.EXPIRED
        if at < self.valid_from:
            return ReasonCode.NOT_YET_VALID
        if category not in self.categories:
            return ReasonCode.CATEGORY_NOT_COVERED
        return ReasonCode.ALLOWED


@dataclass
class ModelRequest:
    id: UUID
    resident: str | None
    purpose: str
    version: Version
    categories: frozenset[str]
    expires_at: datetime
    status: str = "open"


@dataclass
class Model:
    now: datetime
    versions: dict[str, Version]
    grants: list[ModelGrant] = field(default_factory=list)

    def decide(self, caseworker: str, resident: str, purpose: str, category: str) -> str:
        departments = DEPARTMENTS[caseworker]
        if not departments:
            return ReasonCode.NOT_A_MEMBER_OF_DEPARTMENT
        department = self.versions[purpose].department
        if department not in departments:
            return ReasonCode.PURPOSE_NOT_FOR_DEPARTMENT
        reasons = [
            g.reason(category, self.now)
            for g in self.grants
            if (g.resident, g.purpose, g.version.department) == (resident, purpose, department)
        ]
        return min(reasons, key=RANK.index) if reasons else ReasonCode.NO_GRANT


durations = st.sampled_from([1, 59, 3600, 86_400, 10 * 86_400])
clock_steps = st.sampled_from([1, 59, 3600, 86_400, 15 * 86_400, 100 * 86_400])


class ConsentMachine(RuleBasedStateMachine):
    grants = Bundle("grants")
    requests = Bundle("requests")

    def __init__(self) -> None:
        super().__init__()
        self.clock.move_to(START)
        # Everything a run does is undone afterwards, so each run starts from the cast.
        self._atomic = transaction.atomic()
        self._atomic.__enter__()

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    @initialize()
    def start(self) -> None:
        versions = {}
        for code in PURPOSES:
            current = selectors.current_purposes().get(purpose__code=code)
            versions[code] = Version(
                frozenset(current.categories), current.department.code, current.max_consent_days
            )
        self.model = Model(now=timezone.now(), versions=versions)
        self.requests_by_id: dict[UUID, ModelRequest] = {}

    # -- the resident ---------------------------------------------------------------------

    @rule(
        target=grants,
        resident=st.sampled_from(RESIDENTS),
        purpose=st.sampled_from(PURPOSES),
        data=st.data(),
        start_in=st.sampled_from([None, 1, 3600, 86_400]),
        duration=st.none() | durations,
    )
    def grant(self, resident, purpose, data, start_in, duration):
        version = self.model.versions[purpose]
        chosen = data.draw(st.sets(st.sampled_from(sorted(version.categories)), min_size=1))
        now = self.model.now
        valid_from = now + timedelta(seconds=start_in) if start_in else now
        valid_until = valid_from + timedelta(seconds=duration) if duration else None
        grant = services.grant_create(
            resident=self.users[resident],
            purpose_code=purpose,
            categories=sorted(chosen),
            valid_from=valid_from if start_in else None,
            valid_until=valid_until,
        )
        end = valid_until or calendar_days_later(valid_from, version.max_days)
        model = ModelGrant(grant.id, resident, purpose, version, frozenset(chosen), valid_from, end)
        assert (grant.valid_from, grant.valid_until) == (valid_from, end)
        self.model.grants.append(model)
        return model

    def _revocable(self, grant: ModelGrant) -> type[Exception] | None:
        if grant.revoked_at is not None:
            return GrantAlreadyRevoked
        return ConsentError if grant.valid_until <= self.model.now else None

    @rule(grant=grants)
    def revoke(self, grant):
        error = self._revocable(grant)
        if error:
            with pytest.raises(error):
                services.grant_revoke(resident=self.users[grant.resident], grant_id=grant.id)
            return
        services.grant_revoke(resident=self.users[grant.resident], grant_id=grant.id)
        grant.revoked_at = self.model.now

    @rule(grant=grants, other=st.sampled_from(RESIDENTS))
    def revoke_someone_elses(self, grant, other):
        from consent.exceptions import GrantNotFound

        if other != grant.resident:
            with pytest.raises(GrantNotFound):
                services.grant_revoke(resident=self.users[other], grant_id=grant.id)

    @rule(target=grants, grant=grants, data=st.data())
    def amend(self, grant, data):
        chosen = data.draw(st.sets(st.sampled_from(sorted(grant.version.categories)), min_size=1))
        resident = self.users[grant.resident]
        error = self._revocable(grant)
        if error:
            with pytest.raises(error):
                services.grant_amend(
                    resident=resident, grant_id=grant.id, categories=sorted(chosen)
                )
            return grant
        new = services.grant_amend(resident=resident, grant_id=grant.id, categories=sorted(chosen))
        now = self.model.now
        grant.revoked_at = now
        start = max(now, grant.valid_from)
        model = ModelGrant(
            new.id,
            grant.resident,
            grant.purpose,
            grant.version,
            frozenset(chosen),
            start,
            grant.valid_until,
        )
        assert new.amended_from_id == grant.id
        self.model.grants.append(model)
        return model

    # -- access requests ------------------------------------------------------------------

    @rule(
        target=requests,
        caseworker=st.sampled_from(CASEWORKERS),
        resident=st.sampled_from([*RESIDENTS, None]),
        purpose=st.sampled_from(PURPOSES),
        data=st.data(),
    )
    def request(self, caseworker, resident, purpose, data):
        version = self.model.versions[purpose]
        chosen = data.draw(st.sets(st.sampled_from(sorted(version.categories)), min_size=1))
        arguments = {
            "caseworker": self.users[caseworker],
            "purpose_code": purpose,
            "categories": sorted(chosen),
            "reason": "Voor het gesprek van volgende week.",
            "bsn": BSNS[resident],
        }
        if version.department not in DEPARTMENTS[caseworker]:
            with pytest.raises(NotAMember):
                services.access_request_create(**arguments)
            return multiple()
        made = services.access_request_create(**arguments)
        model = ModelRequest(
            made.id, resident, purpose, version, frozenset(chosen), self.model.now + TTL
        )
        self.requests_by_id[made.id] = model
        return model

    def _answerable(self, request: ModelRequest) -> bool:
        return (
            request.resident is not None
            and request.status == "open"
            and self.model.now < request.expires_at
        )

    @rule(
        target=grants,
        request=requests,
        data=st.data(),
        shorter=st.none() | durations,
    )
    def approve(self, request, data, shorter):
        if request.resident is None:
            return multiple()
        chosen = data.draw(st.sets(st.sampled_from(sorted(request.categories)), min_size=1))
        now = self.model.now
        valid_until = now + timedelta(seconds=shorter) if shorter else None
        resident = self.users[request.resident]
        kwargs = {"categories": sorted(chosen), "valid_until": valid_until}
        if not self._answerable(request):
            with pytest.raises(RequestNotOpen):
                services.access_request_approve(resident=resident, request_id=request.id, **kwargs)
            return multiple()
        answered = services.access_request_approve(
            resident=resident, request_id=request.id, **kwargs
        )
        request.status = "approved"
        end = valid_until or calendar_days_later(now, request.version.max_days)
        covered = frozenset(chosen)
        # A second yes amends the newest consent running now for this purpose and team: it
        # ends, and the new one covers both (as far as the request's version has them).
        running = self._running(request.resident, request.purpose, request.version.department)
        if running is not None:
            running.revoked_at = now
            covered = (covered | running.categories) & request.version.categories
        model = ModelGrant(
            answered.grant_id,
            request.resident,
            request.purpose,
            request.version,
            covered,
            now,
            end,
        )
        self.model.grants.append(model)
        return model

    def _running(self, resident: str, purpose: str, department: str) -> ModelGrant | None:
        now = self.model.now
        running = [
            g
            for g in self.model.grants
            if (g.resident, g.purpose, g.version.department) == (resident, purpose, department)
            and g.revoked_at is None
            and g.valid_from <= now < g.valid_until
        ]
        return running[-1] if running else None

    @rule(request=requests)
    def deny(self, request):
        if request.resident is None:
            return
        resident = self.users[request.resident]
        if not self._answerable(request):
            with pytest.raises(RequestNotOpen):
                services.access_request_deny(resident=resident, request_id=request.id)
            return
        services.access_request_deny(resident=resident, request_id=request.id, message="Nee.")
        request.status = "denied"

    # -- the municipality and the clock ---------------------------------------------------

    @rule(
        purpose=st.sampled_from(PURPOSES),
        categories=st.sets(st.sampled_from(CATEGORIES), min_size=1),
        department=st.sampled_from(["wmo", "inkomen"]),
    )
    def new_purpose_version(self, purpose, categories, department):
        current = selectors.current_purposes().get(purpose__code=purpose)
        services.purpose_version_create(
            purpose_code=purpose,
            name_nl=current.name_nl,
            name_en=current.name_en,
            description_nl=current.description_nl,
            description_en=current.description_en,
            legal_domain=current.legal_domain,
            department=department_get(code=department),
            categories=sorted(categories),
            max_consent_days=current.max_consent_days,
            retention_days=current.retention_days,
            dpv_purpose=current.dpv_purpose,
        )
        old = self.model.versions[purpose]
        self.model.versions[purpose] = Version(frozenset(categories), department, old.max_days)

    @rule(seconds=clock_steps)
    def advance_clock(self, seconds):
        self.model.now += timedelta(seconds=seconds)
        self.clock.move_to(self.model.now)

    @rule()
    def run_expiry_jobs(self):
        now = self.model.now
        due = [
            g
            for g in self.model.grants
            if g.valid_until <= now and g.revoked_at is None and not g.expiry_noted
        ]
        assert services.grant_expiries_record(now=now) == len(due)
        for grant in due:
            grant.expiry_noted = True
        stale = [
            r for r in self.requests_by_id.values() if r.status == "open" and r.expires_at <= now
        ]
        assert services.access_requests_expire(now=now) == len(stale)
        for request in stale:
            request.status = "expired"

    # -- the decision ---------------------------------------------------------------------

    @rule(
        caseworker=st.sampled_from(CASEWORKERS),
        resident=st.sampled_from(RESIDENTS),
        purpose=st.sampled_from(PURPOSES),
        category=st.sampled_from(CATEGORIES),
    )
    def decide_one(self, caseworker, resident, purpose, category):
        self._check(caseworker, resident, purpose, category)

    @rule()
    def decide_everything(self):
        for caseworker in CASEWORKERS:
            for resident in RESIDENTS:
                for purpose in PURPOSES:
                    for category in CATEGORIES:
                        self._check(caseworker, resident, purpose, category)
            expected = {
                resident
                for resident in RESIDENTS
                if any(
                    self.model.decide(caseworker, resident, purpose, category) == ReasonCode.ALLOWED
                    for purpose in PURPOSES
                    for category in CATEGORIES
                )
            }
            found = selectors.residents_with_current_grant_for_caseworker(
                caseworker=self.users[caseworker], at=self.model.now
            )
            assert {user.username for user in found} == expected

    def _check(self, caseworker, resident, purpose, category):
        decision = selectors.decide(
            caseworker=self.users[caseworker],
            resident=self.users[resident],
            purpose_code=purpose,
            category=category,
        )
        expected = self.model.decide(caseworker, resident, purpose, category)
        assert (decision.reason, decision.allowed) == (expected, expected == "allowed"), (
            caseworker,
            resident,
            purpose,
            category,
        )
        if decision.allowed:
            allowed = {
                g.id for g in self.model.grants if g.reason(category, self.model.now) == "allowed"
            }
            assert decision.grant_id in allowed

    @invariant()
    def clock_agrees(self):
        if hasattr(self, "model"):
            assert timezone.now() == self.model.now


def test_it_decides_exactly_like_the_model(clock, alice, dave, bob, charlie, erin, purposes):
    users = {u.username: u for u in [alice, dave, bob, charlie, erin]}

    class Machine(ConsentMachine):
        pass

    Machine.users = users
    Machine.clock = clock
    run_state_machine_as_test(
        Machine,
        settings=settings(
            max_examples=40,
            stateful_step_count=30,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
