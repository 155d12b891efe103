"""Writes on members and users."""

from django.contrib.auth.models import Group
from django.db import transaction

from .roles import ADMIN_GROUPS, Role


@transaction.atomic
def user_sync_role_groups(*, user):
    """Put `user` in the admin group of their role and out of the other role groups.

    Side effects: changes the user's group memberships (and so their admin permissions).
    """
    from catalogue.services import centre_ensure_editor_group

    wanted = ADMIN_GROUPS.get(user.role)
    for role_group in Group.objects.filter(name__in=ADMIN_GROUPS.values()):
        if role_group.name == wanted:
            user.groups.add(role_group)
        else:
            user.groups.remove(role_group)
    # A director edits the pages of their own centres through one group per centre.
    keep = set()
    if user.role == Role.DIRECTOR:
        keep = {centre_ensure_editor_group(centre=centre).pk for centre in user.centres.all()}
    for group in user.groups.filter(name__startswith="Centre editors: "):
        if group.pk not in keep:
            user.groups.remove(group)
    user.groups.add(*keep)


@transaction.atomic
def user_create(*, username, password, role, member=None, centres=(), **fields):
    """Create a validated account with its role and scope.

    Side effects: saves the user, sets their centres and role groups.
    Raises ValidationError naming the field when the role and its scope do not fit.
    """
    from django.core.exceptions import ValidationError

    from .forms import DIRECTOR_NEEDS_CENTRE
    from .models import User

    if role == Role.DIRECTOR and not centres:
        raise ValidationError({"centres": DIRECTOR_NEEDS_CENTRE})
    user = User(username=username, role=role, member=member, **fields)
    user.set_password(password)
    user.full_clean()
    user.save()
    user.centres.set(centres)
    user_sync_role_groups(user=user)
    return user
