import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from lotse.core.models import AuditEntry
from lotse.directory.models import Location
from lotse.directory.selectors import SearchFilters, access_location, offer_search
from lotse.directory.services import location_create, location_update
from lotse.directory.tests.test_search import MONDAY_11


def location_data(**changes) -> dict:
    data = {
        "name": "Bürgerhaus Süd",
        "address_1": "Marktstraße 3",
        "postal_code": "45657",
        "city": "Recklinghausen",
        "quarter": None,
        "transportation": "Bus 12 bis Marktplatz",
        "features": ["stufenlos"],
        "offers": [],
    }
    return {**data, **changes}


def test_location_create_places_offer_there_and_makes_it_step_free(
    provider_staff, provider_org, quarter, make_offer
):
    offer = make_offer("Skatrunde")

    location = location_create(
        actor=provider_staff,
        organisation=provider_org,
        data=location_data(quarter=quarter, offers=[offer]),
    )

    assert location.latitude is not None
    assert location.addresses.get().city == "Recklinghausen"
    assert AuditEntry.objects.filter(verb="location.created", target_id=str(location.id)).exists()
    found = offer_search(
        filters=SearchFilters(text="Skatrunde", barrier_free=True), now=MONDAY_11
    ).page
    assert [s.name for s in found] == ["Skatrunde"]


def test_location_update_removes_feature_and_offer(provider_staff, provider_org, make_offer):
    offer = make_offer("Skatrunde")
    location = location_create(
        actor=provider_staff, organisation=provider_org, data=location_data(offers=[offer])
    )

    location_update(actor=provider_staff, location=location, data=location_data(features=[]))

    assert not location.accessibility.exists()
    assert not location.service_at_locations.exists()


def test_location_create_rejects_unknown_postcode_and_changes_nothing(provider_staff, provider_org):
    with pytest.raises(ValidationError) as exc:
        location_create(
            actor=provider_staff, organisation=provider_org, data=location_data(postal_code="00000")
        )

    assert "Postleitzahl" in str(exc.value)
    assert not Location.objects.filter(name="Bürgerhaus Süd").exists()


def test_location_create_rejects_quarter_of_another_region(provider_staff, provider_org):
    from lotse.core.models import Area

    foreign = Area.objects.create(name="Fremd", slug="fremd", kind=Area.Kind.QUARTER)

    with pytest.raises(ValidationError):
        location_create(
            actor=provider_staff, organisation=provider_org, data=location_data(quarter=foreign)
        )


def test_location_create_needs_membership(outsider, provider_org):
    with pytest.raises(PermissionDenied):
        location_create(actor=outsider, organisation=provider_org, data=location_data())


def test_outsider_cannot_fetch_location(provider_staff, provider_org, outsider):
    location = location_create(
        actor=provider_staff, organisation=provider_org, data=location_data()
    )

    with pytest.raises(Http404):
        access_location(outsider, location.id)
    assert access_location(provider_staff, location.id) == location


def test_location_pages(client, provider_staff, outsider, make_offer):
    offer = make_offer("Skatrunde")
    client.force_login(provider_staff)

    empty = client.post("/mitarbeit/orte/neu/", {})
    created = client.post(
        "/mitarbeit/orte/neu/",
        {
            "name": "Bürgerhaus Süd",
            "address_1": "Marktstraße 3",
            "postal_code": "45657",
            "city": "Recklinghausen",
            "features": ["stufenlos", "rollator"],
            "offers": [str(offer.id)],
        },
    )

    assert "Geben Sie Straße und Hausnummer ein" in empty.content.decode()
    assert created.status_code == 302
    location = Location.objects.get(name="Bürgerhaus Süd")
    assert "Bürgerhaus Süd" in client.get("/mitarbeit/orte/").content.decode()
    assert client.get(f"/mitarbeit/orte/{location.id}/").status_code == 200
    client.force_login(outsider)
    assert client.get(f"/mitarbeit/orte/{location.id}/").status_code == 404
