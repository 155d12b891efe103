"""The nomination rules at the service level: window, dates, members, duplicates, seats,
quotas and reserves, who may make which move (the whole `NOMINATION_TRANSITIONS` table),
stale and repeated requests, promotion from the waitlist, and the audit log."""

import datetime as dt
import types

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from wagtail.models import ModelLogEntry

from courses.choices import SessionStatus
from courses.models import Session, SessionQuota
from courses.services import session_save
from nominations import tasks
from nominations.choices import NOMINATION_TRANSITIONS, N, Timing
from nominations.exceptions import MoveNotAllowed, NotAllowed, RuleBroken, StaleNomination
from nominations.models import Nomination
from nominations.services import (
    nomination_action,
    nomination_create,
    nomination_transition,
    nominations_rank,
    nominations_submit_drafts,
)
from nominations.services.common import (
    ALREADY_NOMINATED,
    BEYOND_CAPACITY,
    MEMBER_INACTIVE,
    NO_SUCH_MOVE,
    NOT_YOUR_MEMBER,
    NOT_YOURS,
    OFFICIAL_OF_OTHER_MEMBER,
    PROMOTED,
    QUOTA_FULL,
    RESERVE,
    ROLE_MAY_NOT,
    SESSION_CANCELLED,
    SESSION_FULL,
    SESSION_NOT_STARTED,
    SESSION_STARTED,
    STALE,
    WINDOW_CLOSED,
    WINDOW_NOT_OPEN,
)
from tests.factories import make_course, make_official, make_session, make_user, member
from training_hub.roles import Role

pytestmark = pytest.mark.django_db

FP, DIRECTOR, TRAINEE, RSO = Role.FOCAL_POINT, Role.DIRECTOR, Role.TRAINEE, Role.RSO


# --- helpers ------------------------------------------------------------------------------


@pytest.fixture
def course(jclec):
    return make_course(jclec, title="Document examination")


@pytest.fixture
def session(course):
    """Open for nominations now (window from 30 days ago to 46 days ahead, start in 60)."""
    return make_session(course, capacity=4, default_quota=2)


@pytest.fixture
def kr_focal_point(db):
    return make_user(Role.FOCAL_POINT, member_code="KR", username="focal.kr")


@pytest.fixture
def no_mail(monkeypatch):
    """The e-mail task is not what these tests check: enqueue nothing after commit."""
    monkeypatch.setattr(tasks, "notify_move", types.SimpleNamespace(enqueue=lambda *a: None))


def official(focal_point, name):
    return make_official(focal_point.member.code, focal_point=focal_point, name=name)


def create(session, official, *, submit=True, now=None, user=None, rank=None):
    user = user or official.member.users.get(role=Role.FOCAL_POINT)
    nomination, _notice = nomination_create(
        user=user, session=session, official=official, submit=submit, now=now, rank=rank
    )
    return nomination


def korean_nominee(session, kr_focal_point, i, *, now):
    return create(session, official(kr_focal_point, f"Korean {i}"), now=now)


def move(nomination, to, user, **kwargs):
    """Move the latest row, as a screen showing the latest version would."""
    fresh = Nomination.objects.get(pk=nomination.pk)
    nomination, _notice = nomination_transition(nomination=fresh, to=to, user=user, **kwargs)
    return nomination


def status(nomination):
    return Nomination.objects.get(pk=nomination.pk).status


def refusal(error_class, call, *args, **kwargs):
    """The messages of the refusal `call` raises (a ValidationError's or a PermissionDenied's)."""
    with pytest.raises(error_class) as caught:
        call(*args, **kwargs)
    error = caught.value
    return error.messages if hasattr(error, "messages") else [str(error)]


def wall(session, value):
    return date_format(session._wall(value), "j F Y, H:i")


def at(minutes):
    """A moment inside the window of `session`, `minutes` from now: submission order."""
    return timezone.now() + dt.timedelta(minutes=minutes)


