"""The signed, expiring link an accepted official confirms their place with.

The token carries the nomination's id and version. Every move raises the version, so a
link stops working once it was used (or the nomination moved on), and after
`TRAINING_HUB_CONFIRMATION_DAYS`.
"""

from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

from .choices import NominationStatus
from .exceptions import BadLink
from .models import Nomination

SALT = "nominations.confirm"
LINK_EXPIRED = _(
    "This confirmation link has expired. If your account has a password, sign in and answer "
    "from your portal; otherwise ask your national focal point."
)
LINK_USED = _("This confirmation link was already used, or the nomination has changed since.")
LINK_INVALID = _("This confirmation link is not valid. Check that you copied all of it.")


def _signer():
    return signing.TimestampSigner(salt=SALT)


def confirmation_token(nomination):
    return _signer().sign_object({"n": nomination.pk, "v": nomination.version})


def read_confirmation_token(token):
    """(nomination id, version) from a token; raises BadLink (expired or forged)."""
    max_age = settings.TRAINING_HUB_CONFIRMATION_DAYS * 86400
    try:
        data = _signer().unsign_object(token, max_age=max_age)
    except signing.SignatureExpired as error:
        raise BadLink(LINK_EXPIRED) from error
    except (signing.BadSignature, ValueError) as error:
        raise BadLink(LINK_INVALID) from error
    if not isinstance(data, dict) or not {"n", "v"} <= data.keys():
        raise BadLink(LINK_INVALID)
    try:
        return int(data["n"]), int(data["v"])
    except (TypeError, ValueError) as error:
        raise BadLink(LINK_INVALID) from error


def nomination_for_link(token):
    """The accepted nomination a token confirms; raises BadLink when the link is forged,
    expired, or was used (the nomination moved on since it was sent)."""
    nomination_id, version = read_confirmation_token(token)
    nomination = (
        Nomination.objects.select_related("official__user", "member", "session__course__centre")
        .filter(pk=nomination_id)
        .first()
    )
    if nomination is None:
        raise BadLink(LINK_INVALID)
    if nomination.version != version or nomination.status != NominationStatus.ACCEPTED:
        raise BadLink(LINK_USED)
    return nomination


def nomination_waiting_for(token):
    """The nomination a genuine token was made for, expired or not, if it still waits for
    this answer (accepted, and not moved since the token was made); else None. A new link
    may then go to its official's registered address."""
    try:
        data = _signer().unsign_object(token)  # no max_age: an expired link still counts
        nomination_id, version = int(data["n"]), int(data["v"])
    except (signing.BadSignature, ValueError, TypeError, KeyError):
        return None
    return Nomination.objects.filter(
        pk=nomination_id, version=version, status=NominationStatus.ACCEPTED
    ).first()
