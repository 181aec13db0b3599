"""Staff JSON API for requests for help and their dispatch: the same selectors, services and
form checks as the pages (so the same German messages), behind the same second-factor gate.
A change the request's state does not allow answers 409."""

import datetime as dt
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from lotse.core.api import BoundedPageNumberPagination, PersonalDataAuth, no_store, refusals
from lotse.core.selectors import area_get
from lotse.volunteers import ranking, request_selectors, request_services
from lotse.volunteers.models import HelpRequest
from lotse.volunteers.request_forms import HelpRequestStaffForm, ReasonForm
from lotse.volunteers.selectors import quarter_choices

router = Router(tags=["volunteers"], auth=PersonalDataAuth())
router.add_decorator(no_store, mode="view")

PAGE_SIZE = 50


class HelpRequestIn(Schema):
    given_name: str = ""
    family_name: str = ""
    birth_year: str = Field("", description="Vier Ziffern, zum Beispiel 1942")
    phone: str = ""
    email: str = ""
    contact_channel: str = Field("phone", description="phone, email oder sms")
    postcode: str = ""
    quarter: str = Field("", description="Slug eines Quartiers des Trägers")
    device: str = Field("", description="android, iphone, tablet, windows, mac, smart_tv …")
    topics: list[str] = Field([], description="Codes: messenger, photos, banking …")
    description: str = ""
    language: str = "de"
    place: str = Field("", description="home, office, cafe oder phone")
    urgency: str = Field("normal", description="normal, soon oder urgent")
    days: list[int] = Field([], description="Wochentage 0 (Montag) bis 6")
    parts: list[str] = Field([], description="morning, afternoon, evening")
    free_times: str = ""
    consent_keep: bool = Field(False, description="Die Person willigt ein, dass wir speichern")
    consent_pass_on: bool = Field(
        False, description="Die Person willigt ein, dass der Helfer ihre Kontaktdaten bekommt"
    )


class ReasonIn(Schema):
    reason: str = ""


class OfferIn(Schema):
    helpers: list[UUID] = Field([], description="Ids der Helfer (aus der Rangliste)")


class HelpRequestOut(Schema):
    id: UUID
    state: str
    urgency: str
    place: str
    device: str
    topics: list[str]
    language: str
    quarter: str | None
    created_at: dt.datetime
    assigned_helper: UUID | None = Field(None, alias="assigned_helper_id")
    appointment_at: dt.datetime | None
    outcome_reason: str
    source_inquiry_id: UUID | None

    @staticmethod
    def resolve_quarter(help_request: HelpRequest) -> str | None:
        return help_request.quarter.slug if help_request.quarter else None


class OfferOut(Schema):
    id: UUID
    helper: UUID = Field(..., alias="helper_id")
    state: str
    expires_at: dt.datetime


class RankOut(Schema):
    helper: UUID
    name: str
    score: int
    reasons: list[str]


def _unprocessable(messages: list[str]) -> HttpError:
    return HttpError(422, " ".join(messages))


def _refused(exc: ValidationError) -> HttpError:
    if isinstance(exc, request_services.TransitionRefused):
        return HttpError(409, " ".join(exc.messages))
    return _unprocessable(exc.messages)


def _access(request, request_id: UUID, perm: str = request_selectors.VIEW) -> HelpRequest:
    return request_selectors.access_help_request(request.auth, request_id, perm=perm)


@router.get("/requests", response={200: list[HelpRequestOut], **refusals(400, 401, 403, 422)})
@paginate(BoundedPageNumberPagination, page_size=PAGE_SIZE)
def request_list(request):
    """The dispatch board: open and offered requests of the actor's quarters, most urgent and
    oldest first, 50 per page (`?page=2`). Only for those who dispatch (403 otherwise)."""
    if not request_selectors.may_dispatch(actor=request.auth):
        raise PermissionDenied(_("Sie haben dafür keine Berechtigung."))
    return request_selectors.dispatch_board(actor=request.auth)


