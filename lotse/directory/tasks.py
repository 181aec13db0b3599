"""Background work of the directory, run by the database task worker (`manage.py task_worker`)."""

from django.tasks import task

from lotse.directory.services import verification_reminders_send


@task
def send_verification_reminders() -> int:
    """Asks each organisation once a month to confirm offers not verified for 12 months (safe
    to run twice or at the same time: directory.services.verification_reminders_send)."""
    return verification_reminders_send()
