"""The one place that decides which records a user may see.

Every selector in every app narrows its queryset through `scope_for(user).restrict(...)`,
naming how the model reaches a member, a centre and a person. A role whose path is not
named sees nothing: access is denied by default, never granted by omission.
"""

from dataclasses import dataclass, field

from django.db.models import QuerySet

from .roles import Role


@dataclass(frozen=True)
class Scope:
    """What one user may see: everything, some centres, one member, or themself."""

    role: str | None
    user_id: int | None = None
    member_id: int | None = None
    centre_ids: frozenset = field(default_factory=frozenset)

    @property
    def sees_everything(self):
        return self.role == Role.RSO

    def restrict(
        self,
        queryset: QuerySet,
        *,
        member: str | None = None,
        centre: str | None = None,
        person: str | None = None,
    ) -> QuerySet:
        """Narrow `queryset` to this scope.

        `member`, `centre` and `person` are lookup paths from the queryset's model to a
        Member, a CentrePage and a User (e.g. ``member="nominee__member"``).
        """
        if self.sees_everything:
            return queryset
        if self.role == Role.DIRECTOR and centre:
            return queryset.filter(**{f"{centre}__in": self.centre_ids})
        if self.role == Role.FOCAL_POINT and member and self.member_id:
            return queryset.filter(**{member: self.member_id})
        if self.role == Role.TRAINEE and person and self.user_id:
            return queryset.filter(**{person: self.user_id})
        return queryset.none()

    def allows(self, obj, **paths) -> bool:
        """Whether one record is inside this scope (same rules as `restrict`)."""
        model = type(obj)
        return self.restrict(model._default_manager.filter(pk=obj.pk), **paths).exists()


NO_SCOPE = Scope(role=None)


def scope_for(user) -> Scope:
    """The scope of `user`, computed once per user object."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NO_SCOPE
    cached = getattr(user, "_training_hub_scope", None)
    if cached is not None:
        return cached
    role = Role.RSO if user.is_superuser else (user.role or None)
    centre_ids = frozenset()
    if role == Role.DIRECTOR:
        centre_ids = frozenset(user.centres.values_list("pk", flat=True))
    scope = Scope(role=role, user_id=user.pk, member_id=user.member_id, centre_ids=centre_ids)
    user._training_hub_scope = scope
    return scope
