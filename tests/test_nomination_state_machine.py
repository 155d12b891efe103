"""The nomination workflow under random sequences of moves (hypothesis' stateful testing).

Three members with different quotas put forward a handful of officials to one session; the
director accepts, waitlists, declines and records attendance; trainees confirm and decline;
focal points withdraw; the capacity goes up and down through `courses.services.session_save`
(so the receiver's promotion runs), the session may be cancelled the same way, and time
passes. After every step:

- each member's nominations counting against its quota stay within `quota_for(member)`;
- the seat-holding nominations stay within the capacity, and `seats_taken` counts them;
- an official has at most one live nomination;
- after a seat was released (a seat-holder declined or withdrawn, or the capacity raised)
  either no seat is free or no waitlisted nominee's member is within its quota;
- a move the service refuses changed nothing, and a request sent twice applied once;
- a cancelled session holds no seat and has no nomination in play.

Each example runs inside a savepoint rolled back at its end; the accounts, course and
officials are made once for the whole run.
"""

import datetime as dt
import types

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.test import TestCase
from django.utils import timezone
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from wagtail.models import ModelLogEntry

from courses.choices import SessionStatus
from courses.models import Session, SessionQuota
from courses.services import session_save
from nominations import tasks
from nominations.choices import LIVE_STATUSES, QUOTA_STATUSES, SEAT_STATUSES, N
from nominations.models import Nomination
from nominations.services import nomination_create, nomination_transition
from tests.factories import make_course, make_official, make_user, member, session_for
from training_hub.roles import Role

pytestmark = pytest.mark.django_db

# Member code -> its quota row (None: the session's default quota of 1).
QUOTAS = {"ID": None, "TH": 2, "KR": 3}
OFFICIALS_PER_MEMBER = 3
CAPACITIES = st.integers(min_value=3, max_value=6)  # at least the largest quota
RELEASED = {N.DECLINED, N.WITHDRAWN}
REFUSALS = (ValidationError, PermissionDenied)
PICK = st.integers(min_value=0, max_value=63)  # a nomination, modulo how many there are


