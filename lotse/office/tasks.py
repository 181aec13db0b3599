"""Background work of the offices, run by the database task worker (`manage.py task_worker`)."""

from django.tasks import task
from django.utils import timezone

from lotse.office.services import appointment_reminders_due


@task
def send_appointment_reminders() -> int:
    """Reminds everyone with a booked appointment tomorrow, and on the last working day before
    a weekend or public holiday everyone up to the next working day (Friday sends Monday's).
    Safe to run more than once a day, and on days off."""
    return appointment_reminders_due(today=timezone.localdate())
