import datetime as dt

import pytest
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from lotse.core.models import TaskHeartbeat
from lotse.core.tasks_reclaim import task_heartbeat_beat, tasks_reclaim
from lotse.desk.tasks import expire_referrals

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def reclaim_settings(settings):
    settings.LOTSE_TASK_TIMEOUT_SECONDS = 600
    settings.LOTSE_TASK_MAX_ATTEMPTS = 3


def _running(*, minutes_ago: float, workers: list[str]) -> DBTaskResult:
    """A task as a worker leaves it that took it `minutes_ago` (and was killed, perhaps)."""
    result = expire_referrals.enqueue()
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now() - dt.timedelta(minutes=minutes_ago),
        worker_ids=workers,
    )
    return DBTaskResult.objects.get(pk=result.id)


def _beat(task: DBTaskResult, *, minutes_ago: float) -> None:
    now = timezone.now() - dt.timedelta(minutes=minutes_ago)
    task_heartbeat_beat(task_id=str(task.pk), worker_id=task.worker_ids[-1], now=now)


def test_a_task_without_a_sign_of_life_for_the_timeout_goes_back_to_the_queue():
    abandoned = _running(minutes_ago=11, workers=["dead"])
    young = _running(minutes_ago=9, workers=["busy"])

    reclaimed = tasks_reclaim()

    abandoned.refresh_from_db()
    young.refresh_from_db()
    assert reclaimed == [str(abandoned.pk)]
    assert abandoned.status == TaskResultStatus.READY
    assert abandoned.worker_ids == ["dead"]  # the history stays
    assert young.status == TaskResultStatus.RUNNING
    assert DBTaskResult.objects.ready().get() == abandoned


def test_a_long_task_whose_worker_beats_its_heartbeat_is_left_alone():
    long = _running(minutes_ago=60, workers=["alive"])
    _beat(long, minutes_ago=9)

    assert tasks_reclaim() == []

    long.refresh_from_db()
    assert long.status == TaskResultStatus.RUNNING


def test_a_long_task_whose_heartbeat_stopped_goes_back_to_the_queue():
    long = _running(minutes_ago=60, workers=["died"])
    _beat(long, minutes_ago=11)

    assert tasks_reclaim() == [str(long.pk)]

    long.refresh_from_db()
    assert long.status == TaskResultStatus.READY


def test_the_heartbeat_of_an_earlier_attempt_does_not_count_against_the_new_one():
    task = _running(minutes_ago=60, workers=["died"])
    _beat(task, minutes_ago=30)
    # Reclaimed and taken again five minutes ago by a worker that has not beaten yet.
    DBTaskResult.objects.filter(pk=task.pk).update(
        started_at=timezone.now() - dt.timedelta(minutes=5), worker_ids=["died", "new"]
    )

    assert tasks_reclaim() == []


def test_a_beat_updates_the_one_heartbeat_of_a_task():
    task = _running(minutes_ago=1, workers=["w"])
    _beat(task, minutes_ago=2)
    _beat(task, minutes_ago=0)

    heartbeat = TaskHeartbeat.objects.get()
    assert heartbeat.task_id == task.pk and heartbeat.worker_id == "w"
    assert timezone.now() - heartbeat.beat_at < dt.timedelta(seconds=30)


def test_a_task_whose_workers_died_on_every_attempt_fails():
    poison = _running(minutes_ago=11, workers=["a", "b", "c"])

    tasks_reclaim()

    poison.refresh_from_db()
    assert poison.status == TaskResultStatus.FAILED
    assert poison.exception_class_path == "lotse.core.tasks_reclaim.WorkerDied"
    assert "3 attempts" in poison.traceback
    assert poison.finished_at is not None
    assert poison.task_result.errors[0].exception_class.__name__ == "WorkerDied"


def test_finished_tasks_are_never_touched():
    done = _running(minutes_ago=120, workers=["w"])
    DBTaskResult.objects.filter(pk=done.pk).update(status=TaskResultStatus.SUCCESSFUL)

    assert tasks_reclaim() == []


# The worker closes its connection between tasks, as in production: no test transaction.
@pytest.mark.django_db(transaction=True)
def test_task_worker_reclaims_on_start_and_runs_the_task_again():
    abandoned = _running(minutes_ago=11, workers=["dead"])

    call_command("task_worker", "--batch", "--no-startup-delay", "--worker-id", "again")

    abandoned.refresh_from_db()
    assert abandoned.status == TaskResultStatus.SUCCESSFUL
    assert abandoned.worker_ids == ["dead", "again"]
