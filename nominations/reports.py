"""Reads behind the director's and the RSO's portal panels: counts of nominations per
session, per member and status, sessions at risk, members that put nobody forward.

Like `selectors.py`, every function takes the user and narrows to their scope; the RSO's
reports cross every centre and member, so any other role gets nothing from them.
"""

from datetime import timedelta

from django.db.models import Count, F, Q
from django.utils import timezone

from courses.models import Session
from courses.selectors import upcoming_sessions_managed_by
from training_hub.models import Member
from training_hub.scopes import scope_for

from .choices import LIVE_STATUSES, SEAT_STATUSES, NominationStatus
from .models import Nomination

N = NominationStatus

# The statuses the director's session table counts, in its column order.
DIRECTOR_PANEL_STATUSES = (N.SUBMITTED, N.WAITLISTED, N.ACCEPTED, N.CONFIRMED, N.DECLINED)
# A session is at risk when its window closes within this many days...
AT_RISK_CLOSING_DAYS = 7
# ... and fewer officials than this share of its seats (in per cent) are put forward.
AT_RISK_MIN_FILL_PERCENT = 50
# Put forward and still in the running: what fills a session.
FILLING_STATUSES = frozenset(LIVE_STATUSES - {N.DRAFT})
# A member has nominated someone once it submitted them and did not take them back (a
# declined nominee was nominated all the same).
PUT_FORWARD_STATUSES = frozenset(set(N) - {N.DRAFT, N.WITHDRAWN})


def status_counts_by_session(session_ids):
    """{session id: {status: count}} of the given sessions' nominations, in one query."""
    counts = {}
    rows = (
        Nomination.objects.filter(session_id__in=list(session_ids))
        .values_list("session_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for session_id, status, n in rows:
        counts.setdefault(session_id, {})[status] = n
    return counts


def director_sessions(user):
    """The upcoming sessions of `user`'s centres, each with its counts per status: rows of
    {"session", "counts" (in `DIRECTOR_PANEL_STATUSES` order), "seats_taken"}."""
    sessions = list(upcoming_sessions_managed_by(user))
    counts = status_counts_by_session(session.pk for session in sessions)
    rows = []
    for session in sessions:
        mine = counts.get(session.pk, {})
        rows.append(
            {
                "session": session,
                "counts": [mine.get(status, 0) for status in DIRECTOR_PANEL_STATUSES],
                "seats_taken": sum(mine.get(status, 0) for status in SEAT_STATUSES),
            }
        )
    return rows


def _upcoming(now):
    return Session.objects.upcoming(now)


def member_status_pivot(user, *, now=None):
    """Nominations to upcoming sessions, one row per member and one column per status (in
    one query): (statuses, rows of {"member_id", "member", "counts", "total"})."""
    statuses = list(N)
    cells = (
        scope_for(user)
        .restrict(Nomination.objects.all())
        .filter(session__in=_upcoming(now or timezone.now()))
        .values_list("member_id", "member__name", "status")
        .annotate(n=Count("pk"))
        .order_by("member__name", "member_id")
    )
    rows = {}
    for member_id, name, status, n in cells:
        row = rows.setdefault(member_id, {"member_id": member_id, "member": name, "by": {}})
        row["by"][status] = n
    table = []
    for row in rows.values():
        counts = [row["by"].get(status, 0) for status in statuses]
        table.append({**row, "counts": counts, "total": sum(counts)})
    return statuses, table


def sessions_at_risk(user, *, now=None):
    """Sessions open for nominations whose window closes within `AT_RISK_CLOSING_DAYS` and
    that have fewer officials put forward than `AT_RISK_MIN_FILL_PERCENT` of their seats,
    annotated with `nominated`; the soonest to close first."""
    now = now or timezone.now()
    return (
        scope_for(user)
        .restrict(Session.objects.all())
        .open_for_nominations(now)
        .filter(nominations_close_at__lte=now + timedelta(days=AT_RISK_CLOSING_DAYS))
        .annotate(
            nominated=Count("nominations", filter=Q(nominations__status__in=FILLING_STATUSES))
        )
        # In whole numbers: nominated / capacity < percent / 100.
        .alias(nominated_percent=F("nominated") * 100)
        .filter(nominated_percent__lt=F("capacity") * AT_RISK_MIN_FILL_PERCENT)
        .with_course()
        .order_by("nominations_close_at", "pk")
    )


def members_without_nominations(user, *, now=None):
    """Active members that have put nobody forward to any upcoming session."""
    put_forward = Nomination.objects.filter(
        session__in=_upcoming(now or timezone.now()), status__in=PUT_FORWARD_STATUSES
    )
    return (
        scope_for(user)
        .restrict(Member.objects.filter(is_active=True))
        .exclude(pk__in=put_forward.values("member_id"))
        .order_by("name")
    )
