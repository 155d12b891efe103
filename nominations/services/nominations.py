"""Writes on officials, training needs and nominations.

Every nomination move goes through `nomination_transition`, in the five steps of
shared/STYLE.md: check the permission (scope, then the role in `NOMINATION_TRANSITIONS`),
check the rules (timing, window, quota, capacity), write inside one transaction holding the
session row's lock, log a registered Wagtail action, and enqueue the e-mails after commit.

Promotion order from the waitlist (README, "Waitlist"): when a seat is released (an accepted
or confirmed place declined or withdrawn, or the capacity raised), the waitlisted nominees
of the released place's member come first, by the member's rank, while the member stays
within its quota; then everyone else on the waitlist by submission time (rank, then id, on
a tie), again only while their member stays within its quota. Promotion repeats while seats
are free.
"""

import logging
from datetime import timedelta
from functools import partial

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max, Q
from django.utils import timezone
from django.utils.formats import date_format
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from courses.choices import SessionStatus
from courses.models import Session
from training_hub.scopes import scope_for

from .. import tasks
from ..choices import (
    LIVE_STATUSES,
    NOMINATION_TRANSITIONS,
    QUOTA_STATUSES,
    SEAT_STATUSES,
    Timing,
)
from ..exceptions import MoveNotAllowed, NotAllowed, RuleBroken, StaleNomination
from ..models import Nomination
from .common import (
    ALREADY_NOMINATED,
    BEYOND_CAPACITY,
    LINK_SENT_AGAIN,
    MEMBER_INACTIVE,
    NO_SUCH_MOVE,
    NOMINATION_CREATED,
    NOMINATION_RANKED,
    NOT_WAITING_FOR_ANSWER,
    NOT_YOURS,
    OFFICIAL_OF_OTHER_MEMBER,
    PROMOTED,
    QUOTA_FULL,
    RESERVE,
    ROLE_MAY_NOT,
    SESSION_CANCELLED,
    SESSION_FULL,
    SESSION_NOT_OPEN,
    SESSION_NOT_STARTED,
    SESSION_STARTED,
    STALE,
    WINDOW_CLOSED,
    WINDOW_NOT_OPEN,
    N,
    acting_member,
    may_touch,
    nomination_action,
)

logger = logging.getLogger(__name__)

# Only tests switch this off, to prove that the concurrency test can fail without the lock
# (tests/test_nomination_concurrency.py); no setting or environment variable reaches it.
_lock_sessions = True


# --- nominations --------------------------------------------------------------------------


def _lock_session(session):
    """The session row, locked until commit: every write that decides seats or quota takes
    this lock first, so two of them for one session run one after the other.

    Only the row is read again; its course (which no rule here changes) is the one the
    caller's instance already holds, else it is read when first needed. Its quotas are read
    when a rule needs them (`Session.quota_for`)."""
    sessions = Session.objects.all()
    if _lock_sessions:
        sessions = sessions.select_for_update()
    locked = sessions.get(pk=session.pk)
    if Session.course.is_cached(session):
        locked.course = session.course
    return locked


def _wall(session, value):
    return date_format(session._wall(value), "j F Y, H:i")


def _check_timing(session, timing, now):
    if session.status == SessionStatus.CANCELLED:
        raise RuleBroken(SESSION_CANCELLED)
    if timing == Timing.WINDOW and not session.is_open_for_nominations(now):
        if now >= session.nominations_close_at:
            closed = _wall(session, session.nominations_close_at)
            raise RuleBroken(WINDOW_CLOSED % {"date": closed})
        if now < session.nominations_open_at:
            raise RuleBroken(
                WINDOW_NOT_OPEN % {"date": _wall(session, session.nominations_open_at)}
            )
        raise RuleBroken(SESSION_NOT_OPEN)
    if timing in (Timing.WINDOW, Timing.BEFORE_START) and now >= session.starts_at:
        raise RuleBroken(SESSION_STARTED % {"date": _wall(session, session.starts_at)})
    if timing == Timing.AFTER_START and now < session.starts_at:
        raise RuleBroken(SESSION_NOT_STARTED)


def quota_used(session, member_id):
    """The member's nominations for `session` that count against its quota."""
    return Nomination.objects.filter(
        session=session, member_id=member_id, status__in=QUOTA_STATUSES
    ).count()


def seats_taken(session):
    return Nomination.objects.filter(session=session, status__in=SEAT_STATUSES).count()


def _move_seat(session, delta):
    """Take (+1) or give back (-1) one of the session's seats. Exact because every write
    that changes a seat holds the session's lock; the check constraint keeps the count
    within the capacity even so."""
    session.seats_taken += delta
    Session.objects.filter(pk=session.pk).update(seats_taken=F("seats_taken") + delta)


