"""What the nominations do when the course domain announces a change (courses.signals)."""

from courses.choices import SessionStatus

from . import services


def session_saved(sender, session, created, previous=None, user=None, **kwargs):
    """A raised capacity fills seats from the waitlist."""
    previous = previous or {}
    old_capacity = previous.get("capacity")
    if old_capacity is not None and session.capacity > old_capacity:
        if session.status != SessionStatus.CANCELLED:
            services.session_fill_from_waitlist(session=session, user=user)


def connect():
    from courses import signals

    signals.session_saved.connect(session_saved, dispatch_uid="nominations_session_saved")
