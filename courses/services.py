"""Writes on sessions."""

from django.db import transaction

from training_hub.scopes import scope_for

from .choices import SESSION_TRANSITIONS
from .exceptions import NotYourCentre, SessionTransitionNotAllowed
from .models import Session

NOT_YOUR_CENTRE = "You can only manage the sessions of your own centre."
TRANSITION_REFUSED = "A session that is {old} cannot become {new}."
# A change to any of these reaches calendar subscribers as an update (SEQUENCE + 1).
CALENDAR_FIELDS = ("starts_at", "ends_at", "time_zone", "venue", "city")


def session_check_transition(*, old_status, new_status):
    if (
        old_status
        and new_status != old_status
        and new_status not in SESSION_TRANSITIONS[old_status]
    ):
        labels = dict(Session._meta.get_field("status").choices)
        raise SessionTransitionNotAllowed(
            {
                "status": TRANSITION_REFUSED.format(
                    old=labels[old_status].lower(), new=labels[new_status].lower()
                )
            }
        )


@transaction.atomic
def session_save(*, session, user, quotas=None):
    """Validate and save a new or edited session (and, when given, its member quotas).

    Checks that `user` manages the course's centre and that the status change is allowed;
    raises the SEQUENCE when time, time zone or venue change. Side effects: saves the row.
    """
    scope = scope_for(user)
    if not scope.sees_everything and session.course.centre_id not in scope.centre_ids:
        raise NotYourCentre(NOT_YOUR_CENTRE)
    previous = (
        Session.objects.select_for_update().filter(pk=session.pk).first() if session.pk else None
    )
    if previous is not None:
        session_check_transition(old_status=previous.status, new_status=session.status)
        if any(getattr(previous, f) != getattr(session, f) for f in CALENDAR_FIELDS):
            session.sequence = previous.sequence + 1
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def curriculum_create(*, user, title, slug, modules, acronym="", summary="", description=""):
    """Create and publish a curriculum page with its ordered modules.

    `modules` is a list of dicts of Module fields (code, title, learning_outcomes, hours, ...).
    Side effects: adds the page below the curricula index and publishes a revision by `user`.
    """
    from .models import CurriculumIndexPage, CurriculumPage, Module

    curriculum = CurriculumPage(
        title=title, slug=slug, acronym=acronym, summary=summary, description=description
    )
    curriculum.modules = [Module(sort_order=i, **fields) for i, fields in enumerate(modules)]
    curriculum.full_clean(exclude=["path", "depth"])
    for module in curriculum.modules.all():
        module.full_clean(exclude=["curriculum"])
    CurriculumIndexPage.objects.get().add_child(instance=curriculum)
    curriculum.save_revision(user=user).publish(user=user)
    return curriculum
