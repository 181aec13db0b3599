import rules

from lotse.core.models import Role


@rules.predicate
def is_administrator_of(user, organisation) -> bool:
    """`organisation` is an Organisation: the user administers it."""
    if organisation is None or not user.is_authenticated:
        return False
    return user.memberships.filter(
        organisation_id=organisation.pk, role=Role.ADMINISTRATOR
    ).exists()


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
    return user.is_authenticated and user.memberships.filter(role=Role.ADMINISTRATOR).exists()


rules.add_perm("accounts.add_invitation", is_administrator_of)
rules.add_perm("accounts.view_members", is_any_administrator)
rules.add_perm("accounts.reset_second_factor", administers_member)