def move_dates(session, *, days):
    """Shift the session's dates by `days` behind the services' back (no clean, no signal):
    the only way to get a session that has started without waiting for it."""
    delta = dt.timedelta(days=days)
    Session.objects.filter(pk=session.pk).update(
        starts_at=session.starts_at + delta,
        ends_at=session.ends_at + delta,
        nominations_open_at=session.nominations_open_at + delta,
        nominations_close_at=session.nominations_close_at + delta,
    )
    session.refresh_from_db()
    return session


# --- the window and the session's dates ---------------------------------------------------


def test_submitting_before_the_window_opens_is_refused(course, focal_point):
    opens = timezone.now() + dt.timedelta(days=5)
    session = make_session(course, opens=opens, closes=opens + dt.timedelta(days=10))
    draft = create(session, official(focal_point, "Ayu Pratiwi"), submit=False)

    messages = refusal(RuleBroken, move, draft, N.SUBMITTED, focal_point)

    assert messages == [WINDOW_NOT_OPEN % {"date": wall(session, session.nominations_open_at)}]
    assert status(draft) == N.DRAFT


def test_submitting_after_the_window_closed_is_refused(session, focal_point):
    draft = create(session, official(focal_point, "Ayu Pratiwi"), submit=False)
    later = session.nominations_close_at + dt.timedelta(hours=1)

    messages = refusal(RuleBroken, move, draft, N.SUBMITTED, focal_point, now=later)

    assert messages == [WINDOW_CLOSED % {"date": wall(session, session.nominations_close_at)}]
    assert status(draft) == N.DRAFT


def test_a_cancelled_session_takes_no_nomination_and_no_decision(session, focal_point, director):
    submitted = create(session, official(focal_point, "Ayu Pratiwi"))
    Session.objects.filter(pk=session.pk).update(status=SessionStatus.CANCELLED)

    assert refusal(RuleBroken, create, session, official(focal_point, "Budi Santoso")) == [
        SESSION_CANCELLED
    ]
    assert refusal(RuleBroken, move, submitted, N.ACCEPTED, director) == [SESSION_CANCELLED]
    assert Nomination.objects.filter(session=session).count() == 1
    assert status(submitted) == N.SUBMITTED


def test_a_started_session_takes_no_nomination_and_no_decision(session, focal_point, director):
    submitted = create(session, official(focal_point, "Ayu Pratiwi"))
    move_dates(session, days=-61)  # started yesterday
    started = [SESSION_STARTED % {"date": wall(session, session.starts_at)}]

    assert refusal(RuleBroken, create, session, official(focal_point, "Budi Santoso")) == started
    assert refusal(RuleBroken, move, submitted, N.ACCEPTED, director) == started
    assert refusal(RuleBroken, move, submitted, N.WITHDRAWN, focal_point) == started
    assert status(submitted) == N.SUBMITTED


def test_attendance_is_recorded_only_once_the_session_has_started(session, focal_point, director):
    accepted = move(create(session, official(focal_point, "Ayu Pratiwi")), N.ACCEPTED, director)

    assert refusal(RuleBroken, move, accepted, N.ATTENDED, director) == [SESSION_NOT_STARTED]
    assert status(accepted) == N.ACCEPTED

    colleague = move(create(session, official(focal_point, "Budi Santoso")), N.ACCEPTED, director)
    move_dates(session, days=-61)  # started yesterday
    move(accepted, N.ATTENDED, director)
    assert status(accepted) == N.ATTENDED
    # And a place can no longer be declined.
    assert refusal(RuleBroken, move, colleague, N.DECLINED, director) == [
        SESSION_STARTED % {"date": wall(session, session.starts_at)}
    ]


def test_the_clock_can_be_given_to_the_service(session, focal_point, director):
    accepted = move(create(session, official(focal_point, "Ayu Pratiwi")), N.ACCEPTED, director)
    before = session.starts_at - dt.timedelta(minutes=1)
    after = session.starts_at + dt.timedelta(minutes=1)

    assert refusal(RuleBroken, move, accepted, N.ATTENDED, director, now=before) == [
        SESSION_NOT_STARTED
    ]
    assert refusal(RuleBroken, move, accepted, N.DECLINED, director, now=after) == [
        SESSION_STARTED % {"date": wall(session, session.starts_at)}
    ]
    move(accepted, N.ATTENDED, director, now=after)
    assert status(accepted) == N.ATTENDED


