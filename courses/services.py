"""Writes on the course domain: centres, curricula, courses and sessions.

Each service does the five steps of shared/STYLE.md in order: check permission (for the old
and the new owner alike), check the rules, write inside one transaction, log with a
registered Wagtail action, and announce the change after commit (`signals.py`).
"""

import logging

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log
from wagtail.models import GroupPagePermission

from training_hub.roles import Role
from training_hub.scopes import scope_for

from . import signals
from .choices import SESSION_TRANSITIONS, SessionStatus
from .exceptions import NotAllowed, NotYourCentre, SessionTransitionNotAllowed
from .models import (
    CentreIndexPage,
    CentrePage,
    CourseModule,
    CoursePage,
    CurriculumIndexPage,
    CurriculumPage,
    Module,
    Session,
)

logger = logging.getLogger(__name__)

NOT_YOUR_CENTRE = _("You can only manage the sessions and courses of your own centre.")
RSO_ONLY = _("Only the Regional Support Office can do this.")
DIRECTORS_CANNOT_PUBLISH = _(
    "A training director submits a course for the RSO's approval; only the RSO publishes."
)
TRANSITION_REFUSED = _("A session that is %(old)s cannot become %(new)s.")
COURSE_NOT_SOURCE = _(
    "A session belongs to the course as written in English, not to one of its translations."
)
# A change to any of these reaches calendar subscribers as an update (SEQUENCE + 1).
CALENDAR_FIELDS = ("starts_at", "ends_at", "time_zone", "venue", "city")
# What a director may do on their centre's pages: draft and submit, never publish.
DIRECTOR_PAGE_PERMISSIONS = ("add_page", "change_page", "lock_page", "unlock_page")
CENTRE_EDITORS_PREFIX = "Centre editors: "

# Log actions of this app, registered in wagtail_hooks.py.
SESSION_CREATED = "courses.session.create"
SESSION_EDITED = "courses.session.edit"
SESSION_STATUS_CHANGED = "courses.session.status"
SESSION_FUNDING_CHANGED = "courses.session.funding"
LOG_ACTIONS = {
    SESSION_CREATED: _("Session created"),
    SESSION_EDITED: _("Session edited"),
    SESSION_STATUS_CHANGED: _("Session status changed"),
    SESSION_FUNDING_CHANGED: _("Session funding status computed"),
}


def _require_rso(user):
    if not scope_for(user).sees_everything:
        raise NotAllowed(RSO_ONLY)


def _require_centre(user, centre_id):
    scope = scope_for(user)
    if not scope.sees_everything and centre_id not in scope.centre_ids:
        raise NotYourCentre(NOT_YOUR_CENTRE)


def centre_editor_group_name(centre):
    return f"{CENTRE_EDITORS_PREFIX}{centre.slug}"


def centre_ensure_editor_group(*, centre):
    """The group whose members may draft pages below `centre` and below each of its
    translations (and aliases) in the other languages; created when missing."""
    group, _created = Group.objects.get_or_create(name=centre_editor_group_name(centre))
    for page in CentrePage.objects.filter(translation_key=centre.translation_key):
        for codename in DIRECTOR_PAGE_PERMISSIONS:
            permission = Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            )
            GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)
    return group


def centre_translated(*, centre):
    """A centre's page in another language (a translation or an alias) was made: its
    directors' editor group reaches it. Side effects: page permissions of that group."""
    source = centre.source_page
    if source is not None and source.pk != centre.pk:
        centre_ensure_editor_group(centre=source)


def directors_sync_editor_groups(*, user):
    """Put a director in the editor group of each centre they manage, and out of the others.

    Side effects: changes the user's group memberships (their page permissions).
    """
    keep = set()
    if user.role == Role.DIRECTOR:
        keep = {centre_ensure_editor_group(centre=centre).pk for centre in user.centres.all()}
    for group in user.groups.filter(name__startswith=CENTRE_EDITORS_PREFIX):
        if group.pk not in keep:
            user.groups.remove(group)
    user.groups.add(*keep)


