"""The vocabularies of needs and nominations, and which move each role may make: the
nomination workflow as data (shared/STYLE.md), read by the service and by the screens."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from courses.choices import SessionStatus
from training_hub.roles import Role


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Another gender")
    UNDISCLOSED = "undisclosed", _("Prefers not to say")


class NeedStatus(models.TextChoices):
    OPEN = "open", _("Open")
    MATCHED = "matched", _("Matched")
    MET = "met", _("Met")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Priority(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class Frequency(models.TextChoices):
    ONCE = "once", _("Once")
    YEARLY = "yearly", _("Every year")
    TWICE_YEARLY = "twice_yearly", _("Twice a year")
    QUARTERLY = "quarterly", _("Every quarter")


class NominationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    WAITLISTED = "waitlisted", _("Waitlisted")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    CONFIRMED = "confirmed", _("Confirmed")
    ATTENDED = "attended", _("Attended")
    COMPLETED = "completed", _("Completed")
    NO_SHOW = "no_show", _("No-show")
    WITHDRAWN = "withdrawn", _("Withdrawn")


N = NominationStatus
# Count against the member's quota for the session (`Session.quota_for`).
QUOTA_STATUSES = frozenset({N.SUBMITTED, N.ACCEPTED, N.CONFIRMED})
# Hold one of the session's seats (`Session.seats_taken`).
SEAT_STATUSES = frozenset({N.ACCEPTED, N.CONFIRMED, N.ATTENDED, N.COMPLETED})
# Finished with: the official may be nominated to the session again.
ENDED_STATUSES = frozenset({N.DECLINED, N.WITHDRAWN})
LIVE_STATUSES = frozenset(set(N) - ENDED_STATUSES)


class Timing(models.TextChoices):
    """When a move may be made, against the session's dates."""

    WINDOW = "window", _("while nominations are open")
    BEFORE_START = "before_start", _("until the session starts")
    AFTER_START = "after_start", _("once the session has started")


@dataclass(frozen=True)
class Move:
    """One allowed move: who may make it (the RSO may make every move) and when."""

    roles: frozenset
    timing: str
    label: str


FP, DIRECTOR, TRAINEE = Role.FOCAL_POINT, Role.DIRECTOR, Role.TRAINEE
_T = Timing


def _move(roles, timing, label):
    return Move(frozenset(roles), timing, label)


NOMINATION_TRANSITIONS = {
    # The focal point submits; past the member's quota the service files it as a reserve.
    (N.DRAFT, N.SUBMITTED): _move({FP}, _T.WINDOW, _("Submit")),
    (N.DRAFT, N.WAITLISTED): _move({FP}, _T.WINDOW, _("Submit as a reserve")),
    (N.SUBMITTED, N.ACCEPTED): _move({DIRECTOR}, _T.BEFORE_START, _("Accept")),
    (N.SUBMITTED, N.WAITLISTED): _move({DIRECTOR}, _T.BEFORE_START, _("Waitlist")),
    (N.SUBMITTED, N.DECLINED): _move({DIRECTOR}, _T.BEFORE_START, _("Decline")),
    (N.WAITLISTED, N.ACCEPTED): _move({DIRECTOR}, _T.BEFORE_START, _("Accept")),
    (N.WAITLISTED, N.DECLINED): _move({DIRECTOR}, _T.BEFORE_START, _("Decline")),
    (N.ACCEPTED, N.CONFIRMED): _move({TRAINEE}, _T.BEFORE_START, _("Confirm my place")),
    (N.ACCEPTED, N.DECLINED): _move({TRAINEE, DIRECTOR}, _T.BEFORE_START, _("Decline the place")),
    (N.CONFIRMED, N.DECLINED): _move({TRAINEE, DIRECTOR}, _T.BEFORE_START, _("Decline the place")),
    (N.ACCEPTED, N.ATTENDED): _move({DIRECTOR}, _T.AFTER_START, _("Attended")),
    (N.CONFIRMED, N.ATTENDED): _move({DIRECTOR}, _T.AFTER_START, _("Attended")),
    (N.ACCEPTED, N.NO_SHOW): _move({DIRECTOR}, _T.AFTER_START, _("No-show")),
    (N.CONFIRMED, N.NO_SHOW): _move({DIRECTOR}, _T.AFTER_START, _("No-show")),
    (N.ATTENDED, N.COMPLETED): _move({DIRECTOR}, _T.AFTER_START, _("Completed")),
    (N.ATTENDED, N.NO_SHOW): _move({DIRECTOR}, _T.AFTER_START, _("No-show")),
    **{
        (old, N.WITHDRAWN): _move({FP}, _T.BEFORE_START, _("Withdraw"))
        for old in (N.DRAFT, N.SUBMITTED, N.WAITLISTED, N.ACCEPTED, N.CONFIRMED)
    },
}


def moves_from(status, role):
    """The statuses `role` may move a nomination in `status` to (ignoring timing)."""
    return [
        new
        for (old, new), move in NOMINATION_TRANSITIONS.items()
        if old == status and (role == Role.RSO or role in move.roles)
    ]


def timing_fits(session, timing, now):
    """Whether a move of this timing may be made on `session` at `now` (the service checks
    it again, and says why when it does not)."""
    if session.status == SessionStatus.CANCELLED:
        return False
    if timing == Timing.WINDOW:
        return session.is_open_for_nominations(now) and now < session.starts_at
    if timing == Timing.BEFORE_START:
        return now < session.starts_at
    return now >= session.starts_at


def moves_open(nomination, role, now):
    """[(status, label)] of the moves `role` may make on `nomination` at `now`: what the
    screens offer. The service still checks every rule when one is made."""
    return [
        (new, NOMINATION_TRANSITIONS[(nomination.status, new)].label)
        for new in moves_from(nomination.status, role)
        if timing_fits(
            nomination.session, NOMINATION_TRANSITIONS[(nomination.status, new)].timing, now
        )
    ]


NEED_TRANSITIONS = {
    NeedStatus.OPEN: {NeedStatus.MATCHED, NeedStatus.WITHDRAWN},
    NeedStatus.MATCHED: {NeedStatus.OPEN, NeedStatus.MET, NeedStatus.WITHDRAWN},
    NeedStatus.MET: set(),
    NeedStatus.WITHDRAWN: set(),
}
# The focal point may only withdraw; matching and meeting are the RSO's (coordination issue).
NEED_MOVES_BY_ROLE = {
    Role.FOCAL_POINT: {NeedStatus.WITHDRAWN},
    Role.RSO: set(NeedStatus),
}
