"""Issue 16, "Bringing a provider on board": a region coordinator who creates an organisation
invites its first administrator from the organisation's page; nobody grants beyond their reach
(lotse/accounts/rules.py, reach.py). Before, a new provider could never get staff."""

import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from lotse.accounts.models import Invitation
from lotse.accounts.services import invitation_accept, invitation_create
from lotse.core.links import check_site_url
from lotse.core.models import Area, Membership, Organisation, Role
from lotse.core.tests.authorization_matrix import PERSONAS

STAFF_PERSONAS = [p for p in PERSONAS if p != "anonymous"]


@pytest.fixture
def new_provider(region) -> Organisation:
    return Organisation.objects.create(
        name="Pflegedienst Sonnenschein", kind=Organisation.Kind.PROVIDER, region=region
    )


@pytest.fixture
def foreign_provider(outsider) -> Organisation:
    region = outsider.memberships.get().organisation.region
    return Organisation.objects.create(
        name="Anderer Dienst", kind=Organisation.Kind.PROVIDER, region=region
    )


def _invite(actor, organisation, role=Role.ADMINISTRATOR, **kw) -> Invitation:
    return invitation_create(
        actor=actor, organisation=organisation, email="leitung@sonnenschein.de", role=role, **kw
    )


# Who may invite the first administrator of a new provider in Kreis Test: only its region's
# coordination. Another region's organisation: nobody here (the outsider's region has no
# coordinator among the personas).
#                      new provider here   provider in the outsider's region
EXPECTED = {
    "resident": (False, False),
    "relative": (False, False),
    "helper": (False, False),
    "multiplier": (False, False),
    "office_staff": (False, False),
    "care_navigator": (False, False),
    "provider_staff": (False, False),
    "manager": (False, False),
    "region_coordinator": (True, False),
    "researcher": (False, False),
    "administrator": (False, False),
    "outsider": (False, False),
}


def test_every_persona_has_an_expectation():
    assert set(EXPECTED) == set(STAFF_PERSONAS)


@pytest.mark.parametrize("persona", STAFF_PERSONAS)
def test_first_administrator_rule_for_every_persona(
    request, persona, new_provider, foreign_provider
):
    actor = request.getfixturevalue(persona)

    answers = tuple(
        actor.has_perm("accounts.invite_first_administrator", org)
        for org in (new_provider, foreign_provider)
    )

    assert answers == EXPECTED[persona]
    # The invitation permission follows: nobody else invites into a new provider.
    assert actor.has_perm("accounts.add_invitation", new_provider) == EXPECTED[persona][0]


@pytest.mark.parametrize("persona", STAFF_PERSONAS)
def test_first_administrator_invitation_in_the_service_for_every_persona(
    request, persona, new_provider
):
    actor = request.getfixturevalue(persona)

    if EXPECTED[persona][0]:
        invitation = _invite(actor, new_provider)
        assert (invitation.role, invitation.organisation) == (Role.ADMINISTRATOR, new_provider)
    else:
        with pytest.raises(PermissionDenied):
            _invite(actor, new_provider)


@pytest.mark.parametrize("role", [r for r in Role if r != Role.ADMINISTRATOR])
def test_region_coordinator_invites_no_other_role_into_a_new_provider(
    region_coordinator, new_provider, role
):
    with pytest.raises(ValidationError):
        _invite(region_coordinator, new_provider, role=role)

    assert not Invitation.objects.exists()


def test_once_the_provider_has_an_administrator_the_coordinator_no_longer_invites(
    region_coordinator, new_provider
):
    invitation = _invite(region_coordinator, new_provider, base_url="http://testserver/")
    user = invitation_accept(invitation=invitation, password="Kaffee am Markt um neun")

    assert Membership.objects.get(user=user).role == Role.ADMINISTRATOR
    assert not region_coordinator.has_perm("accounts.invite_first_administrator", new_provider)
    with pytest.raises(PermissionDenied):
        _invite(region_coordinator, new_provider)
    # The new administrator invites the provider's staff.
    staff = invitation_create(
        actor=user,
        organisation=new_provider,
        email="pflege@sonnenschein.de",
        role=Role.PROVIDER_STAFF,
    )
    assert staff.role == Role.PROVIDER_STAFF


def test_a_second_invitation_while_none_is_accepted_is_allowed(region_coordinator, new_provider):
    # A mistyped address can be followed by a new invitation.
    _invite(region_coordinator, new_provider)

    assert _invite(region_coordinator, new_provider).role == Role.ADMINISTRATOR


def test_the_coordinator_of_another_region_is_refused(outsider, new_provider):
    Membership.objects.create(
        user=outsider,
        organisation=outsider.memberships.get().organisation,
        role=Role.REGION_COORDINATOR,
    )

    with pytest.raises(PermissionDenied):
        _invite(outsider, new_provider)


# Pages


def _logged_in(client, user, with_totp):
    with_totp(user)
    client.force_login(user)
    return client


def test_a_new_organisation_opens_its_page_which_offers_the_first_administrator(
    client, region_coordinator, region, with_totp
):
    client = _logged_in(client, region_coordinator, with_totp)

    response = client.post(
        reverse("admin_region:organisation_new"), {"name": "DRK", "kind": "provider"}
    )
    page = client.get(response["Location"])

    organisation = Organisation.objects.get(name="DRK")
    assert response["Location"] == reverse("admin_region:organisation_edit", args=[organisation.pk])
    text = page.content.decode()
    assert "DRK hat noch keine Administration" in text
    assert reverse("admin_region:organisation_invite", args=[organisation.pk]) in text


def test_invite_page_sends_an_absolute_link_from_the_setting(
    settings,
    django_capture_on_commit_callbacks,
    client,
    region_coordinator,
    new_provider,
    with_totp,
):
    settings.LOTSE_SITE_URL = "https://lotse.example"
    client = _logged_in(client, region_coordinator, with_totp)
    url = reverse("admin_region:organisation_invite", args=[new_provider.pk])

    with_errors = client.post(url, {"email": "leitung(at)sonnenschein"})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"email": "Leitung@Sonnenschein.de"})

    assert "<title>Fehler:" in with_errors.content.decode()
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role) == ("leitung@sonnenschein.de", Role.ADMINISTRATOR)
    (message,) = mail.outbox
    assert re.search(r"^https://lotse\.example/konto/einladung/\S+/$", str(message.body), re.M)
    assert "testserver" not in message.body
    page = client.get(response["Location"]).content.decode()
    assert "leitung@sonnenschein.de" in page


def test_invite_page_of_a_provider_with_an_administrator_refuses(
    client, region_coordinator, administrator, provider_org, with_totp
):
    client = _logged_in(client, region_coordinator, with_totp)
    url = reverse("admin_region:organisation_invite", args=[provider_org.pk])

    page = client.get(url)
    response = client.post(url, {"email": "noch@jemand.de"})

    assert "hat schon eine Administration" in page.content.decode()
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_deploy_check_wants_the_public_https_address(settings):
    settings.LOTSE_SITE_URL = "http://localhost:8000"
    assert [error.id for error in check_site_url()] == ["lotse.E101"]

    settings.LOTSE_SITE_URL = "https://quartierslotse.example.org"
    assert check_site_url() == []


def test_quarters_do_not_matter_for_the_first_administrator(region_coordinator, new_provider):
    # The administrator covers all of the organisation: the coordinator reaches the region.
    quarter = Area.objects.filter(region=new_provider.region, kind=Area.Kind.QUARTER).first()

    invitation = _invite(region_coordinator, new_provider, areas=[quarter] if quarter else [])

    assert invitation.role == Role.ADMINISTRATOR
