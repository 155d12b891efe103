"""Scoped reads of members and people."""

from .models import Member, User
from .roles import Role
from .scopes import scope_for


def members_active():
    """Members are public: every visitor may see the list."""
    return Member.objects.filter(is_active=True)


def people_visible_to(user):
    """The accounts `user` may see: their member's people for a focal point, else themself."""
    return (
        scope_for(user)
        .restrict(
            User.objects.select_related("member").filter(is_active=True),
            member="member",
            person="pk",
        )
        .order_by("last_name", "first_name", "username")
    )


def officials_visible_to(user):
    """Trainee accounts (nominated officials) within `user`'s scope."""
    return people_visible_to(user).filter(role=Role.TRAINEE)
