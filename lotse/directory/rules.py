import uuid

import rules

from lotse.core.models import Area, Role
from lotse.core.rules import (
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


@rules.predicate
def is_area_staff_for(user, obj) -> bool:
    """Office staff and managers edit offers and locations in their areas (their whole region
    when the membership names no areas); coordinators and administrators their region."""
    if obj is None:
        return False
    region_id = obj.organization.region_id
    return any(
        region == region_id and (not areas or areas & _area_ids(obj))
        for region, areas in staff_reach(user)
    )


can_edit_owned = is_member_of_owning_organisation | is_area_staff_for
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
