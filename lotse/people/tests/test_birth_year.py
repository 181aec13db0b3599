"""The birth year is checked for every value, 0 included (it used to skip the range check)."""

import pytest
from django.core.exceptions import ValidationError

from lotse.people.models import Person
from lotse.people.services import person_create, person_update

URL = "/api/v1/people/persons"
MESSAGE = "Das Geburtsjahr muss zwischen 1900 und heute liegen"


@pytest.fixture
def api_client(client, office_staff, with_totp):
    with_totp(office_staff)
    client.force_login(office_staff)
    return client


@pytest.mark.parametrize("year", [0, 1, 1899, 3000])
def test_api_refuses_a_birth_year_out_of_range_when_creating_and_replacing(api_client, erna, year):
    body = {"given_name": "Karl", "family_name": "Schulz", "birth_year": year}

    created = api_client.post(URL, body, content_type="application/json")
    replaced = api_client.put(f"{URL}/{erna.id}", body, content_type="application/json")

    assert created.status_code == replaced.status_code == 422
    assert MESSAGE in created.json()["detail"] and MESSAGE in replaced.json()["detail"]
    erna.refresh_from_db()
    assert erna.birth_year == 1938
    assert Person.objects.count() == 1


def test_services_refuse_birth_year_zero(office_staff, office, erna):
    with pytest.raises(ValidationError, match=MESSAGE):
        person_create(
            actor=office_staff,
            organisation=office,
            data={"given_name": "Karl", "family_name": "Schulz", "birth_year": 0},
        )
    with pytest.raises(ValidationError, match=MESSAGE):
        person_update(actor=office_staff, person=erna, data={"birth_year": 0})


def test_api_accepts_the_first_year_of_the_range(api_client):
    body = {"given_name": "Karl", "family_name": "Schulz", "birth_year": 1900}

    assert api_client.post(URL, body, content_type="application/json").status_code == 201
