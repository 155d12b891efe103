"""Reads of centres, curricula, modules and sessions: public ones and scoped ones."""

from django.utils import timezone

from training_hub.localization import in_default_locale, localize
from training_hub.roles import Role
from training_hub.scopes import scope_for

from .models import CentrePage, CourseModule, CoursePage, Module, Session


def centres_managed_by(user):
    """Centres `user` may manage: all for the RSO, their own for a director, none else."""
    return scope_for(user).restrict(
        CentrePage.objects.sources().select_related("country").order_by("title"), centre="pk"
    )


def sessions_managed_by(user):
    """Sessions `user` may manage: their centres' for a director, all for the RSO."""
    return Session.objects.visible_to(user).select_related("course", "course__centre")


def public_sessions():
    """Sessions any visitor may see, with their course and centre."""
    return Session.objects.public().with_course()


def curriculum_module_delivery(curriculum, *, user=None, now=None):
    """`CurriculumPage.module_delivery`, with gaps flagged only for the RSO."""
    show_gaps = user is not None and scope_for(user).role == Role.RSO
    return curriculum.module_delivery(show_gaps=show_gaps, now=now)


def module_gaps():
    """Modules that no live course delivers (for the RSO's portal)."""
    delivered = CourseModule.objects.filter(course__in=CoursePage.objects.sources().live())
    return localize(
        Module.objects.filter(in_default_locale())
        .exclude(pk__in=delivered.values("module_id"))
        .select_related("curriculum")
        .order_by("curriculum__title", "sort_order")
    )


def upcoming_sessions_managed_by(user, *, limit=50):
    return sessions_managed_by(user).upcoming(timezone.now())[:limit]
