"""Staff JSON API of events (/api/v1/news/events), with the selectors and services of the pages.

Statuses: 200/201 done (204 for an undone date change); 401 not logged in; 403 no second factor,
or a colleague of the organiser without the right; 404 an event of another organisation or
region, or one that does not exist (the same answer); 409 the event's state does not allow the
change (already published, not waiting for release, a date in the past …); 422 bad input, with
the pages' German messages. The repetition is given as on the page (`recurrence`: once,
weekly, biweekly, monthly, daily), never as a raw rule. Pictures are uploaded on the page."""

import datetime as dt
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from lotse.core.api import BoundedPageNumberPagination, refusals
from lotse.directory.models import TARGET_GROUPS, TOPICS
from lotse.news import selectors_event_pages as pages
from lotse.news import services_events as services
from lotse.news.api_router import refusal, router
from lotse.news.models import Event
from lotse.news.recurrence import Recurrence, recurrence_of
from lotse.news.selectors import access_event

READ = refusals(400, 401, 403, 404, 422)
WRITE = refusals(400, 401, 403, 404, 409, 422)
PAGE_SIZE = 50


class RecurrenceIn(Schema):
    kind: str = Field("once", description="once, weekly, biweekly, monthly oder daily")
    weekdays: list[int] = Field([], description="weekly/biweekly: 0 = Montag … 6 = Sonntag")
    ordinal: int = Field(1, description="monthly: 1–4 oder -1 (der letzte)")
    weekday: int = Field(0, description="monthly: 0 = Montag … 6 = Sonntag")
    until: dt.date | None = Field(None, description="Letzter möglicher Tag; leer: ohne Ende")


class RecurrenceOut(RecurrenceIn):
    pass


class EventIn(Schema):
    organisation: UUID | None = Field(
        None, description="Nur nötig, wenn Sie für mehrere Organisationen arbeiten"
    )
    title: str = ""
    description: str = ""
    easy_text: str = ""
    area: UUID | None = Field(None, description="Quartier, Kommune oder Kreis")
    mode: str = Field("in_person", description="in_person, phone oder online")
    location: UUID | None = Field(None, description="Ein Ort der Organisation im Verzeichnis")
    place_name: str = ""
    street: str = ""
    postcode: str = ""
    city: str = ""
    access_details: str = Field("", description="Telefonnummer oder Internetadresse")
    topics: list[UUID] = []
    target_groups: list[UUID] = []
    is_free: bool = True
    cost: str = ""
    step_free: bool | None = None
    contact_phone: str = ""
    picture_alt: str = ""
    day: dt.date | None = Field(None, description="Erster Termin (oder ab diesem Tag)")
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    recurrence: RecurrenceIn = Field(default_factory=lambda: RecurrenceIn.model_validate({}))
    skip_holidays: bool = True
    registration_required: bool = False
    capacity: int | None = None
    waiting_list: bool = True


class EventOut(Schema):
    id: UUID
    organisation: UUID = Field(..., alias="organisation_id")
    area: UUID = Field(..., alias="area_id")
    title: str
    description: str
    easy_text: str
    mode: str
    location: UUID | None = Field(None, alias="location_id")
    place_name: str
    street: str
    postcode: str
    city: str
    access_details: str
    topics: list[UUID]
    target_groups: list[UUID]
    is_free: bool
    cost: str
    step_free: bool | None
    contact_phone: str
    picture_url: str | None
    picture_alt: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    rrule: str
    recurrence: RecurrenceOut | None
    skip_holidays: bool
    registration_required: bool
    capacity: int | None
    waiting_list: bool
    status: str
    cancelled_reason: str
    review_note: str
    published_at: dt.datetime | None

    @staticmethod
    def resolve_topics(event: Event) -> list[UUID]:
        return [term.pk for term in event.topics.all()]

    @staticmethod
    def resolve_target_groups(event: Event) -> list[UUID]:
        return [term.pk for term in event.target_groups.all()]

    @staticmethod
    def resolve_picture_url(event: Event) -> str | None:
        if not event.picture_id:
            return None
        return reverse("events:picture", kwargs={"picture_id": event.picture_id})

    @staticmethod
    def resolve_recurrence(event: Event) -> dict[str, Any] | None:
        found = recurrence_of(event.rrule)
        if found is None:
            return None
        return {
            "kind": found.kind,
            "weekdays": list(found.weekdays),
            "ordinal": found.ordinal,
            "weekday": found.weekday,
            "until": found.until,
        }


