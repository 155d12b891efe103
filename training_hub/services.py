"""Writes on members and users."""

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from .roles import ADMIN_GROUPS, Role
from .scopes import scope_for
from .signals import user_scope_changed

DIRECTOR_NEEDS_CENTRE = _("A training director must manage at least one centre.")
USERS_ARE_RSO_ONLY = _("Only the Regional Support Office can manage accounts.")
SUPERUSER_ONLY = _("Only a superuser can grant superuser status or groups.")
SUPERUSER_ACCOUNT = _("Only a superuser can change a superuser's account.")


def user_check_scope(*, role, centres):
    """The rule on a role's scope that the model cannot check alone (centres are m2m)."""
    if role == Role.DIRECTOR and not centres:
        raise ValidationError({"centres": DIRECTOR_NEEDS_CENTRE})


def _check_actor(actor, *, is_superuser=False, groups=None, user=None):
    """Refuse unless `actor` may write this account; `actor=None` is the system itself.

    Accounts are managed by the RSO (or a superuser). Superuser status and groups other
    than the role's, which grant rights of their own, are for superusers alone, and so is
    any change to a superuser's account.
    """
    if actor is None or actor.is_superuser:
        return
    if not scope_for(actor).sees_everything:
        raise PermissionDenied(USERS_ARE_RSO_ONLY)
    if is_superuser or groups is not None:
        raise PermissionDenied(SUPERUSER_ONLY)
    if user is not None and user.is_superuser:
        raise PermissionDenied(SUPERUSER_ACCOUNT)


@transaction.atomic
def user_sync_role_groups(*, user):
    """Put `user` in the admin group of their role and out of the other role groups.

    Side effects: changes the user's group memberships (and so their admin permissions).
    """
    wanted = ADMIN_GROUPS.get(user.role)
    for role_group in Group.objects.filter(name__in=ADMIN_GROUPS.values()):
        if role_group.name == wanted:
            user.groups.add(role_group)
        else:
            user.groups.remove(role_group)
    # Apps with per-record groups (a director's centre editors) keep theirs in step.
    user_scope_changed.send(sender=type(user), user=user)


@transaction.atomic
def user_create(
    *, username, password, role, member=None, centres=(), actor=None, groups=None, **fields
):
    """Create a validated account with its role and scope.

    `actor` is the person creating it (None: the system, e.g. a migration or the demo).
    Only a superuser may pass `is_superuser=True` or `groups` (the role groups follow the
    role whatever `groups` says). Side effects: saves the user, sets their centres and
    groups, logs the creation when an actor made it.
    Raises PermissionDenied when `actor` may not, and ValidationError naming the field
    when the role and its scope do not fit.
    """
    from .models import User

    _check_actor(actor, is_superuser=fields.get("is_superuser", False), groups=groups)
    user_check_scope(role=role, centres=centres)
    user = User(username=username, role=role, member=member, **fields)
    user.set_password(password)
    user.full_clean()
    user.save()
    user.centres.set(centres)
    if groups is not None:
        user.groups.set(groups)
    user_sync_role_groups(user=user)
    if actor is not None:
        log(instance=user, action="wagtail.create", user=actor)
    return user


@transaction.atomic
def user_update(*, actor, user, password=None, centres=None, groups=None, **fields):
    """Change an account: any of its model fields, its password, centres and groups.

    Fields not passed keep their values; `password=None` keeps the password. The same
    rules as `user_create` apply to `actor`; a non-superuser may not change a superuser's
    account at all. The role's scope is checked again on the resulting role and centres.
    Side effects: saves the user, sets their centres and groups, keeps the role groups in
    step and logs the change.
    """
    _check_actor(actor, is_superuser=fields.get("is_superuser", False), groups=groups, user=user)
    if centres is None:
        centres = list(user.centres.all()) if user.pk else []
    user_check_scope(role=fields.get("role", user.role), centres=centres)
    for name, value in fields.items():
        setattr(user, name, value)
    if password:
        user.set_password(password)
    user.full_clean()
    user.save()
    user.centres.set(centres)
    if groups is not None:
        user.groups.set(groups)
    user_sync_role_groups(user=user)
    log(instance=user, action="wagtail.edit", user=actor)
    return user


def user_language_set(*, user, language):
    """The language a person chose for their pages and e-mails. Side effects: saves it (no
    log entry: it is the person's own preference, not a change of their access)."""
    from .models import User

    if language not in dict(User._meta.get_field("language").choices):
        raise ValidationError({"language": _("Unknown language.")})
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
