"""Named refusals of the certificates app; their messages are shown to users as they are."""

from django.core.exceptions import PermissionDenied, ValidationError


class NotAllowed(PermissionDenied):
    """The user may not issue, revoke or change this."""


class RuleBroken(ValidationError):
    """A rule refuses the write now: the nomination is not completed, there is no template,
    the certificate is already revoked."""


class AlreadyIssued(RuleBroken):
    """The trainee already holds a valid certificate for this session."""
