"""What someone may grant: nobody gives a role or an area beyond their own reach.

An administrator of an organisation grants its staff roles, limited to the areas the
administrator covers there (all of the organisation's region when one of their administrator
memberships there names no areas). "Koordination Kreis" is a region-wide role: only a region
coordinator of the organisation's region grants it (and covers the whole region). A region
coordinator also grants the first administrator of an organisation of their region that has
none yet, and nothing else there. The forms
offer only what `grant_reach` allows; the services refuse anything else anyway."""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from lotse.core.models import Area, Organisation, Role
from lotse.core.permissions import Actor
from lotse.core.rules import NON_STAFF_ROLES, has_role

STAFF_ROLES = [role for role in Role if role not in NON_STAFF_ROLES]
# Roles that reach the whole region, whatever the organisation.
REGION_WIDE_ROLES = {Role.REGION_COORDINATOR}


@dataclass(frozen=True)
class GrantReach:
    roles: frozenset[str]
    # The areas the actor covers in the organisation's region; None: the whole region.
    area_ids: frozenset[uuid.UUID] | None

    def covers(self, area: Area) -> bool:
        """An area the actor covers: one of theirs or a quarter of one of their
        municipalities."""
        if self.area_ids is None:
            return True
        return area.id in self.area_ids or area.parent_id in self.area_ids


NOTHING = GrantReach(frozenset(), frozenset())


def grant_reach(*, actor: Actor, organisation: Organisation) -> GrantReach:
    """The roles and areas `actor` may give in `organisation` (nothing unless they
    administer it)."""
    if actor is None or not actor.is_authenticated:
        return NOTHING
    coordinates_region = has_role(
        actor, [Role.REGION_COORDINATOR], region_id=organisation.region_id
    )
    administrations = list(
        actor.memberships.filter(
            organisation=organisation, role=Role.ADMINISTRATOR
        ).prefetch_related("areas")
    )
    if not administrations:
        if coordinates_region and actor.has_perm(
            "accounts.invite_first_administrator", organisation
        ):
            # The first administrator of a new organisation (rules.py): for all of it.
            return GrantReach(frozenset({Role.ADMINISTRATOR.value}), None)
        return NOTHING
    roles = {role.value for role in STAFF_ROLES}
    if not coordinates_region:
        roles -= REGION_WIDE_ROLES
    limits = [{area.id for area in m.areas.all()} for m in administrations]
    if coordinates_region or not all(limits):
        # A region coordinator, or an administration that names no areas: the whole region.
        return GrantReach(frozenset(roles), None)
    return GrantReach(frozenset(roles), frozenset(set().union(*limits)))


def check_grant(
    *, actor: Actor, organisation: Organisation, role: str, areas: Iterable[Area]
) -> list[str]:
    """What is wrong with giving `role` limited to `areas` in `organisation` (German
    messages; empty if nothing). Region and kind of the areas are the caller's check."""
    reach = grant_reach(actor=actor, organisation=organisation)
    errors = []
    if role not in reach.roles:
        errors.append(
            _(
                "Die Rolle „%(role)s“ können Sie nicht vergeben: Sie reicht weiter als Ihre "
                "eigene Zuständigkeit."
            )
            % {"role": Role(role).label if role in Role.values else role}
        )
    areas = list(areas)
    if reach.area_ids is not None:
        if not areas:
            errors.append(
                _(
                    "Sie sind nur für einige Gebiete zuständig. Wählen Sie mindestens eines "
                    "davon aus."
                )
            )
        elif not all(reach.covers(area) for area in areas):
            errors.append(_("Wählen Sie nur Gebiete aus, für die Sie selbst zuständig sind."))
    return errors
