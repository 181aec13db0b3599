"""Reads for the region administration (lotse/accounts/views_region.py): the organisations and
areas of the regions a coordinator looks after."""

import uuid

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from lotse.accounts.models import Invitation
from lotse.core.models import Area, Membership, Organisation, Role
from lotse.core.permissions import Actor, refuse_object


def coordinated_region_list(*, actor: Actor) -> QuerySet[Area]:
    """The regions the actor coordinates, by name."""
    return Area.objects.filter(
        kind=Area.Kind.REGION,
        pk__in=Organisation.objects.filter(
            memberships__user=actor, memberships__role=Role.REGION_COORDINATOR
        ).values("region_id"),
    ).order_by("name")


def region_organisation_list(*, region: Area) -> QuerySet[Organisation]:
    return Organisation.objects.filter(region=region).order_by("name")


def region_area_list(*, region: Area) -> list[Area]:
    """The municipalities and quarters of a region as a tree in reading order: each
    municipality followed by its quarters, then the quarters directly in the region."""
    areas = list(Area.objects.filter(region=region).exclude(pk=region.pk).order_by("name"))
    children: dict[uuid.UUID | None, list[Area]] = {}
    for area in areas:
        children.setdefault(area.parent_id, []).append(area)
    ordered: list[Area] = []
    for top in children.get(region.pk, []):
        if top.kind == Area.Kind.MUNICIPALITY:
            ordered.append(top)
            ordered.extend(children.get(top.pk, []))
    ordered.extend(a for a in children.get(region.pk, []) if a.kind == Area.Kind.QUARTER)
    return ordered


def parent_choices(*, region: Area) -> QuerySet[Area]:
    """Where a quarter can lie: the region itself or one of its municipalities."""
    return Area.objects.filter(region=region, kind__in=[Area.Kind.REGION, Area.Kind.MUNICIPALITY])


def coordinates_choices(*, region: Area) -> QuerySet[Area]:
    return Area.objects.filter(region=region).exclude(kind=Area.Kind.REGION).order_by("name")


def _refuse_in_region(actor: Actor, region_id: uuid.UUID | None) -> None:
    """Areas belong to no organisation: someone who works in the region answers 403, anyone
    else 404."""
    if actor is not None and actor.memberships.filter(organisation__region_id=region_id).exists():
        raise PermissionDenied(_("Sie haben dafür keine Berechtigung."))
    raise Http404


def access_admin_organisation(actor: Actor, organisation_id: uuid.UUID) -> Organisation:
    """An organisation of a region the actor coordinates; 403 for its own members without the
    role, 404 for anyone else."""
    organisation = Organisation.objects.filter(pk=organisation_id).select_related("region").first()
    if actor is None or organisation is None:
        raise Http404
    if not actor.has_perm("core.change_organisation", organisation):
        refuse_object(actor, organisation_id=organisation.pk)
    return organisation


def access_admin_area(actor: Actor, area_id: uuid.UUID) -> Area:
    """A municipality or quarter of a region the actor coordinates; 403 for someone else who
    works in the region, 404 for anyone else."""
    area = (
        Area.objects.filter(pk=area_id)
        .exclude(kind=Area.Kind.REGION)
        .select_related("region", "parent")
        .first()
    )
    if actor is None or area is None:
        raise Http404
    if not actor.has_perm("core.change_area", area):
        _refuse_in_region(actor, area.region_id)
    return area


def organisation_administrator_list(*, organisation: Organisation) -> list[Membership]:
    """Who administers the organisation (and so invites its staff), by e-mail address."""
    return list(
        Membership.objects.filter(organisation=organisation, role=Role.ADMINISTRATOR)
        .select_related("user")
        .order_by("user__email")
    )


def organisation_open_administrator_invitations(*, organisation: Organisation) -> list[Invitation]:
    """Invitations to administer the organisation that are neither used nor expired."""
    return list(
        Invitation.objects.filter(
            organisation=organisation,
            role=Role.ADMINISTRATOR,
            used_at__isnull=True,
            expires_at__gt=timezone.now(),
        ).order_by("-created_at")
    )
