"""Nobody grants a role or an area beyond their own reach (lotse/accounts/reach.py): invitations
and membership changes, for every role, in the services and in the forms."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lotse.accounts.models import User
from lotse.accounts.services import (
    invitation_create,
    membership_change,
    membership_remove,
    user_create,
)
from lotse.core.models import Area, Membership, Organisation, Role
from lotse.core.rules import NON_STAFF_ROLES

STAFF_ROLES = [role for role in Role if role not in NON_STAFF_ROLES]


def _user(email: str, organisation: Organisation, role: str, areas=()) -> User:
    user = user_create(email=email)  # no password: no slow hashing
    membership = Membership.objects.create(user=user, organisation=organisation, role=role)
    membership.areas.set(areas)
    return user


def _invite(actor, organisation, role, areas=()):
    return invitation_create(
        actor=actor,
        organisation=organisation,
        email="neu@test.de",
        role=role,
        areas=areas,
        base_url="http://testserver/",
    )


@pytest.fixture
def second_quarter(quarter) -> Area:
    return Area.objects.create(
        name="Neustadt",
        slug="neustadt",
        kind=Area.Kind.QUARTER,
        parent=quarter.parent,
        region=quarter.region,
    )


def _expected_invitation(actor_role: str, target_role: str, *, without_admin: bool = True) -> str:
    """ "ok", "refused" (PermissionDenied) or "invalid" (ValidationError). In an organisation
    without an administrator a region coordinator invites its first one, and no other role
    (lotse/accounts/rules.py)."""
    if actor_role == Role.REGION_COORDINATOR and without_admin:
        return "ok" if target_role == Role.ADMINISTRATOR else "invalid"
    if actor_role != Role.ADMINISTRATOR:
        return "refused"
    if target_role in NON_STAFF_ROLES or target_role == Role.REGION_COORDINATOR:
        return "invalid"
    return "ok"


@pytest.mark.parametrize("target_role", list(Role))
@pytest.mark.parametrize("actor_role", list(Role))
def test_invitation_create_grants_only_roles_within_reach(provider_org, actor_role, target_role):
    actor = _user("einladend@test.de", provider_org, actor_role)
    expected = _expected_invitation(actor_role, target_role)

    if expected == "ok":
        invitation = _invite(actor, provider_org, target_role)
        assert invitation.role == target_role
    else:
        with pytest.raises(PermissionDenied if expected == "refused" else ValidationError):
            _invite(actor, provider_org, target_role)


@pytest.mark.parametrize("target_role", STAFF_ROLES)
def test_a_region_coordinator_who_administers_grants_every_staff_role(
    provider_org, region, target_role
):
    actor = _user("koordinierend@test.de", provider_org, Role.ADMINISTRATOR)
    Membership.objects.create(user=actor, organisation=provider_org, role=Role.REGION_COORDINATOR)

    assert _invite(actor, provider_org, target_role).role == target_role


def test_a_region_coordinator_elsewhere_grants_no_coordination_here(provider_org, outsider):
    actor = _user("koordinierend@test.de", provider_org, Role.ADMINISTRATOR)
    other_org = outsider.memberships.get().organisation
    Membership.objects.create(user=actor, organisation=other_org, role=Role.REGION_COORDINATOR)

    with pytest.raises(ValidationError, match="Koordination Kreis"):
        _invite(actor, provider_org, Role.REGION_COORDINATOR)


@pytest.mark.parametrize(
    ("areas", "allowed"),
    [
        (["altstadt"], True),
        (["teststadt"], False),  # the municipality: wider than the actor's quarter
        (["neustadt"], False),  # a quarter the actor does not cover
        ([], False),  # the whole region
    ],
)
def test_an_administrator_of_some_areas_grants_only_those(
    provider_org, quarter, second_quarter, areas, allowed
):
    actor = _user("einladend@test.de", provider_org, Role.ADMINISTRATOR, areas=[quarter])
    chosen = list(Area.objects.filter(slug__in=areas))

    if allowed:
        assert list(_invite(actor, provider_org, Role.OFFICE_STAFF, chosen).areas.all()) == chosen
    else:
        with pytest.raises(ValidationError):
            _invite(actor, provider_org, Role.OFFICE_STAFF, chosen)


def test_an_administrator_of_a_municipality_grants_its_quarters(
    provider_org, quarter, second_quarter
):
    actor = _user("einladend@test.de", provider_org, Role.ADMINISTRATOR, areas=[quarter.parent])

    invitation = _invite(actor, provider_org, Role.OFFICE_STAFF, [quarter, second_quarter])

    assert invitation.areas.count() == 2


def test_invitation_refuses_the_region_itself_as_an_area(administrator, provider_org, region):
    with pytest.raises(ValidationError):
        _invite(administrator, provider_org, Role.OFFICE_STAFF, [region])


@pytest.mark.parametrize("target_role", list(Role))
@pytest.mark.parametrize("actor_role", list(Role))
def test_membership_change_grants_only_roles_within_reach(provider_org, actor_role, target_role):
    actor = _user("aendernd@test.de", provider_org, actor_role)
    if actor_role != Role.ADMINISTRATOR:
        # Someone must administer the organisation for the other checks to matter.
        _user("admin2@test.de", provider_org, Role.ADMINISTRATOR)
    member = _user("mitglied@test.de", provider_org, Role.PROVIDER_STAFF)
    membership = member.memberships.get()
    expected = _expected_invitation(actor_role, target_role, without_admin=False)

    if expected == "ok":
        assert membership_change(actor=actor, membership=membership, role=target_role).role == (
            target_role
        )
    else:
        with pytest.raises(PermissionDenied if expected == "refused" else ValidationError):
            membership_change(actor=actor, membership=membership, role=target_role)
        membership.refresh_from_db()
        assert membership.role == Role.PROVIDER_STAFF


def test_an_administrator_cannot_make_themselves_region_coordinator(administrator):
    membership = administrator.memberships.get()
    _user("admin2@test.de", membership.organisation, Role.ADMINISTRATOR)

    with pytest.raises(ValidationError, match="Koordination Kreis"):
        membership_change(actor=administrator, membership=membership, role=Role.REGION_COORDINATOR)


def test_an_administrator_of_some_areas_cannot_widen_their_own(provider_org, quarter):
    actor = _user("einladend@test.de", provider_org, Role.ADMINISTRATOR, areas=[quarter])
    membership = actor.memberships.get()

    with pytest.raises(ValidationError, match="mindestens eines"):
        membership_change(actor=actor, membership=membership, role=Role.ADMINISTRATOR, areas=[])
    assert list(membership.areas.all()) == [quarter]


def test_an_administrator_cannot_change_a_region_coordinator(administrator, provider_org):
    coordinator = _user("koordination2@test.de", provider_org, Role.REGION_COORDINATOR)
    membership = coordinator.memberships.get()

    with pytest.raises(ValidationError, match="Mitgliedschaft reicht weiter"):
        membership_change(actor=administrator, membership=membership, role=Role.OFFICE_STAFF)
    membership.refresh_from_db()
    assert membership.role == Role.REGION_COORDINATOR


def test_the_forms_offer_only_grantable_roles_and_areas(
    client, provider_org, quarter, second_quarter, with_totp
):
    actor = _user("einladend@test.de", provider_org, Role.ADMINISTRATOR, areas=[quarter])
    member = _user("mitglied@test.de", provider_org, Role.PROVIDER_STAFF, areas=[quarter])
    with_totp(actor)
    client.force_login(actor)

    invite = client.get("/konto/mitarbeitende/einladen/").text
    edit = client.get(f"/konto/mitarbeitende/rolle/{member.memberships.get().public_id}/").text

    for html in (invite, edit):
        assert 'value="office_staff"' in html
        assert 'value="region_coordinator"' not in html
        assert "Altstadt" in html and "Neustadt" not in html


def test_a_posted_role_beyond_reach_changes_nothing(client, administrator, with_totp):
    with_totp(administrator)
    client.force_login(administrator)

    organisation = administrator.memberships.get().organisation
    response = client.post(
        "/konto/mitarbeitende/einladen/",
        {"organisation": organisation.pk, "email": "neu@test.de", "role": "region_coordinator"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"role"}
    assert not organisation.invitations.exists()


def test_an_administrator_cannot_remove_a_region_coordinator(administrator, provider_org):
    coordinator = _user("koordination2@test.de", provider_org, Role.REGION_COORDINATOR)

    with pytest.raises(ValidationError, match="ändern oder entfernen"):
        membership_remove(actor=administrator, membership=coordinator.memberships.get())
    assert coordinator.memberships.exists()


def test_an_administrator_of_some_areas_cannot_remove_one_of_the_whole_region(
    provider_org, quarter, administrator
):
    actor = _user("einladend@test.de", provider_org, Role.ADMINISTRATOR, areas=[quarter])
    colleague = _user("kollegin@test.de", provider_org, Role.OFFICE_STAFF)
    nearby = _user("nebenan@test.de", provider_org, Role.OFFICE_STAFF, areas=[quarter])

    with pytest.raises(ValidationError):
        membership_remove(actor=actor, membership=colleague.memberships.get())
    membership_remove(actor=actor, membership=nearby.memberships.get())

    assert colleague.memberships.exists()
    assert not nearby.memberships.exists()
