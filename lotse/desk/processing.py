"""Processing activities of the Quartiersbüro's desk (see lotse.core.declarations), and the
retention rule for the free text of closed inquiries. (First written by the compliance
developer from the models; the desk developer added the rule and the Art. 9 field.)"""

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from lotse.core.declarations import Activity, RetentionRule
from lotse.core.permissions import Actor
from lotse.desk.models import Inquiry, Referral, ReferralEvent

# The description of an inquiry may hold health details.
ART9_FIELDS = {"desk.Inquiry": ("description",)}

ACTIVITIES = [
    Activity(
        key="desk.inquiries",
        name=_("Anliegen und Weitervermittlungen"),
        purpose=_(
            "Anliegen von Anrufen, Besuchen und Nachrichten festhalten, an passende Angebote "
            "weitervermitteln und nachverfolgen, ob die Hilfe angekommen ist."
        ),
        legal_bases=("art6_1a", "art6_1e", "art9_2a", "art9_2h"),
        data_subjects=(
            _("Menschen mit einem Anliegen, auch ohne Namen"),
            _("Angehörige, Nachbarn und andere, die sich für eine Person melden"),
            _("Mitarbeitende von Büro und Anbieter, die Schritte erfassen"),
        ),
        recipients=(
            _("Mitarbeitende des Quartiersbüros"),
            _("Der Anbieter, an den vermittelt wird: nur mit Einwilligung „Weitergabe“"),
        ),
        models=("desk.Inquiry", "desk.Referral", "desk.ReferralEvent", "desk.UnmetNeed"),
        retention_rules=("desk.inquiry_text",),
        retention_note=_(
            "Kontaktweg, Themen, Dauer und Stand der Anliegen und Weitervermittlungen bleiben "
            "für die Statistik; ein Anliegen einer Person wird mit ihr anonymisiert."
        ),
    ),
]


def inquiry_text_due(cutoff: dt.datetime, action: str) -> QuerySet[Inquiry]:
    """Inquiries closed before `cutoff` that still carry a description or contact data."""
    has_text = (
        ~Q(description="")
        | ~Q(contact_name="")
        | ~Q(contact_phone="")
        | ~Q(contact_email="")
        | ~Q(person_name="")
        | ~Q(person_phone="")
    )
    return Inquiry.objects.filter(has_text, status=Inquiry.Status.CLOSED, closed_at__lt=cutoff)


def inquiry_text_apply(inquiry: Inquiry, *, action: str, actor: Actor, reason: str) -> None:
    """Clears the inquiry's free text and the notes of its referrals and their steps."""
    changed = inquiry.erase_personal_text()
    inquiry.save(update_fields=changed)
    Referral.objects.filter(inquiry=inquiry).update(note="", outcome_note="")
    ReferralEvent.objects.filter(referral__inquiry=inquiry).update(note="")


RETENTION_RULES = [
    RetentionRule(
        kind="desk.inquiry_text",
        label=_("Beschreibung, Kontaktdaten und Bemerkungen abgeschlossener Anliegen"),
        description=_("%(days)s Tage nach dem Abschluss des Anliegens"),
        default_days=3 * 365,
        default_action="redact",
        actions=("redact",),
        held_by="organisation",
        due=inquiry_text_due,
        apply=inquiry_text_apply,
    ),
]
