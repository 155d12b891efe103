"""Writes on officials: registration, edits, the private calendar link."""

import secrets

from django.db import IntegrityError, transaction
from wagtail.log_actions import log

from training_hub.roles import Role
from training_hub.scopes import scope_for
from training_hub.services import user_create

from ..exceptions import NotAllowed, RuleBroken
from ..models import Official
from .common import (
    CALENDAR_TOKEN_CHANGED,
    NOT_YOURS,
    OFFICIAL_CREATED,
    OFFICIAL_EDITED,
    OFFICIAL_EMAIL_TAKEN,
    acting_member,
)

# --- officials ----------------------------------------------------------------------------


def _username_for(email, member):
    from training_hub.models import User

    base = email.lower()
    candidate, n = base, 1
    while User.objects.filter(username=candidate).exists():
        n += 1
        candidate = f"{base}.{member.code.lower()}{n if n > 2 else ''}"
    return candidate[:150]


def _check_email_free(member, email, *, exclude=None):
    clash = Official.objects.filter(member=member, email__iexact=email)
    if exclude is not None:
        clash = clash.exclude(pk=exclude.pk)
    existing = clash.first()
    if existing is not None:
        raise RuleBroken(
            {"email": OFFICIAL_EMAIL_TAKEN % {"name": existing.passport_name, "email": email}}
        )


@transaction.atomic
def official_register(*, user, member=None, languages=(), **fields):
    """Register an official of `user`'s member (or, for the RSO, of `member`).

    The official gets a trainee account with no usable password; they set one when they
    accept their first invitation. Side effects: creates the account and the official,
    logs it. Raises RuleBroken naming the existing official when the e-mail is taken.
    """
    member = acting_member(user, member)
    official = Official(member=member, created_by=user, **fields)
    # The e-mail's constraint is checked below, with a message naming the official.
    official.full_clean(exclude=["user"], validate_constraints=False)
    _check_email_free(member, official.email)
    account = user_create(
        username=_username_for(official.email, member),
        password=None,  # unusable until the official accepts an invitation
        role=Role.TRAINEE,
        member=member,
        email=official.email,
        first_name=official.passport_name,
    )
    official.user = account
    try:
        with transaction.atomic():
            official.save()
    except IntegrityError:  # the same e-mail registered at the same moment
        _check_email_free(member, official.email)
        raise
    official.languages.set(languages)
    log(instance=official, action=OFFICIAL_CREATED, user=user)
    return official


@transaction.atomic
def official_update(*, user, official, languages=None, **fields):
    """Change an official's details; the account's e-mail and name follow. Returns the
    saved official; the caller's instance is left as it was, so a refusal shows the
    official as stored.

    Side effects: saves the official and their account, logs the change.
    """
    acting_member(user, official.member)
    current = Official.objects.select_for_update().select_related("member", "user")
    current = current.get(pk=official.pk)
    for name, value in fields.items():
        setattr(current, name, value)
    current.full_clean(exclude=["user"], validate_constraints=False)
    _check_email_free(current.member, current.email, exclude=current)
    current.save()
    if languages is not None:
        current.languages.set(languages)
    account = current.user
    account.email, account.first_name = current.email, current.passport_name
    account.save(update_fields=["email", "first_name"])
    log(instance=current, action=OFFICIAL_EDITED, user=user)
    return current


@transaction.atomic
def official_reset_calendar_token(*, user, official, revoke=False):
    """Give the trainee's private calendar feed a new secret (or none, to revoke it).

    Only the trainee themself (or the RSO) may. The old link stops working at once.
    Side effects: saves the token, logs it.
    """
    scope = scope_for(user)
    if not (scope.sees_everything or official.user_id == scope.user_id):
        raise NotAllowed(NOT_YOURS)
    official.calendar_token = "" if revoke else secrets.token_urlsafe(32)
    official.save(update_fields=["calendar_token", "updated_at"])
    log(instance=official, action=CALENDAR_TOKEN_CHANGED, user=user, data={"revoked": revoke})
    return official