def _publish_new_page(page, *, parent, user, publish=True):
    parent.add_child(instance=page)
    log(instance=page, action="wagtail.create", user=user)
    revision = page.save_revision(user=user)
    if publish:
        revision.publish(user=user)
    return page


@transaction.atomic
def centre_create(*, user, title, slug, country, city, time_zone, acronym="", **fields):
    """Create and publish a centre page under the centres index (RSO only).

    Side effects: adds the page, logs it, publishes a revision by `user`, creates the
    centre's editor group for its directors, and sends `centre_saved` after commit.
    """
    _require_rso(user)
    centre = CentrePage(
        title=title,
        slug=slug,
        acronym=acronym,
        country=country,
        city=city,
        time_zone=time_zone,
        **fields,
    )
    centre.full_clean(exclude=["path", "depth"])
    _publish_new_page(centre, parent=CentreIndexPage.objects.get(), user=user)
    centre_ensure_editor_group(centre=centre)
    logger.info("centre %s created by %s", centre.pk, user)
    transaction.on_commit(lambda: signals.centre_saved.send(sender=CentrePage, centre=centre))
    return centre


@transaction.atomic
def course_create(*, user, centre, modules=(), topics=(), languages=(), publish=True, **fields):
    """Create a course page below `centre`, with its modules, topics and languages.

    The RSO may publish at once; a director of `centre` leaves a draft for the approval
    workflow. Side effects: adds the page and a revision by `user`, logs it, and sends
    `course_saved` after commit.
    """
    _require_centre(user, centre.pk)
    if publish and not scope_for(user).sees_everything:
        raise NotAllowed(DIRECTORS_CANNOT_PUBLISH)
    course = CoursePage(live=publish, **fields)
    course.topics = list(topics)
    course.languages = list(languages)
    course.course_modules = [
        CourseModule(module=module, sort_order=i) for i, module in enumerate(modules)
    ]
    course.full_clean(exclude=["path", "depth"])
    _publish_new_page(course, parent=centre, user=user, publish=publish)
    logger.info("course %s created below centre %s by %s", course.pk, centre.pk, user)
    transaction.on_commit(lambda: signals.course_saved.send(sender=CoursePage, course=course))
    return course


@transaction.atomic
def curriculum_create(*, user, title, slug, modules, acronym="", summary="", description=""):
    """Create and publish a curriculum page with its ordered modules (RSO only).

    `modules` is a list of dicts of Module fields (code, title, learning_outcomes, hours, ...).
    Side effects: adds the page below the curricula index, logs it and publishes a revision
    by `user`.
    """
    _require_rso(user)
    curriculum = CurriculumPage(
        title=title, slug=slug, acronym=acronym, summary=summary, description=description
    )
    curriculum.modules = [Module(sort_order=i, **fields) for i, fields in enumerate(modules)]
    curriculum.full_clean(exclude=["path", "depth"])
    for module in curriculum.modules.all():
        module.full_clean(exclude=["curriculum"])
    _publish_new_page(curriculum, parent=CurriculumIndexPage.objects.get(), user=user)
    logger.info("curriculum %s created by %s", curriculum.pk, user)
    return curriculum


def session_check_transition(*, old_status, new_status):
    """Raise `SessionTransitionNotAllowed` unless `SESSION_TRANSITIONS` allows the move."""
    if (
        old_status
        and new_status != old_status
        and new_status not in SESSION_TRANSITIONS[old_status]
    ):
        raise SessionTransitionNotAllowed(
            {
                "status": TRANSITION_REFUSED
                % {
                    "old": SessionStatus(old_status).label.lower(),
                    "new": SessionStatus(new_status).label.lower(),
                }
            }
        )