@router.post("/requests", response={201: HelpRequestOut, **refusals(400, 401, 403, 422)})
def request_create(request, payload: HelpRequestIn):
    """Records a request for someone who called (as the page "Hilfeanfrage erfassen")."""
    organisations = [
        o
        for o in request_selectors.request_organisations(actor=request.auth)
        if request.auth.has_perm("volunteers.add_help_request", o)
    ]
    if not organisations:
        raise PermissionDenied(_("Sie haben dafür keine Berechtigung."))
    organisation = organisations[0]
    quarters = quarter_choices(organisations=[organisation])
    data: dict[str, Any] = payload.dict()
    quarter_pk = ""
    if payload.quarter:
        try:
            quarter_pk = str(area_get(slug=payload.quarter).pk)
        except Http404 as exc:
            raise _unprocessable([_("Wählen Sie ein Quartier aus der Liste")]) from exc
    form = HelpRequestStaffForm(
        {
            **{k: v for k, v in data.items() if isinstance(v, str)},
            "home_quarter": quarter_pk,
            "topics": data["topics"],
            "days": [str(day) for day in data["days"]],
            "parts": data["parts"],
            "consent_keep": "on" if payload.consent_keep else "",
            "consent_pass_on": "on" if payload.consent_pass_on else "",
        },
        quarters=quarters,
    )
    if not form.is_valid():
        raise _unprocessable([str(e) for errors in form.errors.values() for e in errors])
    try:
        help_request = request_services.help_request_record(
            actor=request.auth,
            organisation=organisation,
            quarter=form.cleaned_data["home_quarter"],
            person_data=form.person_data(),
            data=form.request_data(),
            consent_pass_on=form.cleaned_data["consent_pass_on"],
        )
    except ValidationError as exc:
        raise _refused(exc) from exc
    return Status(201, help_request)


@router.get(
    "/requests/{request_id}", response={200: HelpRequestOut, **refusals(400, 401, 403, 404, 422)}
)
def request_read(request, request_id: UUID):
    """One request."""
    return _access(request, request_id)


@router.get(
    "/requests/{request_id}/ranking",
    response={200: list[RankOut], **refusals(400, 401, 403, 404, 422)},
)
def request_ranking(request, request_id: UUID):
    """The helpers who fit the request, best first, each with the reasons in German. Only for
    open or offered requests (else an empty list)."""
    help_request = _access(request, request_id, "volunteers.dispatch_help_request")
    if help_request.state not in request_selectors.OPEN_STATES:
        return []
    return [
        {"helper": r.helper_id, "name": r.name, "score": r.score, "reasons": r.reasons}
        for r in ranking.helper_ranking(help_request)
    ]


@router.post(
    "/requests/{request_id}/offers",
    response={201: list[OfferOut], **refusals(400, 401, 403, 404, 409, 422)},
)
def request_offer(request, request_id: UUID, payload: OfferIn):
    """Offers the request to helpers (e-mail with links, or SMS with a code). 409: the request
    is no longer open; 422: a helper may not take it (the reasons say why)."""
    help_request = _access(request, request_id, "volunteers.dispatch_help_request")
    helpers = request_selectors.helpers_for_offer(help_request=help_request, ids=payload.helpers)
    if len(helpers) != len(set(payload.helpers)):
        raise _unprocessable([_("Wählen Sie Helferinnen und Helfer aus der Rangliste")])
    try:
        offers = request_services.help_request_offer(
            actor=request.auth, help_request=help_request, helpers=helpers
        )
    except ValidationError as exc:
        raise _refused(exc) from exc
    return Status(201, offers)


def _reason(payload: ReasonIn) -> str:
    form = ReasonForm({"reason": payload.reason})
    if not form.is_valid():
        raise _unprocessable([str(e) for errors in form.errors.values() for e in errors])
    return form.cleaned_data["reason"]


CHANGE = {200: HelpRequestOut, **refusals(400, 401, 403, 404, 409, 422)}


@router.post("/requests/{request_id}/done", response=CHANGE)
def request_done(request, request_id: UUID):
    """Zugesagt → Erledigt. 409 from any other state."""
    help_request = _access(request, request_id, "volunteers.change_help_request")
    try:
        return request_services.help_request_done(actor=request.auth, help_request=help_request)
    except ValidationError as exc:
        raise _refused(exc) from exc


@router.post("/requests/{request_id}/not-done", response=CHANGE)
def request_not_done(request, request_id: UUID, payload: ReasonIn):
    """→ Nicht erledigt, with a reason (422 without one)."""
    help_request = _access(request, request_id, "volunteers.change_help_request")
    try:
        return request_services.help_request_not_done(
            actor=request.auth, help_request=help_request, reason=_reason(payload)
        )
    except ValidationError as exc:
        raise _refused(exc) from exc


@router.post("/requests/{request_id}/withdraw", response=CHANGE)
def request_withdraw(request, request_id: UUID, payload: ReasonIn):
    """→ Zurückgezogen (the person no longer needs help)."""
    help_request = _access(request, request_id, "volunteers.change_help_request")
    try:
        return request_services.help_request_withdraw(
            actor=request.auth, help_request=help_request, reason=_reason(payload)
        )
    except ValidationError as exc:
        raise _refused(exc) from exc


@router.post("/requests/{request_id}/reopen", response=CHANGE)
def request_reopen(request, request_id: UUID, payload: ReasonIn):
    """→ Offen: back to the board."""
    help_request = _access(request, request_id, "volunteers.dispatch_help_request")
    try:
        return request_services.help_request_reopen(
            actor=request.auth, help_request=help_request, reason=_reason(payload)
        )
    except ValidationError as exc:
        raise _refused(exc) from exc
