import datetime as dt
from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from lotse.core.models import BarrierReport

# A report sent again within this time (double click, tremor, Back and send again) is kept once.
DUPLICATE_WINDOW = dt.timedelta(minutes=10)


@transaction.atomic
def barrier_report_create(
    *, page: str, message: str, name: str = "", email: str = "", phone: str = ""
) -> BarrierReport:
    """Stores a report from "Barriere melden" and e-mails it to the accessibility contact."""
    fields = {"page": page, "message": message, "name": name, "email": email, "phone": phone}
    duplicate = BarrierReport.objects.filter(
        **fields, created_at__gte=timezone.now() - DUPLICATE_WINDOW
    ).first()
    if duplicate is not None:
        return duplicate
    report = BarrierReport(**fields)
    report.full_clean()
    report.save()
    # robust: when the mail server is down the report is still stored and listed in the admin.
    transaction.on_commit(partial(_barrier_report_mail, report=report), robust=True)
    return report


def _barrier_report_mail(*, report: BarrierReport) -> None:
    # The office reads German, whatever language the resident used.
    with translation.override(settings.LANGUAGE_CODE):
        missing = _("keine Angabe")
        received = formats.date_format(
            timezone.localtime(report.created_at), "DATETIME_FORMAT", use_l10n=True
        )
        body = _(
            "Über das Formular „Barriere melden“ ist eine Meldung eingegangen.\n"
            "Bitte antworten Sie innerhalb eines Monats (BGG § 12b).\n\n"
            "Nummer der Meldung: %(id)s\n"
            "Eingegangen: %(received)s\n"
            "Seite: %(page)s\n\n"
            "Problem:\n%(message)s\n\n"
            "Name: %(name)s\n"
            "E-Mail: %(email)s\n"
            "Telefon: %(phone)s\n"
        ) % {
            "id": report.pk,
            "received": received,
            "page": report.page or missing,
            "message": report.message,
            "name": report.name or missing,
            "email": report.email or missing,
            "phone": report.phone or missing,
        }
        send_mail(
            subject=_("Barriere gemeldet: Nummer %(id)s") % {"id": report.pk},
            message=body,
            from_email=None,
            recipient_list=[settings.LOTSE_ACCESSIBILITY_EMAIL],
        )
