"""The work of a bulk issue, run by the task (`tasks.issue_session_certificates`): one
certificate after the other through `services.certificate_issue`, counted as it goes."""

import logging

from django.utils import timezone

from . import selectors
from .choices import RunStatus
from .exceptions import AlreadyIssued, NotAllowed, RuleBroken
from .models import IssueRun
from .services.issuing import certificate_issue

logger = logging.getLogger(__name__)


def run_issue(run_id):
    """The task's work: issue one certificate after the other, counting as it goes. A
    trainee who got one meanwhile is skipped; a refusal is noted and the run goes on."""
    run = IssueRun.objects.select_related("session", "template", "requested_by").get(pk=run_id)
    if run.status not in (RunStatus.QUEUED, RunStatus.RUNNING):
        return run
    run.status, run.started_at = RunStatus.RUNNING, timezone.now()
    run.save(update_fields=["status", "started_at"])
    user = run.requested_by
    try:
        pending = list(selectors.nominations_to_certify(user, run.session))
        for nomination in pending:
            try:
                certificate_issue(nomination=nomination, user=user, template=run.template)
            except AlreadyIssued:
                run.skipped += 1
            except (RuleBroken, NotAllowed) as error:
                run.failed += 1
                run.messages.append(f"{nomination.official.passport_name}: {_message(error)}")
            else:
                run.issued += 1
            run.save(update_fields=["issued", "skipped", "failed", "messages"])
    except Exception as error:
        logger.exception("certificate run %s stopped", run.pk)
        run.status, run.finished_at = RunStatus.FAILED, timezone.now()
        run.messages.append(str(error))
        run.save(update_fields=["status", "finished_at", "messages"])
        raise
    run.status, run.finished_at = RunStatus.FINISHED, timezone.now()
    # Trainees who completed after the run was requested are counted as they were issued.
    run.total = max(run.total, run.done)
    run.save(update_fields=["status", "finished_at", "total"])
    return run


def _message(error):
    messages = getattr(error, "messages", None)
    return " ".join(str(m) for m in messages) if messages else str(error)
