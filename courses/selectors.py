"""Reads of centres, curricula, modules and sessions: public ones and scoped ones."""

from django.db.models import Prefetch
from django.utils import timezone

from training_hub.roles import Role
from training_hub.scopes import scope_for

from .models import CentrePage, CourseModule, CoursePage, Module, Session


def centres_managed_by(user):
    """Centres `user` may manage: all for the RSO, their own for a director, none else."""
    return scope_for(user).restrict(
        CentrePage.objects.select_related("country").order_by("title"), centre="pk"
    )


def sessions_managed_by(user):
    """Sessions `user` may manage: their centres' for a director, all for the RSO."""
    return Session.objects.visible_to(user).select_related("course", "course__centre")


def public_sessions():
    """Sessions any visitor may see, with their course and centre."""
    return Session.objects.public().with_course()


def curriculum_module_delivery(curriculum, *, user=None, now=None):
    """For each module of `curriculum`: the published courses delivering it and the next
    upcoming session.

    A module delivered nowhere is a gap; gaps are flagged only for the RSO. Runs a fixed
    number of queries whatever the number of modules, courses and sessions.
    """
    next_sessions = Session.objects.upcoming(now).order_by("starts_at", "pk")
    deliveries = (
        CourseModule.objects.filter(course__in=CoursePage.objects.published().values("pk"))
        .select_related("course", "course__centre")
        .prefetch_related(Prefetch("course__sessions", queryset=next_sessions))
    )
    modules = (
        Module.objects.filter(curriculum=curriculum)
        .order_by("sort_order")
        .prefetch_related(Prefetch("deliveries", queryset=deliveries, to_attr="public_deliveries"))
    )
    show_gaps = user is not None and scope_for(user).role == Role.RSO
    rows = []
    for module in modules:
        courses = [delivery.course for delivery in module.public_deliveries]
        upcoming = sorted(
            (s for course in courses for s in course.sessions.all()),
            key=lambda s: (s.starts_at, s.pk),
        )
        rows.append(
            {
                "module": module,
                "courses": courses,
                "next_session": upcoming[0] if upcoming else None,
                "is_gap": show_gaps and not courses,
            }
        )
    return rows


def module_gaps():
    """Modules that no live course delivers (for the RSO's portal)."""
    return (
        Module.objects.exclude(deliveries__course__live=True)
        .select_related("curriculum")
        .order_by("curriculum__title", "sort_order")
    )


def upcoming_sessions_managed_by(user, *, limit=50):
    return sessions_managed_by(user).upcoming(timezone.now())[:limit]
