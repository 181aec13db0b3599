"""Reads of requests for help: the dispatch board, one request (`access_help_request`), the
helper's own offers and requests, an offer by its link."""

import uuid

from django.core.exceptions import ValidationError
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.http import Http404

from lotse.core.models import Organisation, Role
from lotse.core.permissions import Actor, refuse_object
from lotse.core.rules import memberships_of
from lotse.volunteers.models import Helper, HelpOffer, HelpRequest
from lotse.volunteers.rules import HELPER_MANAGER_ROLES, REQUEST_STAFF_ROLES

VIEW = "volunteers.view_help_request"
OPEN_STATES = [HelpRequest.State.OPEN, HelpRequest.State.OFFERED]


def request_organisations(*, actor: Actor, roles=REQUEST_STAFF_ROLES) -> list[Organisation]:
    """The organisations where the actor records (or, with HELPER_MANAGER_ROLES, dispatches)
    requests."""
    if actor is None or not actor.is_authenticated:
        return []
    found = {m.organisation_id: m.organisation for m in memberships_of(actor) if m.role in roles}
    return sorted(found.values(), key=lambda organisation: organisation.name)


def _board_reach(actor: Actor) -> Q:
    """The requests on the actor's board: of the organisations where they dispatch, limited to
    the areas of a membership that has some; the region coordination's whole region."""
    assert actor is not None
    reach = Q(pk__in=[])
    for membership in memberships_of(actor):
        if membership.role == Role.REGION_COORDINATOR:
            reach |= Q(region_id=membership.organisation.region_id)
        elif membership.role in HELPER_MANAGER_ROLES:
            here = Q(organisation_id=membership.organisation_id)
            area_ids = [area.pk for area in membership.areas.all()]
            if area_ids:
                here &= Q(quarter_id__in=area_ids) | Q(quarter__parent_id__in=area_ids)
            reach |= here
    return reach


def may_dispatch(*, actor: Actor) -> bool:
    if actor is None or not actor.is_authenticated:
        return False
    return any(
        m.role in HELPER_MANAGER_ROLES or m.role == Role.REGION_COORDINATOR
        for m in memberships_of(actor)
    )


def dispatch_board(*, actor: Actor) -> QuerySet[HelpRequest]:
    """Open and offered requests of the actor's quarters: most urgent first, then oldest. Each
    carries `offer_expired` (an offer ran out unanswered while it was open) and `urgency_rank`.
    Paginate it: the query is one index range plus a sort, whatever the number of requests."""
    if actor is None or not actor.is_authenticated:
        return HelpRequest.objects.none()
    expired = HelpOffer.objects.filter(request_id=OuterRef("pk"), state=HelpOffer.State.EXPIRED)
    return (
        HelpRequest.objects.filter(_board_reach(actor), state__in=OPEN_STATES)
        .annotate(
            urgency_rank=Case(
                When(urgency=HelpRequest.Urgency.URGENT, then=Value(0)),
                When(urgency=HelpRequest.Urgency.SOON, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            ),
            offer_expired=Exists(expired),
        )
        .select_related("person", "quarter")
        .order_by("urgency_rank", "created_at", "pk")
    )


def dispatch_board_ids(*, actor: Actor) -> QuerySet:
    """The board's order as ids only: a narrow sort that a Paginator pages cheaply (the rows of
    one page come from `board_requests`)."""
    return dispatch_board(actor=actor).select_related(None).values_list("pk", flat=True)


def board_requests(*, ids: list) -> list[HelpRequest]:
    """The requests of one page of the board, in the board's order, with `offer_expired`."""
    expired = HelpOffer.objects.filter(request_id=OuterRef("pk"), state=HelpOffer.State.EXPIRED)
    found = {
        r.pk: r
        for r in HelpRequest.objects.filter(pk__in=ids)
        .annotate(offer_expired=Exists(expired))
        .select_related("person", "quarter")
    }
    return [found[pk] for pk in ids if pk in found]


def access_help_request(
    actor: Actor, request_id: uuid.UUID | str, *, perm: str = VIEW
) -> HelpRequest:
    """A request the actor may see: another organisation's answers 404 like a missing one; a
    member of the holding organisation without the right gets 403."""
    try:
        help_request = HelpRequest.objects.select_related(
            "person", "organisation", "quarter", "assigned_helper__person"
        ).get(id=request_id)
    except (HelpRequest.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise Http404 from exc
    if actor is None or not actor.has_perm(perm, help_request):
        refuse_object(actor, organisation_id=help_request.organisation_id)
    return help_request


def request_offers(*, help_request: HelpRequest) -> QuerySet[HelpOffer]:
    return help_request.offers.select_related("helper__person")


def request_sessions(*, help_request: HelpRequest):
    return help_request.sessions.select_related("helper__person")


def offer_by_token(token: str) -> HelpOffer:
    """The offer of an e-mail link; 404 for an unknown token."""
    if not token or len(token) > 64:
        raise Http404
    try:
        return HelpOffer.objects.select_related(
            "request__quarter", "request__person", "helper__person"
        ).get(token=token)
    except HelpOffer.DoesNotExist as exc:
        raise Http404 from exc


def own_offers(*, helper: Helper) -> QuerySet[HelpOffer]:
    """Offers waiting for the helper's answer."""
    return (
        helper.offers.filter(state=HelpOffer.State.OFFERED)
        .select_related("request__quarter")
        .order_by("expires_at")
    )


def own_requests(*, helper: Helper, states=(HelpRequest.State.AGREED,)) -> QuerySet[HelpRequest]:
    """The requests given to the helper, soonest appointment first."""
    return (
        HelpRequest.objects.filter(assigned_helper=helper, state__in=list(states))
        .select_related("person", "quarter")
        .order_by("appointment_at", "created_at")
    )


def own_request(*, helper: Helper, request_id: uuid.UUID | str) -> HelpRequest:
    """One request given to the helper; any other (another helper's) answers 404."""
    try:
        return own_requests(
            helper=helper, states=[s for s, _label in HelpRequest.State.choices]
        ).get(pk=request_id)
    except (HelpRequest.DoesNotExist, ValidationError, ValueError) as exc:
        raise Http404 from exc


def helpers_for_offer(*, help_request: HelpRequest, ids: list) -> list[Helper]:
    """The chosen helpers of the request's region (others are left out)."""
    return list(
        Helper.objects.filter(pk__in=ids, region_id=help_request.region_id).select_related("person")
    )


def requests_of_inquiry(*, inquiry_id: uuid.UUID) -> QuerySet[HelpRequest]:
    """The requests handed over from a desk inquiry (the inquiry page lists them)."""
    return HelpRequest.objects.filter(source_inquiry_id=inquiry_id).order_by("-created_at")
