"""Reads of the public catalogue's courses, in the order the search service gave."""

import hashlib

from django.utils.translation import get_language

from courses.models import CoursePage, Session
from courses.selectors import public_sessions
from training_hub.localization import localize


def course_listing_rows(ids, highlights=None):
    """The courses of `ids`, in that order, with `topic_list`, `language_list` and
    `upcoming_sessions`, each localized for the active language (`course.localized`: its
    live translation there, or itself; topics, languages and centres likewise): a few
    queries whatever the number.
    `highlights` go on each as `marked` ({"title"|"summary": html}), from the translation's
    text where the card shows a translation."""
    # The search answered with public source courses only; `live()` keeps out one
    # unpublished since the index last heard of it.
    # Unordered: the order is the search's (compiling Page's default order costs more than
    # the query).
    rows = (
        CoursePage.objects.live()
        .sources()
        .filter(pk__in=ids)
        .select_related("centre__country")
        .order_by()
    )
    by_id = {course.pk: course for course in rows}
    courses = [by_id[pk] for pk in ids if pk in by_id]
    _attach_upcoming_sessions(courses)
    _attach_related(courses, "topics", "topic_list")
    _attach_related(courses, "languages", "language_list")
    localize(courses)
    localize(topic for course in courses for topic in course.topic_list)
    localize(language for course in courses for language in course.language_list)
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


def _attach_upcoming_sessions(courses):
    """Set `upcoming_sessions` on each of `courses`: its sessions not over nor cancelled, the
    first to start first. One query, grouped here (a prefetch costs twice the query)."""
    by_course = {}
    upcoming = Session.objects.upcoming().filter(course_id__in=[c.pk for c in courses])
    for session in upcoming.order_by("starts_at", "pk"):
        by_course.setdefault(session.course_id, []).append(session)
    for course in courses:
        course.upcoming_sessions = by_course.get(course.pk, [])


def _attach_related(courses, field, to_attr):
    """Set `to_attr` on each of `courses`: the objects of its many-to-many `field`, in their
    model's order, read in one query on the relation's table. (A prefetch builds a queryset
    for every course, through modelcluster's manager: 2-3 ms a relation for a page of 20.)"""
    relation = CoursePage._meta.get_field(field)
    source, target = relation.m2m_field_name(), relation.m2m_reverse_field_name()
    order = [f"{target}__{name}" for name in relation.related_model._meta.ordering]
    links = (
        relation.remote_field.through.objects.filter(
            **{f"{source}__in": [course.pk for course in courses]}
        )
        .select_related(target)
        .order_by(*order, f"{target}__pk")
    )
    by_course = {}
    for link in links:
        by_course.setdefault(getattr(link, f"{source}_id"), []).append(getattr(link, target))
    for course in courses:
        setattr(course, to_attr, by_course.get(course.pk, []))


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
        [(t.pk, t.localized.name) for t in course.topic_list],
        [(lang.pk, lang.localized.name) for lang in course.language_list],
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
