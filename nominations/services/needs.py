"""Writes on training needs: record, edit, move along `NEED_TRANSITIONS`."""

from django.db import IntegrityError, transaction
from wagtail.log_actions import log

from training_hub.scopes import scope_for

from ..choices import (
    NEED_MOVES_BY_ROLE,
    NEED_TRANSITIONS,
    NeedStatus,
)
from ..exceptions import MoveNotAllowed, NotAllowed, RuleBroken
from ..models import TrainingNeed
from . import funding
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
    # The form key is not the user's input: its clash is a repeated POST (need_create).
    need.full_clean(exclude=["submission_key"])
    for module in modules:
        if need.curriculum_id and module.curriculum_id != need.curriculum_id:
            raise RuleBroken({"modules": MODULE_OUTSIDE_CURRICULUM % {"code": module.code}})


def _need_for_key(submission_key, member):
    existing = TrainingNeed.objects.filter(submission_key=submission_key).first()
    if existing is not None and existing.member_id != member.pk:
        raise NotAllowed(NOT_YOUR_MEMBER)
    return existing


@transaction.atomic
def need_create(*, user, member=None, modules=(), submission_key=None, **fields):
    """Record a training need of `user`'s member (or `member`, for the RSO).

    A repeated POST of the same form (same `submission_key`) returns the need it made, also
    when the two arrive at the same moment. Side effects: saves the need and its modules,
    logs it.
    """
    member = acting_member(user, member)
    if submission_key is not None:
        existing = _need_for_key(submission_key, member)
        if existing is not None:
            return existing
    need = TrainingNeed(member=member, created_by=user, submission_key=submission_key, **fields)
    _check_need(need, modules)
    try:
        with transaction.atomic():
            need.save()
    except IntegrityError:
        # The same form, saved by a request that committed after the check above.
        existing = _need_for_key(submission_key, member) if submission_key else None
        if existing is None:
            raise
        return existing
    need.modules.set(modules)
    log(instance=need, action=NEED_CREATED, user=user)
    return need


@transaction.atomic
def need_update(*, user, need, modules=None, **fields):
    """Change an open need; returns the saved need. The caller's instance is left as it
    was, so a refusal shows the need as it is stored. Side effects: saves it and its
    modules, logs it."""
    acting_member(user, need.member)
    current = TrainingNeed.objects.select_for_update().get(pk=need.pk)
    if current.status != NeedStatus.OPEN:
        raise RuleBroken(NEED_NOT_OPEN)
    for name, value in fields.items():
        setattr(current, name, value)
    _check_need(current, modules if modules is not None else current.modules.all())
    current.save()
    if modules is not None:
        current.modules.set(modules)
    log(instance=current, action=NEED_EDITED, user=user)
    return current


@transaction.atomic
def need_transition(*, need, to, user, reason=""):
    """Move a need along `NEED_TRANSITIONS`: a focal point withdraws, the RSO does the rest.

    Side effects: saves the status, logs it.
    """
    scope = scope_for(user)
    if not scope.sees_everything:
        acting_member(user, need.member)
    if to not in NeedStatus.values:
        raise MoveNotAllowed(NEED_MOVE_REFUSED % {"old": NeedStatus(need.status).label, "new": to})
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
    if to == NeedStatus.WITHDRAWN:
        # A withdrawn need gives its funding back to the pledges (logged, by the system).
        funding.need_release_funding(need=current)
    log(
        instance=current,
        action=NEED_STATUS_CHANGED,
        user=user,
        data={"from": old, "to": to, "reason": reason},
    )
    return current