@transaction.atomic
def session_save(*, session, user):
    """Validate and save a new or edited session with its member quotas.

    Refuses unless `user` manages the centre of the session's course, both the one it had
    and the one it gets; refuses a status change `SESSION_TRANSITIONS` does not allow.
    Raises the SEQUENCE when time, time zone or venue change. Side effects: saves the row
    and its quotas, logs the change, sends `session_saved` after commit.
    """
    _require_centre(user, session.course.centre_id)
    if not session.course.is_source:
        raise ValidationError({"course": COURSE_NOT_SOURCE})
    previous = (
        Session.objects.select_for_update().select_related("course").filter(pk=session.pk).first()
        if session.pk
        else None
    )
    if previous is not None:
        _require_centre(user, previous.course.centre_id)
        # From the status the dates give now: time alone moves a session to running or
        # completed, so an edit after that starts from there.
        session_check_transition(
            old_status=previous.current_status(timezone.now()), new_status=session.status
        )
        # The nominations service keeps this under the same lock; a form loaded earlier
        # must not write back an old count.
        session.seats_taken = previous.seats_taken
        # Funding is computed, never typed (`session_record_funding`); a form cannot set it.
        session.funding_covered = previous.funding_covered
        if any(getattr(previous, f) != getattr(session, f) for f in CALENDAR_FIELDS):
            session.sequence = previous.sequence + 1
    else:
        session.funding_covered = 0
    session.funding_status = session.computed_funding_status()
    session.full_clean()
    session.save()
    if previous is None:
        action = SESSION_CREATED
    elif previous.status != session.status:
        action = SESSION_STATUS_CHANGED
    else:
        action = SESSION_EDITED
    data = {"status": session.status}
    if previous is not None:
        data["previous_status"] = previous.status
    log(instance=session, action=action, user=user, data=data)
    logger.info("session %s saved (%s) by %s", session.pk, action, user)
    changes = {}
    if previous is not None:
        changes = {
            f: getattr(previous, f)
            for f in ("status", "capacity", *CALENDAR_FIELDS)
            if getattr(previous, f) != getattr(session, f)
        }
    transaction.on_commit(
        lambda: signals.session_saved.send(
            sender=Session, session=session, created=not previous, previous=changes, user=user
        )
    )
    return session


def _announce_funding(session, old_status, *, user, data):
    log(instance=session, action=SESSION_FUNDING_CHANGED, user=user, data=data)
    logger.info("session %s funding: %s -> %s", session.pk, old_status, session.funding_status)
    transaction.on_commit(
        lambda: signals.session_saved.send(
            sender=Session,
            session=session,
            created=False,
            previous={"funding_status": old_status},
            user=user,
        )
    )


@transaction.atomic
def session_record_funding(*, session, covered, user=None):
    """Store what donors' allocations cover of `session` (in its course's currency) and the
    funding status that gives (`Session.computed_funding_status`).

    Called by the nominations' funding service, which computes `covered` from the
    allocations under the session's row lock (this app does not know about donors); it is
    no one's choice, so there is no permission to check. Side effects: saves the two
    fields; when the status changes, logs it and sends `session_saved` (with
    ``previous={"funding_status": old}``) after commit, so the catalogue and the search
    index show it.
    """
    old_status = session.funding_status
    session.funding_covered = covered
    session.funding_status = session.computed_funding_status()
    Session.objects.filter(pk=session.pk).update(
        funding_covered=session.funding_covered, funding_status=session.funding_status
    )
    if session.funding_status != old_status:
        data = {"from": old_status, "to": session.funding_status, "covered": str(covered)}
        _announce_funding(session, old_status, user=user, data=data)
    return session


def sessions_refresh_funding(*, course, user=None):
    """Recompute the funding status of `course`'s sessions after its cost per participant
    changed (what they cover stays). Side effects: as `session_record_funding`."""
    changed = []
    with transaction.atomic():
        for session in Session.objects.select_for_update().filter(course=course):
            session.course = course
            status = session.computed_funding_status()
            if status != session.funding_status:
                old_status, session.funding_status = session.funding_status, status
                Session.objects.filter(pk=session.pk).update(funding_status=status)
                data = {"from": old_status, "to": status, "reason": "cost per participant"}
                _announce_funding(session, old_status, user=user, data=data)
                changed.append(session)
    return changed


def course_published_refresh_funding(sender, instance, **kwargs):
    """Receiver of Wagtail's `page_published` for courses: `sessions_refresh_funding`."""
    sessions_refresh_funding(course=instance)
