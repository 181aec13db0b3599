"""Pages for editing with history, proxies and merging duplicates: wiring and answers."""

import pytest

from lotse.core.models import AuditEntry
from lotse.people.models import Consent, Person, PersonCorrection, Proxy
from lotse.people.services import consent_record, person_create, proxy_add


@pytest.fixture
def staff_client(client, office_staff, with_totp):
    with_totp(office_staff)
    client.force_login(office_staff)
    return client


@pytest.fixture
def erna_again(office_staff, office) -> Person:
    return person_create(
        actor=office_staff,
        organisation=office,
        data={
            "given_name": "Erna",
            "family_name": "Mueller",
            "birth_year": 1938,
            "phone": "0561 123456",
            "email": "erna@example.org",
        },
        confirmed_new=True,
    )


def _edit_data(**extra):
    return {
        "quarter": Person.objects.get().quarter_id,
        "given_name": "Erna",
        "family_name": "Müller",
        "birth_year": "1938",
        "phone": "0561 / 12 34 56",
        "street": "Hauptstraße 7",
        "postcode": "34117",
        "city": "Teststadt",
        "contact_channel": "phone",
        "hearing_note": "Hört links schlecht, bitte laut sprechen.",
        "reason": "Umzug im Haus",
        **extra,
    }


def test_edit_page_is_prefilled(staff_client, erna):
    response = staff_client.get(f"/personen/{erna.id}/bearbeiten/")

    assert response.status_code == 200
    assert 'value="Hauptstraße 5"' in response.text
    assert "Grund der Änderung" in response.text


def test_edit_saves_and_the_person_page_shows_the_history(staff_client, erna):
    data = _edit_data()

    response = staff_client.post(f"/personen/{erna.id}/bearbeiten/", data, follow=True)

    assert response.status_code == 200
    assert "Die Änderungen sind gespeichert." in response.text
    assert "Änderungen" in response.text
    assert "Hauptstraße 5 → Hauptstraße 7" in response.text
    assert "Umzug im Haus" in response.text
    assert PersonCorrection.objects.get().fields == ["street"]


def test_edit_with_bad_input_explains_in_german_and_changes_nothing(staff_client, erna):
    data = _edit_data(birth_year="38", street="Neu 1")

    response = staff_client.post(f"/personen/{erna.id}/bearbeiten/", data)

    assert response.status_code == 200
    assert "Fehler:" in response.text
    assert "Das Jahr muss 4 Ziffern haben" in response.text
    erna.refresh_from_db()
    assert erna.street == "Hauptstraße 5"
    assert not PersonCorrection.objects.exists()


def test_proxy_add_and_end_from_the_person_page(staff_client, erna):
    page = staff_client.get(f"/personen/{erna.id}/")
    assert f"/personen/{erna.id}/vertretung/" in page.text

    response = staff_client.post(
        f"/personen/{erna.id}/vertretung/",
        {
            "kind": "guardian",
            "name": "Jens Vogt",
            "relationship": "Berufsbetreuer",
            "scope": ["health", "mail"],
            "evidence_kind": "guardian_card",
            "evidence_seen_on": "30.11.2026",
            "valid_until": "31.12.2099",
        },
        follow=True,
    )

    assert "Die Vertretung ist gespeichert." in response.text
    assert "Gesundheitssorge, Entgegennahme der Post" in response.text
    proxy = Proxy.objects.get()
    ended = staff_client.post(f"/personen/{erna.id}/vertretung/{proxy.id}/beenden/", follow=True)
    assert "Die Vertretung ist beendet." in ended.text
    proxy.refresh_from_db()
    assert proxy.ended_at is not None


def test_proxy_form_explains_missing_scope(staff_client, erna):
    response = staff_client.post(
        f"/personen/{erna.id}/vertretung/",
        {
            "kind": "attorney",
            "name": "Petra Müller",
            "evidence_kind": "original",
            "evidence_seen_on": "30.11.2026",
        },
    )

    assert response.status_code == 200
    assert "Wählen Sie mindestens einen Aufgabenkreis" in response.text
    assert not Proxy.objects.exists()


def test_consent_by_proxy_is_chosen_on_the_consent_form(staff_client, office_staff, erna):
    proxy = proxy_add(
        actor=office_staff,
        person=erna,
        data={"kind": "relative", "name": "Petra Müller", "evidence_kind": "verbal"},
    )
    form = staff_client.get(f"/personen/{erna.id}/einwilligung/")
    assert "Petra Müller" in form.text

    missing = staff_client.post(
        f"/personen/{erna.id}/einwilligung/",
        {"purpose": "keep", "given_how": "proxy", "given_at": "27.11.2026 10:00"},
    )
    saved = staff_client.post(
        f"/personen/{erna.id}/einwilligung/",
        {
            "purpose": "keep",
            "given_how": "proxy",
            "given_at": "27.11.2026 10:00",
            "proxy": proxy.id,
        },
        follow=True,
    )

    assert "Wählen Sie die Vertretung, die eingewilligt hat" in missing.text
    assert "Die Einwilligung ist gespeichert." in saved.text
    assert Consent.objects.get().proxy == proxy


def test_duplicates_page_and_merge(staff_client, office_staff, erna, erna_again):
    consent = consent_record(
        actor=office_staff, person=erna_again, purpose="keep", given_how="verbal_phone"
    )
    detail = staff_client.get(f"/personen/{erna.id}/")
    assert "1 möglicher doppelter Eintrag" in detail.text
    listing = staff_client.get(f"/personen/{erna.id}/doppelt/")
    merge_url = f"/personen/{erna.id}/zusammenfuehren/{erna_again.id}/"
    assert merge_url in listing.text
    confirm = staff_client.get(merge_url)
    assert "erna@example.org" in confirm.text
    assert "Ja, zusammenführen" in confirm.text

    response = staff_client.post(merge_url)

    assert response.status_code == 302
    assert response["Location"] == f"/personen/{erna.id}/"
    assert not Person.objects.filter(pk=erna_again.pk).exists()
    consent.refresh_from_db()
    assert consent.person_id == erna.pk
    assert AuditEntry.objects.filter(verb="person.merged", target_id=str(erna.pk)).exists()


def test_merge_page_of_another_organisation_answers_404(client, with_totp, outsider, erna):
    with_totp(outsider)
    client.force_login(outsider)

    response = client.get(f"/personen/{erna.id}/bearbeiten/")

    assert response.status_code == 404


def test_anonymised_person_page_still_works(staff_client, erna):
    from django.utils import timezone

    Person.objects.filter(pk=erna.pk).update(anonymised_at=timezone.now())

    assert staff_client.get(f"/personen/{erna.id}/").status_code == 200
    assert "Müller, Erna" not in staff_client.get("/personen/", {"q": "Müller"}).text