# --- members and officials ----------------------------------------------------------------


def test_a_focal_point_cannot_nominate_an_official_of_another_member(
    session, focal_point, other_focal_point
):
    thai = official(other_focal_point, "Somchai Wongsakul")

    assert refusal(NotAllowed, create, session, thai, user=focal_point) == [NOT_YOUR_MEMBER]
    assert not Nomination.objects.exists()


def test_a_nomination_whose_official_belongs_to_another_member_cannot_be_submitted(
    session, focal_point, other_focal_point
):
    # Only a row written behind the services' back can pair them; the submission still checks.
    thai = official(other_focal_point, "Somchai Wongsakul")
    draft = Nomination.objects.create(
        session=session, official=thai, member=member("ID"), rank=1, created_by=focal_point
    )

    messages = refusal(RuleBroken, move, draft, N.SUBMITTED, focal_point)

    assert messages == [
        OFFICIAL_OF_OTHER_MEMBER % {"name": "Somchai Wongsakul", "member": "Indonesia"}
    ]
    assert status(draft) == N.DRAFT


def test_an_inactive_member_cannot_nominate(session, focal_point):
    ayu = official(focal_point, "Ayu Pratiwi")
    type(ayu.member).objects.filter(pk=ayu.member_id).update(is_active=False)
    ayu.member.refresh_from_db()

    assert refusal(RuleBroken, create, session, ayu) == [MEMBER_INACTIVE % {"member": "Indonesia"}]


def test_an_official_cannot_be_nominated_twice_while_the_first_is_live(
    session, focal_point, director
):
    ayu = official(focal_point, "Ayu Pratiwi")
    first = create(session, ayu)

    with pytest.raises(RuleBroken) as caught:
        create(session, ayu)
    assert caught.value.message_dict == {"official": [ALREADY_NOMINATED % {"name": "Ayu Pratiwi"}]}

    move(first, N.DECLINED, director)
    again = create(session, ayu)
    assert status(again) == N.SUBMITTED
    assert Nomination.objects.filter(session=session, official=ayu).count() == 2


def test_the_database_allows_one_live_nomination_per_official_and_session(
    session, focal_point, director
):
    ayu = official(focal_point, "Ayu Pratiwi")
    first = create(session, ayu)
    row = {"session": session, "official": ayu, "member": ayu.member}

    with pytest.raises(IntegrityError), transaction.atomic():
        Nomination.objects.create(**row, rank=2, status=N.WAITLISTED)

    # Ended nominations do not count: a declined one blocks neither a new one nor another
    # ended one.
    Nomination.objects.create(**row, rank=3, status=N.WITHDRAWN)
    move(first, N.DECLINED, director)
    Nomination.objects.create(**row, rank=1, status=N.DRAFT)
    assert Nomination.objects.filter(session=session, official=ayu).count() == 3


def test_a_member_cannot_put_forward_more_officials_than_seats(course, focal_point):
    session = make_session(course, capacity=2, default_quota=2)
    create(session, official(focal_point, "Ayu Pratiwi"), submit=False)
    create(session, official(focal_point, "Budi Santoso"), submit=False)

    messages = refusal(RuleBroken, create, session, official(focal_point, "Citra Dewi"))

    assert messages == [BEYOND_CAPACITY % {"member": "Indonesia", "capacity": 2}]
    assert Nomination.objects.filter(session=session).count() == 2


# --- quotas, reserves and seats -----------------------------------------------------------


