"""The office's part of a person's history (lotse.people.history): the appointments;
registered in OfficeConfig.ready."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lotse.core.permissions import Actor
from lotse.core.rules import has_role
from lotse.office.models import Appointment
from lotse.office.rules import OFFICE_ROLES
from lotse.people.history import HISTORY_LIMIT, HistoryEntry, history_source_register
from lotse.people.models import Person


def appointment_history(actor: Actor, person: Person) -> list[HistoryEntry]:
    """Only of the organisation holding the person, for a viewer with an office role there
    (the office's rule takes an office, of which the organisation may run several: its roles
    are asked directly). One query."""
    entries: list[HistoryEntry] = []
    organisation_id = person.organisation_id
    if actor is None or not has_role(actor, OFFICE_ROLES, organisation_id=organisation_id):
        return []
    appointments = (
        Appointment.objects.filter(person=person, office__organisation_id=organisation_id)
        .select_related("office")
        .order_by("-start")[:HISTORY_LIMIT]
    )
    for appointment in appointments:
        entries.append(
            HistoryEntry(
                at=appointment.start,
                kind="appointment",
                # A home visit or an appointment outside the hours says so.
                kind_label=str(appointment.get_kind_display())
                if appointment.is_visit
                else _("Termin"),
                title=appointment.office.name,
                state=str(appointment.get_status_display()),
                url=reverse("office:staff_day", args=[appointment.office.slug])
                + f"?tag={timezone.localtime(appointment.start).date().isoformat()}",
            )
        )
    return entries


def register() -> None:
    history_source_register("office", appointment_history)
