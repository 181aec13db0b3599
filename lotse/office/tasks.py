"""Background work of the offices, run by the database task worker (`manage.py db_worker`)."""

import datetime as dt

from django.tasks import task
from django.utils import timezone

from lotse.office.services import appointment_reminders_send


@task
def send_appointment_reminders() -> int:
    """Reminds everyone with a booked appointment tomorrow; safe to run more than once a day."""
    return appointment_reminders_send(day=timezone.localdate() + dt.timedelta(days=1))
