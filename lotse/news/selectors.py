"""The protected fetchers of the app: one `access_<noun>` per object staff work on. Another
organisation's object answers 404 for anyone without a role there and 403 for a colleague
(`refuse_object`), as everywhere. Public reads (published events, news, posts) are in the
selectors of each part and never need these."""

import uuid

from django.core.exceptions import ValidationError
from django.http import Http404

from lotse.core.audit import audit_record
from lotse.core.permissions import Actor, refuse_object
from lotse.news.models import BoardPost, Event, NewsPost, Registration


def _get(queryset, pk):
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise Http404 from exc


def _refuse(actor: Actor, organisation_id: uuid.UUID):
    refuse_object(actor, organisation_id=organisation_id)


def access_event(actor: Actor, event_id: uuid.UUID | str, *, perm: str = "news.change_event"):
    """An event the actor may work on with `perm` (change, release, view registrations,
    register for a person)."""
    event = _get(
        Event.objects.select_related("organisation", "area", "area__parent", "location"),
        event_id,
    )
    if actor is None or not actor.has_perm(perm, event):
        _refuse(actor, event.organisation_id)
    return event


def access_registration(actor: Actor, registration_id: uuid.UUID | str) -> Registration:
    """A registration, for staff who may see the event's registrations; the read of this
    personal data is recorded."""
    registration = _get(
        Registration.objects.select_related(
            "event", "event__area", "event__area__parent", "occurrence", "person"
        ),
        registration_id,
    )
    if actor is None or not actor.has_perm("news.view_registrations", registration.event):
        _refuse(actor, registration.event.organisation_id)
    audit_record(
        actor=actor, verb="registration.read", target=registration, purpose="Veranstaltung"
    )
    return registration


def access_news_post(
    actor: Actor, post_id: uuid.UUID | str, *, perm: str = "news.change_newspost"
) -> NewsPost:
    post = _get(NewsPost.objects.select_related("organisation", "area", "area__parent"), post_id)
    if actor is None or not actor.has_perm(perm, post):
        _refuse(actor, post.organisation_id)
    return post


def access_board_post(
    actor: Actor, post_id: uuid.UUID | str, *, perm: str = "news.review_boardpost"
) -> BoardPost:
    """A noticeboard post for the office staff of its quarter (check, remove, post for)."""
    post = _get(BoardPost.objects.select_related("area", "area__parent", "person"), post_id)
    if actor is None or not actor.has_perm(perm, post):
        raise Http404
    return post
