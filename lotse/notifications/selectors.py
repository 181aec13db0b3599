"""Reads of messages, limited to the persons of the organisations the actor works with."""

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Max, QuerySet
from django.http import Http404

from lotse.core.audit import audit_record
from lotse.core.permissions import Actor, refuse_object
from lotse.notifications.models import Message
from lotse.people.selectors import person_organisations


def _of_actor(actor: Actor) -> QuerySet[Message]:
    return Message.objects.filter(organisation__in=person_organisations(actor=actor))


def letters_waiting(*, actor: Actor, ids: list[uuid.UUID] | None = None) -> list[Message]:
    """Letters waiting to be printed, oldest first; `ids` narrows them to those on the page."""
    letters = _of_actor(actor).filter(channel=Message.Channel.LETTER, status=Message.Status.WAITING)
    if ids is not None:
        letters = letters.filter(pk__in=ids)
    return list(letters.select_related("person").order_by("created_at"))


def letter_batches_recent(*, actor: Actor, limit: int = 10) -> list[Any]:
    """The last printed batches: {"print_batch", "printed_at", "count"}, newest first."""
    batches = (
        _of_actor(actor)
        .filter(channel=Message.Channel.LETTER, print_batch__isnull=False)
        .values("print_batch")
        .annotate(printed_at=Max("printed_at"), count=Count("id"))
        .order_by("-printed_at")
    )
    return list(batches[:limit])


def access_letter_batch(actor: Actor, batch_id: uuid.UUID | str) -> list[Message]:
    """The letters of one printed batch, each read recorded (the PDF shows their addresses).
    A batch of another organisation answers 404 like a missing one; a colleague of the holding
    organisation without a role that works with persons gets 403."""
    try:
        letters = list(
            Message.objects.filter(channel=Message.Channel.LETTER, print_batch=batch_id)
            .select_related("person", "organisation")
            .order_by("created_at")
        )
    except (ValidationError, ValueError, TypeError) as exc:
        raise Http404 from exc
    if not letters:
        raise Http404
    for letter in letters:
        if actor is None or not actor.has_perm("notifications.view_message", letter):
            assert letter.organisation_id is not None  # every letter has its printer's
            refuse_object(actor, organisation_id=letter.organisation_id)
    for letter in letters:
        audit_record(actor=actor, verb="letter.read", target=letter, purpose="Briefversand")
    return letters


def messages_failed(*, actor: Actor, limit: int = 100) -> list[Message]:
    """Messages that could not be delivered, newest first: staff call the person instead."""
    failed = _of_actor(actor).filter(status=Message.Status.FAILED)
    return list(failed.select_related("person").order_by("-updated_at")[:limit])
