"""Races for the last of a pledge, and for the last of a session's cost, on PostgreSQL: the
row locks of `allocation_create` (session, then need, then pledge) keep both.

Each trial gives N (4 to 8) threads, started together by a barrier, one allocation each:

- the last of a pledge: a pledge of USD 1,000 and N sessions that each need USD 5,000;
  every thread allocates USD 600 of the pledge to its own session (one fits);
- the last of a session: a session that needs USD 1,000 and N pledges of USD 5,000;
  every thread allocates USD 600 of its own pledge to the session (one fits).

An over-allocation is a pledge whose active allocations draw more than its amount, or a
session covered beyond its cost. With the locks there must be none, and every thread that
lost must get a refusal with a message. The control runs the same trials with the locks
switched off (`_lock_rows = False`, which only tests may do) and must over-allocate in
both kinds of race, proof that this test can fail.
"""

import datetime as dt
import threading
import types
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections
from django.db.models import Sum
from django.utils import timezone

from courses.models import Session
from nominations.models import Allocation, Donor, Pledge
from nominations.services import allocation_create
from nominations.services import funding as funding_service
from tests.factories import make_course_with_cost, make_donor, session_for

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TRIALS = 60  # per run: half of them pledge races, half session races
DRAW = Decimal("600.00")


def threads_for(trial):
    return 4 + trial % 5  # 4 to 8


@pytest.fixture
def world(jclec, rso):
    return types.SimpleNamespace(
        rso=rso,
        course=make_course_with_cost(jclec, cost="500.00", theme="protection"),
        donor=make_donor(),
    )


def _pledges(donor, n, amount):
    today = timezone.localdate()
    return Pledge.objects.bulk_create(
        [
            Pledge(
                donor=donor,
                title=f"Race pledge {i}",
                amount=amount,
                currency="USD",
                starts_on=today - dt.timedelta(days=365),
                ends_on=today + dt.timedelta(days=3 * 365),
            )
            for i in range(n)
        ]
    )


def _prepare(world, trials):
    """Per trial: (kind, [(pledge, session)] racing, the pledge or session at stake)."""
    plan = []
    for trial in range(trials):
        n = threads_for(trial)
        if trial % 2 == 0:  # the last of a pledge: one pledge, N sessions of 10 seats
            sessions = Session.objects.bulk_create(
                [session_for(world.course, capacity=10) for _ in range(n)]
            )
            (pledge,) = _pledges(world.donor, 1, Decimal("1000.00"))
            plan.append(("pledge", [(pledge, s) for s in sessions], pledge))
        else:  # the last of a session: N pledges, one session of 2 seats (USD 1,000)
            (session,) = Session.objects.bulk_create([session_for(world.course, capacity=2)])
            pledges = _pledges(world.donor, n, Decimal("5000.00"))
            plan.append(("session", [(p, session) for p in pledges], session))
    return plan


def _race(pairs, user):
    barrier = threading.Barrier(len(pairs))
    outcomes = []

    def run(pledge, session):
        try:
            connections["default"].ensure_connection()
            barrier.wait(timeout=30)
            allocation_create(user=user, pledge=pledge, session=session, amount=DRAW)
            outcomes.append("allocated")
        except (ValidationError, PermissionDenied):
            outcomes.append("refused")
        except Exception as error:  # noqa: BLE001  (reported by the test)
            outcomes.append(f"{type(error).__name__}: {error}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=pair) for pair in pairs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def _drawn(**filters):
    total = Allocation.objects.filter(status="active", **filters).aggregate(s=Sum("amount"))
    return total["s"] or Decimal(0)


def _run_trials(world, trials):
    from training_hub.scopes import scope_for

    scope_for(world.rso)
    overs, outcomes = {"pledge": 0, "session": 0}, []
    for kind, pairs, at_stake in _prepare(world, trials):
        outcomes += _race(pairs, world.rso)
        if kind == "pledge":
            overs[kind] += _drawn(pledge=at_stake) > at_stake.amount
        else:
            session = Session.objects.select_related("course").get(pk=at_stake.pk)
            overs[kind] += _drawn(session=session) > session.funding_needed
    return overs, outcomes


def test_a_pledge_and_a_session_are_never_over_allocated_under_the_locks(
    world, monkeypatch, record_property
):
    with_lock, outcomes = _run_trials(world, TRIALS)
    unexpected = sorted({o for o in outcomes if o not in ("allocated", "refused")})
    assert unexpected == []
    assert outcomes.count("allocated") == TRIALS  # exactly one winner per trial
    # The stored status and cover agree with the allocations.
    for session in Session.objects.filter(allocations__isnull=False).distinct():
        assert session.funding_covered == _drawn(session=session)

    monkeypatch.setattr(funding_service, "_lock_rows", False)
    without_lock, _control = _run_trials(world, TRIALS)
    print(
        f"\ntrials={TRIALS} (x2; 4-8 threads each): over-allocations with the locks="
        f"{sum(with_lock.values())}; without them: pledge races {without_lock['pledge']}/"
        f"{TRIALS // 2}, session races {without_lock['session']}/{TRIALS // 2}"
    )
    record_property("overallocations_with_lock", sum(with_lock.values()))
    record_property("overallocations_without_lock", sum(without_lock.values()))
    assert with_lock == {"pledge": 0, "session": 0}
    assert without_lock["pledge"] > 0, "no pledge race over-allocated without the locks"
    assert without_lock["session"] > 0, "no session race over-funded without the locks"
    assert Donor.objects.count() == 1
