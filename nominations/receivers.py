"""What the nominations do when the course domain announces a change (courses.signals)."""

from courses.choices import SessionStatus
from courses.services import CALENDAR_FIELDS

from . import services, tasks


def session_saved(sender, session, created, previous=None, user=None, **kwargs):
    """A cancellation withdraws the nominations still in play, which frees every seat, and
    tells the trainees and focal points (the trainees with a CANCEL); new
    dates or venue send the trainees an updated invitation; a raised capacity fills seats
    from the waitlist. The signal is sent after commit, so the tasks see the saved session."""
    previous = previous or {}
    if "status" in previous and session.status == SessionStatus.CANCELLED:
        # Its places are given back first; the e-mail names each nominee as they stood.
        released = services.session_release_cancelled(session=session, user=user)
        tasks.notify_session_cancelled.enqueue(session.pk, released)
        return
    if session.status == SessionStatus.CANCELLED:
        return
    if any(name in previous for name in CALENDAR_FIELDS):
        tasks.notify_session_changed.enqueue(session.pk)
    old_capacity = previous.get("capacity")
    if old_capacity is not None and session.capacity > old_capacity:
        services.session_fill_from_waitlist(session=session, user=user)


def connect():
    from courses import signals

    signals.session_saved.connect(session_saved, dispatch_uid="nominations_session_saved")
