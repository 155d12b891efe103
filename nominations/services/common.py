"""What the services share: the messages users see, the log actions, who acts for which
member and who may touch a nomination."""

from django.utils.translation import gettext_lazy as _

from training_hub.roles import Role
from training_hub.scopes import scope_for

from ..choices import (
    NominationStatus,
)
from ..exceptions import NotAllowed

N = NominationStatus

# Messages users see; tests import them.
NOT_YOUR_MEMBER = _("You can only act for the officials and needs of your own member.")
NOT_YOURS = _("This nomination is not yours to change.")
ROLE_MAY_NOT = _("Your role cannot move a nomination from “%(old)s” to “%(new)s”.")
NO_SUCH_MOVE = _("A nomination that is “%(old)s” cannot become “%(new)s”.")
STALE = _(
    "Someone changed this nomination after you opened the page (it is now “%(status)s”). "
    "Nothing was applied; check it and try again."
)
SESSION_CANCELLED = _("The session is cancelled.")
WINDOW_CLOSED = _("Nominations for this session closed on %(date)s.")
WINDOW_NOT_OPEN = _("Nominations for this session open on %(date)s.")
SESSION_NOT_OPEN = _("This session is not open for nominations.")
SESSION_STARTED = _("The session started on %(date)s; this can no longer change.")
SESSION_NOT_STARTED = _("Attendance and results are recorded once the session has started.")
SESSION_FULL = _("The session is full: all %(capacity)s seats are taken.")
QUOTA_FULL = _("%(member)s has used all %(quota)s of its places for this session.")
BEYOND_CAPACITY = _(
    "%(member)s cannot put forward more officials than the session has seats (%(capacity)s)."
)
ALREADY_NOMINATED = _("%(name)s is already nominated to this session.")
OFFICIAL_OF_OTHER_MEMBER = _("%(name)s is not an official of %(member)s.")
MEMBER_INACTIVE = _("%(member)s is inactive and cannot nominate.")
OFFICIAL_EMAIL_TAKEN = _("%(name)s is already registered with the e-mail %(email)s.")
RESERVE = _("%(name)s is a reserve on the waitlist: %(member)s's quota of %(quota)s is used.")
PROMOTED = _("Promoted from the waitlist: a place was released.")
NEED_NOT_OPEN = _("Only an open need can be edited.")
NEED_MOVE_REFUSED = _("A need that is “%(old)s” cannot become “%(new)s”.")
NOT_WAITING_FOR_ANSWER = _("Only a place that waits for the trainee's answer has a link to send.")
MODULE_OUTSIDE_CURRICULUM = _("Module %(code)s is not part of the chosen curriculum.")

# Log actions of this app, registered in wagtail_hooks.py.
OFFICIAL_CREATED = "nominations.official.create"
OFFICIAL_EDITED = "nominations.official.edit"
CALENDAR_TOKEN_CHANGED = "nominations.official.calendar"
NEED_CREATED = "nominations.need.create"
NEED_EDITED = "nominations.need.edit"
NEED_STATUS_CHANGED = "nominations.need.status"
NOMINATION_CREATED = "nominations.nomination.create"
NOMINATION_RANKED = "nominations.nomination.rank"
LINK_SENT_AGAIN = "nominations.nomination.link"


def nomination_action(status):
    """The log action of a move to `status`."""
    return f"nominations.nomination.{status}"


LOG_ACTIONS = {
    OFFICIAL_CREATED: _("Official registered"),
    OFFICIAL_EDITED: _("Official edited"),
    CALENDAR_TOKEN_CHANGED: _("Calendar feed link changed"),
    NEED_CREATED: _("Training need recorded"),
    NEED_EDITED: _("Training need edited"),
    NEED_STATUS_CHANGED: _("Training need status changed"),
    NOMINATION_CREATED: _("Nomination drafted"),
    NOMINATION_RANKED: _("Nominee ranked"),
    LINK_SENT_AGAIN: _("Confirmation link sent again"),
    **{nomination_action(status): status.label for status in N if status != N.DRAFT},
}

# --- permissions --------------------------------------------------------------------------


def acting_member(user, member=None):
    """The member `user` acts for: their own (focal point) or the one given (RSO)."""
    scope = scope_for(user)
    if scope.sees_everything and member is not None:
        return member
    if scope.role == Role.FOCAL_POINT and (member is None or member.pk == scope.member_id):
        return member or user.member
    raise NotAllowed(NOT_YOUR_MEMBER)


def may_touch(scope, nomination, session):
    if scope.sees_everything:
        return True
    if scope.role == Role.FOCAL_POINT:
        return nomination.member_id == scope.member_id
    if scope.role == Role.DIRECTOR:
        return session.course.centre_id in scope.centre_ids
    if scope.role == Role.TRAINEE:
        return nomination.official.user_id == scope.user_id
    return False
