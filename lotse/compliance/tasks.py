"""Background work of retention, run by the task worker (`manage.py task_worker`)."""

from django.tasks import task

from lotse.compliance.services import retention_run_apply


@task
def retention_apply(run_id: str) -> dict:
    """Applies a released retention run (enqueued by the release), or resumes a stuck one
    (enqueued again by "Lauf fortsetzen", or reclaimed from a dead worker). Safe to run twice
    or at once: the run's claim lets one worker apply it, each record at most once."""
    return retention_run_apply(run_id=run_id).result
