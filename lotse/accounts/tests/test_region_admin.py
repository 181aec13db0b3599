import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from lotse.core.models import Area, AuditEntry, Membership, Organisation
from lotse.core.services import (
    area_create,
    area_delete,
    area_is_used,
    area_update,
    organisation_create,
    organisation_update,
)

ORG_DATA = {
    "name": "DRK Teststadt",
    "kind": Organisation.Kind.PROVIDER,
    "alternate_name": "",
    "email": "info@drk.example",
    "website": "",
    "description": "",
}


@pytest.fixture
def municipality(quarter) -> Area:
    return quarter.parent


@pytest.fixture
def other_region(outsider) -> Area:
    return Area.objects.get(slug="kreis-anders")


def _logged_in(client, user, with_totp):
    with_totp(user)
    client.force_login(user)
    return client


# Services


def test_organisation_create_puts_it_into_the_region_and_audits(
    region_coordinator, region, quarter
):
    organisation = organisation_create(
        actor=region_coordinator, region=region, data=ORG_DATA, coordinates=[quarter]
    )

    assert organisation.region == region
    assert list(organisation.coordinates.all()) == [quarter]
    assert AuditEntry.objects.filter(verb="organisation.created", region=region).exists()


@pytest.mark.parametrize("persona", ["administrator", "manager", "office_staff", "outsider"])
def test_organisation_create_refuses_everyone_but_the_coordinator(request, region, persona):
    user = request.getfixturevalue(persona)

    with pytest.raises(PermissionDenied):
        organisation_create(actor=user, region=region, data=ORG_DATA)

    assert not Organisation.objects.filter(name=ORG_DATA["name"]).exists()


def test_organisation_create_refuses_another_region(region_coordinator, other_region):
    with pytest.raises(PermissionDenied):
        organisation_create(actor=region_coordinator, region=other_region, data=ORG_DATA)


def test_organisation_create_refuses_an_empty_name(region_coordinator, region):
    with pytest.raises(ValidationError):
        organisation_create(actor=region_coordinator, region=region, data=ORG_DATA | {"name": ""})

    assert not Organisation.objects.filter(email=ORG_DATA["email"]).exists()


def test_organisation_update_keeps_the_region(region_coordinator, provider_org, region):
    organisation_update(
        actor=region_coordinator,
        organisation=provider_org,
        data=ORG_DATA | {"name": "AWO Altstadt e. V.", "kind": Organisation.Kind.OFFICE},
    )

    provider_org.refresh_from_db()
    assert (provider_org.name, provider_org.kind) == ("AWO Altstadt e. V.", "office")
    assert provider_org.region == region
    assert AuditEntry.objects.filter(verb="organisation.changed").exists()


def test_organisation_update_refuses_coordinated_areas_of_another_region(
    region_coordinator, provider_org, other_region
):
    foreign = Area.objects.create(
        name="Dort", slug="dort", kind=Area.Kind.QUARTER, parent=other_region, region=other_region
    )

    with pytest.raises(ValidationError, match="Ihrer Region"):
        organisation_update(
            actor=region_coordinator,
            organisation=provider_org,
            data=ORG_DATA,
            coordinates=[foreign],
        )

    provider_org.refresh_from_db()
    assert provider_org.name == "AWO Altstadt"


def test_organisation_update_refuses_the_outsider(outsider, provider_org):
    with pytest.raises(PermissionDenied):
        organisation_update(actor=outsider, organisation=provider_org, data=ORG_DATA)


def test_area_create_municipality_and_quarter(region_coordinator, region):
    town = area_create(
        actor=region_coordinator, region=region, name="Neustadt", kind="municipality", parent=region
    )
    quarter = area_create(
        actor=region_coordinator, region=region, name="Neustadt", kind="quarter", parent=town
    )

    assert (town.parent, town.region, town.slug) == (region, region, "neustadt")
    assert (quarter.parent, quarter.region, quarter.slug) == (town, region, "neustadt-2")
    assert AuditEntry.objects.filter(verb="area.created").count() == 2


def test_area_create_refuses_a_municipality_inside_a_municipality(
    region_coordinator, region, municipality
):
    with pytest.raises(ValidationError, match="direkt im Kreis"):
        area_create(
            actor=region_coordinator,
            region=region,
            name="Falsch",
            kind="municipality",
            parent=municipality,
        )

    assert not Area.objects.filter(name="Falsch").exists()


