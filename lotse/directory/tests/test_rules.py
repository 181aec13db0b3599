import pytest

from lotse.directory.models import Location


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
