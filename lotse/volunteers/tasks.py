"""Background work of the digital helpers, run by the database task worker (`manage.py
task_worker`)."""

from django.tasks import task

from lotse.volunteers.services import credential_reminders_send, pauses_end


@task
def send_credential_reminders() -> int:
    """Daily: reminds helpers and their multipliers once per credential that runs out within
    LOTSE_CREDENTIAL_WARNING_DAYS (safe to run twice: each credential is marked reminded in
    the transaction that writes its messages), and ends the pauses that are over."""
    pauses_end()
    return credential_reminders_send()
