"""A session's certificates issued in bulk: the request (an `IssueRun`, enqueued after
commit) here; the work the task does in `certificates/runs.py`."""

from functools import partial

from django.db import transaction
from wagtail.log_actions import log

from courses.models import Session

from .. import selectors, tasks
from ..choices import BULK_ISSUE_REQUESTED, RunStatus
from ..exceptions import RuleBroken
from ..models import IssueRun
from .common import NOTHING_TO_ISSUE, check_session, template_for


def session_issue_certificates(*, session, user, template=None):
    """Issue the certificates of every completed trainee of `session` who has none, as a
    background task whose progress an `IssueRun` records. Returns the run (the one still
    running, when there is one)."""
    check_session(user, session)
    template = template_for(user, session, template)
    with transaction.atomic():
        Session.objects.select_for_update().get(pk=session.pk)
        active = IssueRun.objects.filter(
            session=session, status__in=(RunStatus.QUEUED, RunStatus.RUNNING)
        ).first()
        if active is not None:
            return active
        total = selectors.nominations_to_certify(user, session).count()
        if total == 0:
            raise RuleBroken(NOTHING_TO_ISSUE)
        run = IssueRun.objects.create(
            session=session, template=template, requested_by=user, total=total
        )
        log(
            instance=run,
            action=BULK_ISSUE_REQUESTED,
            user=user,
            data={"session": session.pk, "total": total},
        )
        transaction.on_commit(partial(tasks.issue_session_certificates.enqueue, run.pk))
    return run
