"""Background work of the directory, run by the database task worker (`manage.py task_worker`)."""

import datetime as dt
from collections import defaultdict

from django.core.mail import send_mail
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from lotse.directory.models import Service
from lotse.directory.selectors import review_queue

REMIND_EVERY_DAYS = 30


@task
def send_verification_reminders() -> int:
    """Asks each organisation once a month to confirm offers not verified for 12 months."""
    today = timezone.localdate()
    due = review_queue(today=today).exclude(
        verification_reminded_at__gt=today - dt.timedelta(days=REMIND_EVERY_DAYS)
    )
    by_org: dict = defaultdict(list)
    for service in due.exclude(organization__email=""):
        by_org[service.organization].append(service)
    for org, services in by_org.items():
        names = "\n".join(f"- {s.name}" for s in services)
        send_mail(
            subject=_("Bitte prüfen Sie Ihre Angebote im Quartierslotsen"),
            message=_(
                "Guten Tag,\n\ndiese Angebote von %(organisation)s wurden seit über einem Jahr "
                "nicht geprüft:\n%(offers)s\n\nBitte melden Sie sich an und bestätigen oder "
                "ändern Sie die Angaben. So finden ältere Menschen immer richtige Informationen.\n"
            )
            % {"organisation": org.name, "offers": names},
            from_email=None,
            recipient_list=[org.email],
        )
        Service.objects.filter(id__in=[s.id for s in services]).update(
            verification_reminded_at=today
        )
    return len(by_org)
