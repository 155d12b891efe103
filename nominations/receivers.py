"""What the nominations do when the course domain announces a change (courses.signals)."""

from courses.choices import SessionStatus

from . import services, tasks


def session_saved(sender, session, created, previous=None, user=None, **kwargs):
    """A raised capacity fills seats from the waitlist; a cancellation tells the trainees."""
    previous = previous or {}
    if "status" in previous and session.status == SessionStatus.CANCELLED:
        tasks.notify_session_cancelled.enqueue(session.pk)
        return
    old_capacity = previous.get("capacity")
    if old_capacity is not None and session.capacity > old_capacity:
        if session.status != SessionStatus.CANCELLED:
            services.session_fill_from_waitlist(session=session, user=user)


def connect():
    from courses import signals

    signals.session_saved.connect(session_saved, dispatch_uid="nominations_session_saved")
