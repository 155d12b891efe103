"""Reads of curricula, modules and sessions: public ones and scoped ones."""

from django.db.models import Prefetch
from django.utils import timezone

from training_hub.roles import Role
from training_hub.scopes import scope_for

from .choices import SessionStatus
from .models import Module, Session


def public_sessions():
    """Sessions of published, unrestricted courses: what the catalogue and feeds show."""
    from catalogue.models import CoursePage

    public_courses = CoursePage.objects.live().public().values("pk")
    return Session.objects.filter(course__in=public_courses).select_related(
        "course", "course__centre", "course__centre__country"
    )


def upcoming_sessions(now=None):
    """Published sessions that have not ended yet (cancelled ones included: they are news)."""
    return public_sessions().filter(ends_at__gte=now or timezone.now()).order_by("starts_at")


def sessions_managed_by(user):
    """Sessions `user` may manage: their centres' for a director, all for the RSO."""
    return scope_for(user).restrict(
        Session.objects.select_related("course", "course__centre"), centre="course__centre"
    )


def curriculum_module_delivery(curriculum, *, user=None, now=None):
    """For each module of `curriculum`: the live courses delivering it and the next session.

    A module delivered nowhere is a gap; gaps are flagged only for the RSO. Runs a fixed
    number of queries whatever the number of modules, courses and sessions.
    """
    from catalogue.models import CourseModule

    now = now or timezone.now()
    next_sessions = (
        Session.objects.filter(starts_at__gte=now)
        .exclude(status=SessionStatus.CANCELLED)
        .order_by("starts_at")
    )
    deliveries = (
        CourseModule.objects.filter(course__live=True)
        .select_related("course", "course__centre")
        .prefetch_related(Prefetch("course__sessions", queryset=next_sessions))
    )
    modules = (
        Module.objects.filter(curriculum=curriculum)
        .order_by("sort_order")
        .prefetch_related(Prefetch("deliveries", queryset=deliveries, to_attr="live_deliveries"))
    )
    show_gaps = scope_for(user).role == Role.RSO if user is not None else False
    rows = []
    for module in modules:
        courses = [delivery.course for delivery in module.live_deliveries]
        upcoming = sorted(
            (s for course in courses for s in course.sessions.all()), key=lambda s: s.starts_at
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
    """Modules no published course delivers (for the RSO's portal)."""
    return (
        Module.objects.exclude(deliveries__course__live=True)
        .select_related("curriculum")
        .order_by("curriculum__title", "sort_order")
    )
