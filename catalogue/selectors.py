"""Reads of the public catalogue's courses, in the order the search service gave."""

import hashlib

from django.db.models import Prefetch, prefetch_related_objects
from django.utils.translation import get_language

from courses.models import CoursePage, Session
from courses.selectors import public_sessions
from training_hub.localization import localize


def course_listing_rows(ids, highlights=None):
    """The courses of `ids`, in that order, with topics, languages and upcoming sessions,
    each localized for the active language (`course.localized`: its live translation there,
    or itself; topics, languages and centres likewise): a few queries whatever the number.
    `highlights` go on each as `marked` ({"title"|"summary": html}), from the translation's
    text where the card shows a translation."""
    # The search answered with public source courses only; `live()` keeps out one
    # unpublished since the index last heard of it.
    rows = CoursePage.objects.live().sources().filter(pk__in=ids).select_related("centre__country")
    by_id = {course.pk: course for course in rows}
    courses = [by_id[pk] for pk in ids if pk in by_id]
    upcoming = Session.objects.upcoming().order_by("starts_at", "pk")
    prefetch_related_objects(
        courses,
        "topics",
        "languages",
        Prefetch("sessions", queryset=upcoming, to_attr="upcoming_sessions"),
    )
    localize(courses)
    localize(topic for course in courses for topic in course.topics.all())
    localize(language for course in courses for language in course.languages.all())
    localize({course.centre_id: course.centre for course in courses if course.centre}.values())
    language = get_language()
    for course in courses:
        found = (highlights or {}).get(course.pk, {})
        if course.localized is course:
            course.marked = {k: v for k, v in found.items() if k in ("title", "summary")}
        else:
            course.marked = {
                field: found[f"translated_{field}"]
                for field in ("title", "summary")
                if f"translated_{field}" in found
            }
        course.card_key = card_key(course, language)
    return courses


def card_key(course, language):
    """What a result card shows, as a key: the card is rendered once for as long as none of
    it changes (the next session's status label follows the clock, so it is part of it)."""
    next_session = course.upcoming_sessions[0] if course.upcoming_sessions else None
    shown_course = course.localized
    centre = course.centre.localized if course.centre else None
    shown = [
        language,
        course.pk,
        course.latest_revision_created_at,
        course.last_published_at,
        shown_course.pk,
        shown_course.last_published_at,
        centre and (centre.title, centre.acronym, centre.city),
        centre and course.centre.country.name,
        sorted(course.marked.items()),
        [(t.pk, t.localized.name) for t in course.topics.all()],
        [(lang.pk, lang.localized.name) for lang in course.languages.all()],
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
