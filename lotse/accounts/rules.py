import rules

from lotse.core.models import Membership, Role
from lotse.core.rules import coordinates_region_of, has_role


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
