"""Writes of the RSO's matching: link a training need to a session or a course (which
prices it, so a pledge can fund it), and take the links of a cancelled session back."""

import logging
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from courses.choices import SessionStatus, Theme
from courses.models import CoursePage, Session

from .. import tasks
from ..choices import NEED_TRANSITIONS, NeedStatus
from ..exceptions import MoveNotAllowed, RuleBroken, ThemeMismatch
from ..models import TrainingNeed
from . import funding

logger = logging.getLogger(__name__)

# Messages users see; tests import them.
LINK_ONE = _("Link the need to one session or one course.")
THEME_WARNING = _(
    "“%(need)s” asked for %(wanted)s; %(what)s is on %(theme)s. Confirm to link it all the same."
)
SESSION_NOT_OPEN = _("This session is cancelled or has started: it cannot take the need.")
COURSE_NOT_PUBLISHED = _("This course is not published.")
NEED_NOT_LINKABLE = _("A need that is “%(status)s” cannot be linked.")
SESSION_CANCELLED_REASON = _("Its session was cancelled: the need is open again.")

NEED_LINKED = "nominations.need.link"
NEED_UNLINKED = "nominations.need.unlink"
MATCHING_LOG_ACTIONS = {
    NEED_LINKED: _("Training need linked to a session or course"),
    NEED_UNLINKED: _("Training need unlinked"),
}


def _lock_sessions(*session_ids):
    ids = sorted({pk for pk in session_ids if pk})
    locked = Session.objects.select_for_update() if funding._lock_rows else Session.objects
    return {session.pk: session for session in locked.filter(pk__in=ids).order_by("pk")}


def need_link(*, user, need, session=None, course=None, confirm_theme=False, now=None):
    """Link `need` to `session` or to `course` (one that its centre could schedule) and
    mark it matched. A session or course of another theme than the need's is refused with
    `ThemeMismatch` unless `confirm_theme`. Side effects: saves the need, recomputes the
    funding of the need and of the sessions it leaves and joins, logs, and e-mails the
    member's focal points after commit."""
    funding.require_rso(user)
    now = now or timezone.now()
    if (session is None) == (course is None):
        raise RuleBroken(LINK_ONE)
    with transaction.atomic():
        current = TrainingNeed.objects.filter(pk=need.pk).values_list(
            "matched_session_id", flat=True
        )
        old_session_id = current.first()
        sessions = _lock_sessions(old_session_id, session.pk if session else None)
        locked = TrainingNeed.objects.select_for_update() if funding._lock_rows else None
        need = (locked or TrainingNeed.objects).select_related("member").get(pk=need.pk)
        if need.matched_session_id != old_session_id:
            raise RuleBroken(funding.MATCH_CHANGED)
        if need.status not in (NeedStatus.OPEN, NeedStatus.MATCHED):
            raise MoveNotAllowed(NEED_NOT_LINKABLE % {"status": NeedStatus(need.status).label})
        if session is not None:
            session = sessions[session.pk]
            if session.status == SessionStatus.CANCELLED or session.starts_at <= now:
                raise RuleBroken(SESSION_NOT_OPEN)
            course = session.course
        elif not CoursePage.objects.published().filter(pk=course.pk).exists():
            raise RuleBroken(COURSE_NOT_PUBLISHED)
        if course.theme != need.theme and not confirm_theme:
            raise ThemeMismatch(
                THEME_WARNING
                % {
                    "need": need.title,
                    "wanted": Theme(need.theme).label,
                    "what": str(session or course.title),
                    "theme": Theme(course.theme).label,
                }
            )
        funding.check_need_currency(need, course)
        old_status = need.status
        if (
            old_status != NeedStatus.MATCHED
            and NeedStatus.MATCHED not in NEED_TRANSITIONS[old_status]
        ):
            raise MoveNotAllowed(NEED_NOT_LINKABLE % {"status": NeedStatus(old_status).label})
        need.matched_session = session
        need.matched_course = None if session is not None else course
        need.matched_at, need.matched_by = now, user
        need.status = NeedStatus.MATCHED
        need.save(
            update_fields=[
                "matched_session",
                "matched_course",
                "matched_at",
                "matched_by",
                "status",
                "updated_at",
            ]
        )
        log(
            instance=need,
            action=NEED_LINKED,
            user=user,
            data={
                "from": old_status,
                "to": need.status,
                "session": session.pk if session else None,
                "course": course.pk,
                "theme_confirmed": bool(confirm_theme and course.theme != need.theme),
            },
        )
        funding.need_refresh_funding(need, user=user)
        for pk in {old_session_id, session.pk if session else None} - {None}:
            funding.session_refresh_funding(sessions[pk], user=user)
        transaction.on_commit(partial(tasks.notify_need_matched.enqueue, need.pk))
    logger.info("need %s linked to %s by %s", need.pk, session or course, user)
    return need


def needs_unlink_session(*, session, user=None):
    """The needs matched to a cancelled `session` are open again, unlinked (logged, by the
    system); their allocations stay theirs for the next match. Returns them."""
    unlinked = []
    with transaction.atomic():
        for need in TrainingNeed.objects.select_for_update().filter(matched_session=session):
            need.matched_session = None
            need.status = NeedStatus.OPEN
            need.save(update_fields=["matched_session", "status", "updated_at"])
            log(
                instance=need,
                action=NEED_UNLINKED,
                user=user,
                data={
                    "from": NeedStatus.MATCHED,
                    "to": NeedStatus.OPEN,
                    "reason": str(SESSION_CANCELLED_REASON),
                },
            )
            funding.need_refresh_funding(need, user=user)
            unlinked.append(need)
    return unlinked
