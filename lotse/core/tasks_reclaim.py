"""Tasks whose worker died go back to the queue.

The database task backend (django-tasks-db) marks a task RUNNING when a worker takes it and
never looks at it again: if that worker is killed, the task stays RUNNING for ever and nobody
runs it. So `manage.py task_worker` beats a heartbeat (`TaskHeartbeat`) for the task it runs,
every few seconds from a thread of its own, and a task RUNNING whose last sign of life (its
heartbeat, or its start) is older than LOTSE_TASK_TIMEOUT_SECONDS counts as abandoned: it goes
back to READY in its old place in the queue. A task whose workers died LOTSE_TASK_MAX_ATTEMPTS
times is marked FAILED instead, so that it cannot take the next worker down with it too.

A task of a living worker is never reclaimed however long it runs, unless its worker cannot
reach the database for the whole timeout; every task of this project is still safe to run twice
or at the same time (a retention run is claimed and beats its own heartbeat, reminders are
deduplicated, expiry looks at the state). `manage.py task_worker` reclaims on start and then
every minute.
"""

import datetime as dt
import logging
import uuid

from django.conf import settings
from django.db import connection, transaction
from django.db.models import OuterRef, Q, Subquery
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from lotse.core.models import TaskHeartbeat

logger = logging.getLogger(__name__)


class WorkerDied(Exception):
    """Recorded as the error of a task whose workers died on every attempt."""


def heartbeat_interval() -> float:
    """Seconds between two heartbeats: a few within the timeout, at most half a minute."""
    return min(30.0, settings.LOTSE_TASK_TIMEOUT_SECONDS / 4)


def task_heartbeat_beat(*, task_id: str, worker_id: str, now: dt.datetime | None = None) -> None:
    """The worker running the task says it is alive."""
    TaskHeartbeat.objects.update_or_create(
        task_id=uuid.UUID(task_id),
        defaults={"worker_id": worker_id, "beat_at": now or timezone.now()},
    )


def tasks_reclaim(*, now: dt.datetime | None = None) -> list[str]:
    """Puts abandoned tasks back into the queue (or fails them after the last attempt) and
    returns their ids."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=settings.LOTSE_TASK_TIMEOUT_SECONDS)
    reclaimed = []
    last_beat = TaskHeartbeat.objects.filter(task=OuterRef("pk")).values("beat_at")
    with transaction.atomic():
        stale = (
            DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=cutoff)
            .annotate(beat_at=Subquery(last_beat))
            .filter(Q(beat_at__isnull=True) | Q(beat_at__lt=cutoff))
            .order_by("started_at")
        )
        if connection.features.has_select_for_update_skip_locked:
            stale = stale.select_for_update(skip_locked=True)
        for task in stale:
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
                last_sign = task.beat_at or task.started_at
                logger.warning(
                    "task %s (%s) reclaimed: worker %s, last sign of life %s, counts as dead",
                    task.pk,
                    task.task_path,
                    task.worker_ids[-1] if task.worker_ids else "-",
                    last_sign.isoformat() if last_sign else "-",
                )
            reclaimed.append(str(task.pk))
    return reclaimed
