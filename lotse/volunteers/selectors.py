"""Reads of helpers and their credentials, and `access_helper`, the one protected fetcher."""

import datetime as dt
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from lotse.accounts.models import User
from lotse.core.models import Area, Organisation, Role
from lotse.core.permissions import Actor, refuse_object
from lotse.core.rules import memberships_of
from lotse.volunteers.models import Credential, Helper, HelperStatusChange
from lotse.volunteers.rules import HELPER_MANAGER_ROLES

VIEW_HELPER = "volunteers.view_helper"


def helper_organisations(*, actor: Actor) -> list[Organisation]:
    """The organisations whose helpers the actor manages (as coordinator: every organisation
    of the region that coordinates a quarter or already has helpers)."""
    if actor is None or not actor.is_authenticated:
        return []
    found: dict[uuid.UUID, Organisation] = {}
    regions = set()
    for membership in memberships_of(actor):
        if membership.role in HELPER_MANAGER_ROLES:
            found[membership.organisation_id] = membership.organisation
        elif membership.role == Role.REGION_COORDINATOR:
            regions.add(membership.organisation.region_id)
    if regions:
        for organisation in Organisation.objects.filter(region_id__in=regions).filter(
            Q(coordinates__isnull=False) | Q(kind=Organisation.Kind.OFFICE)
        ):
            found.setdefault(organisation.pk, organisation)
    return sorted(found.values(), key=lambda organisation: organisation.name)


def _reach(actor: Actor) -> Q:
    """Which helpers the actor manages, as one filter (nothing for none)."""
    assert actor is not None
    reach = Q(pk__in=[])
    for membership in memberships_of(actor):
        if membership.role == Role.REGION_COORDINATOR:
            reach |= Q(region_id=membership.organisation.region_id)
        elif membership.role in HELPER_MANAGER_ROLES:
            area_ids = [area.pk for area in membership.areas.all()]
            here = Q(organisation_id=membership.organisation_id)
            if area_ids:
                here &= Q(home_quarter_id__in=area_ids) | Q(home_quarter__parent_id__in=area_ids)
            reach |= here
    return reach


def helper_list(*, actor: Actor, status: str = "", quarter: Area | None = None) -> QuerySet[Helper]:
    """The helpers the actor manages, by name; optionally of one status and one quarter (their
    home quarter or a quarter where they help)."""
    if actor is None or not actor.is_authenticated:
        return Helper.objects.none()
    helpers = Helper.objects.filter(_reach(actor)).select_related("person", "home_quarter")
    if status:
        helpers = helpers.filter(status=status)
    if quarter is not None:
        helpers = helpers.filter(Q(home_quarter=quarter) | Q(quarters=quarter)).distinct()
    return helpers


def quarter_choices(*, organisations: list[Organisation]) -> QuerySet[Area]:
    """The quarters of the organisations' regions."""
    regions = {organisation.region_id for organisation in organisations}
    return Area.objects.filter(kind=Area.Kind.QUARTER, region_id__in=regions).order_by("name")


def public_quarter_choices() -> QuerySet[Area]:
    """Quarters where an organisation coordinates the work: where someone can sign up to help."""
    return (
        Area.objects.filter(kind=Area.Kind.QUARTER, coordinators__isnull=False)
        .distinct()
        .order_by("name")
    )


def coordinating_organisation(*, quarter: Area) -> Organisation | None:
    """The organisation that coordinates `quarter` (its Quartiersbüro), or None."""
    return quarter.coordinators.order_by("name").first()


def access_helper(actor: Actor, helper_id: uuid.UUID | str, *, perm: str = VIEW_HELPER) -> Helper:
    """A helper the actor may see: another organisation's helper answers 404 like a missing
    one; a colleague of the coordinating organisation without the right gets 403."""
    try:
        helper = Helper.objects.select_related(
            "person", "organisation", "home_quarter", "user"
        ).get(id=helper_id)
    except (Helper.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise Http404 from exc
    if actor is None or not actor.has_perm(perm, helper):
        refuse_object(actor, organisation_id=helper.organisation_id)
    return helper


def own_helper(*, actor: Actor) -> Helper | None:
    """The helper record linked to the actor's login, if any."""
    if actor is None or not actor.is_authenticated:
        return None
    return (
        Helper.objects.select_related("person", "organisation", "home_quarter")
        .filter(user=actor)
        .first()
    )


def status_history(*, helper: Helper) -> QuerySet[HelperStatusChange]:
    return helper.status_changes.select_related("changed_by")


def credential_list(*, helper: Helper) -> QuerySet[Credential]:
    return helper.credentials.select_related("seen_by")


def credentials_due(
    *, actor: Actor, today: dt.date | None = None, days: int | None = None
) -> QuerySet[Credential]:
    """Credentials of the actor's helpers (who have not left) whose next check falls within
    `days` (LOTSE_CREDENTIAL_WARNING_DAYS) or is already past, soonest first."""
    if actor is None or not actor.is_authenticated:
        return Credential.objects.none()
    today = today or timezone.localdate()
    days = settings.LOTSE_CREDENTIAL_WARNING_DAYS if days is None else days
    helpers = Helper.objects.filter(_reach(actor)).exclude(status=Helper.Status.LEFT)
    return (
        current_credentials()
        .filter(
            helper__in=helpers,
            valid_until__isnull=False,
            valid_until__lte=today + dt.timedelta(days=days),
        )
        .select_related("helper__person", "helper__home_quarter")
        .order_by("valid_until", "helper__person__family_name")
    )


def current_credentials() -> QuerySet[Credential]:
    """Each helper's newest credential of each kind (by issue date, then when it was recorded):
    an older one that a newer one replaced is no longer due."""
    newer = Credential.objects.filter(
        helper_id=OuterRef("helper_id"), kind=OuterRef("kind")
    ).filter(
        Q(issued_on__gt=OuterRef("issued_on"))
        | Q(issued_on=OuterRef("issued_on"), created_at__gt=OuterRef("created_at"))
    )
    return Credential.objects.filter(~Exists(newer))


def linkable_users(*, helper: Helper) -> QuerySet[User]:
    """Logins with the role Digital-Helfer in the helper's organisation that belong to no
    helper record yet, and the helper's own: what the helper's page may be linked to."""
    free = Q(
        memberships__organisation_id=helper.organisation_id,
        memberships__role=Role.HELPER,
        is_active=True,
        helper__isnull=True,
    )
    own = Q(pk=helper.user_id) if helper.user_id else Q(pk__in=[])
    return User.objects.filter(free | own).distinct().order_by("email")
