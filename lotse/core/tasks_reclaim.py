"""Tasks whose worker died go back to the queue.

The database task backend (django-tasks-db) marks a task RUNNING when a worker takes it and
never looks at it again: if that worker is killed, the task stays RUNNING for ever and nobody
runs it. It keeps no heartbeat, only `started_at` and the ids of the workers that took it
(`worker_ids`, one per attempt). So a task still RUNNING after LOTSE_TASK_TIMEOUT_SECONDS counts
as abandoned and goes back to READY in its old place in the queue; a task whose workers died
LOTSE_TASK_MAX_ATTEMPTS times is marked FAILED instead, so that it cannot take the next worker
down with it too.

A task of a slow but living worker may be reclaimed too (there is no heartbeat to tell): every
task of this project is therefore safe to run twice or at the same time (a retention run is
claimed and beats its own heartbeat, reminders are deduplicated, expiry looks at the state).
`manage.py task_worker` runs this on start and then every minute.
"""

import datetime as dt
import logging
from collections.abc import Collection

from django.conf import settings
from django.db import connection, transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)


class WorkerDied(Exception):
    """Recorded as the error of a task whose workers died on every attempt."""


def tasks_reclaim(
    *, now: dt.datetime | None = None, alive_worker_ids: Collection[str] = ()
) -> list[str]:
    """Puts abandoned tasks back into the queue (or fails them after the last attempt) and
    returns their ids. `alive_worker_ids`: workers known to be alive (the caller itself),
    whose tasks are left alone however long they run."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=settings.LOTSE_TASK_TIMEOUT_SECONDS)
    reclaimed = []
    with transaction.atomic():
        stale = DBTaskResult.objects.filter(
            status=TaskResultStatus.RUNNING, started_at__lt=cutoff
        ).order_by("started_at")
        if connection.features.has_select_for_update_skip_locked:
            stale = stale.select_for_update(skip_locked=True)
        for task in stale:
            if task.worker_ids and task.worker_ids[-1] in alive_worker_ids:
                continue
            attempts = len(task.worker_ids)
            if attempts >= settings.LOTSE_TASK_MAX_ATTEMPTS:
                DBTaskResult.objects.filter(pk=task.pk, status=TaskResultStatus.RUNNING).update(
                    status=TaskResultStatus.FAILED,
                    finished_at=now,
                    exception_class_path=f"{WorkerDied.__module__}.{WorkerDied.__qualname__}",
                    traceback=(
                        f"WorkerDied: the worker died on each of {attempts} attempts "
                        f"(workers {', '.join(task.worker_ids)})\n"
                    ),
                )
                logger.error(
                    "task %s (%s) failed: its worker died on each of %s attempts",
                    task.pk,
                    task.task_path,
                    attempts,
                )
            else:
                DBTaskResult.objects.filter(pk=task.pk, status=TaskResultStatus.RUNNING).update(
                    status=TaskResultStatus.READY
                )
                logger.warning(
                    "task %s (%s) reclaimed: running since %s by worker %s, which counts as dead",
                    task.pk,
                    task.task_path,
                    task.started_at.isoformat() if task.started_at else "-",
                    task.worker_ids[-1] if task.worker_ids else "-",
                )
            reclaimed.append(str(task.pk))
    return reclaimed
