"""Named predicates over memberships. The user object carries its memberships (prefetched)."""

import uuid

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


def staff_reach(user) -> list[tuple[uuid.UUID, set[uuid.UUID]]]:
    """(region id, area ids) of each staff membership; no area ids means the whole region."""
    memberships = (
        user.memberships.filter(role__in=STAFF_ROLES)
        .select_related("organisation")
        .prefetch_related("areas")
    )
    return [(m.organisation.region_id, {a.id for a in m.areas.all()}) for m in memberships]


@rules.predicate
def is_directory_staff(user) -> bool:
    return user.memberships.filter(role__in=[Role.PROVIDER_STAFF, *STAFF_ROLES]).exists()
