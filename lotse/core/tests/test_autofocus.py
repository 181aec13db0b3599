"""Entry pages put the cursor in the first empty field (components/form_fields.html included
`with autofocus=True`); a form that comes back with errors leaves it to the error summary, and
edit pages start at the top as usual."""

import re

import pytest

from lotse.directory.models import Service


def _focused(html: str) -> list[str]:
    """The names of the fields (and the ids of other elements) that carry `autofocus`."""
    names = []
    for tag in re.findall(r"<[a-z]+\b[^>]*\bautofocus\b[^>]*>", html):
        match = re.search(r'\bname="([^"]+)"', tag) or re.search(r'\bclass="([^"]+)"', tag)
        assert match, f"autofocus auf einem Element ohne Namen und Klasse: {tag}"
        names.append(match.group(1))
    return names


@pytest.fixture
def staff_client(client, office_staff, with_totp):
    with_totp(office_staff)
    client.force_login(office_staff)
    return client


def test_the_login_pages_start_in_the_first_field(client):
    assert _focused(client.get("/konto/anmelden/").text) == ["login"]
    assert _focused(client.get("/konto/login/code/").text) == ["email"]


def test_a_login_with_errors_gives_the_cursor_to_the_error_summary(client):
    html = client.post("/konto/anmelden/", {"login": "", "password": ""}).text

    assert _focused(html) == ["error-summary"]


def test_a_new_person_starts_in_the_first_empty_field(staff_client):
    empty = staff_client.get("/personen/neu/").text
    named = staff_client.get("/personen/neu/", {"name": "Frida Schulz"}).text

    assert _focused(empty) == ["given_name"]
    # The name carried over from the search is there: on to the birth year.
    assert _focused(named) == ["birth_year"]


def test_a_new_person_with_errors_has_no_field_focus(staff_client):
    html = staff_client.post("/personen/neu/", {"birth_year": "42"}).text

    assert _focused(html) == ["error-summary"]


def test_a_new_offer_starts_in_its_first_field_and_editing_one_does_not(
    client, provider_staff, with_totp, make_offer
):
    with_totp(provider_staff)
    client.force_login(provider_staff)
    offer: Service = make_offer("Mittagstisch")

    new = client.get("/mitarbeit/angebote/neu/").text
    edit = client.get(f"/mitarbeit/angebote/{offer.id}/")

    assert _focused(new) == ["name"]
    assert edit.status_code == 200 and _focused(edit.text) == []
