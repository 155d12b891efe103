"""Named refusals of the nominations app; their messages are shown to users as they are."""

from django.core.exceptions import PermissionDenied, ValidationError


class NotAllowed(PermissionDenied):
    """The user may not make this move or change this record."""


class MoveNotAllowed(ValidationError):
    """The workflow has no such move from the nomination's status."""


class RuleBroken(ValidationError):
    """The move exists but a rule refuses it now: window, quota, capacity, dates."""


class StaleNomination(ValidationError):
    """The nomination changed after the form was loaded; nothing was applied."""


class BadLink(ValidationError):
    """A confirmation link that is forged, expired or already used."""


class ThemeMismatch(RuleBroken):
    """A need linked to a session or course of another theme than it asked for: a warning
    the RSO may confirm (`need_link(..., confirm_theme=True)`)."""