def test_area_create_refuses_a_parent_in_another_region(region_coordinator, region, other_region):
    with pytest.raises(ValidationError, match="Ihrer Region"):
        area_create(
            actor=region_coordinator,
            region=region,
            name="Falsch",
            kind="quarter",
            parent=other_region,
        )


def test_area_create_refuses_the_administrator(administrator, region):
    with pytest.raises(PermissionDenied):
        area_create(actor=administrator, region=region, name="X", kind="quarter", parent=region)


def test_area_update_renames_and_moves_a_quarter(region_coordinator, region, quarter):
    other = Area.objects.create(
        name="Nachbarort", slug="nachbarort", kind="municipality", parent=region, region=region
    )

    area_update(actor=region_coordinator, area=quarter, name="Altstadt-Nord", parent=other)

    quarter.refresh_from_db()
    assert (quarter.name, quarter.parent, quarter.slug) == ("Altstadt-Nord", other, "altstadt")
    assert AuditEntry.objects.get(verb="area.changed").note.endswith("Altstadt-Nord in Nachbarort")


def test_area_update_refuses_a_quarter_as_parent(region_coordinator, region, quarter):
    other = Area.objects.create(
        name="Neben", slug="neben", kind="quarter", parent=region, region=region
    )

    with pytest.raises(ValidationError):
        area_update(actor=region_coordinator, area=quarter, name="Altstadt", parent=other)

    quarter.refresh_from_db()
    assert quarter.parent.kind == Area.Kind.MUNICIPALITY


def test_area_update_refuses_the_outsider(outsider, quarter):
    with pytest.raises(PermissionDenied):
        area_update(actor=outsider, area=quarter, name="Gekapert", parent=quarter.parent)

    quarter.refresh_from_db()
    assert quarter.name == "Altstadt"


def test_area_delete_removes_an_unused_area(region_coordinator, region):
    typo = Area.objects.create(
        name="Altsdat", slug="altsdat", kind="quarter", parent=region, region=region
    )

    area_delete(actor=region_coordinator, area=typo)

    assert not Area.objects.filter(pk=typo.pk).exists()
    assert AuditEntry.objects.filter(verb="area.deleted", note="Altsdat").exists()


def test_area_delete_refuses_a_municipality_with_quarters(region_coordinator, municipality):
    with pytest.raises(ValidationError, match="wird noch verwendet"):
        area_delete(actor=region_coordinator, area=municipality)

    assert Area.objects.filter(pk=municipality.pk).exists()


def test_area_delete_refuses_an_area_a_membership_covers(
    region_coordinator, provider_staff, quarter
):
    provider_staff.memberships.get().areas.add(quarter)

    with pytest.raises(ValidationError, match="wird noch verwendet"):
        area_delete(actor=region_coordinator, area=quarter)

    assert Area.objects.filter(pk=quarter.pk).exists()
    assert provider_staff.memberships.get().areas.exists()


def test_area_is_used_by_locations_and_coordinating_organisations(make_offer, quarter, region):
    free = Area.objects.create(
        name="Frei", slug="frei", kind="quarter", parent=region, region=region
    )
    coordinated = Area.objects.create(
        name="Koordiniert", slug="koordiniert", kind="quarter", parent=region, region=region
    )
    Organisation.objects.create(name="Büro", region=region).coordinates.add(coordinated)
    make_offer("Treff")  # its location lies in `quarter`

    assert not area_is_used(free)
    assert area_is_used(coordinated)
    assert area_is_used(quarter)


def test_area_delete_refuses_someone_else(office_staff, region):
    typo = Area.objects.create(
        name="Typo", slug="typo", kind="quarter", parent=region, region=region
    )

    with pytest.raises(PermissionDenied):
        area_delete(actor=office_staff, area=typo)


# Pages


def test_admin_home_lists_organisations_and_areas(
    client, region_coordinator, provider_org, quarter, with_totp
):
    client = _logged_in(client, region_coordinator, with_totp)

    response = client.get(reverse("admin_region:home"))

    text = response.content.decode()
    assert response.status_code == 200
    assert "AWO Altstadt" in text and "Teststadt" in text and "Altstadt" in text
    assert reverse("admin_region:area_edit", args=[quarter.pk]) in text


def test_organisation_new_page_creates(client, region_coordinator, region, with_totp):
    client = _logged_in(client, region_coordinator, with_totp)

    response = client.post(
        reverse("admin_region:organisation_new"), {"name": "DRK", "kind": "provider"}
    )

    assert response.status_code == 302
    assert Organisation.objects.get(name="DRK").region == region


