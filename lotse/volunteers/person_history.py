"""The requests for help in a person's history (lotse.people.history), registered in
VolunteersConfig.ready: those the viewer may see, newest first."""

from django.urls import reverse
from django.utils.translation import gettext as _

from lotse.core.permissions import Actor
from lotse.people.history import HISTORY_LIMIT, HistoryEntry, history_source_register
from lotse.people.models import Person
from lotse.volunteers.models import HelpRequest


def help_request_history(actor: Actor, person: Person) -> list[HistoryEntry]:
    """One query; each request is checked with the page's own rule."""
    if actor is None or not actor.is_authenticated:
        return []
    requests = HelpRequest.objects.filter(person=person).order_by("-created_at")[:HISTORY_LIMIT]
    return [
        HistoryEntry(
            at=help_request.created_at,
            kind="help_request",
            kind_label=_("Digital-Hilfe"),
            title=", ".join(
                label
                for label in [help_request.get_device_display(), *help_request.topic_labels()]
                if label
            ),
            state=str(help_request.get_state_display()),
            url=reverse("volunteers:request_detail", args=[help_request.pk]),
        )
        for help_request in requests
        if actor.has_perm("volunteers.view_help_request", help_request)
    ]


def register() -> None:
    history_source_register("volunteers", help_request_history)