def _check_member_active(member):
    if not member.is_active:
        raise RuleBroken(MEMBER_INACTIVE % {"member": member.name})


def _write_move(nomination, session, *, old, new, user, reason, now, automatic=False, notify=True):
    """Step 3 to 5 of a move: write, recount the seats, log, and e-mail after commit
    (unless `notify` is off: a cancelled session sends one e-mail for all its moves)."""
    nomination.status = new
    nomination.version += 1
    nomination.reason = reason
    if old == N.DRAFT:
        nomination.submitted_at = now
    if new in (N.ACCEPTED, N.WAITLISTED, N.DECLINED) and old != N.DRAFT:
        nomination.decided_at = now
    if new == N.CONFIRMED:
        nomination.confirmed_at = now
    nomination.save()
    if (old in SEAT_STATUSES) != (new in SEAT_STATUSES):
        _move_seat(session, 1 if new in SEAT_STATUSES else -1)
    log(
        instance=nomination,
        action=nomination_action(new),
        user=user,
        data={"from": old, "to": new, "reason": str(reason), "automatic": automatic},
    )
    if notify:
        transaction.on_commit(
            partial(
                tasks.notify_move.enqueue,
                nomination.pk,
                old,
                new,
                user.pk if user is not None else None,
                str(reason),
            )
        )
    logger.info("nomination %s: %s -> %s by %s", nomination.pk, old, new, user or "system")


def _promote_waitlisted(session, *, released_member_id, now):
    """Fill free seats from the waitlist in the order the module docstring states."""
    promoted = []
    if session.status == SessionStatus.CANCELLED or now >= session.starts_at:
        return promoted
    while session.seats_taken < session.capacity:
        waiting = list(
            Nomination.objects.filter(session=session, status=N.WAITLISTED)
            .select_related("member", "official")
            .order_by("submitted_at", "rank", "pk")
        )
        same = sorted(
            (n for n in waiting if n.member_id == released_member_id),
            key=lambda n: (n.rank, n.submitted_at, n.pk),
        )
        chosen = next(
            (
                n
                for n in same + [n for n in waiting if n.member_id != released_member_id]
                if quota_used(session, n.member_id) < session.quota_for(n.member)
            ),
            None,
        )
        if chosen is None:
            break
        _write_move(
            chosen,
            session,
            old=N.WAITLISTED,
            new=N.ACCEPTED,
            user=None,
            reason=PROMOTED,
            now=now,
            automatic=True,
        )
        promoted.append(chosen)
    return promoted


def _apply_rules(nomination, session, *, old, new, now):
    """The rules beyond timing; returns the status to write (a submission past the quota
    becomes a reserve on the waitlist) and the message to show about it, if any."""
    member = nomination.member
    if new in (N.SUBMITTED, N.WAITLISTED) and old == N.DRAFT:
        _check_member_active(member)
        if nomination.official.member_id != member.pk:
            raise RuleBroken(
                OFFICIAL_OF_OTHER_MEMBER
                % {"name": nomination.official.passport_name, "member": member.name}
            )
        quota = session.quota_for(member)
        if new == N.SUBMITTED and quota_used(session, member.pk) >= quota:
            name = nomination.official.passport_name
            return N.WAITLISTED, RESERVE % {"name": name, "member": member.name, "quota": quota}
    if new == N.ACCEPTED:
        if session.seats_taken >= session.capacity:
            raise RuleBroken(SESSION_FULL % {"capacity": session.capacity})
        quota = session.quota_for(member)
        if old not in QUOTA_STATUSES and quota_used(session, member.pk) >= quota:
            raise RuleBroken(QUOTA_FULL % {"member": member.name, "quota": quota})
    return new, ""


def nomination_transition(*, nomination, to, user, reason="", now=None):
    """Move `nomination` to `to` on behalf of `user`; returns (nomination, notice).

    `nomination.version` is the version the user saw: a newer row is refused as stale
    (unless it already is what was asked, as after a double click). A submission past the
    member's quota lands on the waitlist as a reserve, and `notice` says so. Releasing a
    seat promotes from the waitlist. Side effects: saves the nomination (and the promoted
    ones), the session's seat count, log entries, and e-mails enqueued after commit.
    Raises NotAllowed, MoveNotAllowed, RuleBroken or StaleNomination; nothing is saved then.
    """
    now = now or timezone.now()
    scope = scope_for(user)
    if not may_touch(scope, nomination, nomination.session):
        raise NotAllowed(NOT_YOURS)
    with transaction.atomic():
        session = _lock_session(nomination.session)
        current = Nomination.objects.select_related("member", "official").get(pk=nomination.pk)
        current.session = session
        if current.version != nomination.version:
            written = {to}
            if to == N.SUBMITTED and current.decided_at is None:
                written.add(N.WAITLISTED)  # past the quota, it went in as a reserve
            if current.status in written and current.version == nomination.version + 1:
                return current, ""  # the same request again: it was applied once
            raise StaleNomination(STALE % {"status": N(current.status).label})
        notice = _move(current, session, to=to, user=user, scope=scope, reason=reason, now=now)
    return current, notice


