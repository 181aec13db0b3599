"""Background work of the office desk, run by the database task worker (`manage.py task_worker`)."""

from django.tasks import task

from lotse.desk.services.referrals import referrals_expire_due


@task
def expire_referrals() -> int:
    """Expires referrals the provider did not answer in time and alerts their offices; run
    daily."""
    return referrals_expire_due()