def test_drafts_past_the_quota_become_reserves_in_rank_order(session, focal_point):
    # Created in one order, ranked in another: the ranks decide who is within the quota.
    names = ["Ayu Pratiwi", "Budi Santoso", "Citra Dewi", "Dimas Saputra"]
    ranks = [3, 1, 4, 2]
    drafts = {
        name: create(session, official(focal_point, name), submit=False, rank=rank)
        for name, rank in zip(names, ranks, strict=True)
    }

    notices = nominations_submit_drafts(user=focal_point, session=session)

    reserve = {"member": "Indonesia", "quota": 2}
    assert notices == [
        RESERVE % {"name": "Ayu Pratiwi", **reserve},
        RESERVE % {"name": "Citra Dewi", **reserve},
    ]
    assert {name: status(d) for name, d in drafts.items()} == {
        "Budi Santoso": N.SUBMITTED,  # rank 1
        "Ayu Pratiwi": N.WAITLISTED,  # rank 3
        "Citra Dewi": N.WAITLISTED,  # rank 4
        "Dimas Saputra": N.SUBMITTED,  # rank 2
    }


def test_a_quota_row_overrides_the_default_quota(session, focal_point):
    SessionQuota.objects.create(session=session, member=member("ID"), seats=1)
    session = Session.objects.get(pk=session.pk)
    create(session, official(focal_point, "Ayu Pratiwi"))

    nomination, notice = nomination_create(
        user=focal_point,
        session=session,
        official=official(focal_point, "Budi Santoso"),
        submit=True,
    )

    assert nomination.status == N.WAITLISTED
    assert notice == RESERVE % {"name": "Budi Santoso", "member": "Indonesia", "quota": 1}


def test_accepting_beyond_the_capacity_is_refused(course, focal_point, other_focal_point, director):
    session = make_session(course, capacity=2, default_quota=2)
    for name in ("Ayu Pratiwi", "Budi Santoso"):
        move(create(session, official(focal_point, name)), N.ACCEPTED, director)
    thai = create(session, official(other_focal_point, "Somchai Wongsakul"))

    assert refusal(RuleBroken, move, thai, N.ACCEPTED, director) == [SESSION_FULL % {"capacity": 2}]
    assert status(thai) == N.SUBMITTED
    session.refresh_from_db()
    assert session.seats_taken == 2


def test_accepting_from_the_waitlist_beyond_the_quota_is_refused(course, focal_point, director):
    session = make_session(course, capacity=4, default_quota=1)
    first = create(session, official(focal_point, "Ayu Pratiwi"))
    reserve = create(session, official(focal_point, "Budi Santoso"))
    assert status(reserve) == N.WAITLISTED

    full = [QUOTA_FULL % {"member": "Indonesia", "quota": 1}]
    assert refusal(RuleBroken, move, reserve, N.ACCEPTED, director) == full
    move(first, N.ACCEPTED, director)  # accepting the one within the quota uses no more of it
    assert refusal(RuleBroken, move, reserve, N.ACCEPTED, director) == full
    assert status(reserve) == N.WAITLISTED

    # Once the first is declined, its seat and its place in the quota go to the reserve.
    move(first, N.DECLINED, director)
    assert status(reserve) == N.ACCEPTED  # promoted when the seat was released


# --- who may make which move: the whole table ---------------------------------------------

# How the RSO (who may make every move) brings a new nomination to each starting status.
PATHS = {
    N.DRAFT: [],
    N.SUBMITTED: [N.SUBMITTED],
    N.WAITLISTED: [N.SUBMITTED, N.WAITLISTED],
    N.ACCEPTED: [N.SUBMITTED, N.ACCEPTED],
    N.CONFIRMED: [N.SUBMITTED, N.ACCEPTED, N.CONFIRMED],
    N.ATTENDED: [N.SUBMITTED, N.ACCEPTED, N.ATTENDED],
}
MOVES = sorted(NOMINATION_TRANSITIONS, key=lambda move: (list(N).index(move[0]), move[1]))


def _after_start(session):
    return session.starts_at + dt.timedelta(hours=1)


@pytest.fixture
def world(session, focal_point, director, rso):
    ayu = official(focal_point, "Ayu Pratiwi")
    users = {FP: focal_point, DIRECTOR: director, TRAINEE: ayu.user, RSO: rso}
    return types.SimpleNamespace(session=session, official=ayu, users=users)


def _bring_to(world, old):
    nomination = create(world.session, world.official, submit=False)
    for step in PATHS[old]:
        when = _after_start(world.session) if step == N.ATTENDED else None
        nomination = move(nomination, step, world.users[RSO], now=when)
    assert nomination.status == old
    return nomination


