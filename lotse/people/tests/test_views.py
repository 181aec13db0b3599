import pytest
from django.urls import reverse

from lotse.core.models import AuditEntry
from lotse.people.models import Consent, Person

LIST = "/personen/"


@pytest.fixture
def staff_client(client, office_staff, with_totp):
    with_totp(office_staff)
    client.force_login(office_staff)
    return client


def test_pages_need_a_second_factor(client, office_staff, erna):
    client.force_login(office_staff)

    for url in [LIST, "/personen/neu/", f"/personen/{erna.id}/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("mfa_activate_totp")
    assert not AuditEntry.objects.filter(verb="person.read").exists()


def test_anonymous_visitors_go_to_the_login(client, erna):
    response = client.get(f"/personen/{erna.id}/")

    assert response.status_code == 302
    assert "/konto/anmelden/" in response["Location"]


def test_search_page_finds_by_spelling_variant(staff_client, erna):
    page = staff_client.get(LIST, {"q": "mueller"})
    fragment = staff_client.get(LIST, {"q": "Hauptstrasse"}, headers={"HX-Request": "true"})

    assert page.status_code == 200
    assert "Müller, Erna" in page.text
    assert "<html" in page.text
    assert "Müller, Erna" in fragment.text
    assert "<html" not in fragment.text


def test_detail_page_records_the_read_and_shows_who_looked(staff_client, office_staff, erna):
    response = staff_client.get(f"/personen/{erna.id}/", {"zweck": "Weitervermittlung"})

    assert response.status_code == 200
    assert "Hört links schlecht" in response.text
    assert "Wer hat diese Akte angesehen?" in response.text
    assert "Weitervermittlung" in response.text
    assert "buero@test.de" in response.text
    entry = AuditEntry.objects.filter(verb="person.read").get()
    assert (entry.actor, entry.purpose) == (office_staff, "Weitervermittlung")


def test_detail_page_defaults_to_beratung(staff_client, erna):
    staff_client.get(f"/personen/{erna.id}/", {"zweck": "Neugier"})

    assert AuditEntry.objects.filter(verb="person.read").get().purpose == "Beratung"


@pytest.mark.parametrize("persona", ["outsider", "provider_staff"])
def test_other_organisations_get_404(client, with_totp, request, erna, persona):
    user = request.getfixturevalue(persona)
    with_totp(user)
    client.force_login(user)

    assert client.get(f"/personen/{erna.id}/").status_code == 404
    assert client.get(f"/personen/{erna.id}/einwilligung/").status_code == 404
    assert client.get(LIST).status_code == 403


def test_create_person_with_german_errors(staff_client):
    response = staff_client.post("/personen/neu/", {"birth_year": "42", "postcode": "123"})

    assert response.status_code == 200
    assert response.text.count("Geben Sie den Nachnamen ein") == 2
    assert "Das Jahr muss 4 Ziffern haben" in response.text
    assert "Die Postleitzahl muss 5 Ziffern haben" in response.text
    assert "<title>Fehler:" in response.text


def _new(**extra):
    return {
        "given_name": "Erna",
        "family_name": "Mueller",
        "birth_year": "1938",
        "street": "Hauptstrasse 5",
        "contact_channel": "phone",
        **extra,
    }


def test_create_person_asks_about_a_possible_duplicate(staff_client, erna):
    first = staff_client.post("/personen/neu/", _new())
    second = staff_client.post("/personen/neu/", _new(trotzdem="1"))

    assert "Diese Person gibt es vielleicht schon" in first.text
    assert f"/personen/{erna.id}/" in first.text
    assert "Trotzdem neu anlegen" in first.text
    assert second.status_code == 302
    assert Person.objects.count() == 2


def test_create_person_with_birth_date_and_languages(staff_client, office_staff):
    response = staff_client.post(
        "/personen/neu/",
        {
            "given_name": "Karl",
            "family_name": "Schulz",
            "birth_year": "1941",
            "birth_day": "27",
            "birth_month": "März",
            "languages": "de, TR",
            "contact_channel": "none",
        },
    )

    person = Person.objects.get()
    assert response["Location"] == f"/personen/{person.id}/"
    assert str(person.birth_date) == "1941-03-27"
    assert person.languages == ["de", "tr"]


def test_record_consent_on_the_phone_is_prefilled(staff_client, erna, provider_org):
    form = staff_client.get(f"/personen/{erna.id}/einwilligung/")
    data = {
        "purpose": "share",
        "recipient": str(provider_org.id),
        "given_how": "verbal_phone",
        "given_at": form.context["form"].initial["given_at"],
        "evidence_note": "Anruf",
    }

    response = staff_client.post(f"/personen/{erna.id}/einwilligung/", data)

    assert form.context["form"]["given_how"].value() == "verbal_phone"
    assert response.status_code == 302
    consent = Consent.objects.get()
    assert consent.recipient == provider_org
    assert consent.given_how == "verbal_phone"


def test_consent_form_explains_a_missing_recipient(staff_client, erna):
    data = {"purpose": "share", "given_how": "written", "given_at": "01.03.2026 10:00"}

    response = staff_client.post(f"/personen/{erna.id}/einwilligung/", data)

    assert "Wählen Sie die Organisation, die die Daten bekommt" in response.text


def test_withdraw_needs_confirmation_and_takes_effect(staff_client, office_staff, erna):
    from lotse.people.services import consent_record

    consent = consent_record(actor=office_staff, person=erna, purpose="photos", given_how="written")
    url = f"/personen/{erna.id}/einwilligung/{consent.id}/widerrufen/"

    confirm = staff_client.get(url)
    done = staff_client.post(url)

    assert "Der Widerruf gilt sofort." in confirm.text
    assert done.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_by == office_staff


def test_an_impossible_birth_date_is_explained(staff_client):
    data = {**_new(), "given_name": "Karl", "birth_day": "31", "birth_month": "2"}

    response = staff_client.post("/personen/neu/", data)

    assert "Das Geburtsdatum muss ein echtes Datum sein" in response.text
