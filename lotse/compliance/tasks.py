"""Background work of retention, run by the database task worker (`manage.py db_worker`)."""

from django.tasks import task

from lotse.compliance.services import retention_run_apply


@task
def retention_apply(run_id: str) -> dict:
    """Applies a released retention run (enqueued by the release)."""
    return retention_run_apply(run_id=run_id).result