@pytest.mark.parametrize(("old", "new"), MOVES, ids=[f"{o}-{n}" for o, n in MOVES])
def test_each_role_makes_exactly_the_moves_the_table_gives_it(world, old, new):
    rule = NOMINATION_TRANSITIONS[(old, new)]
    nomination = _bring_to(world, old)
    when = _after_start(world.session) if rule.timing == Timing.AFTER_START else None
    refused = [ROLE_MAY_NOT % {"old": N(old).label, "new": N(new).label}]

    outcome, expected = {}, {}
    for role, user in world.users.items():
        expected[role] = new if role == RSO or role in rule.roles else refused
        # Each role tries from the same row; an allowed move is rolled back afterwards.
        with transaction.atomic():
            try:
                outcome[role] = move(nomination, new, user, now=when).status
            except NotAllowed as error:
                outcome[role] = [str(error)]
            transaction.set_rollback(True)
        assert status(nomination) == old
    assert outcome == expected


def test_the_focal_point_may_not_accept(world):
    nomination = _bring_to(world, N.SUBMITTED)
    assert refusal(NotAllowed, move, nomination, N.ACCEPTED, world.users[FP]) == [
        ROLE_MAY_NOT % {"old": "Submitted", "new": "Accepted"}
    ]


def test_a_trainee_may_only_confirm_or_decline_their_own_place(world, focal_point):
    nomination = _bring_to(world, N.ACCEPTED)
    colleague = official(focal_point, "Budi Santoso")
    theirs = create(world.session, colleague)

    for to in (N.CONFIRMED, N.DECLINED):
        assert refusal(NotAllowed, move, nomination, to, colleague.user) == [NOT_YOURS]
    assert refusal(NotAllowed, move, theirs, N.WITHDRAWN, colleague.user) == [
        ROLE_MAY_NOT % {"old": "Submitted", "new": "Withdrawn"}
    ]
    move(nomination, N.CONFIRMED, world.official.user)
    assert status(nomination) == N.CONFIRMED


def test_nobody_outside_the_nomination_may_touch_it(world, other_director, other_focal_point):
    nomination = _bring_to(world, N.SUBMITTED)
    outsider = official(other_focal_point, "Somchai Wongsakul")

    assert refusal(NotAllowed, move, nomination, N.ACCEPTED, other_director) == [NOT_YOURS]
    assert refusal(NotAllowed, move, nomination, N.WITHDRAWN, other_focal_point) == [NOT_YOURS]
    assert refusal(NotAllowed, move, nomination, N.DECLINED, outsider.user) == [NOT_YOURS]
    assert status(nomination) == N.SUBMITTED


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (N.DRAFT, N.ACCEPTED),
        (N.SUBMITTED, N.CONFIRMED),
        (N.WAITLISTED, N.SUBMITTED),
        (N.ATTENDED, N.DECLINED),
        (N.DRAFT, N.DRAFT),
    ],
)
def test_a_move_outside_the_table_is_refused_even_to_the_rso(world, old, new):
    nomination = _bring_to(world, old)
    when = _after_start(world.session) if old == N.ATTENDED else None

    messages = refusal(MoveNotAllowed, move, nomination, new, world.users[RSO], now=when)

    assert messages == [NO_SUCH_MOVE % {"old": N(old).label, "new": N(new).label}]
    assert status(nomination) == old


def test_after_an_end_nothing_moves(world):
    nomination = _bring_to(world, N.SUBMITTED)
    move(nomination, N.WITHDRAWN, world.users[FP])
    for to in set(N) - {N.WITHDRAWN}:
        assert refusal(MoveNotAllowed, move, nomination, to, world.users[RSO]) == [
            NO_SUCH_MOVE % {"old": "Withdrawn", "new": N(to).label}
        ]


# --- stale and repeated requests ----------------------------------------------------------


