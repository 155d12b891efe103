"""Background work of the nominations: e-mails about moves, run by django-tasks after the
transaction that made the move has committed (the service enqueues them on commit)."""

from django_tasks import task


@task()
def notify_move(nomination_id, old, new, actor_id, reason):
    """E-mail the people concerned by one move (see `notifications.move_messages`)."""
    from .notifications import send_move

    send_move(nomination_id, old, new, actor_id, reason)


@task()
def notify_session_cancelled(session_id):
    """E-mail the trainees holding places on a cancelled session a METHOD:CANCEL."""
    from .notifications import send_session_cancelled

    send_session_cancelled(session_id)
