"""Background work of the requests for help, run by the database task worker."""

from django.tasks import task

from lotse.volunteers.request_services import help_offers_expire


@task
def expire_help_offers() -> int:
    """Hourly: offers without an answer in LOTSE_HELP_OFFER_HOURS expire and their requests go
    back to the dispatch board with a warning (resumable: each request in its own
    transaction; a second run finds nothing left)."""
    return help_offers_expire()