def test_a_move_from_a_stale_page_is_refused(session, focal_point, director):
    nomination = create(session, official(focal_point, "Ayu Pratiwi"))
    seen_by_director = Nomination.objects.get(pk=nomination.pk)
    seen_by_focal_point = Nomination.objects.get(pk=nomination.pk)
    nomination_transition(nomination=seen_by_director, to=N.ACCEPTED, user=director)

    with pytest.raises(StaleNomination) as caught:
        nomination_transition(nomination=seen_by_focal_point, to=N.WITHDRAWN, user=focal_point)

    assert caught.value.messages == [STALE % {"status": "Accepted"}]
    assert status(nomination) == N.ACCEPTED


def test_the_same_move_sent_twice_is_applied_and_logged_once(session, focal_point, director):
    nomination = create(session, official(focal_point, "Ayu Pratiwi"))
    page = Nomination.objects.get(pk=nomination.pk)  # what both requests carry

    first, _ = nomination_transition(nomination=page, to=N.ACCEPTED, user=director)
    again, notice = nomination_transition(nomination=page, to=N.ACCEPTED, user=director)

    assert (first.status, again.status, notice) == (N.ACCEPTED, N.ACCEPTED, "")
    assert again.version == first.version == page.version + 1
    accepted = ModelLogEntry.objects.for_instance(nomination).filter(
        action=nomination_action(N.ACCEPTED)
    )
    assert accepted.count() == 1
    session.refresh_from_db()
    assert session.seats_taken == 1

    # A different move with that old version is stale, not a repeat.
    with pytest.raises(StaleNomination):
        nomination_transition(nomination=page, to=N.DECLINED, user=director)


# --- promotion from the waitlist ----------------------------------------------------------


def test_a_released_place_goes_first_to_the_same_members_reserves_by_rank(
    course, focal_point, other_focal_point, kr_focal_point, director
):
    session = make_session(course, capacity=4, default_quota=2)
    # TH's nominee waits since the start: by submission time, it would come first.
    thai = create(session, official(other_focal_point, "Somchai Wongsakul"), now=at(1))
    move(thai, N.WAITLISTED, director)
    indonesians = [
        create(session, official(focal_point, f"Indonesian {i}"), now=at(2 + i)) for i in range(4)
    ]
    koreans = [korean_nominee(session, kr_focal_point, i, now=at(2)) for i in range(2)]
    for accepted in (*indonesians[:2], *koreans):
        move(accepted, N.ACCEPTED, director)
    third, fourth = indonesians[2:]
    assert (status(third), status(fourth)) == (N.WAITLISTED, N.WAITLISTED)  # past the quota
    # The focal point ranks the fourth above the third.
    nominations_rank(user=focal_point, session=session, ranks={fourth.pk: 1, third.pk: 4})

    move(indonesians[0], N.DECLINED, indonesians[0].official.user)

    assert status(fourth) == N.ACCEPTED
    assert (status(third), status(thai)) == (N.WAITLISTED, N.WAITLISTED)
    session.refresh_from_db()
    assert session.seats_taken == 4


def test_otherwise_a_released_place_goes_by_submission_time(
    course, focal_point, other_focal_point, kr_focal_point, director
):
    session = make_session(course, capacity=2, default_quota=2)
    # TH submitted first with its second choice; ID later with its first.
    thai = create(session, official(other_focal_point, "Somchai Wongsakul"), rank=2, now=at(1))
    indonesian = create(session, official(focal_point, "Ayu Pratiwi"), rank=1, now=at(2))
    for waiting in (thai, indonesian):
        move(waiting, N.WAITLISTED, director)
    koreans = [korean_nominee(session, kr_focal_point, i, now=at(3)) for i in range(2)]
    for korean in koreans:
        move(korean, N.ACCEPTED, director)

    # KR has no one waiting: the earliest submission wins over the better rank.
    move(koreans[0], N.DECLINED, director)

    assert (status(thai), status(indonesian)) == (N.ACCEPTED, N.WAITLISTED)


