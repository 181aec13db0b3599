import pytest

from lotse.core.models import Area
from lotse.directory.models import Location
from lotse.directory.selectors import offer_list_for


@pytest.mark.parametrize(
    ("persona", "may_edit", "may_add"),
    [
        ("provider_staff", True, True),
        ("office_staff", True, True),
        ("resident", False, False),
        # Staff of a provider elsewhere: adds offers for its own organisation only.
        ("outsider", False, True),
    ],
)
def test_who_may_edit_offers_and_locations(request, persona, may_edit, may_add, make_offer):
    offer = make_offer("Chor")
    location = Location.objects.get(service_at_locations__service=offer)
    user = request.getfixturevalue(persona)

    assert user.has_perm("directory.change_offer", offer) is may_edit
    assert user.has_perm("directory.change_location", location) is may_edit
    assert user.has_perm("directory.add_offer") is may_add


def test_office_staff_limited_to_areas_edit_only_offers_there(
    office_staff, quarter, region, make_offer
):
    offer = make_offer("Chor")
    location = Location.objects.get(service_at_locations__service=offer)
    elsewhere = Area.objects.create(
        name="Neustadt", slug="neustadt", kind=Area.Kind.QUARTER, parent=quarter.parent
    )
    membership = office_staff.memberships.get()

    membership.areas.set([elsewhere])
    limited = (
        office_staff.has_perm("directory.change_offer", offer),
        office_staff.has_perm("directory.change_location", location),
        list(offer_list_for(actor=office_staff)),
    )
    membership.areas.set([quarter.parent])

    assert limited == (False, False, [])
    assert office_staff.has_perm("directory.change_offer", offer)
    assert list(offer_list_for(actor=office_staff)) == [offer]
