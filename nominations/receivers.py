"""What the nominations do when the course domain announces a change (courses.signals)."""

from django.db.models import Q

from courses.choices import SessionStatus
from courses.services import CALENDAR_FIELDS

from . import services, tasks
from .models import TrainingNeed
from .services import funding, matching


def session_saved(sender, session, created, previous=None, user=None, **kwargs):
    """A cancellation withdraws the nominations still in play, which frees every seat, and
    tells the trainees and focal points (the trainees with a CANCEL); new
    dates or venue send the trainees an updated invitation; a raised capacity fills seats
    from the waitlist. The signal is sent after commit, so the tasks see the saved session."""
    previous = previous or {}
    if set(previous) == {"funding_status"}:
        return  # the funding service's own announcement of a status it computed
    if "status" in previous and session.status == SessionStatus.CANCELLED:
        # Its places are given back first; the e-mail names each nominee as they stood.
        released = services.session_release_cancelled(session=session, user=user)
        tasks.notify_session_cancelled.enqueue(session.pk, released)
        # So are its funding and the needs matched to it.
        funding.session_release_funding(session=session, user=user)
        matching.needs_unlink_session(session=session, user=user)
        return
    if not created:
        # Capacity or course changed: what it needs and what covers it may have.
        funding.session_refresh_funding(session, user=user)
    if session.status == SessionStatus.CANCELLED:
        return
    if any(name in previous for name in CALENDAR_FIELDS):
        tasks.notify_session_changed.enqueue(session.pk)
    old_capacity = previous.get("capacity")
    if old_capacity is not None and session.capacity > old_capacity:
        services.session_fill_from_waitlist(session=session, user=user)


def course_published(sender, instance, **kwargs):
    """A course's new cost per participant (or currency) reprices the needs matched to it or
    to its sessions, and what covers its sessions."""
    for session in instance.sessions.all():
        funding.session_refresh_funding(session)
    for need in TrainingNeed.objects.filter(
        Q(matched_course=instance) | Q(matched_session__course=instance)
    ).select_related("matched_session__course", "matched_course"):
        funding.need_refresh_funding(need)


def connect():
    from wagtail.signals import page_published

    from courses import signals
    from courses.models import CoursePage

    signals.session_saved.connect(session_saved, dispatch_uid="nominations_session_saved")
    page_published.connect(course_published, sender=CoursePage, dispatch_uid="needs_funding")
