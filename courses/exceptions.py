"""Named refusals of the courses app; their messages are shown to users as they are."""

from django.core.exceptions import PermissionDenied, ValidationError


class SessionTransitionNotAllowed(ValidationError):
    """A session cannot move from its current status to the requested one."""


class NotAllowed(PermissionDenied):
    """The user's role may not make this change."""


class NotYourCentre(NotAllowed):
    """The user does not manage the centre this record belongs to."""