def test_organisation_new_page_shows_errors_and_keeps_nothing(
    client, region_coordinator, with_totp
):
    client = _logged_in(client, region_coordinator, with_totp)

    response = client.post(
        reverse("admin_region:organisation_new"), {"name": "", "email": "info(at)drk"}
    )

    text = response.content.decode()
    assert "<title>Fehler:" in text
    assert "Geben Sie den Namen ein" in text
    assert "Wählen Sie die Art der Organisation aus" in text
    assert "name@beispiel.de" in text
    assert not Organisation.objects.filter(email="info(at)drk").exists()


def test_organisation_edit_page_saves(client, region_coordinator, provider_org, with_totp):
    client = _logged_in(client, region_coordinator, with_totp)
    url = reverse("admin_region:organisation_edit", args=[provider_org.pk])

    page = client.get(url)
    response = client.post(url, {"name": "AWO", "kind": "provider", "website": "www.awo.de"})

    assert 'value="AWO Altstadt"' in page.content.decode()
    assert response.status_code == 302
    provider_org.refresh_from_db()
    assert (provider_org.name, provider_org.website) == ("AWO", "https://www.awo.de")


def test_organisation_edit_page_of_an_office_carrier_leads_to_its_office(
    client, region_coordinator, region, with_totp
):
    carrier = Organisation.objects.create(
        name="Caritas Teststadt", kind=Organisation.Kind.OFFICE, region=region
    )
    _logged_in(client, region_coordinator, with_totp)

    html = client.get(reverse("admin_region:organisation_edit", args=[carrier.pk])).text

    # An organisation is "sie", whatever its name.
    assert "Caritas Teststadt kann in den Quartieren, die sie koordiniert," in html


def test_area_pages_create_move_and_refuse_deleting_a_used_area(
    client, region_coordinator, region, quarter, with_totp
):
    client = _logged_in(client, region_coordinator, with_totp)

    created = client.post(
        reverse("admin_region:area_new"),
        {"name": "Neustadt", "kind": "municipality", "parent": region.pk},
    )
    town = Area.objects.get(name="Neustadt")
    moved = client.post(
        reverse("admin_region:area_edit", args=[quarter.pk]),
        {"name": "Altstadt", "parent": town.pk},
    )
    refused = client.post(reverse("admin_region:area_delete", args=[town.pk]))

    assert (created.status_code, moved.status_code, refused.status_code) == (302, 302, 400)
    quarter.refresh_from_db()
    assert quarter.parent == town
    assert "wird noch verwendet" in refused.content.decode()
    assert Area.objects.filter(pk=town.pk).exists()


def test_area_edit_page_of_a_municipality_only_renames(
    client, region_coordinator, region, municipality, with_totp
):
    client = _logged_in(client, region_coordinator, with_totp)

    response = client.post(
        reverse("admin_region:area_edit", args=[municipality.pk]), {"name": "Teststadt-Mitte"}
    )

    assert response.status_code == 302
    municipality.refresh_from_db()
    assert (municipality.name, municipality.parent) == ("Teststadt-Mitte", region)


def test_admin_pages_answer_404_to_an_outsider(
    client, outsider, region_coordinator, provider_org, quarter, with_totp
):
    client = _logged_in(client, outsider, with_totp)

    answers = [
        client.get(reverse("admin_region:organisation_edit", args=[provider_org.pk])).status_code,
        client.get(reverse("admin_region:area_edit", args=[quarter.pk])).status_code,
        client.post(reverse("admin_region:area_delete", args=[quarter.pk])).status_code,
    ]

    assert answers == [404, 404, 404]
    assert Area.objects.filter(pk=quarter.pk).exists()


def test_admin_pages_answer_403_in_the_region_without_the_role(
    client, administrator, provider_org, quarter, with_totp
):
    client = _logged_in(client, administrator, with_totp)

    answers = [
        client.get(reverse("admin_region:home")).status_code,
        client.get(reverse("admin_region:organisation_new")).status_code,
        client.get(reverse("admin_region:organisation_edit", args=[provider_org.pk])).status_code,
        client.get(reverse("admin_region:area_edit", args=[quarter.pk])).status_code,
    ]

    assert answers == [403, 403, 403, 403]


def test_coordinator_gets_404_for_another_regions_organisation(
    client, region_coordinator, outsider, with_totp
):
    client = _logged_in(client, region_coordinator, with_totp)
    foreign = Membership.objects.get(user=outsider).organisation

    response = client.get(reverse("admin_region:organisation_edit", args=[foreign.pk]))

    assert response.status_code == 404
