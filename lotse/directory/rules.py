import uuid

import rules

from lotse.core.models import Area, Membership, Role
from lotse.core.rules import (
    EDITOR_ROLES,
    has_role,
    is_directory_staff,
    is_member_of_owning_organisation,
    staff_reach,
)
from lotse.directory.models import Location, Service


def _area_ids(obj: Service | Location) -> set[uuid.UUID]:
    """The quarters and municipalities an offer or location lies in or serves."""
    if isinstance(obj, Location):
        quarters = [obj.quarter] if obj.quarter else []
        served: set[uuid.UUID] = set()
    else:
        sals = obj.service_at_locations.select_related("location__quarter")
        quarters = [sal.location.quarter for sal in sals if sal.location.quarter]
        served = set(obj.service_areas.values_list("area_id", flat=True))
    return served | {q.id for q in quarters} | {q.parent_id for q in quarters if q.parent_id}


# Who changes an offer or a location (the role catalogue says the same in German):
# - the staff of the organisation that owns it (is_member_of_owning_organisation);
# - the region coordinators of its region: they keep the region's directory;
# - for an organisation that is not on the platform (nobody there who could edit its offers),
#   the Quartiersbüro (office staff, management) whose areas cover where the offer is: they
#   keep such entries up to date on the provider's behalf.
# An office of the region may not change the offers of a provider that keeps its own.
LOCAL_KEEPER_ROLES = [Role.OFFICE_STAFF, Role.MANAGER]


@rules.predicate
def coordinates_region_of_owner(user, obj) -> bool:
    if obj is None:
        return False
    return has_role(user, [Role.REGION_COORDINATOR], region_id=obj.organization.region_id)


def has_own_editors(organisation_id: uuid.UUID) -> bool:
    """Someone in the organisation may edit its offers: it keeps them itself."""
    return Membership.objects.filter(
        organisation_id=organisation_id, role__in=EDITOR_ROLES
    ).exists()


@rules.predicate
def keeps_entry_of_provider_not_on_platform(user, obj) -> bool:
    """Office staff and managers, for offers and locations in their areas (their whole region
    when the membership names no areas) of an organisation without editors of its own."""
    if obj is None:
        return False
    region_id = obj.organization.region_id
    reach = [
        areas for region, areas in staff_reach(user, LOCAL_KEEPER_ROLES) if region == region_id
    ]
    if not reach or has_own_editors(obj.organization_id):
        return False
    return any(not areas or areas & _area_ids(obj) for areas in reach)


can_edit_owned = (
    is_member_of_owning_organisation
    | coordinates_region_of_owner
    | keeps_entry_of_provider_not_on_platform
)
rules.add_perm("directory.change_offer", can_edit_owned)
rules.add_perm("directory.change_location", can_edit_owned)
rules.add_perm("directory.add_offer", is_directory_staff)


@rules.predicate
def is_region_coordinator_for(user, region: Area | None) -> bool:
    """Region coordinators and administrators, for the region of their organisation."""
    if region is None:
        return False
    return has_role(user, [Role.REGION_COORDINATOR, Role.ADMINISTRATOR], region_id=region.id)


# Importing writes offers of every organisation of a region at once.
rules.add_perm("directory.import_directory", is_region_coordinator_for)
