"""Named predicates over memberships, and the one way every app's predicates read them:
`memberships_of` / `has_role`; the rules for core's own permissions (`core.*`)."""

import uuid
from collections.abc import Callable, Iterable
from typing import Any

import rules
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.db.models import Exists, OuterRef
from django.db.models.signals import post_delete, post_save

from lotse.core.models import Area, Membership, Role

# What counts as a second factor: an authenticator app or a security key (recovery codes alone
# do not).
SECOND_FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]

# Bumped whenever a membership or an authenticator is saved or deleted in this process
# (`memberships_of`).
_generation = 0


def _membership_changed(**kwargs) -> None:
    global _generation
    _generation += 1


for _sender in (Membership, Authenticator):
    post_save.connect(
        _membership_changed, sender=_sender, dispatch_uid=f"lotse_{_sender.__name__}_saved"
    )
    post_delete.connect(
        _membership_changed, sender=_sender, dispatch_uid=f"lotse_{_sender.__name__}_deleted"
    )


def memberships_of(user) -> list[Membership]:
    """The user's memberships with their organisations, each with `second_factor`: whether
    the user has activated one (the same for every membership of the user).

    Read once per user object, and a request has one: the second-factor gate, the office
    chooser and the service's `require` share one query instead of asking the database each
    time. Read again after any membership or authenticator was saved or deleted in this
    process, so a role given or taken away counts at once (queryset `update()` sends no
    signal: change roles with `save()`)."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_lotse_memberships", None)
    if cached is None or cached[0] != _generation:
        second_factor = Authenticator.objects.filter(
            user_id=OuterRef("user_id"), type__in=SECOND_FACTORS
        )
        memberships = user.memberships.select_related("organisation").annotate(
            second_factor=Exists(second_factor)
        )
        cached = (_generation, list(memberships))
        user._lotse_memberships = cached
    return cached[1]


def per_user[T](user, key: str, compute: Callable[[], T]) -> T:
    """A value derived from the user's memberships and rights (the staff menu), kept on the
    user object like `memberships_of` and computed again after any membership or
    authenticator changed: a page asks for the menu twice (header, landing link) and the
    403 and 404 pages once more."""
    store: tuple[int, dict[str, Any]] | None = getattr(user, "_lotse_derived", None)
    if store is None or store[0] != _generation:
        store = (_generation, {})
        user._lotse_derived = store
    if key not in store[1]:
        store[1][key] = compute()
    return store[1][key]


# `has_role`'s default: no condition on the organisation or region. (None is no default: an
# object without an organisation must match no membership, not every one.)
_ANY = object()


def has_role(
    user,
    roles: Iterable[str] | None = None,
    *,
    organisation_id: object = _ANY,
    region_id: object = _ANY,
) -> bool:
    """Whether the user has one of `roles` (any role if None), in the organisation and in an
    organisation of the region where these are given."""
    wanted = None if roles is None else set(roles)
    return any(
        (wanted is None or m.role in wanted)
        and (organisation_id is _ANY or m.organisation_id == organisation_id)
        and (region_id is _ANY or m.organisation.region_id == region_id)
        for m in memberships_of(user)
    )


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
    return has_role(user, [Role.PROVIDER_STAFF, *STAFF_ROLES], organisation_id=obj.organization_id)


def staff_reach(user, roles: Iterable[str] = STAFF_ROLES) -> list[tuple[uuid.UUID, set[uuid.UUID]]]:
    """(region id, area ids) of each membership in one of `roles`; no area ids means the whole
    region."""
    memberships = (
        user.memberships.filter(role__in=list(roles))
        .select_related("organisation")
        .prefetch_related("areas")
    )
    return [(m.organisation.region_id, {a.id for a in m.areas.all()}) for m in memberships]


@rules.predicate
def is_directory_staff(user) -> bool:
    return has_role(user, [Role.PROVIDER_STAFF, *STAFF_ROLES])


# Residents and relatives are the people served; every other role works with their data.
NON_STAFF_ROLES = {Role.RESIDENT, Role.RELATIVE}


@rules.predicate
def is_staff_member(user) -> bool:
    """Any membership in a role other than resident or relative, or an account of Django's
    admin (is_staff, is_superuser): these too pass the second-factor gate only with one."""
    if user.is_staff or user.is_superuser:
        return True
    return any(m.role not in NON_STAFF_ROLES for m in memberships_of(user))


@rules.predicate
def has_second_factor(user) -> bool:
    """An activated authenticator app or security key (recovery codes alone do not count).
    Staff have memberships, which carry the answer (no query of its own)."""
    if not user.is_authenticated:
        return False
    memberships = memberships_of(user)
    if memberships:
        return memberships[0].second_factor  # type: ignore[attr-defined]
    return is_mfa_enabled(user, SECOND_FACTORS)


# The second-factor gate: staff see personal data only after setting up a second factor.
# Residents and relatives pass (they see only their own data; each view's access_* function
# still decides which records). Every view that shows personal data uses the one decorator
# `lotse.core.permissions.personal_data_view`, which checks this permission.
rules.add_perm(
    "core.view_personal_data", rules.is_authenticated & (~is_staff_member | has_second_factor)
)


# Region coordinators look after the organisations and areas of their region (the region of
# the organisation they coordinate for): the rules for core's own models. The pages are the
# region administration (lotse/accounts/views_region.py).
def _coordinated_region_ids(user) -> set:
    return {
        m.organisation.region_id for m in memberships_of(user) if m.role == Role.REGION_COORDINATOR
    }


@rules.predicate
def coordinates_region_of(user, obj) -> bool:
    """`obj` is an Area (a region itself or an area inside one) or an Organisation: the user is
    a region coordinator of its region."""
    if obj is None:
        return False
    is_region = isinstance(obj, Area) and obj.kind == Area.Kind.REGION
    region_id = obj.pk if is_region else obj.region_id
    return region_id in _coordinated_region_ids(user)


@rules.predicate
def is_any_region_coordinator(user) -> bool:
    return bool(_coordinated_region_ids(user))


rules.add_perm("core.view_region_administration", is_any_region_coordinator)
rules.add_perm("core.add_organisation", coordinates_region_of)
rules.add_perm("core.change_organisation", coordinates_region_of)
rules.add_perm("core.add_area", coordinates_region_of)
rules.add_perm("core.change_area", coordinates_region_of)
rules.add_perm("core.delete_area", coordinates_region_of)
