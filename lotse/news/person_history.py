"""Registrations in a person's history (lotse.people.history), registered in NewsConfig.ready:
the events staff registered the person for, with the state of each registration. Only for a
viewer with a role in the organisation that holds the person; the link to the date's
participant list only where the viewer may see it."""

from django.urls import reverse
from django.utils.translation import gettext as _

from lotse.core.permissions import Actor
from lotse.core.rules import has_role
from lotse.news.models import Occurrence
from lotse.news.selectors_registrations import date_label, person_registrations
from lotse.people.history import HISTORY_LIMIT, HistoryEntry, history_source_register
from lotse.people.models import Person


def registration_history(actor: Actor, person: Person) -> list[HistoryEntry]:
    if actor is None or not actor.is_authenticated:
        return []
    if not has_role(actor, organisation_id=person.organisation_id):
        return []
    entries = []
    for registration in person_registrations(person=person, limit=HISTORY_LIMIT):
        occurrence, event = registration.occurrence, registration.event
        state = str(registration.get_status_display())
        if occurrence.status == Occurrence.Status.CANCELLED:
            state = _("%(state)s (Termin fällt aus)") % {"state": state}
        url = ""
        if actor.has_perm("news.view_registrations", event):
            url = reverse("events:participants", args=[occurrence.pk])
        entries.append(
            HistoryEntry(
                at=occurrence.start,
                kind="registration",
                kind_label=_("Anmeldung"),
                title=_("%(title)s, %(when)s")
                % {"title": event.title, "when": date_label(occurrence)},
                state=state,
                url=url,
                detail=_("Veranstalter: %(name)s") % {"name": event.organisation.name},
            )
        )
    return entries


def register() -> None:
    history_source_register("news", registration_history)