def _move(nomination, session, *, to, user, scope, reason, now):
    """The move itself, under the session's lock and on the current row: the workflow's
    move and role, its timing, the rules, the write, the log and the e-mails, then the
    promotions a released seat allows. Returns the notice to show, if any."""
    old = N(nomination.status)
    if to not in N.values:
        raise MoveNotAllowed(NO_SUCH_MOVE % {"old": old.label, "new": to})
    move = NOMINATION_TRANSITIONS.get((old, N(to)))
    if move is None:
        raise MoveNotAllowed(NO_SUCH_MOVE % {"old": old.label, "new": N(to).label})
    if not (scope.sees_everything or scope.role in move.roles):
        raise NotAllowed(ROLE_MAY_NOT % {"old": old.label, "new": N(to).label})
    _check_timing(session, move.timing, now)
    new, notice = _apply_rules(nomination, session, old=old, new=N(to), now=now)
    _write_move(nomination, session, old=old, new=new, user=user, reason=reason, now=now)
    if old in SEAT_STATUSES and new not in SEAT_STATUSES:
        _promote_waitlisted(session, released_member_id=nomination.member_id, now=now)
    return notice


def nomination_create(*, user, session, official, rank=None, submit=False, now=None):
    """Put `official` forward for `session` as a draft, and submit it when `submit`.

    Returns (nomination, notice) as `nomination_transition`. Refuses an official of another
    member, a second live nomination of the same official, more nominees than seats, and a
    session that is cancelled or has started. Side effects: saves the draft, logs it, and
    whatever the submission does.
    """
    now = now or timezone.now()
    member = acting_member(user, official.member)
    if official.member_id != member.pk:
        raise RuleBroken(
            {
                "official": OFFICIAL_OF_OTHER_MEMBER
                % {"name": official.passport_name, "member": member.name}
            }
        )
    with transaction.atomic():
        session = _lock_session(session)
        _check_timing(session, Timing.BEFORE_START, now)
        _check_member_active(member)
        # One query for the three rules on the session's live nominations.
        live = Nomination.objects.filter(session=session, status__in=LIVE_STATUSES).aggregate(
            official=Count("pk", filter=Q(official_id=official.pk)),
            member=Count("pk", filter=Q(member_id=member.pk)),
            top_rank=Max("rank", filter=Q(member_id=member.pk)),
        )
        if live["official"]:
            raise RuleBroken({"official": ALREADY_NOMINATED % {"name": official.passport_name}})
        if live["member"] >= session.capacity:
            raise RuleBroken(
                BEYOND_CAPACITY % {"member": member.name, "capacity": session.capacity}
            )
        nomination = Nomination(
            session=session,
            official=official,
            member=member,
            rank=rank or (live["top_rank"] or 0) + 1,
            created_by=user,
        )
        # The related rows were just read and the constraints are the rules above (and the
        # database's): only the fields' own validators are left to run.
        nomination.full_clean(
            exclude=["session", "official", "member", "created_by"], validate_constraints=False
        )
        try:
            nomination.save()
        except IntegrityError as error:  # the same official at the same moment, unlocked
            raise RuleBroken(
                {"official": ALREADY_NOMINATED % {"name": official.passport_name}}
            ) from error
        log(
            instance=nomination,
            action=NOMINATION_CREATED,
            user=user,
            data={"rank": nomination.rank},
        )
        notice = ""
        if submit:
            # The submission is the workflow's move, made under the lock already held.
            scope = scope_for(user)
            notice = _move(
                nomination, session, to=N.SUBMITTED, user=user, scope=scope, reason="", now=now
            )
    return nomination, notice


