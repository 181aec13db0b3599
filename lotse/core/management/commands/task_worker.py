"""The task worker: django-tasks-db's `db_worker`, plus a heartbeat for the task it runs and
putting back the tasks of dead workers.

`db_worker` alone leaves a task RUNNING for ever when its worker is killed
(lotse.core.tasks_reclaim). This command beats a heartbeat for the task it runs (every
quarter of LOTSE_TASK_TIMEOUT_SECONDS, at most every 30 seconds), reclaims tasks without a sign
of life when it starts, and then every `--reclaim-interval` seconds. Heartbeat and sweep run in
a thread with its own database connection, so a long task does not hold them up. Every option
of `db_worker` works here too (`--batch`, `--interval`, `--queue-name` …)."""

import logging
import threading
import time
from typing import Any

from django.db import DatabaseError, connection
from django.tasks.signals import task_finished, task_started
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from lotse.core.tasks_reclaim import heartbeat_interval, task_heartbeat_beat, tasks_reclaim

logger = logging.getLogger("lotse.core.tasks_reclaim")


class Running:
    """The id of the task this worker runs now (set from the worker's task signals)."""

    def __init__(self) -> None:
        self.task_id: str | None = None

    def started(self, sender: Any, task_result: Any, **kwargs: Any) -> None:
        self.task_id = str(task_result.id)

    def finished(self, sender: Any, task_result: Any, **kwargs: Any) -> None:
        self.task_id = None


def _reclaim() -> None:
    try:
        tasks_reclaim()
    except DatabaseError:
        # The database is away or busy (SQLite): the next sweep tries again.
        logger.exception("reclaiming abandoned tasks failed")


def _beat(running: Running, worker_id: str) -> None:
    task_id = running.task_id
    if task_id is None:
        return
    try:
        task_heartbeat_beat(task_id=task_id, worker_id=worker_id)
    except DatabaseError:
        # The next beat tries again; only a whole timeout without one lets the task go.
        logger.exception("the heartbeat of task %s failed", task_id)


def _keep(running: Running, worker_id: str, reclaim_interval: float, stop: threading.Event) -> None:
    """Beats the heartbeat of the running task and reclaims abandoned tasks, until `stop`."""
    beat_every = heartbeat_interval()
    next_sweep = time.monotonic() + reclaim_interval
    try:
        while not stop.wait(min(beat_every, reclaim_interval)):
            _beat(running, worker_id)
            if time.monotonic() >= next_sweep:
                _reclaim()
                next_sweep = time.monotonic() + reclaim_interval
    finally:
        connection.close()  # this thread's connection; the worker keeps its own


class Command(DbWorkerCommand):
    help = (
        "Führt Hintergrundaufgaben aus (wie db_worker) und holt Aufgaben zurück, "
        "deren Worker abgestürzt ist."
    )

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--reclaim-interval",
            type=float,
            default=60.0,
            help="Seconds between two looks for tasks of dead workers (default: %(default)s).",
        )

    def handle(self, **options: Any) -> None:
        reclaim_interval: float = options.pop("reclaim_interval")
        worker_id: str = options["worker_id"]
        _reclaim()
        running = Running()
        uid = f"lotse-task-heartbeat-{worker_id}"
        task_started.connect(running.started, dispatch_uid=uid)
        task_finished.connect(running.finished, dispatch_uid=uid)
        stop = threading.Event()
        keeper = threading.Thread(
            target=_keep, args=(running, worker_id, reclaim_interval, stop), daemon=True
        )
        keeper.start()
        try:
            super().handle(**options)
        finally:
            stop.set()
            task_started.disconnect(dispatch_uid=uid)
            task_finished.disconnect(dispatch_uid=uid)
