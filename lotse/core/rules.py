"""Named predicates over memberships. The user object carries its memberships (prefetched)."""

import rules

from lotse.core.models import Role

STAFF_ROLES = {
    Role.OFFICE_STAFF,
    Role.MANAGER,
    Role.REGION_COORDINATOR,
    Role.ADMINISTRATOR,
}


@rules.predicate
def is_member_of_offer_organisation(user, service) -> bool:
    if service is None:
        return False
    return user.memberships.filter(
        organisation_id=service.organization_id,
        role__in=[Role.PROVIDER_STAFF, *STAFF_ROLES],
    ).exists()


@rules.predicate
def is_area_staff_for_offer(user, service) -> bool:
    """Office staff and managers edit offers in their areas; region coordinators in their region."""
    if service is None:
        return False
    return user.memberships.filter(
        role__in=STAFF_ROLES, organisation__region_id=service.organization.region_id
    ).exists()


@rules.predicate
def is_directory_staff(user) -> bool:
    return user.memberships.filter(role__in=[Role.PROVIDER_STAFF, *STAFF_ROLES]).exists()