class NominationMachine(RuleBasedStateMachine):
    """One session's nominations, moved at random by every role through the services."""

    world = None  # set by the test: accounts, course and officials shared by all examples

    def __init__(self):
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        world = self.world
        self.session = session_save(
            session=session_for(world.course, capacity=3, default_quota=1), user=world.rso
        )
        for code, seats in QUOTAS.items():
            if seats is not None:
                SessionQuota.objects.create(session=self.session, member=member(code), seats=seats)
        self.now = timezone.now()  # inside the nomination window
        self.steps = 0
        self.last_request = None  # (the nomination as the page showed it, target, user)

    def teardown(self):
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    # --- reading the state ------------------------------------------------------------

    def _nominations(self):
        return list(
            Nomination.objects.filter(session=self.session)
            .select_related("official", "member", "session")
            .order_by("pk")
        )

    def _pick(self, index, statuses=None):
        """The `index`th nomination (modulo), among those in `statuses` when given."""
        nominations = self._nominations()
        if statuses is not None:
            nominations = [n for n in nominations if n.status in statuses]
        return nominations[index % len(nominations)] if nominations else None

    def _snapshot(self):
        session = Session.objects.get(pk=self.session.pk)
        return (
            session.capacity,
            session.seats_taken,
            list(
                Nomination.objects.filter(session=self.session)
                .order_by("pk")
                .values_list("pk", "status", "version", "rank")
            ),
            ModelLogEntry.objects.count(),
        )

    def _fresh_session(self):
        return Session.objects.prefetch_related("quotas").get(pk=self.session.pk)

    def _check_promoted(self):
        """After a seat was released: no free seat, or nobody waiting whose member has room."""
        session = self._fresh_session()
        if session.seats_taken >= session.capacity:
            return
        for waiting in Nomination.objects.filter(session=session, status=N.WAITLISTED):
            used = Nomination.objects.filter(
                session=session, member=waiting.member_id, status__in=QUOTA_STATUSES
            ).count()
            assert used >= session.quota_for(waiting.member), (
                f"{waiting} waits while a seat is free and {waiting.member.code} "
                f"uses {used} of {session.quota_for(waiting.member)}"
            )

    # --- making moves -----------------------------------------------------------------

    def _attempt(self, call):
        """Run one service call; a refusal must leave everything as it was."""
        self.steps += 1
        before = self._snapshot()
        try:
            return call()
        except REFUSALS:
            assert self._snapshot() == before, "a refused move changed something"
            return None

    def _move(self, index, to, user_of, statuses=None):
        nomination = self._pick(index, statuses)
        if nomination is None:
            return
        user = user_of(nomination)
        old = nomination.status
        result = self._attempt(
            lambda: nomination_transition(nomination=nomination, to=to, user=user, now=self.now)
        )
        if result is None:
            return
        self.last_request = (nomination, to, user)
        if old in SEAT_STATUSES and result[0].status in RELEASED:
            self._check_promoted()

    def _focal_point(self, nomination):
        return self.world.focal_points[nomination.member.code]

    def _director(self, nomination):
        return self.world.director

    def _trainee(self, nomination):
        return nomination.official.user

    @rule(official=st.integers(0, len(QUOTAS) * OFFICIALS_PER_MEMBER - 1), submit=st.booleans())
    def nominate(self, official, submit):
        official = self.world.officials[official]
        self._attempt(
            lambda: nomination_create(
                user=self.world.focal_points[official.member.code],
                session=self.session,
                official=official,
                submit=submit,
                now=self.now,
            )
        )

    @initialize(
        officials=st.lists(st.integers(0, len(QUOTAS) * OFFICIALS_PER_MEMBER - 1), unique=True)
    )
    def first_submissions(self, officials):
        """Start with some officials put forward, so that seats and quotas fill early."""
        for official in officials:
            self.nominate(official, submit=True)

    # The rules below pick among the nominations the move could apply to, so that most
    # steps reach the quota, capacity and timing rules; `any_move` tries everything else.

    @rule(index=PICK)
    def submit(self, index):
        self._move(index, N.SUBMITTED, self._focal_point, {N.DRAFT})

    @rule(index=PICK)
    def accept(self, index):
        self._move(index, N.ACCEPTED, self._director, {N.SUBMITTED, N.WAITLISTED})

    @rule(index=PICK)
    def waitlist(self, index):
        self._move(index, N.WAITLISTED, self._director, {N.SUBMITTED})

    @rule(index=PICK)
    def decline(self, index):
        self._move(index, N.DECLINED, self._director, set(LIVE_STATUSES) - {N.DRAFT})

    @rule(index=PICK)
    def withdraw(self, index):
        self._move(index, N.WITHDRAWN, self._focal_point, set(LIVE_STATUSES))

    @rule(index=PICK, to=st.sampled_from([N.CONFIRMED, N.DECLINED]))
    def trainee_answers(self, index, to):
        self._move(index, to, self._trainee, {N.ACCEPTED, N.CONFIRMED})

    @rule(index=PICK, to=st.sampled_from([N.ATTENDED, N.NO_SHOW, N.COMPLETED]))
    def record_attendance(self, index, to):
        self._move(index, to, self._director, {N.ACCEPTED, N.CONFIRMED, N.ATTENDED})

    @rule(
        index=PICK,
        to=st.sampled_from(list(N)),
        user_of=st.sampled_from(["_focal_point", "_director", "_trainee"]),
    )
    def any_move(self, index, to, user_of):
        self._move(index, to, getattr(self, user_of))

    @precondition(lambda self: self.last_request is not None)
    @rule()
    def same_request_again(self):
        """A double click: the same target with the version the page showed."""
        nomination, to, user = self.last_request
        before = self._snapshot()
        try:
            nomination_transition(nomination=nomination, to=to, user=user, now=self.now)
        except REFUSALS:
            pass  # it moved on since: stale
        assert self._snapshot() == before, "a repeated request was applied again"

    @precondition(lambda self: self.now < self.session.starts_at)
    @rule(capacity=CAPACITIES)
    def change_capacity(self, capacity):
        edited = self._fresh_session()
        old = edited.capacity
        edited.capacity = capacity
        with TestCase.captureOnCommitCallbacks(execute=True):
            saved = self._attempt(lambda: session_save(session=edited, user=self.world.director))
        if saved is not None and capacity > old:
            self._check_promoted()

    # Rarely and late, so that most examples keep an open session to move nominations on.
    @precondition(lambda self: self.steps >= 20 and self.now < self.session.starts_at)
    @rule(chance=st.integers(0, 3))
    def cancel_session(self, chance):
        if chance:
            return
        edited = self._fresh_session()
        edited.status = SessionStatus.CANCELLED
        with TestCase.captureOnCommitCallbacks(execute=True):
            self._attempt(lambda: session_save(session=edited, user=self.world.director))

    # Late in an example, so that most steps happen while nominations are open.
    @precondition(lambda self: self.steps >= 15 and self.now < self.session.starts_at)
    @rule(phase=st.sampled_from(["window closed", "started"]))
    def time_passes(self, phase):
        session = self.session
        moment = {
            "window closed": session.nominations_close_at + dt.timedelta(hours=1),
            "started": session.starts_at + dt.timedelta(hours=1),
        }[phase]
        self.now = max(self.now, moment)

    # --- invariants -------------------------------------------------------------------

    @invariant()
    def quotas_hold(self):
        session = self._fresh_session()
        used = dict(
            Nomination.objects.filter(session=session, status__in=QUOTA_STATUSES)
            .values_list("member__code")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for code in QUOTAS:
            assert used.get(code, 0) <= session.quota_for(member(code)), (code, used)

    @invariant()
    def seats_hold(self):
        session = self._fresh_session()
        taken = Nomination.objects.filter(session=session, status__in=SEAT_STATUSES).count()
        assert taken <= session.capacity
        assert session.seats_taken == taken

    @invariant()
    def a_cancelled_session_holds_nothing(self):
        session = self._fresh_session()
        if session.status != SessionStatus.CANCELLED:
            return
        assert session.seats_taken == 0
        in_play = set(LIVE_STATUSES) - {N.ATTENDED, N.COMPLETED, N.NO_SHOW}
        assert not Nomination.objects.filter(session=session, status__in=in_play).exists()

    @invariant()
    def one_live_nomination_per_official(self):
        live = (
            Nomination.objects.filter(session=self.session, status__in=LIVE_STATUSES)
            .values("official")
            .annotate(n=Count("pk"))
            .filter(n__gt=1)
        )
        assert not live.exists()


@pytest.fixture
def world(jclec, director, rso, monkeypatch):
    # E-mails are not what this checks; captured on-commit work must not send them.
    quiet = types.SimpleNamespace(enqueue=lambda *a: None)
    monkeypatch.setattr(tasks, "notify_move", quiet)
    monkeypatch.setattr(tasks, "notify_session_cancelled", quiet)
    focal_points = {
        code: make_user(Role.FOCAL_POINT, member_code=code, username=f"focal.{code.lower()}")
        for code in QUOTAS
    }
    officials = [
        make_official(code, focal_point=focal_points[code], name=f"Official {code} {i}")
        for code in QUOTAS
        for i in range(OFFICIALS_PER_MEMBER)
    ]
    return types.SimpleNamespace(
        course=make_course(jclec),
        director=director,
        rso=rso,
        focal_points=focal_points,
        officials=officials,
    )


def test_random_moves_keep_quotas_seats_and_the_waitlist_right(world):
    machine = type("Machine", (NominationMachine,), {"world": world})
    run_state_machine_as_test(
        machine,
        settings=settings(max_examples=40, stateful_step_count=30, deadline=None, database=None),
    )
