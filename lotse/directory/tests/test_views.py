import json
from pathlib import Path

import pytest
from django.conf import settings

from lotse.directory.models import Location, Service


def test_home_search_and_offer_page(client, make_offer):
    offer = make_offer("Einkaufshilfe Altstadt")

    home = client.get("/")
    results = client.get("/suche/", {"q": "Hilfe beim Einkaufen"})
    page = client.get(f"/angebot/{offer.id}/")

    assert home.status_code == 200
    assert "Einkaufshilfe Altstadt" in results.content.decode()
    assert "02361 12 34 56" in page.content.decode()
    assert "Angaben zuletzt geprüft am" in page.content.decode()


def test_search_page_explains_bad_postcode_in_german(client, db):
    response = client.get("/suche/", {"plz": "12"})

    assert response.content.decode().count("Die Postleitzahl muss 5 Ziffern haben") == 2
    assert "<title>Fehler:" in response.content.decode()


def test_htmx_request_gets_only_results(client, make_offer):
    make_offer("Chor")

    response = client.get("/suche/", {"q": "Chor"}, headers={"HX-Request": "true"})

    assert response.content.decode().lstrip().startswith('<section id="ergebnisse"')


def test_staff_edit_saves_and_outsider_gets_404(client, make_offer, provider_staff, outsider):
    offer = make_offer("Chor")
    client.force_login(provider_staff)

    response = client.post(
        f"/mitarbeit/angebote/{offer.id}/",
        {
            "name": "Chor am Abend",
            "description": "Singen.",
            "reach": "komm",
            "cost": "kostenlos",
            "staffing": "ehrenamtlich",
        },
    )

    assert response.status_code == 302
    client.force_login(outsider)
    assert client.get(f"/mitarbeit/angebote/{offer.id}/").status_code == 404
    assert "Chor am Abend" in client.get("/suche/", {"q": "Abend"}).content.decode()


def test_staff_pages_need_login(client, make_offer):
    offer = make_offer("Chor")

    assert client.get(f"/mitarbeit/angebote/{offer.id}/").status_code == 302


def test_healthz(client, db):
    assert client.get("/healthz").content == b"ok"


def test_display_switch_sets_cookie_and_stays_on_site(client, db):
    response = client.get(
        "/anzeige/", {"textgroesse": "gross", "zurueck": "https://boese.example/"}
    )

    assert response["Location"] == "/"
    assert response.cookies["textgroesse"].value == "gross"


def test_api_update_uses_same_service_and_hides_foreign_offers(
    client, make_offer, provider_staff, outsider
):
    offer = make_offer("Chor")
    client.force_login(provider_staff)
    body = {"name": "Chor neu", "description": "Singen."}

    ok = client.put(f"/api/v1/directory/offers/{offer.id}", body, content_type="application/json")
    client.force_login(outsider)
    hidden = client.get(f"/api/v1/directory/offers/{offer.id}")

    assert ok.status_code == 200 and ok.json()["name"] == "Chor neu"
    assert hidden.status_code == 404


def test_committed_openapi_matches_generated(client, provider_staff):
    committed = json.loads((Path(settings.BASE_DIR) / "openapi.json").read_text())
    client.force_login(provider_staff)  # the schema is for staff (config/api.py)

    assert client.get("/api/v1/openapi.json").json() == committed


def test_empty_new_offer_form_shows_german_errors(client, provider_staff):
    client.force_login(provider_staff)

    response = client.post("/mitarbeit/angebote/neu/", {})

    assert "Geben Sie den Namen des Angebots ein" in response.content.decode()
    assert "<title>Fehler:" in response.content.decode()


def test_staff_list_shows_only_offers_the_actor_may_edit(client, make_offer, outsider):
    make_offer("Chor")
    client.force_login(outsider)

    response = client.get("/mitarbeit/angebote/")

    assert "Chor" not in response.content.decode()


def test_api_creates_location_with_own_offer_and_hides_it_from_outsider(
    client, make_offer, provider_staff, outsider, quarter
):
    offer = make_offer("Chor")
    client.force_login(provider_staff)
    body = {
        "name": "Bürgerhaus",
        "address_1": "Marktstraße 3",
        "postal_code": "45657",
        "city": "Recklinghausen",
        "quarter": quarter.slug,
        "features": ["stufenlos"],
        "offers": [str(offer.id)],
    }

    created = client.post("/api/v1/directory/locations", body, content_type="application/json")
    bad = client.post(
        "/api/v1/directory/locations",
        {**body, "postal_code": "00000"},
        content_type="application/json",
    )

    assert created.status_code == 201
    assert bad.status_code == 422
    assert "Postleitzahl" in bad.json()["detail"]
    client.force_login(outsider)
    location_id = created.json()["id"]
    assert client.get(f"/api/v1/directory/locations/{location_id}").status_code == 404


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("quarter", "gibt-es-nicht", "„quarter“: Ein Quartier „gibt-es-nicht“ gibt es nicht."),
        (
            "offers",
            ["6f1c1a3e-3d0f-4a53-9d3a-0c5d1f3e2b11"],
            "„offers“: Ein Angebot 6f1c1a3e-3d0f-4a53-9d3a-0c5d1f3e2b11, das Sie bearbeiten "
            "dürfen, gibt es nicht.",
        ),
    ],
)
def test_api_refuses_an_unknown_reference_in_the_body_with_422_naming_the_field(
    client, provider_staff, field, value, message
):
    client.force_login(provider_staff)
    body = {
        "name": "Bürgerhaus",
        "address_1": "Marktstraße 3",
        "postal_code": "45657",
        "city": "Recklinghausen",
        field: value,
    }

    response = client.post("/api/v1/directory/locations", body, content_type="application/json")

    assert response.status_code == 422
    assert response.json() == {"detail": message}
    assert not Location.objects.filter(name="Bürgerhaus").exists()


def test_api_refuses_another_organisations_offer_in_a_location_as_unknown(
    client, provider_staff, outsider
):
    foreign = Service.objects.create(
        organization=outsider.memberships.get().organisation,
        name="Fremdes Angebot",
        description="Ein Angebot.",
    )
    client.force_login(provider_staff)
    body = {
        "name": "Bürgerhaus",
        "address_1": "Marktstraße 3",
        "postal_code": "45657",
        "city": "Recklinghausen",
        "offers": [str(foreign.id)],
    }

    response = client.post("/api/v1/directory/locations", body, content_type="application/json")

    assert response.status_code == 422
    assert "„offers“" in response.json()["detail"]


def test_api_sets_terms_and_rejects_unknown_codes(client, make_offer, provider_staff, topic):
    offer = make_offer("Chor")
    client.force_login(provider_staff)
    body = {"name": "Chor", "description": "Singen.", "terms": [topic.code], "phone": "0209 1"}

    ok = client.put(f"/api/v1/directory/offers/{offer.id}", body, content_type="application/json")
    bad = client.put(
        f"/api/v1/directory/offers/{offer.id}",
        {**body, "terms": ["gibt-es-nicht"]},
        content_type="application/json",
    )

    assert ok.status_code == 200
    assert bad.status_code == 422
    assert list(offer.terms.values_list("code", flat=True)) == [topic.code]


def test_staff_list_pages_the_offers(client, make_offer, provider_staff):
    for n in range(51):
        make_offer(f"Chor {n:02d}")
    client.force_login(provider_staff)

    first = client.get("/mitarbeit/angebote/").content.decode()
    second = client.get("/mitarbeit/angebote/", {"seite": 2}).content.decode()

    assert "Chor 49" in first and "Chor 50" not in first
    assert "Chor 50" in second
    assert "Seite 2 von 2" in second
