"""The staff JSON API for persons: same services as the pages, reads audited, second factor."""

import pytest

from lotse.core.models import AuditEntry
from lotse.people.models import Person, PersonCorrection

URL = "/api/v1/people/persons"


@pytest.fixture
def api_client(client, office_staff, with_totp):
    with_totp(office_staff)
    client.force_login(office_staff)
    return client


def _new(**extra):
    return {"given_name": "Karl", "family_name": "Schulz", "birth_year": 1940, **extra}


def test_staff_without_a_second_factor_get_403(client, office_staff, erna):
    client.force_login(office_staff)

    for response in (
        client.get(URL, {"q": "Müller"}),
        client.get(f"{URL}/{erna.id}"),
        client.post(URL, _new(), content_type="application/json"),
    ):
        assert response.status_code == 403
    assert not AuditEntry.objects.filter(verb="person.read").exists()
    assert Person.objects.count() == 1


def test_anonymous_callers_get_401(client, erna):
    assert client.get(f"{URL}/{erna.id}").status_code == 401


def test_search_records_a_read_per_hit_with_the_purpose(api_client, office_staff, erna):
    response = api_client.get(URL, {"q": "mueller", "purpose": "Nachfrage"})

    assert response.status_code == 200
    assert [p["id"] for p in response.json()] == [str(erna.id)]
    entry = AuditEntry.objects.get(verb="person.read")
    assert (entry.actor, entry.purpose, entry.target_id) == (
        office_staff,
        "Nachfrage",
        str(erna.id),
    )


def test_search_refuses_an_unknown_purpose(api_client, erna):
    assert api_client.get(URL, {"q": "Müller", "purpose": "Neugier"}).status_code == 422


def test_get_one_is_audited_and_shows_notes(api_client, erna):
    response = api_client.get(f"{URL}/{erna.id}")

    assert response.status_code == 200
    body = response.json()
    assert body["hearing_note"] == "Hört links schlecht, bitte laut sprechen."
    assert body["quarter"] == "altstadt"
    assert AuditEntry.objects.get(verb="person.read").purpose == "Beratung"


def test_another_organisations_person_answers_404(client, with_totp, provider_staff, erna):
    with_totp(provider_staff)
    client.force_login(provider_staff)

    assert client.get(f"{URL}/{erna.id}").status_code == 404


def test_create_answers_201(api_client, quarter):
    response = api_client.post(
        URL, _new(quarter="altstadt", languages=["de", "tr"]), content_type="application/json"
    )

    assert response.status_code == 201
    person = Person.objects.get(id=response.json()["id"])
    assert person.quarter == quarter
    assert person.languages == ["de", "tr"]


def test_create_answers_409_with_candidates_unless_confirmed(api_client, erna):
    data = _new(given_name="Erna", family_name="Mueller", birth_year=1938, phone="0561123456")

    conflict = api_client.post(URL, data, content_type="application/json")
    confirmed = api_client.post(
        URL, data | {"confirmed_new": True}, content_type="application/json"
    )

    assert conflict.status_code == 409
    assert [c["id"] for c in conflict.json()["candidates"]] == [str(erna.id)]
    assert confirmed.status_code == 201
    assert Person.objects.count() == 2


def test_create_refuses_bad_input_in_german(api_client):
    response = api_client.post(URL, _new(birth_year=1850), content_type="application/json")

    assert response.status_code == 422
    assert "Geburtsjahr" in response.json()["detail"]
    assert not Person.objects.exists()


def test_create_refuses_a_quarter_of_another_region(api_client, outsider):
    from lotse.core.models import Area

    region = outsider.memberships.get().organisation.region
    Area.objects.create(
        name="Woanders", slug="woanders", kind=Area.Kind.QUARTER, parent=region, region=region
    )

    response = api_client.post(URL, _new(quarter="woanders"), content_type="application/json")

    assert response.status_code == 422
    assert "Quartier" in response.json()["detail"]
    assert not Person.objects.exists()


def test_create_refuses_an_unknown_quarter_with_422_naming_the_field(api_client, quarter):
    response = api_client.post(URL, _new(quarter="gibt-es-nicht"), content_type="application/json")

    assert response.status_code == 422
    assert response.json()["detail"] == (
        "„quarter“: Ein Quartier „gibt-es-nicht“ gibt es in der Region des Trägers nicht."
    )
    assert not Person.objects.exists()


def test_update_refuses_an_unknown_quarter_with_422_and_changes_nothing(api_client, erna):
    body = api_client.get(f"{URL}/{erna.id}").json()
    body |= {"quarter": "gibt-es-nicht", "phone": "0561 77", "reason": "Umzug"}
    body.pop("id")

    response = api_client.put(f"{URL}/{erna.id}", body, content_type="application/json")

    assert response.status_code == 422
    assert "„quarter“" in response.json()["detail"]
    erna.refresh_from_db()
    assert erna.quarter.slug == "altstadt"
    assert erna.phone != "0561 77"


def test_update_writes_history_with_reason(api_client, erna):
    body = api_client.get(f"{URL}/{erna.id}").json()
    body |= {"phone": "0561 77", "reason": "Neue Nummer"}
    body.pop("id")

    response = api_client.put(f"{URL}/{erna.id}", body, content_type="application/json")

    assert response.status_code == 200
    assert response.json()["phone"] == "0561 77"
    correction = PersonCorrection.objects.get()
    assert correction.fields == ["phone"]
    assert correction.reason == "Neue Nummer"
