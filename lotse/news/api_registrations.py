"""Staff JSON API of registrations (on lotse.news.api_router.router, /api/v1/news): the
registrations of a date, registering a person or a caller, cancelling, attendance. The same
selectors and services as the pages.

A registration's `status`: `confirmed` (has a place), `waiting` (on the waiting list,
`waiting_position` 1 = next), `cancelled`, `attended` ("War da"), `no_show` ("War nicht
da"). A date that takes no registrations now (cancelled, begun, no registration), a full date
without a waiting list, a second registration of the same person and a step the state does
not allow answer 409; bad input 422; with the pages' German messages."""

import datetime as dt
from uuid import UUID

from django.core.exceptions import ValidationError
from ninja import Field, Schema, Status

from lotse.core.api import refusals
from lotse.news import selectors_registrations as selectors
from lotse.news import services_registrations as services
from lotse.news.api_router import refusal, router
from lotse.news.models import Registration
from lotse.news.selectors import access_registration
from lotse.people.selectors import access_person

READ = refusals(400, 401, 403, 404, 422)
WRITE = refusals(400, 401, 403, 404, 409, 422)
STATUSES = "confirmed, waiting, cancelled, attended oder no_show"


class RegistrationOut(Schema):
    id: UUID
    occurrence: UUID = Field(..., alias="occurrence_id")
    event: UUID = Field(..., alias="event_id")
    status: str = Field(..., description=STATUSES)
    waiting_position: int | None = Field(None, description="1 = als Nächstes dran")
    places: int
    name: str
    phone: str
    email: str
    person: UUID | None = Field(None, alias="person_id")
    booker_name: str = Field(..., description="Wer die Person angemeldet hat (Angehörige)")
    booker_relation: str
    booker_phone: str
    booker_email: str
    channel: str = Field(..., description="email, sms, letter, phone oder none")
    short_code: str
    call_reason: str = Field(..., description="Anruf offen: promoted, cancelled oder leer")
    promoted_at: dt.datetime | None
    created_at: dt.datetime

    @staticmethod
    def resolve_waiting_position(registration: Registration) -> int | None:
        return getattr(registration, "position", None)


class RegisterIn(Schema):
    person: UUID | None = Field(None, description="Eine Person der eigenen Kartei")
    name: str = Field("", description="Ohne person: Name der anrufenden Person")
    phone: str = Field("", description="Ohne person: ihre Telefonnummer")
    email: str = ""
    channel: str = Field("phone", description="Ohne person: phone, sms, email, letter, none")
    places: int = Field(1, description="1 bis 4")
    street: str = Field("", description="Nur für Brief")
    postcode: str = ""
    city: str = ""


class AttendanceIn(Schema):
    status: str = Field("", description="attended oder no_show")


class CancelOut(Schema):
    registration: RegistrationOut
    promoted: list[RegistrationOut] = Field(..., description="Von der Warteliste nachgerückt")


def _with_position(registration: Registration) -> Registration:
    registration.position = selectors.waiting_position(registration)  # type: ignore[attr-defined]
    return registration


def _refused(exc: ValidationError):
    conflict = isinstance(exc, services.RegistrationConflict | services.EventFull)
    return refusal(exc, conflict=conflict)


@router.get(
    "/occurrences/{uuid:occurrence_id}/registrations",
    response={200: list[RegistrationOut], **READ},
)
def registration_list(request, occurrence_id: UUID):
    """The registrations of a date in the order they came, cancelled ones included."""
    occurrence = selectors.access_occurrence(request.auth, occurrence_id)
    lists = selectors.participant_list(
        actor=request.auth, occurrence=occurrence, purpose=services.PURPOSE
    )
    return sorted(
        [*lists["holding"], *lists["waiting"], *lists["cancelled"]],
        key=lambda r: (r.created_at, str(r.id)),
    )


@router.post(
    "/occurrences/{uuid:occurrence_id}/registrations",
    response={201: RegistrationOut, **WRITE},
)
def registration_create(request, occurrence_id: UUID, payload: RegisterIn):
    """Registers a person of the caller's organisations (`person`) or a caller by name and
    phone: `confirmed` if the places are free, else `waiting` where the event keeps a waiting
    list, else 409."""
    occurrence = selectors.access_occurrence(request.auth, occurrence_id, perm=services.REGISTER)
    try:
        if payload.person is not None:
            person = access_person(request.auth, payload.person, purpose=services.PURPOSE)
            registration, _token = services.registration_register_by_staff(
                actor=request.auth, occurrence=occurrence, person=person, places=payload.places
            )
        else:
            registration, _token = services.registration_register_by_staff(
                actor=request.auth,
                occurrence=occurrence,
                **payload.model_dump(exclude={"person"}),
            )
    except ValidationError as exc:
        raise _refused(exc) from exc
    return Status(201, _with_position(registration))


@router.post("/registrations/{uuid:registration_id}/cancel", response={200: CancelOut, **WRITE})
def registration_cancel(request, registration_id: UUID):
    """Cancels a `confirmed` or `waiting` registration (409 otherwise); the first waiting
    registrations that fit get the places at once (`promoted`)."""
    registration = access_registration(request.auth, registration_id)
    try:
        cancelled, promoted = services.registration_cancel(
            actor=request.auth, registration=registration
        )
    except ValidationError as exc:
        raise _refused(exc) from exc
    return {"registration": cancelled, "promoted": promoted}


@router.post(
    "/registrations/{uuid:registration_id}/attendance",
    response={200: RegistrationOut, **WRITE},
)
def registration_attendance(request, registration_id: UUID, payload: AttendanceIn):
    """Records `attended` or `no_show` once the date has begun (409 before, or for a
    registration without a place); a wrong mark can be corrected."""
    registration = access_registration(request.auth, registration_id)
    try:
        return services.registration_mark(
            actor=request.auth, registration=registration, status=payload.status
        )
    except ValidationError as exc:
        raise _refused(exc) from exc
