"""Named predicates over memberships. The user object carries its memberships (prefetched)."""

import rules

from lotse.core.models import Role

STAFF_ROLES = {
    Role.OFFICE_STAFF,
    Role.MANAGER,
    Role.REGION_COORDINATOR,
    Role.ADMINISTRATOR,
}

# Roles that may edit what their organisation owns.
EDITOR_ROLES = [Role.PROVIDER_STAFF, *STAFF_ROLES]


@rules.predicate
def is_member_of_owning_organisation(user, obj) -> bool:
    """`obj` is anything an organisation owns (offer, location): it has `organization`."""
    if obj is None:
        return False
    return user.memberships.filter(
        organisation_id=obj.organization_id,
        role__in=[Role.PROVIDER_STAFF, *STAFF_ROLES],
    ).exists()


@rules.predicate
def is_region_staff_for_owner(user, obj) -> bool:
    """Office staff, managers and coordinators edit what organisations of their region own."""
    if obj is None:
        return False
    return user.memberships.filter(
        role__in=STAFF_ROLES, organisation__region_id=obj.organization.region_id
    ).exists()


@rules.predicate
def is_directory_staff(user) -> bool:
    return user.memberships.filter(role__in=[Role.PROVIDER_STAFF, *STAFF_ROLES]).exists()
