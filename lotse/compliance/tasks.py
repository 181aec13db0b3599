"""Background work of retention, run by the task worker (`manage.py task_worker`)."""

import datetime as dt
import time

from django.conf import settings
from django.tasks import task
from django.utils import timezone

from lotse.compliance.models import RetentionRun
from lotse.compliance.services import retention_run_apply


@task
def retention_apply(run_id: str) -> dict:
    """Applies a released retention run (enqueued by the release), or resumes a stuck one
    (enqueued again by "Lauf fortsetzen", or reclaimed from a dead worker). Safe to run twice
    or at once: the run's claim lets one worker apply it, each record at most once.

    A run another worker holds is looked at once more when that worker's lease runs out: a
    task reclaimed from a dead worker may come before the run's own lease has run out (the
    run's heartbeat beats with every record, the worker's less often). By then a live worker
    has beaten the heartbeat again and keeps the run; a dead one's run is taken over."""
    run = retention_run_apply(run_id=run_id)
    if run.status == RetentionRun.Status.APPLYING and run.heartbeat_at is not None:
        lease = dt.timedelta(seconds=settings.LOTSE_RETENTION_LEASE_SECONDS)
        wait = (run.heartbeat_at + lease - timezone.now()).total_seconds()
        time.sleep(max(0.0, wait) + 0.5)
        run = retention_run_apply(run_id=run_id)
    return run.result