class DateOut(Schema):
    id: UUID
    original_start: dt.datetime
    start: dt.datetime
    end: dt.datetime
    status: str = Field(..., description="scheduled oder cancelled")
    change: str | None = Field(None, description="cancelled, moved oder leer")
    note: str = Field(..., description="Der öffentliche Grund")
    places_taken: int


class ReasonIn(Schema):
    reason: str = ""


class MoveIn(ReasonIn):
    day: dt.date | None = None
    start_time: dt.time | None = None
    end_time: dt.time | None = None


class ReleaseIn(Schema):
    release: bool | None = Field(None, description="true: freigeben; false: zurückschicken")
    note: str = Field("", description="Beim Zurückschicken nötig")


def _event(request, event_id: UUID) -> Event:
    return access_event(request.auth, event_id)


def _organisation(request, wanted: UUID | None):
    organisations = pages.writable_organisations(actor=request.auth)
    if not organisations:
        raise HttpError(403, _("Sie haben dafür keine Berechtigung."))
    if wanted is None:
        if len(organisations) > 1:
            raise HttpError(422, _("Geben Sie an, für welche Organisation (organisation)."))
        return organisations[0]
    for organisation in organisations:
        if organisation.pk == wanted:
            return organisation
    raise HttpError(422, _("Wählen Sie eine Ihrer Organisationen."))


def _data(payload: EventIn, organisation) -> tuple[Any, dict[str, Any]]:
    """The area and the services' data from the body; ValidationError for unknown ids."""
    if payload.area is None:
        raise ValidationError({"area": _("Wählen Sie ein Gebiet aus der Liste")})
    area = pages.area_in_region(area_id=payload.area, organisation=organisation)
    recurrence = payload.recurrence
    data = payload.model_dump(
        exclude={"organisation", "area", "location", "topics", "target_groups", "recurrence"}
    )
    data |= {
        "location": pages.location_of(organisation=organisation, location_id=payload.location),
        "topics": pages.terms_by_ids(ids=payload.topics, taxonomy=TOPICS),
        "target_groups": pages.terms_by_ids(ids=payload.target_groups, taxonomy=TARGET_GROUPS),
        "recurrence": Recurrence(
            kind=recurrence.kind,
            weekdays=tuple(recurrence.weekdays),
            ordinal=recurrence.ordinal,
            weekday=recurrence.weekday,
            until=recurrence.until,
        ),
    }
    return area, data


def _refused(exc: ValidationError) -> HttpError:
    return refusal(exc, conflict=isinstance(exc, services.EventConflict))


@router.get("/events", response={200: list[EventOut], **READ})
@paginate(BoundedPageNumberPagination, page_size=PAGE_SIZE)
def event_list(request, **kwargs):
    """The events of your organisations (as staff), newest first."""
    if not pages.writable_organisations(actor=request.auth):
        raise HttpError(403, _("Sie haben dafür keine Berechtigung."))
    return pages.staff_event_list(actor=request.auth).prefetch_related("topics", "target_groups")


@router.post("/events", response={201: EventOut, **WRITE})
def event_create(request, payload: EventIn):
    """A new event, saved as a draft (publish it with …/publish)."""
    organisation = _organisation(request, payload.organisation)
    try:
        area, data = _data(payload, organisation)
        event = services.event_create(
            actor=request.auth, organisation=organisation, area=area, data=data
        )
    except ValidationError as exc:
        raise _refused(exc) from exc
    return Status(201, event)


@router.get("/events/{uuid:event_id}", response={200: EventOut, **READ})
def event_get(request, event_id: UUID):
    return _event(request, event_id)


@router.put("/events/{uuid:event_id}", response={200: EventOut, **WRITE})
def event_update(request, event_id: UUID, payload: EventIn):
    """Changes every field (send the whole event, as from GET). The picture stays."""
    event = _event(request, event_id)
    try:
        area, data = _data(payload, event.organisation)
        data["picture_alt"] = payload.picture_alt or event.picture_alt
        return services.event_update(actor=request.auth, event=event, area=area, data=data)
    except ValidationError as exc:
        raise _refused(exc) from exc


