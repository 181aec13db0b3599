"""The person search always offers "Neue Person anlegen" with what was typed (issue 16)."""

import pytest

from lotse.people.forms import person_prefill


@pytest.fixture
def staff_client(client, office_staff, with_totp):
    with_totp(office_staff)
    client.force_login(office_staff)
    return client


@pytest.mark.parametrize(
    ("typed", "values"),
    [
        ("Erna Müller", {"given_name": "Erna", "family_name": "Müller"}),
        ("Müller, Erna Luise", {"given_name": "Erna Luise", "family_name": "Müller"}),
        ("  Kowalski ", {"given_name": "", "family_name": "Kowalski"}),
        ("0561 / 12 34 56", {"phone": "0561 / 12 34 56"}),
        ("", {}),
    ],
)
def test_prefill_from_what_was_typed(typed, values):
    assert person_prefill(typed) == values


@pytest.mark.parametrize("typed", ["Kowalski", "Müller"])
def test_search_offers_a_new_person_with_the_typed_name_found_or_not(staff_client, erna, typed):
    page = staff_client.get("/personen/", {"q": typed}).text
    fragment = staff_client.get("/personen/", {"q": typed}, headers={"HX-Request": "true"}).text

    link = f"/personen/neu/?name={typed}".replace("ü", "%C3%BC")
    assert link in page
    assert link in fragment


def test_new_person_form_carries_the_typed_name(staff_client):
    page = staff_client.get("/personen/neu/", {"name": "Jan Kowalski"}).text

    assert 'name="given_name" value="Jan"' in page
    assert 'name="family_name" value="Kowalski"' in page
