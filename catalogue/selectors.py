"""Reads of the public catalogue's courses, in the order the search service gave."""

import hashlib

from django.db.models import Prefetch, prefetch_related_objects
from django.utils.translation import get_language

from courses.models import CoursePage, Session
from courses.selectors import public_sessions


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
    language = get_language()
    for course in courses:
        course.marked = (highlights or {}).get(course.pk, {})
        course.card_key = card_key(course, language)
    return courses


def card_key(course, language):
    """What a result card shows, as a key: the card is rendered once for as long as none of
    it changes (the next session's status label follows the clock, so it is part of it)."""
    next_session = course.upcoming_sessions[0] if course.upcoming_sessions else None
    shown = [
        language,
        course.pk,
        course.latest_revision_created_at,
        course.last_published_at,
        course.centre and (course.centre.title, course.centre.acronym, course.centre.city),
        course.centre and course.centre.country.name,
        sorted(course.marked.items()),
        [(t.pk, t.name) for t in course.topics.all()],
        [(lang.pk, lang.name) for lang in course.languages.all()],
    ]
    if next_session is not None:
        shown += [
            next_session.pk,
            next_session.updated_at,
            next_session.seats_taken,
            next_session.current_status_label,
        ]
    return hashlib.sha256(repr(shown).encode()).hexdigest()


def sessions_open_now(now):
    """Public sessions taking nominations at `now`, the nearest deadline first."""
    return (
        public_sessions()
        .open_for_nominations(now)
        .select_related("course__centre__country")
        .order_by("nominations_close_at", "starts_at", "pk")
    )