@router.post("/events/{uuid:event_id}/publish", response={200: EventOut, **WRITE})
def event_publish(request, event_id: UUID):
    """Published at once ("published"), or waiting for the quarter manager ("in_review")."""
    event = _event(request, event_id)
    try:
        return services.event_publish(actor=request.auth, event=event)
    except ValidationError as exc:
        raise _refused(exc) from exc


@router.post("/events/{uuid:event_id}/withdraw", response={200: EventOut, **WRITE})
def event_withdraw(request, event_id: UUID):
    event = _event(request, event_id)
    try:
        return services.event_withdraw(actor=request.auth, event=event)
    except ValidationError as exc:
        raise _refused(exc) from exc


@router.post("/events/{uuid:event_id}/cancel", response={200: EventOut, **WRITE})
def event_cancel(request, event_id: UUID, payload: ReasonIn):
    """The whole event is called off; every date shows the reason."""
    event = _event(request, event_id)
    try:
        return services.event_cancel(actor=request.auth, event=event, reason=payload.reason)
    except ValidationError as exc:
        raise _refused(exc) from exc


@router.post("/events/{uuid:event_id}/release", response={200: EventOut, **WRITE})
def event_release(request, event_id: UUID, payload: ReleaseIn):
    """For a quarter manager: release an event waiting for it, or send it back with a note."""
    event = access_event(request.auth, event_id, perm="news.release_event")
    if payload.release is None:
        raise HttpError(422, _("Geben Sie an: freigeben (true) oder zurückschicken (false)."))
    try:
        return services.event_release(
            actor=request.auth, event=event, release=payload.release, note=payload.note
        )
    except ValidationError as exc:
        raise _refused(exc) from exc


def _date_out(occurrence, exception) -> dict[str, Any]:
    return {
        "id": occurrence.id,
        "original_start": occurrence.original_start,
        "start": occurrence.start,
        "end": occurrence.end,
        "status": occurrence.status,
        "change": exception.kind if exception else None,
        "note": occurrence.note,
        "places_taken": occurrence.places_taken,
    }


@router.get("/events/{uuid:event_id}/dates", response={200: list[DateOut], **READ})
def date_list(request, event_id: UUID):
    """The next 50 dates with their changes (cancelled or moved, with the public reason)."""
    event = _event(request, event_id)
    return [_date_out(occ, exc) for occ, exc in pages.event_dates(event=event, limit=50)]


@router.post(
    "/events/{uuid:event_id}/dates/{uuid:occurrence_id}/cancel",
    response={200: DateOut, **WRITE},
)
def date_cancel(request, event_id: UUID, occurrence_id: UUID, payload: ReasonIn):
    event = _event(request, event_id)
    occurrence = pages.occurrence_of(event=event, occurrence_id=occurrence_id)
    try:
        exception = services.event_date_cancel(
            actor=request.auth, event=event, occurrence=occurrence, reason=payload.reason
        )
    except ValidationError as exc:
        raise _refused(exc) from exc
    occurrence.refresh_from_db()
    return _date_out(occurrence, exception)


@router.post(
    "/events/{uuid:event_id}/dates/{uuid:occurrence_id}/move", response={200: DateOut, **WRITE}
)
def date_move(request, event_id: UUID, occurrence_id: UUID, payload: MoveIn):
    event = _event(request, event_id)
    occurrence = pages.occurrence_of(event=event, occurrence_id=occurrence_id)
    if payload.day is None or payload.start_time is None or payload.end_time is None:
        raise HttpError(422, _("Geben Sie den neuen Tag, Beginn und Ende an."))
    try:
        exception = services.event_date_move(
            actor=request.auth,
            event=event,
            occurrence=occurrence,
            day=payload.day,
            start_time=payload.start_time,
            end_time=payload.end_time,
            reason=payload.reason,
        )
    except ValidationError as exc:
        raise _refused(exc) from exc
    occurrence.refresh_from_db()
    return _date_out(occurrence, exception)


@router.delete(
    "/events/{uuid:event_id}/dates/{uuid:occurrence_id}/change",
    response={204: None, **WRITE},
)
def date_restore(request, event_id: UUID, occurrence_id: UUID):
    """The date takes place as planned again (its cancellation or move is undone)."""
    event = _event(request, event_id)
    occurrence = pages.occurrence_of(event=event, occurrence_id=occurrence_id)
    try:
        services.event_exception_remove(actor=request.auth, event=event, occurrence=occurrence)
    except ValidationError as exc:
        raise _refused(exc) from exc
    return Status(204, None)
