"""Reads of the public catalogue's courses, in the order the search service gave."""

from django.db.models import Prefetch, prefetch_related_objects

from courses.models import CoursePage, Session


def course_listing_rows(ids, highlights=None):
    """The courses of `ids`, in that order, with topics, languages and upcoming sessions
    (four queries); `highlights` ({id: {"title"|"summary": html}}) go on each as `marked`."""
    # The search answered with public courses only; `live()` keeps out one unpublished
    # since the index last heard of it.
    rows = CoursePage.objects.live().filter(pk__in=ids).select_related("centre__country")
    by_id = {course.pk: course for course in rows}
    courses = [by_id[pk] for pk in ids if pk in by_id]
    upcoming = Session.objects.upcoming().order_by("starts_at", "pk")
    prefetch_related_objects(
        courses,
        "topics",
        "languages",
        Prefetch("sessions", queryset=upcoming, to_attr="upcoming_sessions"),
    )
    for course in courses:
        course.marked = (highlights or {}).get(course.pk, {})
    return courses
