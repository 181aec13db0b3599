"""A long task of a living worker is never taken from it, on PostgreSQL.

Two real worker processes (`manage.py task_worker`) look for abandoned tasks every fifth of a
second, with a timeout of two seconds. One of them runs a task that takes five seconds. Its
heartbeat keeps it: the task runs once, by one worker. (Before the heartbeat, a task counted
as abandoned once it had run longer than the timeout, and the other worker ran it a second
time.) That the task of a killed worker does come back is shown by
lotse/compliance/tests/test_retention_crash.py.
"""

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from lotse.core.models import TaskHeartbeat
from lotse.core.tests.slow_tasks import note_and_sleep

pytestmark = pytest.mark.django_db(transaction=True)

TIMEOUT_SECONDS = 2
TASK_SECONDS = 5


@pytest.fixture(autouse=True)
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("the worker test runs task workers as separate processes on PostgreSQL")


def _worker(log: Path, worker_id: str) -> subprocess.Popen:
    db = settings.DATABASES["default"]
    url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": settings.SECRET_KEY,
        "LOTSE_TASK_TIMEOUT_SECONDS": str(TIMEOUT_SECONDS),
    }
    command = ["manage.py", "task_worker", "--no-startup-delay", "--interval", "0.1"]
    return subprocess.Popen(
        [sys.executable, *command, "--reclaim-interval", "0.2", "--worker-id", worker_id],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log.open("a"),
        stderr=subprocess.STDOUT,
    )


def test_a_long_task_of_a_living_worker_runs_once(tmp_path):
    runs = tmp_path / "runs"
    log = tmp_path / "workers.log"
    result = note_and_sleep.enqueue(str(runs), TASK_SECONDS)
    workers = [_worker(log, "first"), _worker(log, "second")]
    try:
        deadline = time.monotonic() + 90  # a loaded machine starts Django slowly
        while DBTaskResult.objects.get(pk=result.id).status != TaskResultStatus.SUCCESSFUL:
            assert time.monotonic() < deadline, "the task never finished:\n" + log.read_text()
            assert all(worker.poll() is None for worker in workers), log.read_text()
            time.sleep(0.1)
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        for worker in workers:
            worker.wait(timeout=10)

    task = DBTaskResult.objects.get(pk=result.id)
    assert runs.read_text() == "run\n"  # once
    assert len(task.worker_ids) == 1
    assert "reclaimed" not in log.read_text()
    heartbeat = TaskHeartbeat.objects.get(task=task)
    assert heartbeat.worker_id == task.worker_ids[0]
    assert task.started_at is not None
    assert heartbeat.beat_at - task.started_at > dt.timedelta(seconds=2 * TIMEOUT_SECONDS)
