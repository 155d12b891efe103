"""Named refusals of the courses app; their messages are shown to users as they are."""

from django.core.exceptions import PermissionDenied, ValidationError


class SessionTransitionNotAllowed(ValidationError):
    """A session cannot move from its current status to the requested one."""


class NotYourCentre(PermissionDenied):
    """The user does not manage the centre this record belongs to."""
