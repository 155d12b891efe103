"""Writes on members and users."""

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .roles import ADMIN_GROUPS, Role
from .signals import user_scope_changed

DIRECTOR_NEEDS_CENTRE = _("A training director must manage at least one centre.")


def user_check_scope(*, role, centres):
    """The rule on a role's scope that the model cannot check alone (centres are m2m)."""
    if role == Role.DIRECTOR and not centres:
        raise ValidationError({"centres": DIRECTOR_NEEDS_CENTRE})


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
def user_create(*, username, password, role, member=None, centres=(), **fields):
    """Create a validated account with its role and scope.

    Side effects: saves the user, sets their centres and role groups.
    Raises ValidationError naming the field when the role and its scope do not fit.
    """
    from .models import User

    user_check_scope(role=role, centres=centres)
    user = User(username=username, role=role, member=member, **fields)
    user.set_password(password)
    user.full_clean()
    user.save()
    user.centres.set(centres)
    user_sync_role_groups(user=user)
    return user
