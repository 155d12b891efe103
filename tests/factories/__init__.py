"""Factories for the suite; they go through the services, as every other entry point does."""

import itertools

from catalogue.services import centre_create
from training_hub.models import Member, User
from training_hub.roles import Role
from training_hub.services import user_create

PASSWORD = "correct-horse-battery"
_seq = itertools.count(1)


def member(code):
    """Members are loaded by a data migration; look them up by ISO code."""
    return Member.objects.get(code=code)


def make_centre(*, acronym=None, country="ID", city="Semarang", time_zone="Asia/Jakarta"):
    n = next(_seq)
    acronym = acronym or f"C{n}"
    return centre_create(
        user=None,
        title=f"Centre {acronym}",
        slug=f"centre-{acronym.lower().replace(' ', '-')}-{n}",
        acronym=acronym,
        country=member(country),
        city=city,
        time_zone=time_zone,
    )


def make_user(role, *, member_code=None, centres=(), username=None, **fields):
    username = username or f"{role or 'nobody'}-{next(_seq)}"
    if role in (Role.FOCAL_POINT, Role.TRAINEE) and member_code is None:
        member_code = "ID"
    fields.setdefault("email", f"{username}@example.org")
    return user_create(
        username=username,
        password=PASSWORD,
        role=role,
        member=member(member_code) if member_code else None,
        centres=list(centres),
        **fields,
    )


def make_superuser():
    return User.objects.create_superuser(f"admin-{next(_seq)}", "admin@example.org", PASSWORD)
