import io
import json

import pytest
from pypdf import PdfReader

from lotse.core.models import AuditEntry
from lotse.people.models import Person

PURPOSE = "Auskunft nach Art. 15 DSGVO"


@pytest.fixture
def logged_in(client, with_totp):
    def login(user):
        with_totp(user)
        client.force_login(user)
        return client

    return login


def _url(person: Person, end: str) -> str:
    return f"/datenschutz/personen/{person.id}/{end}"


def test_overview_lists_what_the_export_holds_and_records_the_read(
    logged_in, office_staff, erna, erna_consent
):
    client = logged_in(office_staff)

    response = client.get(_url(erna, "auskunft/"))

    assert response.status_code == 200
    assert "Auskunft für Erna Müller" in response.text
    assert "Einwilligungen" in response.text
    assert _url(erna, "auskunft.pdf") in response.text
    assert _url(erna, "auskunft.json") in response.text
    read = AuditEntry.objects.get(verb="person.read")
    assert (read.actor, read.purpose) == (office_staff, PURPOSE)
    assert not AuditEntry.objects.filter(verb="person.exported").exists()


def test_json_download_holds_the_person_and_is_audited(logged_in, office_staff, erna, erna_consent):
    client = logged_in(office_staff)

    response = client.get(_url(erna, "auskunft.json"))

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="auskunft-{erna.id}.json"'
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    names = {field["name"]: field["value"] for field in data["person"]["fields"]}
    assert (names["given_name"], names["family_name"]) == ("Erna", "Müller")
    assert any(s["model"] == "people.Consent" and s["items"] for s in data["records"])
    entry = AuditEntry.objects.get(verb="person.exported")
    assert (entry.actor, entry.purpose, entry.note) == (office_staff, PURPOSE, "json")


def test_pdf_download_is_readable_large_print_with_the_persons_data(
    logged_in, office_staff, erna, erna_consent
):
    client = logged_in(office_staff)

    response = client.get(_url(erna, "auskunft.pdf"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    for expected in (
        "Auskunft nach Art. 15 DSGVO",
        "Angaben zu Ihrer Person",
        "Erna",
        "Müller",
        "1938",
        "Hört links schlecht",
        "Einwilligungen",
        "Daten speichern",
        "Mündlich am Telefon",
        "Wer hat Ihre Angaben gesehen oder geändert?",
        "buero@test.de",
    ):
        assert expected in text, expected
    assert AuditEntry.objects.get(verb="person.exported").note == "pdf"


@pytest.mark.parametrize("end", ["auskunft/", "auskunft.json", "auskunft.pdf", "loeschen/"])
def test_other_organisations_get_404_and_nothing_is_exported(logged_in, outsider, erna, end):
    client = logged_in(outsider)

    assert client.get(_url(erna, end)).status_code == 404
    assert not AuditEntry.objects.filter(verb__in=["person.exported", "person.read"]).exists()


def test_pages_need_a_second_factor(client, office_staff, erna):
    client.force_login(office_staff)

    response = client.get(_url(erna, "auskunft.pdf"))

    assert response.status_code == 302
    assert "/konto/2fa/" in response["Location"]
    assert not AuditEntry.objects.filter(verb="person.exported").exists()


def test_erase_page_shows_what_will_happen(logged_in, manager, erna, erna_consent, erna_proxy):
    client = logged_in(manager)

    response = client.get(_url(erna, "loeschen/"))

    assert response.status_code == 200
    assert "Angaben von Erna Müller löschen?" in response.text
    assert "Vertretungen" in response.text
    assert "werden widerrufen" in response.text
    assert 'type="checkbox"' in response.text


def test_erase_page_refuses_colleagues_without_the_role(logged_in, office_staff, erna):
    client = logged_in(office_staff)

    assert client.get(_url(erna, "loeschen/")).status_code == 403
    response = client.post(_url(erna, "loeschen/"), {"reason": "Antrag", "confirm": "on"})

    assert response.status_code == 403
    assert Person.objects.get(pk=erna.pk).anonymised_at is None


def test_a_refused_erasure_is_no_access_in_who_looked(logged_in, office_staff, erna):
    # Issue 16: the refused attempt (403) was listed as "Löschung nach Art. 17 DSGVO", because
    # the read was recorded before the permission was checked.
    client = logged_in(office_staff)

    assert client.get(_url(erna, "loeschen/")).status_code == 403
    assert client.post(_url(erna, "loeschen/"), {"reason": "x", "confirm": "on"}).status_code == 403
    page = client.get(f"/personen/{erna.id}/").text

    reads = AuditEntry.objects.filter(verb="person.read")
    assert list(reads.values_list("purpose", flat=True)) == ["Beratung"]
    who_looked = page[page.index("Wer hat diese Akte angesehen?") :]
    assert "Löschung nach Art. 17 DSGVO" not in who_looked
    assert "Beratung" in who_looked


def test_the_erasure_page_shown_is_an_access(logged_in, manager, erna):
    client = logged_in(manager)

    assert client.get(_url(erna, "loeschen/")).status_code == 200

    read = AuditEntry.objects.get(verb="person.read")
    assert (read.actor, read.purpose) == (manager, "Löschung nach Art. 17 DSGVO")


def test_erase_needs_reason_and_confirmation_and_changes_nothing_without(logged_in, manager, erna):
    client = logged_in(manager)

    response = client.post(_url(erna, "loeschen/"), {"reason": ""})

    assert response.status_code == 200
    assert "<title>Fehler:" in response.text
    assert response.text.count("Geben Sie den Grund für die Löschung ein") == 2
    assert response.text.count("Bestätigen Sie, dass die Angaben gelöscht werden sollen") == 2
    assert Person.objects.get(pk=erna.pk).anonymised_at is None


def test_erase_anonymises_then_says_it_is_done(logged_in, manager, erna):
    client = logged_in(manager)

    response = client.post(_url(erna, "loeschen/"), {"reason": "Antrag", "confirm": "on"})
    again = client.post(_url(erna, "loeschen/"), {"reason": "Antrag", "confirm": "on"}, follow=True)

    assert response.status_code == 302
    assert response["Location"] == f"/personen/{erna.id}/"
    assert Person.objects.get(pk=erna.pk).family_name == "Anonymisiert"
    assert "Diese Person ist schon anonymisiert." in again.text
    assert AuditEntry.objects.filter(verb="person.anonymised").count() == 1
    page = client.get(_url(erna, "loeschen/"))
    assert "Diese Person ist schon anonymisiert" in page.text
    assert "Ja, Angaben löschen" not in page.text


def test_person_page_links_to_the_rights_pages(logged_in, manager, office_staff, erna):
    manager_page = logged_in(manager).get(f"/personen/{erna.id}/")
    staff_page = logged_in(office_staff).get(f"/personen/{erna.id}/")

    assert _url(erna, "auskunft/") in manager_page.text
    assert _url(erna, "loeschen/") in manager_page.text
    assert _url(erna, "auskunft/") in staff_page.text
    assert _url(erna, "loeschen/") not in staff_page.text
