"""Named predicates over memberships. The user object carries its memberships (prefetched)."""

import uuid

import rules
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled

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


# Residents and relatives are the people served; every other role works with their data.
NON_STAFF_ROLES = {Role.RESIDENT, Role.RELATIVE}


@rules.predicate
def is_staff_member(user) -> bool:
    """Any membership in a role other than resident or relative."""
    if not user.is_authenticated:
        return False
    return user.memberships.exclude(role__in=NON_STAFF_ROLES).exists()


@rules.predicate
def has_second_factor(user) -> bool:
    """An activated authenticator app (recovery codes alone do not count)."""
    if not user.is_authenticated:
        return False
    return is_mfa_enabled(user, [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN])


# The second-factor gate: staff see personal data only after setting up a second factor.
# Residents and relatives pass (they see only their own data; each view's access_* function
# still decides which records). Every view that shows personal data uses the one decorator
# `lotse.core.permissions.personal_data_view`, which checks this permission.
rules.add_perm(
    "core.view_personal_data", rules.is_authenticated & (~is_staff_member | has_second_factor)
)
