"""Background work of the certificates: a session's certificates issued in bulk, run by
django-tasks after the request that asked for them has committed. Arguments are ids."""

from django_tasks import task


@task()
def issue_session_certificates(run_id):
    """Issue the certificates of an `IssueRun`, updating its counts after each one."""
    from .runs import run_issue

    run = run_issue(run_id)
    return {"issued": run.issued, "skipped": run.skipped, "failed": run.failed}
