"""The HSDS 3.0 API, checked against the official schemas in shared/data/hsds-3.0 (beside the
repository, as CI lays it out)."""

import datetime as dt
import functools
import json
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from lotse.core.models import Organisation
from lotse.directory.models import (
    TARGET_GROUPS,
    Accessibility,
    Address,
    Contact,
    CostOption,
    Language,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    Taxonomy,
    TaxonomyTerm,
)
from lotse.directory.services import search_index_service

HSDS = Path(settings.BASE_DIR).parent / "shared" / "data" / "hsds-3.0"
SCHEMAS = HSDS / "schema"
API = "/api/hsds"
ORIGIN = "https://andere-seite.example"
PAGE_KEYS = {
    "total_items",
    "total_pages",
    "page_number",
    "size",
    "first_page",
    "last_page",
    "empty",
    "contents",
}
# Each kind: its list path, the schema of a list item and the schema of a single object. The
# official openapi.json names compiled/service.json for /service_at_locations/{id}, which a
# service_at_location cannot meet (it has no name or status): its own compiled schema is used.
KINDS = {
    "services": ("compiled/service_list.json", "compiled/service.json"),
    "organizations": ("compiled/organization_list.json", "compiled/organization.json"),
    "service_at_locations": (
        "compiled/service_at_location_list.json",
        "compiled/service_at_location.json",
    ),
    "taxonomies": ("taxonomy.json", "taxonomy.json"),
    "taxonomy_terms": ("taxonomy_term.json", "taxonomy_term.json"),
}


@functools.cache
def _registry() -> Registry:
    """The plain schemas refer to each other by file name ("taxonomy.json"); the compiled ones
    are self-contained."""
    return Registry().with_resources(
        (path.name, Resource.from_contents(json.loads(path.read_text()), DRAFT202012))
        for path in SCHEMAS.glob("*.json")
        if path.name != "openapi.json"
    )


@functools.cache
def _validator(name: str) -> Draft202012Validator:
    schema = json.loads((SCHEMAS / name).read_text())
    return Draft202012Validator(
        schema, registry=_registry(), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


@functools.cache
def _openapi() -> dict[str, Any]:
    return json.loads((SCHEMAS / "openapi.json").read_text())


def assert_valid(data: dict, schema: str) -> None:
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in _validator(schema).iter_errors(data)]
    assert errors == []


def assert_valid_page(data: dict, item_schema: str) -> None:
    page_schema = _openapi()["components"]["schemas"]["Page"]
    assert set(data) == PAGE_KEYS
    assert list(Draft202012Validator(page_schema).iter_errors(data)) == []
    for item in data["contents"]:
        assert_valid(item, item_schema)


def get(client, path: str, **params: Any) -> Any:
    """A GET as a web page of another site sends it (with its Origin)."""
    response = client.get(API + path, params, headers={"origin": ORIGIN})
    assert response.status_code == 200, response.content
    assert response["Access-Control-Allow-Origin"] == "*"
    return response.json()


def names(client, path: str = "/services", **params: Any) -> list[str]:
    return [item["name"] for item in get(client, path, **params)["contents"]]


def located_names(client, **params: Any) -> list[str]:
    page = get(client, "/service_at_locations", **params)
    return [item["service"]["name"] for item in page["contents"]]


