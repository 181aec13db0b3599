"""Who may do what with events, registrations, news and the noticeboard (the role catalogue,
lotse/accounts/role_catalogue.py, says the same in German).

- Events and news belong to an organisation: its staff (provider staff and the office roles)
  write them; the region coordinators of its region may correct them.
- Where a quarter manager requires it (PublicationRule), a manager whose areas cover the
  event's or news item's area releases it before it appears.
- Registrations are personal data: the organiser's staff, and the office staff and managers of
  the quarter (people call their office to register), see and make them.
- The noticeboard is the quarter office's: its office staff and managers check every post,
  post for a person who called in, see reports and remove posts. Residents post with an account.
"""

import uuid

import rules

from lotse.core.models import Area, Organisation, Role
from lotse.core.rules import EDITOR_ROLES, has_role, is_staff_member, memberships_of

# Roles of the quarter's office that register callers, check posts and release publications.
QUARTER_ROLES = [Role.OFFICE_STAFF, Role.MANAGER]
REVIEW_ROLES = [Role.MANAGER, Role.REGION_COORDINATOR]


def area_chain(area: Area | None) -> set[uuid.UUID]:
    """The area and the areas above it (quarter, municipality, region)."""
    ids: set[uuid.UUID] = set()
    while area is not None and area.pk not in ids:
        ids.add(area.pk)
        area = area.parent
    return ids


def covers_area(user, roles, area: Area | None) -> bool:
    """The user has one of `roles` in an organisation of the area's region, with a membership
    that names no areas (the whole region) or names the area or one above it."""
    if area is None or not user.is_authenticated:
        return False
    region_id = area.pk if area.kind == Area.Kind.REGION else area.region_id
    chain = None
    for membership in memberships_of(user):
        if membership.role not in roles or membership.organisation.region_id != region_id:
            continue
        area_ids = {a.pk for a in membership.areas.all()}
        if not area_ids:
            return True
        chain = area_chain(area) if chain is None else chain
        if area_ids & chain:
            return True
    return False


def _organisation_of(obj):
    if isinstance(obj, Organisation):
        return obj.pk, obj.region_id
    return obj.organisation_id, obj.region_id


@rules.predicate
def writes_for_organisation(user, obj) -> bool:
    """`obj` is an Organisation, an Event or a NewsPost: the user is staff of the organisation
    (editor roles), or a region coordinator of its region."""
    if obj is None or not user.is_authenticated:
        return False
    organisation_id, region_id = _organisation_of(obj)
    return has_role(user, EDITOR_ROLES, organisation_id=organisation_id) or has_role(
        user, [Role.REGION_COORDINATOR], region_id=region_id
    )


@rules.predicate
def releases_for_area(user, obj) -> bool:
    """`obj` is an Event, a NewsPost or an Area: a manager (or region coordinator) whose areas
    cover it."""
    if obj is None:
        return False
    area = obj if isinstance(obj, Area) else obj.area
    return covers_area(user, REVIEW_ROLES, area)


@rules.predicate
def works_in_quarter_of(user, obj) -> bool:
    """`obj` is an Event, a BoardPost or an Area: office staff or a manager whose areas cover
    its area."""
    if obj is None:
        return False
    area = obj if isinstance(obj, Area) else obj.area
    return covers_area(user, QUARTER_ROLES, area)


@rules.predicate
def is_office_member(user) -> bool:
    return has_role(user, QUARTER_ROLES)


@rules.predicate
def is_reviewer(user) -> bool:
    return has_role(user, REVIEW_ROLES)


rules.add_perm("news.add_event", writes_for_organisation)
rules.add_perm("news.change_event", writes_for_organisation)
rules.add_perm("news.release_event", releases_for_area)
rules.add_perm("news.set_publication_rule", releases_for_area)
rules.add_perm("news.view_registrations", writes_for_organisation | works_in_quarter_of)
rules.add_perm("news.register_for_person", writes_for_organisation | works_in_quarter_of)
rules.add_perm("news.add_newspost", writes_for_organisation)
rules.add_perm("news.change_newspost", writes_for_organisation)
rules.add_perm("news.release_newspost", releases_for_area)
# Neighbours post with their account; staff post for a person instead (post_for_person).
rules.add_perm("news.add_boardpost", rules.is_authenticated & ~is_staff_member)
rules.add_perm("news.review_boardpost", works_in_quarter_of)
rules.add_perm("news.post_for_person", works_in_quarter_of)
# The menu entry of the noticeboard's review queue (no object: any office membership).
rules.add_perm("news.view_board_queue", is_office_member)
# The menu entry of the events' release queue (no object: any manager or region coordinator;
# the queue lists only what `news.release_event` allows them).
rules.add_perm("news.view_release_queue", is_reviewer)
