"""Background work of the nominations: the e-mails of `notifications.py`, run by django-tasks
after the transaction that caused them has committed (the service and the receivers
enqueue them on commit; the management commands for reminders and digests enqueue them
from the scheduler). Arguments are plain ids and text, as a task queue stores them."""

from django_tasks import task


@task()
def notify_move(nomination_id, old, new, actor_id, reason):
    """E-mail the people concerned by one move (see `notifications.move_mails`)."""
    from .notifications import send_move

    return send_move(nomination_id, old, new, actor_id, reason)


@task()
def send_confirmation_link(nomination_id):
    """A new confirmation link to a trainee whose place still waits for their answer."""
    from .notifications import send_confirmation_link as send

    return send(nomination_id)


@task()
def notify_session_cancelled(session_id, released):
    """A METHOD:CANCEL to the trainees who held places on a cancelled session; a note to the
    focal points of the members with nominees on it. `released`: [(nomination id, status
    before the cancellation)], as `services.session_release_cancelled` returns it."""
    from .notifications import send_session_cancelled

    return send_session_cancelled(session_id, released)


@task()
def notify_session_changed(session_id):
    """An updated METHOD:REQUEST to the trainees holding places on a session that moved."""
    from .notifications import send_session_changed

    return send_session_changed(session_id)


@task()
def send_window_reminder(session_id, member_id):
    """Remind a member's focal points that a session's nomination window closes soon (once)."""
    from . import notifications

    return notifications.send_window_reminder(session_id, member_id)


@task()
def send_director_digest(director_id, since):
    """One director's digest of the nominations submitted since `since` (ISO 8601)."""
    from . import notifications

    return notifications.send_director_digest(director_id, since)


@task()
def notify_need_matched(need_id):
    """Tell a member's focal points that the RSO linked their need to a session or course."""
    from .need_notifications import send_need_matched

    return send_need_matched(need_id)


@task()
def notify_need_funded(allocation_id):
    """Tell a member's focal points that a pledge now funds their need."""
    from .need_notifications import send_need_funded

    return send_need_funded(allocation_id)
