"""The task worker: django-tasks-db's `db_worker`, plus putting back the tasks of dead workers.

`db_worker` alone leaves a task RUNNING for ever when its worker is killed
(lotse.core.tasks_reclaim). This command reclaims such tasks when it starts (so a worker
restarted after a crash picks up what it was doing once the timeout has passed) and then every
`--reclaim-interval` seconds from a thread with its own database connection. Every option of
`db_worker` works here too (`--batch`, `--interval`, `--queue-name` …)."""

import logging
import threading
from typing import Any

from django.db import DatabaseError, connection
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from lotse.core.tasks_reclaim import tasks_reclaim

logger = logging.getLogger("lotse.core.tasks_reclaim")


def _reclaim(worker_id: str) -> None:
    try:
        tasks_reclaim(alive_worker_ids={worker_id})
    except DatabaseError:
        # The database is away or busy (SQLite): the next sweep tries again.
        logger.exception("reclaiming abandoned tasks failed")


def _sweep(worker_id: str, interval: float, stop: threading.Event) -> None:
    while not stop.wait(interval):
        _reclaim(worker_id)
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
        _reclaim(worker_id)
        stop = threading.Event()
        sweeper = threading.Thread(
            target=_sweep, args=(worker_id, reclaim_interval, stop), daemon=True
        )
        sweeper.start()
        try:
            super().handle(**options)
        finally:
            stop.set()