def test_promotion_skips_a_member_at_its_quota(
    course, focal_point, other_focal_point, kr_focal_point, director
):
    session = make_session(course, capacity=3, default_quota=2)
    SessionQuota.objects.create(session=session, member=member("TH"), seats=1)
    thai = create(session, official(other_focal_point, "Somchai Wongsakul"), now=at(1))
    move(thai, N.WAITLISTED, director)
    # TH's one place is then used by a submission that is still pending.
    create(session, official(other_focal_point, "Nattapong Srisuk"), now=at(2))
    indonesian = create(session, official(focal_point, "Ayu Pratiwi"), now=at(3))
    move(indonesian, N.WAITLISTED, director)
    koreans = [korean_nominee(session, kr_focal_point, i, now=at(4)) for i in range(2)]
    for korean in koreans:
        move(korean, N.ACCEPTED, director)
    thirds = create(session, official(focal_point, "Budi Santoso"), now=at(5))
    move(thirds, N.ACCEPTED, director)  # full: 3 seats

    move(koreans[0], N.WITHDRAWN, kr_focal_point)

    assert (status(thai), status(indonesian)) == (N.WAITLISTED, N.ACCEPTED)


def test_raising_the_capacity_promotes_from_the_waitlist(
    course,
    focal_point,
    other_focal_point,
    kr_focal_point,
    director,
    django_capture_on_commit_callbacks,
    no_mail,
):
    session = make_session(course, capacity=3, default_quota=2)
    thai = create(session, official(other_focal_point, "Somchai Wongsakul"), now=at(1))
    move(thai, N.WAITLISTED, director)
    indonesians = [
        create(session, official(focal_point, f"Indonesian {i}"), now=at(2 + i)) for i in range(2)
    ]
    korean = create(session, official(kr_focal_point, "Kim Min-jun"), now=at(4))
    for accepted in (*indonesians, korean):
        move(accepted, N.ACCEPTED, director)
    reserve = create(session, official(focal_point, "Indonesian reserve"), now=at(5))
    assert status(reserve) == N.WAITLISTED

    edited = Session.objects.get(pk=session.pk)
    edited.capacity = 5
    with django_capture_on_commit_callbacks(execute=True):
        session_save(session=edited, user=director)

    # Two seats are free; TH is within its quota, ID is not (two accepted of two).
    assert (status(thai), status(reserve)) == (N.ACCEPTED, N.WAITLISTED)
    session.refresh_from_db()
    assert session.seats_taken == 4
    entry = ModelLogEntry.objects.for_instance(thai).get(action=nomination_action(N.ACCEPTED))
    assert entry.user is None
    assert entry.data == {
        "from": N.WAITLISTED,
        "to": N.ACCEPTED,
        "reason": str(PROMOTED),
        "automatic": True,
    }


def test_lowering_the_capacity_promotes_no_one(
    course, focal_point, other_focal_point, director, django_capture_on_commit_callbacks, no_mail
):
    session = make_session(course, capacity=4, default_quota=2)
    thai = create(session, official(other_focal_point, "Somchai Wongsakul"))
    move(thai, N.WAITLISTED, director)

    edited = Session.objects.get(pk=session.pk)
    edited.capacity = 3
    with django_capture_on_commit_callbacks(execute=True):
        session_save(session=edited, user=director)

    assert status(thai) == N.WAITLISTED


# --- the audit log ------------------------------------------------------------------------


def test_each_move_is_logged_with_its_from_to_and_reason(session, focal_point, director):
    nomination = create(session, official(focal_point, "Ayu Pratiwi"), submit=False)
    move(nomination, N.SUBMITTED, focal_point)
    move(nomination, N.ACCEPTED, director, reason="Strong profile")
    move(nomination, N.CONFIRMED, nomination.official.user)
    move(nomination, N.DECLINED, director, reason="Visa refused")

    entries = ModelLogEntry.objects.for_instance(nomination).order_by("pk")
    assert [(e.action, e.user, e.data) for e in entries] == [
        ("nominations.nomination.create", focal_point, {"rank": 1}),
        *[
            (
                nomination_action(to),
                user,
                {"from": old, "to": to, "reason": reason, "automatic": False},
            )
            for old, to, user, reason in [
                (N.DRAFT, N.SUBMITTED, focal_point, ""),
                (N.SUBMITTED, N.ACCEPTED, director, "Strong profile"),
                (N.ACCEPTED, N.CONFIRMED, nomination.official.user, ""),
                (N.CONFIRMED, N.DECLINED, director, "Visa refused"),
            ]
        ],
    ]
    final = Nomination.objects.get(pk=nomination.pk)
    assert (final.reason, final.version) == ("Visa refused", 5)
    assert final.submitted_at and final.decided_at and final.confirmed_at


