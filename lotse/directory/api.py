from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from lotse.core.api import refusals
from lotse.core.models import Organisation
from lotse.core.selectors import area_get, own_organisation_get
from lotse.directory import selectors, services

router = Router(tags=["directory"])
# A new object; one named by its id in the path.
WRITE_REFUSALS = refusals(400, 401, 403, 422)
OBJECT_REFUSALS = refusals(400, 401, 403, 404, 422)


class OfferIn(Schema):
    name: str
    description: str
    easy_language_description: str = ""
    url: str = ""
    email: str = ""
    cost: str = "kostenlos"
    # Left out: unchanged. Codes of topics and target groups, ISO 639-1 language codes.
    terms: list[str] | None = None
    languages: list[str] | None = None
    phone: str | None = None


class OfferOut(Schema):
    id: UUID
    name: str
    description: str
    status: str
    cost: str


def _validation(exc: ValidationError) -> HttpError:
    return HttpError(422, " ".join(exc.messages))


def _own_organisation(actor) -> Organisation:
    organisation = own_organisation_get(actor=actor)
    if organisation is None:
        raise HttpError(403, _("Sie haben dafür keine Berechtigung."))
    return organisation


def _offer_data(payload: OfferIn) -> dict:
    data = payload.dict(exclude_none=True)
    if "terms" in data:
        terms = list(selectors.term_list(codes=data["terms"]))
        if len(terms) != len(set(data["terms"])):
            raise HttpError(422, _("Unbekanntes Thema oder unbekannte Zielgruppe."))
        data["terms"] = terms
    return data


@router.post("/offers", response={201: OfferOut, **WRITE_REFUSALS})
def offer_create(request, payload: OfferIn):
    try:
        offer = services.offer_create(
            actor=request.auth,
            organisation=_own_organisation(request.auth),
            data=_offer_data(payload),
        )
    except ValidationError as exc:
        raise _validation(exc) from exc
    return Status(201, offer)


@router.get("/offers/{offer_id}", response={200: OfferOut, **OBJECT_REFUSALS})
def offer_read(request, offer_id: UUID):
    return selectors.access_offer(request.auth, offer_id)


@router.put("/offers/{offer_id}", response={200: OfferOut, **OBJECT_REFUSALS})
def offer_update(request, offer_id: UUID, payload: OfferIn):
    offer = selectors.access_offer(request.auth, offer_id)
    try:
        return services.offer_update(actor=request.auth, service=offer, data=_offer_data(payload))
    except ValidationError as exc:
        raise _validation(exc) from exc


@router.post("/offers/{offer_id}/archive", response={200: OfferOut, **OBJECT_REFUSALS})
def offer_archive(request, offer_id: UUID):
    offer = selectors.access_offer(request.auth, offer_id)
    try:
        return services.offer_archive(actor=request.auth, service=offer)
    except ValidationError as exc:
        raise _validation(exc) from exc


class LocationIn(Schema):
    name: str
    address_1: str
    postal_code: str
    city: str
    quarter: str | None = None
    transportation: str = ""
    features: list[str] = []
    offers: list[UUID] = []


class LocationOut(Schema):
    id: UUID
    name: str
    latitude: float | None
    longitude: float | None


def _location_data(actor, payload: LocationIn) -> dict:
    """Turns slugs and ids into the objects the services take. An unknown one is a wrong value
    of its field (422, naming it), not a missing page; the service checks the quarter's region.
    """
    data = payload.dict()
    data["quarter"] = None
    if payload.quarter:
        try:
            data["quarter"] = area_get(slug=payload.quarter)
        except Http404 as exc:
            raise HttpError(
                422,
                _("„quarter“: Ein Quartier „%(slug)s“ gibt es nicht.") % {"slug": payload.quarter},
            ) from exc
    data["offers"] = []
    for offer_id in payload.offers:
        try:
            data["offers"].append(selectors.access_offer(actor, offer_id))
        except Http404 as exc:
            raise HttpError(
                422,
                _("„offers“: Ein Angebot %(id)s, das Sie bearbeiten dürfen, gibt es nicht.")
                % {"id": offer_id},
            ) from exc
    return data


@router.post("/locations", response={201: LocationOut, **WRITE_REFUSALS})
def location_create(request, payload: LocationIn):
    try:
        location = services.location_create(
            actor=request.auth,
            organisation=_own_organisation(request.auth),
            data=_location_data(request.auth, payload),
        )
    except ValidationError as exc:
        raise _validation(exc) from exc
    return Status(201, location)


@router.get("/locations/{location_id}", response={200: LocationOut, **OBJECT_REFUSALS})
def location_read(request, location_id: UUID):
    return selectors.access_location(request.auth, location_id)


@router.put("/locations/{location_id}", response={200: LocationOut, **OBJECT_REFUSALS})
def location_update(request, location_id: UUID, payload: LocationIn):
    location = selectors.access_location(request.auth, location_id)
    try:
        return services.location_update(
            actor=request.auth, location=location, data=_location_data(request.auth, payload)
        )
    except ValidationError as exc:
        raise _validation(exc) from exc
