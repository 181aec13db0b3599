"""Processing activities of the neighbourhood offices (see lotse.core.declarations), and the
retention rule for the free text of past appointments."""

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from lotse.core.declarations import Activity, RetentionRule
from lotse.core.permissions import Actor
from lotse.office.models import Appointment

ACTIVITIES = [
    Activity(
        key="office.appointments",
        name=_("Termine im Quartiersbüro"),
        purpose=_(
            "Termine in den Sprechstunden vergeben, bestätigen, erinnern und absagen, auch für "
            "Menschen, die anrufen; Hausbesuche und Termine außerhalb der Sprechzeit vereinbaren. "
            "Wer die Bestätigung per Brief möchte, gibt dafür seine Postanschrift an."
        ),
        legal_bases=("art6_1a", "art6_1e"),
        data_subjects=(
            _("Menschen, die einen Termin buchen oder für die ein Termin gebucht wird"),
            _("Ansprechpersonen der Quartiersbüros"),
        ),
        recipients=(_("Mitarbeitende des Quartiersbüros"),),
        models=("office.Office", "office.Appointment"),
        retention_rules=("office.appointment_text",),
        retention_note=_(
            "Zeit, Ort und Stand der Termine bleiben für die Statistik; ein Termin für eine "
            "Person wird mit ihr anonymisiert."
        ),
    ),
]


def appointment_text_due(cutoff: dt.datetime, action: str) -> QuerySet[Appointment]:
    """Appointments that ended before `cutoff` and still carry a name, contact, postal address,
    place of a visit or note."""
    has_text = (
        ~Q(name="")
        | ~Q(phone="")
        | ~Q(email="")
        | ~Q(note="")
        | ~Q(booker_name="")
        | ~Q(booker_relation="")
        | ~Q(booker_phone="")
        | ~Q(booker_email="")
        | ~Q(street="")
        | ~Q(postcode="")
        | ~Q(city="")
        | ~Q(place="")
    )
    return Appointment.objects.filter(has_text, end__lt=cutoff)


def appointment_text_apply(
    appointment: Appointment, *, action: str, actor: Actor, reason: str
) -> None:
    changed = appointment.erase_personal_text()
    if changed:
        appointment.save(update_fields=changed)


RETENTION_RULES = [
    RetentionRule(
        kind="office.appointment_text",
        label=_("Name, Kontaktdaten, Postanschrift, Ort und Anliegen vergangener Termine"),
        description=_("%(days)s Tage nach dem Termin"),
        default_days=180,
        default_action="redact",
        actions=("redact",),
        held_by="office__organisation",
        due=appointment_text_due,
        apply=appointment_text_apply,
    ),
]