@pytest.fixture
def directory(make_offer, topic, region, quarter) -> SimpleNamespace:
    """Three public offers of two organisations, made so that each filter tells them apart,
    and an archived one."""
    delivery = TaxonomyTerm.objects.create(
        taxonomy=topic.taxonomy, parent=topic, code="lieferdienst", name="Lieferdienst"
    )
    groups = Taxonomy.objects.create(name=TARGET_GROUPS, description="Für wen ein Angebot ist")
    seniors = TaxonomyTerm.objects.create(
        taxonomy=groups, code="senioren", name="Seniorinnen und Senioren"
    )
    shopping = make_offer(
        "Einkaufshilfe Altstadt",
        "Wir kaufen für Sie ein.",
        terms=[topic, seniors],
        step_free=True,
        point=(51.615, 7.195),
        minimum_age=60,
        maximum_age=99,
        cost=Service.Cost.FEE,
        fee_amount=Decimal("5.00"),
        care_level_required=2,
        recognised_45a=True,
        last_verified_at=dt.date(2026, 10, 1),
        email="einkauf@awo.test",
        url="https://awo.test/einkauf",
    )
    location = shopping.service_at_locations.get().location
    Address.objects.create(
        location=location, address_1="Markt 1", city="Recklinghausen", postal_code="45657"
    )
    Accessibility.objects.filter(location=location).update(details="Rampe am Eingang")
    Phone.objects.create(location=location, number="02361 99 88", extension="12")
    Schedule.objects.create(
        location=location, byday="WE", opens_at=dt.time(14), closes_at=dt.time(17)
    )
    Language.objects.create(service=shopping, code="tr", name="Türkisch")
    Contact.objects.create(service=shopping, name="Frau Aydin", title="Leitung")
    CostOption.objects.create(service=shopping, option="Pro Einkauf", amount=Decimal("5.00"))
    ServiceArea.objects.create(service=shopping, area=quarter, description="ganze Altstadt")
    delivered = make_offer(
        "Hilfe beim Einkaufen", terms=[delivery], point=(51.90, 7.60), maximum_age=120
    )
    Schedule.objects.create(
        service=delivered, byday="SA", opens_at=dt.time(10), closes_at=dt.time(12)
    )
    Schedule.objects.create(
        service=delivered,
        byday="SU",
        opens_at=dt.time(10),
        closes_at=dt.time(12),
        valid_to=dt.date(2025, 12, 31),
    )
    sport = make_offer("Gymnastik am Morgen", "Bewegung für Ältere.", minimum_age=65)
    club = Organisation.objects.create(name="Turnverein Altstadt", region=region)
    Service.objects.filter(id=sport.id).update(organization=club)
    search_index_service(service=sport)
    archived = make_offer("Altes Erzählcafé", status=Service.Status.INACTIVE)
    Service.objects.filter(id=sport.id).update(updated_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
    return SimpleNamespace(
        shopping=shopping,
        delivered=delivered,
        sport=sport,
        archived=archived,
        club=club,
        topic=topic,
        delivery=delivery,
        seniors=seniors,
    )


def test_root_names_the_hsds_version(client, db):
    info = get(client, "/")

    schema = _openapi()["paths"]["/"]["get"]["responses"]["200"]["content"]["application/json"]
    assert list(Draft202012Validator(schema["schema"]).iter_errors(info)) == []
    assert info["version"] == "3.0"


@pytest.mark.parametrize("kind", KINDS)
def test_every_list_page_and_object_meets_the_official_schema(client, directory, kind):
    list_schema, object_schema = KINDS[kind]

    page = get(client, f"/{kind}")

    assert_valid_page(page, list_schema)
    assert page["total_items"] == len(page["contents"]) > 0
    for item in page["contents"]:
        assert_valid(get(client, f"/{kind}/{item['id']}"), object_schema)


def test_full_service_carries_its_relations_and_profile_facts(client, directory):
    service = get(client, f"/services/{directory.shopping.id}")

    assert service["organization"]["name"] == "AWO Altstadt"
    assert service["minimum_age"] == 60
    assert service["maximum_age"] == 99
    assert service["fees_description"] == "mit Beitrag: 5,00 €"
    assert service["eligibility_description"] == "Nur mit Pflegegrad 2 oder höher."
    assert "§ 45a SGB XI" in service["accreditations"]
    assert service["assured_date"] == "2026-10-01"
    assert service["phones"][0]["number"] == "02361 12 34 56"
    assert service["schedules"][0]["byday"] == "MO,TU,WE,TH,FR"
    assert service["schedules"][0]["opens_at"] == "09:00:00"
    assert service["languages"][0]["code"] == "tr"
    assert service["languages"][0]["name"] == "Türkisch"
    assert service["contacts"][0]["name"] == "Frau Aydin"
    assert service["cost_options"][0]["amount"] == 5.0
    assert service["service_areas"][0]["name"] == "Altstadt"
    terms = {
        a["taxonomy_term"]["name"]: a["taxonomy_term"]["taxonomy"] for a in service["attributes"]
    }
    assert terms == {"Einkaufen": "Themen", "Seniorinnen und Senioren": "Zielgruppen"}
    location = service["service_at_locations"][0]["location"]
    assert location["addresses"][0]["postal_code"] == "45657"
    assert location["accessibility"][0]["description"] == "stufenlos erreichbar"
    assert location["accessibility"][0]["details"] == "Rampe am Eingang"
    assert location["phones"][0]["extension"] == 12
    assert location["schedules"][0]["byday"] == "WE"
    assert "email" not in service["organization"]


def test_attribute_ids_stay_the_same_between_requests(client, directory):
    first = get(client, f"/services/{directory.shopping.id}")["attributes"]

    second = get(client, f"/services/{directory.shopping.id}")["attributes"]

    assert [a["id"] for a in first] == [a["id"] for a in second]


def test_archived_services_and_their_organisations_are_not_public(client, directory):
    Service.objects.filter(id=directory.sport.id).update(status=Service.Status.INACTIVE)

    services = names(client)
    archived = client.get(f"{API}/services/{directory.archived.id}")
    club = client.get(f"{API}/organizations/{directory.club.id}")
    located = located_names(client)

    assert services == ["Einkaufshilfe Altstadt", "Hilfe beim Einkaufen"]
    assert archived.status_code == club.status_code == 404
    assert "Altes Erzählcafé" not in located
    assert names(client, "/organizations") == ["AWO Altstadt"]


def test_organization_lists_its_public_services_and_their_locations(client, directory):
    organisation = get(client, f"/organizations/{directory.shopping.organization_id}")

    assert [s["name"] for s in organisation["services"]] == [
        "Einkaufshilfe Altstadt",
        "Hilfe beim Einkaufen",
    ]
    # Its locations that host public services, also another organisation's (the sports club
    # meets at the AWO), but not the one of the archived offer.
    hosting = {directory.shopping, directory.delivered, directory.sport}
    assert {loc["id"] for loc in organisation["locations"]} == {
        str(s.service_at_locations.get().location_id) for s in hosting
    }


def test_taxonomy_term_filter_finds_subtopics_too(client, directory):
    assert names(client, taxonomy_term_id=directory.topic.id) == [
        "Einkaufshilfe Altstadt",
        "Hilfe beim Einkaufen",
    ]
    assert names(client, taxonomy_term_id=directory.delivery.id) == ["Hilfe beim Einkaufen"]
    assert names(client, taxonomy_id=directory.seniors.taxonomy_id) == ["Einkaufshilfe Altstadt"]
    assert located_names(client, taxonomy_term_id=directory.delivery.id) == ["Hilfe beim Einkaufen"]


def test_organization_filter(client, directory):
    assert names(client, organization_id=directory.club.id) == ["Gymnastik am Morgen"]
    assert located_names(client, organization_id=directory.club.id) == ["Gymnastik am Morgen"]


def test_modified_after_filter(client, directory):
    assert names(client, modified_after="2026-01-01T00:00:00Z") == [
        "Einkaufshilfe Altstadt",
        "Hilfe beim Einkaufen",
    ]
    assert len(names(client, modified_after="2024-12-31")) == 3
    # An unencoded "+" arrives as a space.
    assert len(names(client, modified_after="2024-12-31T00:00:00 01:00")) == 3


def test_search_uses_the_full_text_index(client, directory):
    # The compound "Einkaufshilfe" finds "Hilfe beim Einkaufen" as the search page does.
    assert sorted(names(client, search="Einkaufshilfe")) == [
        "Einkaufshilfe Altstadt",
        "Hilfe beim Einkaufen",
    ]
    assert names(client, search="Bewegung") == ["Gymnastik am Morgen"]
    assert names(client, search="Einkaufshilfe", organization_id=directory.club.id) == []
    assert located_names(client, search="Bewegung") == ["Gymnastik am Morgen"]
    assert names(client, "/organizations", search="turnverein") == ["Turnverein Altstadt"]


def test_postcode_and_proximity_in_metres(client, directory):
    # The centre of 45657 is about 1.1 km from the two offers in the Altstadt.
    near = ["Einkaufshilfe Altstadt", "Gymnastik am Morgen"]

    assert names(client, postcode="45657", proximity="2000") == near
    assert names(client, postcode="45657", proximity="500") == []
    assert located_names(client, postcode="45657", proximity="2000") == near
    assert len(names(client, postcode="45657", proximity="100000")) == 3


def test_postcode_alone_finds_locations_with_an_address_there(client, directory):
    assert names(client, postcode="45657") == ["Einkaufshilfe Altstadt"]
    assert located_names(client, postcode="45701") == []


def test_age_filters_follow_the_uk_profile(client, directory):
    # minimum_age: services whose minimum age is at least the value; maximum_age: services
    # whose maximum age is at most the value. Services without that age are not found.
    assert names(client, minimum_age=62) == ["Gymnastik am Morgen"]
    assert names(client, minimum_age=64.5) == ["Gymnastik am Morgen"]
    assert names(client, maximum_age=99.5) == ["Einkaufshilfe Altstadt"]
    assert names(client, minimum_age=60) == ["Einkaufshilfe Altstadt", "Gymnastik am Morgen"]
    assert names(client, maximum_age=100) == ["Einkaufshilfe Altstadt"]
    assert located_names(client, minimum_age=60, maximum_age=100) == ["Einkaufshilfe Altstadt"]


def test_day_and_times_must_meet_one_schedule_rule(client, directory):
    everyone = ["Einkaufshilfe Altstadt", "Gymnastik am Morgen", "Hilfe beim Einkaufen"]

    assert names(client, day="MO") == everyone
    assert names(client, day="SA") == ["Hilfe beim Einkaufen"]
    assert names(client, day="saturday") == ["Hilfe beim Einkaufen"]
    assert names(client, start_time="10:00") == ["Hilfe beim Einkaufen"]
    assert names(client, end_time="12:00") == ["Hilfe beim Einkaufen"]
    assert names(client, start_time="09:00", end_time="16:00") == everyone
    # The Monday rule opens at 9, the one that opens at 10 is on Saturday.
    assert names(client, day="MO", start_time="10:00") == []
    # The Sunday rule ended last year.
    assert names(client, day="SU") == []
    assert located_names(client, day="SA", start_time="10:00:00") == ["Hilfe beim Einkaufen"]


def test_taxonomy_term_filters(client, directory):
    assert names(client, "/taxonomy_terms", parent_id=directory.topic.id) == ["Lieferdienst"]
    assert names(client, "/taxonomy_terms", top_only="true") == [
        "Einkaufen",
        "Seniorinnen und Senioren",
    ]
    assert names(client, "/taxonomy_terms", taxonomy_id=directory.seniors.taxonomy_id) == [
        "Seniorinnen und Senioren"
    ]
    assert names(client, "/taxonomies", search="zielgruppen") == ["Zielgruppen"]


def test_paging(client, directory):
    second = get(client, "/services", page=2, per_page=2)
    beyond = get(client, "/services", page=3, per_page=2)

    assert second | {"contents": None} == {
        "total_items": 3,
        "total_pages": 2,
        "page_number": 2,
        "size": 1,
        "first_page": False,
        "last_page": True,
        "empty": False,
        "contents": None,
    }
    assert [s["name"] for s in second["contents"]] == ["Hilfe beim Einkaufen"]
    assert beyond["empty"] is True
    assert beyond["contents"] == []


def test_search_pages_keep_the_ranked_order(client, directory):
    first = names(client, search="Einkaufen", per_page=1)
    second = names(client, search="Einkaufen", per_page=1, page=2)

    assert len(first) == len(second) == 1
    assert first != second


def test_empty_result_is_one_empty_page(client, db):
    page = get(client, "/services")

    assert page["total_items"] == page["total_pages"] == 0
    assert page["empty"] and page["first_page"] and page["last_page"]


@pytest.mark.parametrize(
    ("path", "params", "parameter", "message"),
    [
        ("/services", {"page": "zwei"}, "page", "ganze Zahl"),
        ("/organizations", {"per_page": "1,5"}, "per_page", "ganze Zahl"),
        ("/services", {"day": "XY"}, "day", "Wochentag"),
        ("/services", {"start_time": "9 Uhr"}, "start_time", "Uhrzeit"),
        ("/services", {"end_time": "25:00"}, "end_time", "Uhrzeit"),
        ("/services", {"modified_after": "gestern"}, "modified_after", "ISO 8601"),
        ("/services", {"minimum_age": "-1"}, "minimum_age", "Zahl von 0 bis 150"),
        ("/services", {"maximum_age": "1e300"}, "maximum_age", "Zahl von 0 bis 150"),
        ("/service_at_locations", {"day": "Mo."}, "day", "Wochentag"),
        ("/taxonomy_terms", {"top_only": "vielleicht"}, "top_only", "true oder false"),
    ],
)
def test_bad_parameters_get_400_in_german(client, db, path, params, parameter, message):
    response = client.get(API + path, params, headers={"accept-language": "en", "origin": ORIGIN})

    assert response.status_code == 400
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.json()["parameter"] == parameter
    assert message in response.json()["message"]


@pytest.mark.parametrize(
    "kind", ["services", "organizations", "service_at_locations", "taxonomies", "taxonomy_terms"]
)
def test_unknown_id_gets_404_json(client, db, kind):
    response = client.get(
        f"{API}/{kind}/6f1c1a3e-3d0f-4a53-9d3a-0c5d1f3e2b11", headers={"origin": ORIGIN}
    )

    assert response.status_code == 404
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.json() == {"message": "Nicht gefunden."}


def test_unknown_path_gets_404_json(client, db):
    response = client.get(f"{API}/programs")

    assert response.status_code == 404
    assert response.json() == {"message": "Nicht gefunden."}


def test_cors_preflight_options_and_writes(client, db):
    preflight = client.options(
        f"{API}/services",
        headers={"origin": ORIGIN, "access-control-request-method": "GET"},
    )
    options = client.options(f"{API}/services", headers={"origin": ORIGIN})
    write = client.post(f"{API}/services", {"name": "Neu"}, headers={"origin": ORIGIN})

    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert preflight["Access-Control-Max-Age"] == "86400"
    assert "Access-Control-Allow-Credentials" not in preflight
    assert options.status_code == 204
    assert options["Allow"] == "GET, HEAD, OPTIONS"
    assert write.status_code == 405
    assert write["Access-Control-Allow-Origin"] == "*"
    assert write.json()["message"] == "Diese Schnittstelle kann nur lesen."


def test_cors_is_only_for_the_hsds_api(client, office_staff):
    client.force_login(office_staff)

    for path in ("/api/v1/people/persons?q=a", "/suche/", "/"):
        response = client.get(path, headers={"origin": ORIGIN})

        assert "Access-Control-Allow-Origin" not in response, path


def test_no_api_key_or_login_is_needed(client, directory):
    response = client.get(f"{API}/services/{directory.shopping.id}")

    assert response.status_code == 200


def _query_count(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(API + path).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "path", ["/services", "/service_at_locations", "/organizations", "/taxonomy_terms"]
)
def test_list_pages_make_no_query_per_row(client, make_offer, topic, path):
    make_offer("Erstes", terms=[topic])
    few = _query_count(client, path)

    for name in ("Zweites", "Drittes", "Viertes"):
        make_offer(name, terms=[topic])
    TaxonomyTerm.objects.create(taxonomy=topic.taxonomy, code="mehr", name="Mehr")

    assert _query_count(client, path) == few


def test_full_objects_make_no_query_per_relation(client, make_offer, topic):
    one = make_offer("Eins", terms=[topic])
    more = make_offer("Zwei", terms=[topic])
    for offer in (more,):
        for code in ("de", "tr"):
            Language.objects.create(service=offer, code=code, name=code)
        Phone.objects.create(service=offer, number="0201 1")
    first = _query_count(client, f"/services/{one.id}")

    assert _query_count(client, f"/services/{more.id}") == first
