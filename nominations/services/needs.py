"""Writes on training needs: record, edit, move along `NEED_TRANSITIONS`."""

from django.db import transaction
from wagtail.log_actions import log

from training_hub.scopes import scope_for

from ..choices import (
    NEED_MOVES_BY_ROLE,
    NEED_TRANSITIONS,
    NeedStatus,
)
from ..exceptions import MoveNotAllowed, NotAllowed, RuleBroken
from ..models import TrainingNeed
from .common import (
    MODULE_OUTSIDE_CURRICULUM,
    NEED_CREATED,
    NEED_EDITED,
    NEED_MOVE_REFUSED,
    NEED_NOT_OPEN,
    NEED_STATUS_CHANGED,
    NOT_YOUR_MEMBER,
    ROLE_MAY_NOT,
    acting_member,
)

# --- training needs -----------------------------------------------------------------------


def _check_need(need, modules):
    need.full_clean()
    for module in modules:
        if need.curriculum_id and module.curriculum_id != need.curriculum_id:
            raise RuleBroken({"modules": MODULE_OUTSIDE_CURRICULUM % {"code": module.code}})


@transaction.atomic
def need_create(*, user, member=None, modules=(), submission_key=None, **fields):
    """Record a training need of `user`'s member (or `member`, for the RSO).

    A repeated POST of the same form (same `submission_key`) returns the need it made.
    Side effects: saves the need and its modules, logs it.
    """
    member = acting_member(user, member)
    if submission_key is not None:
        existing = TrainingNeed.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            if existing.member_id != member.pk:
                raise NotAllowed(NOT_YOUR_MEMBER)
            return existing
    need = TrainingNeed(member=member, created_by=user, submission_key=submission_key, **fields)
    _check_need(need, modules)
    need.save()
    need.modules.set(modules)
    log(instance=need, action=NEED_CREATED, user=user)
    return need


@transaction.atomic
def need_update(*, user, need, modules=None, **fields):
    """Change an open need. Side effects: saves it and its modules, logs it."""
    acting_member(user, need.member)
    if need.status != NeedStatus.OPEN:
        raise RuleBroken(NEED_NOT_OPEN)
    for name, value in fields.items():
        setattr(need, name, value)
    _check_need(need, modules if modules is not None else need.modules.all())
    need.save()
    if modules is not None:
        need.modules.set(modules)
    log(instance=need, action=NEED_EDITED, user=user)
    return need


@transaction.atomic
def need_transition(*, need, to, user, reason=""):
    """Move a need along `NEED_TRANSITIONS`: a focal point withdraws, the RSO does the rest.

    Side effects: saves the status, logs it.
    """
    scope = scope_for(user)
    if not scope.sees_everything:
        acting_member(user, need.member)
    if to not in NEED_MOVES_BY_ROLE.get(scope.role, set()):
        raise NotAllowed(
            ROLE_MAY_NOT % {"old": NeedStatus(need.status).label, "new": NeedStatus(to).label}
        )
    current = TrainingNeed.objects.select_for_update().get(pk=need.pk)
    if to not in NEED_TRANSITIONS[current.status]:
        raise MoveNotAllowed(
            NEED_MOVE_REFUSED
            % {"old": NeedStatus(current.status).label, "new": NeedStatus(to).label}
        )
    old, current.status = current.status, to
    current.save(update_fields=["status", "updated_at"])
    log(
        instance=current,
        action=NEED_STATUS_CHANGED,
        user=user,
        data={"from": old, "to": to, "reason": reason},
    )
    return current
