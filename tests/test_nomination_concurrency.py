"""Races for the last place, on PostgreSQL: the session row lock keeps seats and quotas.

Each trial gives N (4 to 8) threads, started together by a barrier, one nomination each
and one place to fight for:

- the last seat: a session with one seat and N submitted nominations of N members; the
  director accepts all of them at once;
- the last quota place: a member with a quota of one and N drafts; its focal point submits
  all of them at once (past the quota a submission is a reserve on the waitlist).

An over-fill is a trial that ends with more seat-holding nominations than seats, or more
nominations counting against the quota than the quota. With the lock there must be none,
and every thread that lost the race must get a refusal with a message (never an error).
The control runs the same trials with the lock switched off (`_lock_sessions = False`,
which only tests may do) and must fail in both kinds of race, proof that the test can:
the quota races over-fill; the seat races either over-fill or, since the seat count is
raised in the row itself and a check constraint keeps it within the capacity, end in
integrity errors (a 500 for the user) where the lock gives a clean refusal.
"""

import threading
import types

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connections
from django.utils import timezone

from courses.models import Session
from nominations import tasks
from nominations.choices import QUOTA_STATUSES, SEAT_STATUSES, N
from nominations.models import Nomination
from nominations.services import nomination_transition
from nominations.services import nominations as nomination_service
from tests.factories import make_course, make_official, make_user, session_for
from training_hub.roles import Role

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TRIALS = 200  # per run: half of them seat races, half quota races
MEMBERS = ("ID", "TH", "KR", "MY", "PH", "VN", "AU", "JP")


def threads_for(trial):
    return 4 + trial % 5  # 4 to 8


@pytest.fixture
def world(jclec, director, monkeypatch):
    # The e-mails run after commit and are not what this checks.
    monkeypatch.setattr(tasks, "notify_move", types.SimpleNamespace(enqueue=lambda *a: None))
    focal_points = {
        code: make_user(Role.FOCAL_POINT, member_code=code, username=f"focal.{code.lower()}")
        for code in MEMBERS
    }
    return types.SimpleNamespace(
        course=make_course(jclec),
        director=director,
        focal_point=focal_points["ID"],
        # One official of each member, for the seat races.
        rivals=[
            make_official(code, focal_point=focal_points[code], name=f"Rival {code}")
            for code in MEMBERS
        ],
        # Eight officials of one member, for the quota races.
        colleagues=[
            make_official("ID", focal_point=focal_points["ID"], name=f"Colleague {i}")
            for i in range(len(MEMBERS))
        ],
    )


def _prepare(world, trials):
    """All sessions and nominations of the run, made in bulk up front (no page per trial).

    Returns, per trial, (kind, session, the nominations racing, the move, the user).
    """
    sessions = Session.objects.bulk_create(
        [
            session_for(world.course, capacity=1 if trial % 2 == 0 else 8, default_quota=1)
            for trial in range(trials)
        ]
    )
    now = timezone.now()
    rows, plan = [], []
    for trial, session in enumerate(sessions):
        n = threads_for(trial)
        if trial % 2 == 0:  # the last seat: N members' submissions, one seat
            racing = [
                Nomination(
                    session=session,
                    official=official,
                    member_id=official.member_id,
                    rank=1,
                    status=N.SUBMITTED,
                    submitted_at=now,
                )
                for official in world.rivals[:n]
            ]
            plan.append(("seat", session, racing, N.ACCEPTED, world.director))
        else:  # the last quota place: one member's N drafts, a quota of one
            racing = [
                Nomination(
                    session=session, official=official, member_id=official.member_id, rank=i + 1
                )
                for i, official in enumerate(world.colleagues[:n])
            ]
            plan.append(("quota", session, racing, N.SUBMITTED, world.focal_point))
        rows.extend(racing)
    Nomination.objects.bulk_create(rows)
    return plan


def _race(nominations, to, user):
    """Move every nomination to `to` at once, one thread each; returns the outcomes."""
    barrier = threading.Barrier(len(nominations))
    outcomes = []

    def run(nomination):
        try:
            connections["default"].ensure_connection()  # connect before the start line
            barrier.wait(timeout=30)
            nomination_transition(nomination=nomination, to=to, user=user)
            outcomes.append("moved")
        except (ValidationError, PermissionDenied):
            outcomes.append("refused")
        except IntegrityError:  # the seats check constraint; only possible without the lock
            outcomes.append("integrity error")
        except Exception as error:  # noqa: BLE001  (reported by the test)
            outcomes.append(f"{type(error).__name__}: {error}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,)) for n in nominations]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def _run_trials(world, trials):
    """Race every trial; returns ({kind: over-fills}, {kind: outcomes of every thread})."""
    # The users' scopes are computed once here, not by the threads.
    from training_hub.scopes import scope_for

    scope_for(world.director)
    scope_for(world.focal_point)
    overfills, outcomes = {"seat": 0, "quota": 0}, {"seat": [], "quota": []}
    for kind, session, racing, to, user in _prepare(world, trials):
        # Each thread gets its own copy of its row, with what the permission check reads.
        fresh = list(
            Nomination.objects.filter(session=session)
            .select_related("session__course", "official", "member")
            .order_by("pk")
        )
        assert len(fresh) == len(racing)
        outcomes[kind] += _race(fresh, to, user)
        rows = Nomination.objects.filter(session=session)
        if kind == "seat":
            taken = rows.filter(status__in=SEAT_STATUSES).count()
            overfills[kind] += taken > session.capacity
        else:
            used = rows.filter(status__in=QUOTA_STATUSES).count()
            overfills[kind] += used > session.default_quota
            assert rows.filter(status=N.DRAFT).count() == 0
    return overfills, outcomes


def test_the_last_place_goes_to_one_nominee_only_under_the_lock(
    world, monkeypatch, record_property
):
    with_lock, outcomes = _run_trials(world, TRIALS)
    with_lock_total = sum(with_lock.values())
    every = outcomes["seat"] + outcomes["quota"]
    unexpected = sorted({o for o in every if o not in ("moved", "refused")})
    assert unexpected == []
    for session in Session.objects.filter(nominations__isnull=False).distinct():
        taken = session.nominations.filter(status__in=SEAT_STATUSES).count()
        assert session.seats_taken == taken

    # The control: the same races without the session lock.
    monkeypatch.setattr(nomination_service, "_lock_sessions", False)
    without_lock, control_outcomes = _run_trials(world, TRIALS)
    without_lock_total = sum(without_lock.values())
    caught_by_constraint = control_outcomes["seat"].count("integrity error")

    print(
        f"\ntrials={TRIALS} (x2: with and without the lock; {threads_for(0)}-8 threads each), "
        f"overfills with lock={with_lock_total} and {len(unexpected)} errors; "
        f"without the lock={without_lock_total} (seat races {without_lock['seat']}/"
        f"{TRIALS // 2}, quota races {without_lock['quota']}/{TRIALS // 2}), and "
        f"{caught_by_constraint} accepts of the seat races ended in an integrity error of "
        "the seats check constraint"
    )
    record_property("trials", TRIALS)
    record_property("overfills_with_lock", with_lock_total)
    record_property("overfills_without_lock", without_lock_total)
    assert with_lock == {"seat": 0, "quota": 0}
    # Without the lock each kind of race must go wrong, or this test could not fail.
    assert without_lock["quota"] > 0, "no quota race over-filled without the lock"
    assert without_lock["seat"] + caught_by_constraint > 0, "no seat race went wrong"
