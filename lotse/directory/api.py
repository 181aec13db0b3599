from uuid import UUID

from django.core.exceptions import ValidationError
from ninja import Router, Schema
from ninja.errors import HttpError

from lotse.core.selectors import organisation_list_for
from lotse.directory import selectors, services

router = Router(tags=["directory"])


class OfferIn(Schema):
    name: str
    description: str
    easy_language_description: str = ""
    url: str = ""
    email: str = ""
    cost: str = "kostenlos"


class OfferOut(Schema):
    id: UUID
    name: str
    description: str
    status: str
    cost: str


def _validation(exc: ValidationError) -> HttpError:
    return HttpError(422, " ".join(exc.messages))


@router.post("/offers", response={201: OfferOut})
def offer_create(request, payload: OfferIn):
    organisations = organisation_list_for(actor=request.auth)
    if not organisations:
        raise HttpError(403, "Sie haben dafür keine Berechtigung.")
    try:
        offer = services.offer_create(
            actor=request.auth, organisation=organisations[0], data=payload.dict()
        )
    except ValidationError as exc:
        raise _validation(exc) from exc
    return 201, offer


@router.get("/offers/{offer_id}", response=OfferOut)
def offer_read(request, offer_id: UUID):
    return selectors.access_offer(request.auth, offer_id)


@router.put("/offers/{offer_id}", response=OfferOut)
def offer_update(request, offer_id: UUID, payload: OfferIn):
    offer = selectors.access_offer(request.auth, offer_id)
    try:
        return services.offer_update(actor=request.auth, service=offer, data=payload.dict())
    except ValidationError as exc:
        raise _validation(exc) from exc


@router.post("/offers/{offer_id}/archive", response=OfferOut)
def offer_archive(request, offer_id: UUID):
    offer = selectors.access_offer(request.auth, offer_id)
    try:
        return services.offer_archive(actor=request.auth, service=offer)
    except ValidationError as exc:
        raise _validation(exc) from exc