def test_the_same_submission_sent_twice_past_the_quota_is_applied_once(course, focal_point):
    # A double click on "Submit" when the quota is used: the first lands on the waitlist as
    # a reserve; the second is the same request, not someone else's change.
    session = make_session(course, capacity=4, default_quota=1)
    create(session, official(focal_point, "Ayu Pratiwi"))
    draft = create(session, official(focal_point, "Budi Santoso"), submit=False)
    page = Nomination.objects.get(pk=draft.pk)

    first, notice = nomination_transition(nomination=page, to=N.SUBMITTED, user=focal_point)
    again, _ = nomination_transition(nomination=page, to=N.SUBMITTED, user=focal_point)

    assert notice == RESERVE % {"name": "Budi Santoso", "member": "Indonesia", "quota": 1}
    assert (first.status, again.status, again.version) == (N.WAITLISTED, N.WAITLISTED, 2)
    assert (
        ModelLogEntry.objects.for_instance(draft)
        .filter(action=nomination_action(N.WAITLISTED))
        .count()
        == 1
    )


def test_the_same_submission_sent_twice_within_the_quota_is_applied_once(session, focal_point):
    draft = create(session, official(focal_point, "Ayu Pratiwi"), submit=False)
    page = Nomination.objects.get(pk=draft.pk)

    nomination_transition(nomination=page, to=N.SUBMITTED, user=focal_point)
    again, _ = nomination_transition(nomination=page, to=N.SUBMITTED, user=focal_point)

    assert (again.status, again.version) == (N.SUBMITTED, 2)


def test_a_submission_from_a_page_older_than_the_directors_waitlisting_is_stale(
    session, focal_point, director
):
    draft = create(session, official(focal_point, "Ayu Pratiwi"), submit=False)
    page = Nomination.objects.get(pk=draft.pk)
    nomination_transition(nomination=page, to=N.SUBMITTED, user=focal_point)
    move(draft, N.WAITLISTED, director)

    with pytest.raises(StaleNomination):
        nomination_transition(nomination=page, to=N.SUBMITTED, user=focal_point)


def test_a_cancelled_session_withdraws_its_nominations_and_frees_its_seats(
    session, focal_point, director, rso, no_mail, django_capture_on_commit_callbacks
):
    """Places held on a cancelled session are given back: no seat stays taken, nothing
    stays in play, and each withdrawal is logged as the system's, with the reason."""
    placed = nomination_create(
        user=focal_point, session=session, official=make_official("ID"), submit=True
    )[0]
    placed, _notice = nomination_transition(nomination=placed, to=N.ACCEPTED, user=director)
    submitted = nomination_create(
        user=focal_point, session=session, official=make_official("ID"), submit=True
    )[0]
    draft = nomination_create(user=focal_point, session=session, official=make_official("ID"))[0]
    session.refresh_from_db()
    assert session.seats_taken == 1

    session.status = SessionStatus.CANCELLED
    with django_capture_on_commit_callbacks(execute=True):
        session_save(session=session, user=rso)

    session.refresh_from_db()
    assert session.seats_taken == 0
    for nomination in (placed, submitted, draft):
        nomination.refresh_from_db()
        assert nomination.status == N.WITHDRAWN
        assert nomination.reason == str(SESSION_CANCELLED)
        entry = ModelLogEntry.objects.for_instance(nomination).get(
            action=nomination_action(N.WITHDRAWN)
        )
        assert entry.user == rso and entry.data["automatic"] is True
    assert (
        ModelLogEntry.objects.for_instance(placed)
        .get(action=nomination_action(N.WITHDRAWN))
        .data["from"]
        == N.ACCEPTED
    )
    # Nothing moves on a cancelled session any more.
    with pytest.raises(RuleBroken):
        nomination_create(user=focal_point, session=session, official=make_official("ID"))
