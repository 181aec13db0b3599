"""Staff JSON API for persons: the same selectors and services as the pages, behind the same
second-factor gate, every read recorded with its purpose."""

import datetime as dt
from typing import Any, Literal, get_args
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from lotse.core.api import PersonalDataAuth, no_store, refusals
from lotse.core.selectors import quarter_get
from lotse.people import selectors, services
from lotse.people.models import ContactChannel, Person

router = Router(tags=["people"], auth=PersonalDataAuth())
router.add_decorator(no_store, mode="view")

# selectors.PURPOSES, spelled out for the schema.
Purpose = Literal["Beratung", "Weitervermittlung", "Nachfrage", "Datenauskunft"]
assert get_args(Purpose) == selectors.PURPOSES


class PersonIn(Schema):
    given_name: str
    family_name: str
    birth_year: int
    birth_date: dt.date | None = None
    phone: str = ""
    email: str = ""
    street: str = ""
    postcode: str = ""
    city: str = ""
    # The slug of a quarter of the organisation's region.
    quarter: str | None = None
    # ISO 639-1 codes.
    languages: list[str] = []
    contact_channel: ContactChannel = ContactChannel.PHONE
    hearing_note: str = ""
    sight_note: str = ""
    mobility_note: str = ""


class PersonCreateIn(PersonIn):
    # True after the caller checked the candidates of a 409 answer: create anyway.
    confirmed_new: bool = False


class PersonUpdateIn(PersonIn):
    reason: str = Field("", description="Grund der Änderung (Art. 16 DSGVO)")


class PersonSummary(Schema):
    id: UUID
    given_name: str
    family_name: str
    birth_year: int
    phone: str
    street: str
    city: str


class PersonOut(PersonSummary):
    birth_date: dt.date | None
    email: str
    postcode: str
    quarter: str | None
    languages: list[str]
    contact_channel: str
    hearing_note: str
    sight_note: str
    mobility_note: str

    @staticmethod
    def resolve_quarter(person: Person) -> str | None:
        return person.quarter.slug if person.quarter else None


class Duplicates(Schema):
    detail: str
    candidates: list[PersonSummary]


def _validation(exc: ValidationError) -> HttpError:
    return HttpError(422, " ".join(exc.messages))


def _person_data(payload: PersonIn, organisation_region_id: UUID) -> dict[str, Any]:
    data = payload.dict(exclude={"confirmed_new", "reason"})
    if payload.quarter:
        # Unknown and foreign quarters get the same answer: a wrong value of the field (422).
        quarter = quarter_get(slug=payload.quarter, region_id=organisation_region_id)
        if quarter is None:
            raise HttpError(
                422,
                _("„quarter“: Ein Quartier „%(slug)s“ gibt es in der Region des Trägers nicht.")
                % {"slug": payload.quarter},
            )
        data["quarter"] = quarter
    else:
        data["quarter"] = None
    return data


@router.get("/persons", response={200: list[PersonSummary], **refusals(400, 401, 403, 422)})
def person_search(request, q: str, purpose: Purpose = "Beratung"):
    """Persons of the caller's organisations by name, phone digits or street."""
    # Refused like the page (person_list): no role that works with persons, no search.
    if not selectors.person_organisations(actor=request.auth).exists():
        raise PermissionDenied(_("Sie haben dafür keine Berechtigung."))
    # The API hands the hits out as data, so each one is recorded as a read.
    return selectors.person_search(actor=request.auth, text=q, record_purpose=purpose)


@router.get("/persons/{person_id}", response={200: PersonOut, **refusals(400, 401, 403, 404, 422)})
def person_read(request, person_id: UUID, purpose: Purpose = "Beratung"):
    return selectors.access_person(request.auth, person_id, purpose=purpose)


@router.post("/persons", response={201: PersonOut, 409: Duplicates, **refusals(400, 401, 403, 422)})
def person_create(request, payload: PersonCreateIn):
    """Creates a person; a possible duplicate answers 409 with the candidates, unless
    `confirmed_new` is true."""
    organisation = selectors.person_organisations(actor=request.auth).first()
    if organisation is None:
        raise PermissionDenied(_("Sie haben dafür keine Berechtigung."))
    try:
        person = services.person_create(
            actor=request.auth,
            organisation=organisation,
            data=_person_data(payload, organisation.region_id),
            confirmed_new=payload.confirmed_new,
        )
    except services.PossibleDuplicates as exc:
        selectors.person_reads_record(actor=request.auth, persons=exc.candidates, purpose="Anlage")
        return Status(409, {"detail": exc.messages[0], "candidates": exc.candidates})
    except ValidationError as exc:
        raise _validation(exc) from exc
    return Status(201, person)


@router.put("/persons/{person_id}", response={200: PersonOut, **refusals(400, 401, 403, 404, 422)})
def person_update(request, person_id: UUID, payload: PersonUpdateIn):
    """Replaces the person's data; the change is kept with old and new values (Art. 16)."""
    person = selectors.access_person(request.auth, person_id, purpose="Pflege")
    try:
        return services.person_update(
            actor=request.auth,
            person=person,
            data=_person_data(payload, person.region_id),
            reason=payload.reason,
        )
    except ValidationError as exc:
        raise _validation(exc) from exc