@transaction.atomic
def nominations_rank(*, user, session, ranks):
    """Set the ranks of `user`'s member's live nominees for `session`: {nomination id: rank}.

    Ids of other members' nominations are ignored (never reordered). Ties keep the earlier
    order. Side effects: saves the ranks (1, 2, 3, ... in the order asked) and logs each
    change.
    """
    member = acting_member(user)
    session = _lock_session(session)
    mine = {
        n.pk: n
        for n in Nomination.objects.filter(session=session, member=member, status__in=LIVE_STATUSES)
    }
    asked = sorted(mine.values(), key=lambda n: (ranks.get(n.pk, n.rank), n.rank, n.pk))
    for position, nomination in enumerate(asked, start=1):
        if nomination.rank != position:
            old, nomination.rank = nomination.rank, position
            # The rank is not the status: a form or a confirmation link loaded before a
            # reordering stays valid, so the version stays.
            nomination.save(update_fields=["rank", "updated_at"])
            log(
                instance=nomination,
                action=NOMINATION_RANKED,
                user=user,
                data={"from": old, "to": position},
            )
    return asked


@transaction.atomic
def nominations_submit_drafts(*, user, session, now=None):
    """Submit the member's drafts for `session` in rank order: the first ones within the
    quota, the rest as reserves on the waitlist. Returns the notices to show."""
    member = acting_member(user)
    notices = []
    # All or nothing: a refusal part-way leaves every draft a draft.
    drafts = Nomination.objects.filter(session=session, member=member, status=N.DRAFT)
    for draft in drafts.order_by("rank", "pk"):
        _nomination, notice = nomination_transition(
            nomination=draft, to=N.SUBMITTED, user=user, now=now
        )
        if notice:
            notices.append(notice)
    return notices


def session_fill_from_waitlist(*, session, user=None, now=None):
    """Promote waitlisted nominees into seats that are free (after the capacity was raised).

    Side effects: the promotions, their log entries and e-mails after commit.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock_session(session)
        return _promote_waitlisted(locked, released_member_id=None, now=now)


# What a cancelled session releases: every status a withdrawal may start from.
RELEASED_ON_CANCELLATION = frozenset(
    old for (old, new) in NOMINATION_TRANSITIONS if new == N.WITHDRAWN
)


def session_release_cancelled(*, session, user=None, now=None):
    """Withdraw every nomination still in play on a cancelled session, so that no place is
    held on it and its seats are free; nothing happens to a session that is not cancelled.

    Returns [(nomination id, status before)], for the one cancellation e-mail that tells
    trainees and focal points (the moves send none of their own). Side effects: the moves
    (made by the system, on behalf of `user`, who cancelled) and their log entries.
    """
    now = now or timezone.now()
    released = []
    with transaction.atomic():
        locked = _lock_session(session)
        if locked.status != SessionStatus.CANCELLED:
            return released
        in_play = Nomination.objects.filter(session=locked, status__in=RELEASED_ON_CANCELLATION)
        for nomination in in_play.select_related("member", "official").order_by("pk"):
            old = N(nomination.status)
            nomination.session = locked
            _write_move(
                nomination,
                locked,
                old=old,
                new=N.WITHDRAWN,
                user=user,
                reason=SESSION_CANCELLED,
                now=now,
                automatic=True,
                notify=False,
            )
            released.append((nomination.pk, str(old)))
    return released


# A link asked for through an expired one goes out at most once in this time.
LINK_RESEND_INTERVAL = timedelta(hours=1)


def nomination_resend_link(*, nomination, user=None, proven_by_link=False, now=None):
    """Send the trainee a new confirmation link (and the invitation again), to the address
    their focal point registered, while their place waits for an answer.

    Who may ask: anyone whose scope holds the nomination (its focal point, the centre's
    director, the trainee, the RSO), or, with `proven_by_link`, whoever holds a genuine
    link for it that has expired (`links.nomination_waiting_for`); that way sends at most
    one link per `LINK_RESEND_INTERVAL`. Returns whether a link goes out. Side effects: a
    log entry and the e-mail, enqueued after commit.
    """
    now = now or timezone.now()
    if not proven_by_link and not may_touch(scope_for(user), nomination, nomination.session):
        raise NotAllowed(NOT_YOURS)
    with transaction.atomic():
        session = _lock_session(nomination.session)
        current = Nomination.objects.select_related("member", "official").get(pk=nomination.pk)
        current.session = session
        if current.status != N.ACCEPTED:
            raise RuleBroken(NOT_WAITING_FOR_ANSWER)
        _check_timing(session, Timing.BEFORE_START, now)
        if proven_by_link:
            recent = ModelLogEntry.objects.for_instance(current).filter(
                action=LINK_SENT_AGAIN, timestamp__gte=now - LINK_RESEND_INTERVAL
            )
            if recent.exists():
                return False
        log(instance=current, action=LINK_SENT_AGAIN, user=user, timestamp=now)
        transaction.on_commit(partial(tasks.send_confirmation_link.enqueue, current.pk))
    return True


def status_counts(nominations):
    """{status: count} of a queryset of nominations."""
    return dict(nominations.values_list("status").annotate(n=Count("pk")).order_by())
