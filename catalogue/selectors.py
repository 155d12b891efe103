"""Reads of centres and courses: scoped ones, and the public catalogue's."""

from django.db.models import Count, Prefetch, prefetch_related_objects
from django.utils import timezone

from courses.choices import DeliveryMode, Level, Theme
from courses.models import CentrePage, Language, Session, Topic
from training_hub.models import Member


def catalogue_facets(courses):
    """Counts per filter value over `courses` (the filtered listing), one query per facet."""
    ids = courses.order_by().values("pk")

    def by_choice(field, choices):
        counts = dict(courses.order_by().values_list(field).annotate(n=Count("pk", distinct=True)))
        return [(value, label, counts.get(value, 0)) for value, label in choices]

    def by_model(queryset, key, path, order):
        rows = (
            queryset.filter(**{f"{path}__in": ids})
            .annotate(n=Count(path, distinct=True))
            .order_by(order)
        )
        return [(getattr(row, key), str(row), row.n) for row in rows]

    open_now = (
        Session.objects.filter(course__in=ids)
        .open_for_nominations(timezone.now())
        .values("course_id")
        .distinct()
        .count()
    )
    return {
        "theme": by_choice("theme", Theme.choices),
        "level": by_choice("level", Level.choices),
        "mode": by_choice("delivery_mode", DeliveryMode.choices),
        "topic": by_model(Topic.objects.all(), "slug", "courses", "name"),
        "language": by_model(Language.objects.all(), "code", "courses", "name"),
        "centre": by_model(CentrePage.objects.published(), "slug", "courses", "title"),
        "country": by_model(Member.objects.all(), "code", "centres__courses", "name"),
        "open": open_now,
    }


def course_listing_rows(courses):
    """One page of courses with topics, languages and upcoming sessions: three queries."""
    upcoming = Session.objects.upcoming().order_by("starts_at", "pk")
    courses = list(courses)
    prefetch_related_objects(
        courses,
        "topics",
        "languages",
        Prefetch("sessions", queryset=upcoming, to_attr="upcoming_sessions"),
    )
    return courses
