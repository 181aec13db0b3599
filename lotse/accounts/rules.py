import rules

from lotse.core.models import Area, Membership, Role
from lotse.core.rules import has_role, memberships_of


@rules.predicate
def is_administrator_of(user, organisation) -> bool:
    """`organisation` is an Organisation: the user administers it."""
    if organisation is None or not user.is_authenticated:
        return False
    return has_role(user, [Role.ADMINISTRATOR], organisation_id=organisation.pk)


@rules.predicate
def administers_member(user, member) -> bool:
    """`member` is a User: the user administers an organisation the member belongs to."""
    if member is None or not user.is_authenticated:
        return False
    organisation_ids = member.memberships.values_list("organisation_id", flat=True)
    return user.memberships.filter(
        organisation_id__in=organisation_ids, role=Role.ADMINISTRATOR
    ).exists()


@rules.predicate
def is_any_administrator(user) -> bool:
    return has_role(user, [Role.ADMINISTRATOR])


rules.add_perm("accounts.view_members", is_any_administrator)
rules.add_perm("accounts.reset_second_factor", administers_member)


@rules.predicate
def administers_membership(user, membership) -> bool:
    """`membership` is a Membership: the user administers its organisation."""
    if membership is None or not user.is_authenticated:
        return False
    return has_role(user, [Role.ADMINISTRATOR], organisation_id=membership.organisation_id)


rules.add_perm("accounts.change_membership", administers_membership)
rules.add_perm("accounts.delete_membership", administers_membership)


# Region coordinators look after the organisations and areas of their region (the region of
# the organisation they coordinate for). These guard core's models; they live here with the
# administration pages (lotse/core/views_admin.py) of the accounts issue.
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


# Bringing a provider on board: a new organisation has no staff, so nobody could invite anyone
# there. A region coordinator may invite its FIRST administrator, for an organisation of their
# own region that has no administrator yet. That grants nothing beyond their reach: the
# coordinator already keeps the region's organisations and directory, and the administrator
# reaches only the one organisation. Once an administrator is there, they invite everyone
# else and the coordinator no longer can (unless they administer it themselves). Open
# invitations do not count, so a mistyped address can be followed by a new invitation.
@rules.predicate
def has_no_administrator(user, organisation) -> bool:
    """`organisation` is an Organisation without any member in the administrator role."""
    if organisation is None:
        return False
    return not Membership.objects.filter(
        organisation_id=organisation.pk, role=Role.ADMINISTRATOR
    ).exists()


may_invite_first_administrator = coordinates_region_of & has_no_administrator

rules.add_perm("accounts.invite_first_administrator", may_invite_first_administrator)
rules.add_perm("accounts.add_invitation", is_administrator_of | may_invite_first_administrator)
