"""`has_role` reads a user's memberships once per user object and again after any change; the
second-factor gate reads its answer with them."""

from allauth.mfa.models import Authenticator
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lotse.core.models import Membership, Organisation, Role
from lotse.core.permissions import PERSONAL_DATA
from lotse.core.rules import has_role, memberships_of


def _membership_queries(queries) -> int:
    return sum('"core_membership"' in q["sql"] for q in queries)


def test_many_checks_read_the_memberships_once(office_staff):
    office = office_staff.memberships.get().organisation

    with CaptureQueriesContext(connection) as queries:
        assert office_staff.has_perm("desk.add_inquiry", office)
        assert office_staff.has_perm("desk.view_inquiry", office)
        assert has_role(office_staff, [Role.OFFICE_STAFF], region_id=office.region_id)

    assert _membership_queries(queries.captured_queries) == 1


def test_a_role_given_or_taken_counts_at_once(office_staff, provider_org):
    assert not office_staff.has_perm("desk.add_inquiry", provider_org)

    membership = Membership.objects.create(
        user=office_staff, organisation=provider_org, role=Role.OFFICE_STAFF
    )
    assert office_staff.has_perm("desk.add_inquiry", provider_org)

    membership.role = Role.RESIDENT
    membership.save()
    assert not office_staff.has_perm("desk.add_inquiry", provider_org)

    Membership.objects.create(user=office_staff, organisation=provider_org, role=Role.MANAGER)
    assert office_staff.has_perm("desk.add_inquiry", provider_org)
    Membership.objects.filter(user=office_staff, organisation=provider_org).delete()
    assert not office_staff.has_perm("desk.add_inquiry", provider_org)


def test_a_deleted_organisation_takes_its_roles_along(provider_staff, provider_org):
    assert has_role(provider_staff, organisation_id=provider_org.pk)

    Organisation.objects.filter(pk=provider_org.pk).delete()

    assert memberships_of(provider_staff) == []


def test_no_organisation_matches_no_membership(office_staff):
    # An object without an organisation (None) must not count as "any organisation".
    assert has_role(office_staff, [Role.OFFICE_STAFF])
    assert not has_role(office_staff, [Role.OFFICE_STAFF], organisation_id=None)
    assert not has_role(office_staff, region_id=None)


def test_anonymous_visitors_have_no_roles(db):
    assert memberships_of(AnonymousUser()) == []
    assert not has_role(AnonymousUser())


def test_the_gate_reads_the_second_factor_with_the_memberships(office_staff, with_totp):
    office = office_staff.memberships.get().organisation
    with_totp(office_staff)
    office_staff.refresh_from_db()

    with CaptureQueriesContext(connection) as queries:
        assert office_staff.has_perm(PERSONAL_DATA)
        assert office_staff.has_perm("desk.add_inquiry", office)

    # One query in all: the memberships, with the second factor.
    assert [_membership_queries([q]) for q in queries.captured_queries] == [1]


def test_an_authenticator_added_or_removed_counts_at_once(office_staff, with_totp):
    assert not office_staff.has_perm(PERSONAL_DATA)

    with_totp(office_staff)
    assert office_staff.has_perm(PERSONAL_DATA)

    Authenticator.objects.filter(user=office_staff).delete()
    assert not office_staff.has_perm(PERSONAL_DATA)
