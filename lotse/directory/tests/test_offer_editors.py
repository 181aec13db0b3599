"""Who changes a provider's offer (lotse/directory/rules.py, written in the role catalogue): the
provider's own staff, the region coordinators of its region, and — only for a provider that is
not on the platform — the Quartiersbüro whose areas cover the offer. Table-driven over every
persona, for the rule, the staff list of offers and the pages."""

import pytest

from lotse.core.models import Area, Organisation
from lotse.directory.models import Service
from lotse.directory.selectors import offer_list_for
from lotse.directory.tests.factories import OfferFactory

PERSONAS = [
    "resident",
    "relative",
    "helper",
    "multiplier",
    "office_staff",
    "care_navigator",
    "provider_staff",
    "manager",
    "region_coordinator",
    "researcher",
    "administrator",
    "outsider",
]

# (persona, AWO's own offer, an offer here of a provider not on the platform, the same in
# another region). AWO Altstadt is on the platform: provider staff and administrator work there.
EXPECTED = {
    "resident": (False, False, False),
    "relative": (False, False, False),
    "helper": (False, False, False),
    "multiplier": (False, False, False),
    "office_staff": (False, True, False),
    "care_navigator": (False, False, False),
    "provider_staff": (True, False, False),
    "manager": (False, True, False),
    "region_coordinator": (True, True, False),
    "researcher": (False, False, False),
    "administrator": (True, False, False),
    "outsider": (False, False, False),
}


def _offer(organisation: Organisation, quarter: Area | None, name: str) -> Service:
    return OfferFactory.create(organization=organisation, name=name, located__quarter=quarter)


@pytest.fixture
def offers(request, provider_org, provider_staff, administrator, quarter, outsider):
    """AWO's offer, a club's offer in Altstadt (nobody of the club is on the platform) and a
    club's offer in the outsider's region."""
    club = Organisation.objects.create(name="Seniorentreff e.V.", region=quarter.region)
    foreign_region = outsider.memberships.get().organisation.region
    foreign_club = Organisation.objects.create(name="Heimatverein", region=foreign_region)
    return (
        _offer(provider_org, quarter, "Mittagstisch"),
        _offer(club, quarter, "Kaffeeklatsch"),
        _offer(foreign_club, None, "Wanderung"),
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_change_which_offer(request, offers, persona):
    user = request.getfixturevalue(persona)

    may = tuple(user.has_perm("directory.change_offer", offer) for offer in offers)
    may_location = tuple(
        user.has_perm("directory.change_location", offer.service_at_locations.get().location)
        for offer in offers
    )
    listed = set(offer_list_for(actor=user))

    assert may == EXPECTED[persona]
    assert may_location == EXPECTED[persona]
    assert listed == {offer for offer, allowed in zip(offers, may, strict=True) if allowed}


def test_office_staff_keep_unattended_offers_only_in_their_areas(offers, office_staff, quarter):
    club_offer = offers[1]
    neustadt = Area.objects.create(
        name="Neustadt",
        slug="neustadt",
        kind=Area.Kind.QUARTER,
        parent=quarter.parent,
        region=quarter.region,
    )
    membership = office_staff.memberships.get()

    membership.areas.set([neustadt])
    elsewhere = office_staff.has_perm("directory.change_offer", club_offer)
    membership.areas.set([quarter.parent])
    in_municipality = office_staff.has_perm("directory.change_offer", club_offer)

    assert (elsewhere, in_municipality) == (False, True)


def test_an_offer_is_no_longer_the_offices_once_its_provider_joins(
    offers, office_staff, provider_org
):
    from lotse.accounts.services import user_create
    from lotse.core.models import Membership, Role

    club_offer = offers[1]
    before = office_staff.has_perm("directory.change_offer", club_offer)

    Membership.objects.create(
        user=user_create(email="verein@test.de"),
        organisation=club_offer.organization,
        role=Role.PROVIDER_STAFF,
    )

    assert before is True
    assert office_staff.has_perm("directory.change_offer", club_offer) is False


@pytest.mark.parametrize(("persona", "status"), [("office_staff", 404), ("provider_staff", 200)])
def test_the_edit_page_follows_the_rule(client, offers, request, persona, status):
    user = request.getfixturevalue(persona)
    client.force_login(user)

    response = client.get(f"/mitarbeit/angebote/{offers[0].id}/")

    assert response.status_code == status
