"""Office staff take a phone call: they look the caller up as they type, create her (past the
duplicate question), record a verbal consent, correct her address, note her daughter as a proxy,
merge the duplicate, and later record that she withdrew the consent. axe-core checks every
people page on the way."""

import re

import pytest
from playwright.sync_api import expect

from conftest import totp_code
from lotse.browser_tests.conftest import format_violations, run_axe, shoot
from lotse.people.models import Consent, Person, PersonCorrection, Proxy
from lotse.people.services import person_create

pytestmark = pytest.mark.browser

PASSWORD = "pw-for-tests-1"


def _no_axe_violations(page, name: str) -> None:
    shoot(page, name)
    violations = run_axe(page)
    assert not violations, f"axe auf {page.url}:\n{format_violations(violations)}"


def _login_with_app(page, email: str, secret: str) -> None:
    page.goto("/konto/anmelden/")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.get_by_label("Code aus der App oder Wiederherstellungscode").fill(totp_code(secret))
    page.get_by_role("button", name="Anmelden").click()
    # Office staff land on the dashboard (lotse/accounts/staff_menu.py, LANDING).
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Anliegen: "))


def test_staff_record_a_phone_consent_and_its_withdrawal(
    transactional_db, new_page, office_staff, with_totp, quarter
):
    office = office_staff.memberships.get().organisation
    # Entered last year with another spelling: the duplicate check should find her.
    earlier = person_create(
        actor=office_staff,
        organisation=office,
        data={
            "given_name": "Erna",
            "family_name": "Mueller",
            "birth_year": 1938,
            "phone": "0561 123456",
            "email": "erna@example.org",
        },
    )
    secret = with_totp(office_staff)
    page = new_page()
    _login_with_app(page, "buero@test.de", secret)

    # Search as you type: no match yet for the new caller's name.
    page.goto("/personen/")
    _no_axe_violations(page, "personen-suche")
    page.get_by_label("Name, Telefonnummer oder Straße").press_sequentially("Schmidt")
    expect(page.locator("#ergebnisse")).to_contain_text("Keine Person gefunden.")
    page.get_by_label("Name, Telefonnummer oder Straße").fill("")
    page.get_by_label("Name, Telefonnummer oder Straße").press_sequentially("Müller")
    expect(page.locator("#ergebnisse")).to_contain_text("Mueller, Erna")
    _no_axe_violations(page, "personen-treffer")

    # She says she has never called before: create her; the duplicate question comes up.
    page.get_by_role("link", name="Neue Person anlegen").click()
    _no_axe_violations(page, "person-neu")
    page.get_by_label("Vorname").fill("Erna")
    page.get_by_label("Nachname").fill("Müller")
    page.get_by_label("Geburtsjahr").fill("1938")
    page.get_by_role("textbox", name="Telefon").fill("0561 / 12 34 56")
    page.get_by_label("Straße und Hausnummer").fill("Hauptstraße 5")
    page.get_by_role("button", name="Speichern").click()
    expect(
        page.get_by_role("heading", name="Diese Person gibt es vielleicht schon")
    ).to_be_visible()
    _no_axe_violations(page, "person-neu-doppelt")
    page.get_by_role("button", name="Trotzdem neu anlegen").click()
    expect(page.get_by_role("status")).to_contain_text("Die Person ist angelegt.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Erna Müller")
    erna = Person.objects.get(family_name="Müller")
    _no_axe_violations(page, "person")

    # A verbal consent, given on the phone.
    page.get_by_role("link", name="Einwilligung erfassen").click()
    _no_axe_violations(page, "einwilligung-neu")
    page.get_by_label("Daten speichern").check()
    expect(page.get_by_label("Mündlich am Telefon")).to_be_checked()
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("status")).to_contain_text("Die Einwilligung ist gespeichert.")
    consents = page.get_by_role("table", name="Einwilligungen")
    expect(consents).to_contain_text("Mündlich am Telefon")
    expect(consents).to_contain_text("Gilt")

    # She moved within the house: correct the address, with a reason.
    page.get_by_role("link", name="Angaben ändern").click()
    _no_axe_violations(page, "person-bearbeiten")
    page.get_by_label("Straße und Hausnummer").fill("Hauptstraße 7")
    page.get_by_label("Grund der Änderung").fill("Umzug im Haus")
    page.get_by_role("button", name="Änderungen speichern").click()
    expect(page.get_by_role("status")).to_contain_text("Die Änderungen sind gespeichert.")
    history = page.get_by_role("table", name="Änderungen an den Angaben, neueste zuerst")
    expect(history).to_contain_text("Hauptstraße 5 → Hauptstraße 7")
    expect(history).to_contain_text("Umzug im Haus")

    # Her daughter may act for her.
    page.get_by_role("link", name="Vertretung erfassen").click()
    _no_axe_violations(page, "vertretung-neu")
    page.get_by_label("Angehörige/r").check()
    page.get_by_label("Name", exact=True).fill("Petra Müller")
    page.get_by_label("Beziehung zur Person").fill("Tochter")
    page.get_by_label("nur mündliche Angabe").check()
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("status")).to_contain_text("Die Vertretung ist gespeichert.")
    expect(page.get_by_role("table", name="Wer für die Person handeln darf")).to_contain_text(
        "Petra Müller"
    )
    page.get_by_role("link", name="Beenden").click()
    _no_axe_violations(page, "vertretung-beenden")
    page.get_by_role("link", name="Zurück zur Person").click()

    # The two records are the same woman: merge the earlier one into this one.
    expect(page.get_by_role("heading", name="1 möglicher doppelter Eintrag")).to_be_visible()
    page.get_by_role("link", name="Prüfen und zusammenführen").click()
    _no_axe_violations(page, "doppelte-eintraege")
    page.get_by_role("link", name=re.compile("vergleichen und zusammenführen")).click()
    expect(page.get_by_role("table", name="Die beiden Einträge nebeneinander")).to_contain_text(
        "erna@example.org"
    )
    _no_axe_violations(page, "zusammenfuehren")
    page.get_by_role("button", name="Ja, zusammenführen").click()
    expect(page.get_by_role("status")).to_contain_text("Die beiden Einträge sind zusammengeführt.")
    expect(page.get_by_text("erna@example.org", exact=True)).to_be_visible()
    assert not Person.objects.filter(pk=earlier.pk).exists()

    # A week later she calls again and withdraws the consent.
    page.get_by_role("table", name="Einwilligungen").get_by_role("link", name="Widerrufen").click()
    _no_axe_violations(page, "einwilligung-widerrufen")
    page.get_by_role("button", name="Ja, widerrufen").click()
    expect(page.get_by_role("status")).to_contain_text("Die Einwilligung ist widerrufen.")
    expect(page.get_by_role("table", name="Einwilligungen")).to_contain_text("Widerrufen am")
    _no_axe_violations(page, "person-widerrufen")

    consent = Consent.objects.get(person=erna)
    assert consent.given_how == Consent.GivenHow.VERBAL_PHONE
    assert consent.withdrawn_by == office_staff
    assert Proxy.objects.get(person=erna).relationship == "Tochter"
    assert PersonCorrection.objects.filter(person=erna).count() == 2
    assert page.blocked == []
