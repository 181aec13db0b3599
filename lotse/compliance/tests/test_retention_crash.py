"""A retention run whose task worker is killed, on PostgreSQL.

The real worker process (`manage.py task_worker`) applies a released run of many due records
and is killed with SIGKILL in the middle. The task stays RUNNING and the run "applying", as the
dead worker left them. A new worker, started at once, reclaims the task once the dead worker's
heartbeat is older than the timeout, the run is resumed where it stopped, and in the end every
due record has been deleted exactly once: one audit entry each, the run's counts add up, the
run is "applied". (With `db_worker` alone, the task stayed RUNNING and the records stayed.)
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
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from lotse.compliance.models import RetentionRun
from lotse.compliance.services import retention_dry_run, retention_run_release
from lotse.core.models import AuditEntry, BarrierReport

pytestmark = pytest.mark.django_db(transaction=True)

DUE = 150
KILL_AFTER = 40  # records deleted before the worker is killed
TIMEOUT_SECONDS = 2  # a task without a heartbeat this long counts as abandoned, a run stuck


@pytest.fixture(autouse=True)
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("the crash test runs the task worker as a second process on PostgreSQL")


def _worker_env() -> dict[str, str]:
    db = settings.DATABASES["default"]
    url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    return {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": settings.SECRET_KEY,
        "LOTSE_TASK_TIMEOUT_SECONDS": str(TIMEOUT_SECONDS),
        "LOTSE_RETENTION_LEASE_SECONDS": str(TIMEOUT_SECONDS),
        # The worker is no test process: it gets the keys this one derived.
        "LOTSE_AUDIT_KEYS": ",".join(getattr(settings, "LOTSE_AUDIT_KEYS", [])),
        "LOTSE_FERNET_KEYS": ",".join(settings.LOTSE_FERNET_KEYS),
    }


def _worker(log: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "task_worker", "--no-startup-delay", "--interval", "0.1"]
        + list(args),
        cwd=settings.BASE_DIR,
        env=_worker_env(),
        stdout=log.open("a"),
        stderr=subprocess.STDOUT,
    )


def _tail(log: Path) -> str:
    return log.read_text()[-3000:]


def _released_run(coordinator) -> RetentionRun:
    old = timezone.now() - dt.timedelta(days=800)
    BarrierReport.objects.bulk_create(
        BarrierReport(message=f"Meldung {number}") for number in range(DUE)
    )
    BarrierReport.objects.update(created_at=old)
    run = next(run for run in retention_dry_run(actor=None) if run.organisation_id is None)
    assert len(run.report["core.barrier_report"]["ids"]) == DUE
    retention_run_release(actor=coordinator, run=run)  # enqueues the task on commit
    return run


def test_killed_retention_run_is_reclaimed_and_applies_every_record_once(coordinator, tmp_path):
    run = _released_run(coordinator)
    log = tmp_path / "worker.log"
    worker = _worker(log)
    try:
        deadline = time.monotonic() + 20
        while BarrierReport.objects.count() > DUE - KILL_AFTER:
            assert time.monotonic() < deadline, "the worker never got far:\n" + _tail(log)
            assert worker.poll() is None, _tail(log)
            time.sleep(0.01)
    finally:
        if worker.poll() is None:
            os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)

    # What the dead worker left behind.
    left = BarrierReport.objects.count()
    assert 0 < left < DUE, "the worker was killed too late to test anything"
    run.refresh_from_db()
    assert run.status == RetentionRun.Status.APPLYING
    task = DBTaskResult.objects.get()
    assert task.status == "RUNNING"

    # A new worker at once, as systemd would start it: on start the dead worker's heartbeat is
    # not yet older than the timeout, so its sweep every half second reclaims it later and the
    # run is resumed where it stopped.
    again = _worker(log, "--reclaim-interval", "0.5")
    try:
        deadline = time.monotonic() + 25
        while RetentionRun.objects.get(pk=run.pk).status != RetentionRun.Status.APPLIED:
            assert time.monotonic() < deadline, "the run was never resumed:\n" + _tail(log)
            assert again.poll() is None, _tail(log)
            time.sleep(0.1)
        while DBTaskResult.objects.get().status == "RUNNING" and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        again.send_signal(signal.SIGTERM)  # the worker stops when its task is done
        again.wait(timeout=10)

    run.refresh_from_db()
    task.refresh_from_db()
    assert BarrierReport.objects.count() == 0
    assert run.status == RetentionRun.Status.APPLIED
    assert run.result["core.barrier_report"] == {"applied": DUE, "skipped": 0, "failed": 0}
    deleted = AuditEntry.objects.filter(verb="retention.delete")
    assert deleted.count() == DUE  # every record once, none twice
    assert set(deleted.values_list("target_id", flat=True)) == set(
        run.report["core.barrier_report"]["ids"]
    )
    assert task.status == "SUCCESSFUL"
    assert len(task.worker_ids) == 2
