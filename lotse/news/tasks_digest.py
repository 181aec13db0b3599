"""The weekly digest, run by the database task worker (`manage.py task_worker`); cron enqueues
it on the weekend with `manage.py events_digest`."""

import datetime as dt

from django.tasks import task

from lotse.news.services_digest import digest_week_send


@task
def send_weekly_digest(week: str = "") -> int:
    """Queues the coming week's digest (or that of `week`, a date in ISO format) for every
    confirmed subscriber who has not had it. Safe to run twice or at the same time."""
    return digest_week_send(week=dt.date.fromisoformat(week) if week else None)
