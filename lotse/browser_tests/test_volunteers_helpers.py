"""A neighbour becomes a digital helper: she finds "Helfer werden" from the start page through
the menu's help page and the digital-help page, signs up (first with a mistake, then right);
the quarter's multiplier logs in, lands on the helper list, finds her through the staff menu,
records the police certificate and the confidentiality pledge she saw, and sets her active.
axe-core checks every page on the way, at phone and desk width."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import totp_code
from lotse.browser_tests.conftest import format_violations, menu, run_axe, shoot
from lotse.people.models import Consent
from lotse.volunteers.models import Credential, Helper

pytestmark = pytest.mark.browser


def _no_axe_violations(page, name: str) -> None:
    shoot(page, name)
    violations = run_axe(page)
    assert not violations, f"axe auf {page.url}:\n{format_violations(violations)}"


@pytest.fixture
def coordinated(office, quarter):
    """The test quarter, coordinated by the Quartiersbüro Altstadt."""
    office.coordinates.add(quarter)
    return quarter


@pytest.mark.parametrize("width", [390, 1280])
def test_neighbour_signs_up_and_the_multiplier_sets_her_active(
    transactional_db, new_page, coordinated, multiplier, with_totp, width
):
    page = new_page(width=width, height=900)

    # From the start page through the menu to the sign-up.
    page.goto("/")
    menu(page, width).get_by_role("link", name="Hilfe", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hilfe")
    page.get_by_role("link", name="Digitalhilfe", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ich brauche Hilfe mit meinem Handy")
    _no_axe_violations(page, "digitalhilfe")
    page.get_by_role("link", name="Helfer werden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Digital-Helferin oder Digital-Helfer werden"
    )
    _no_axe_violations(page, "helfer-werden")

    # A first try without phone or e-mail: the error summary says what is missing.
    page.get_by_label("Vorname").fill("Jutta")
    page.get_by_label("Nachname").fill("Nachbarin")
    page.get_by_label("Geburtsjahr").fill("1961")
    page.get_by_label("Anruf", exact=True).check()
    page.get_by_label("In welchem Quartier wohnen Sie?").select_option(label="Altstadt")
    page.get_by_label("Android-Handy").check()
    page.get_by_label("Nachrichten und Videoanrufe").check()
    page.get_by_label("Schutz vor Betrug").check()
    page.get_by_label("Deutsch", exact=True).check()
    page.get_by_label("Ich besuche Menschen auch zu Hause").check()
    page.get_by_label(re.compile("^Wie weit fahren oder gehen Sie")).fill("3")
    page.get_by_label("Dienstag nachmittags").check()
    page.get_by_label(re.compile("^Ich bin einverstanden, dass das Quartiersbüro")).check()
    page.get_by_role("button", name="Anmeldung senden").click()
    expect(page).to_have_title(re.compile("^Fehler:"))
    expect(page.get_by_role("alert")).to_contain_text(
        "Geben Sie eine Telefonnummer oder eine E-Mail-Adresse ein"
    )
    _no_axe_violations(page, "helfer-werden-fehler")
    assert not Helper.objects.exists()

    page.get_by_label("Telefonnummer (Festnetz oder Handy)").fill("0561 / 44 55 66")
    page.get_by_role("button", name="Anmeldung senden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vielen Dank für Ihre Anmeldung")
    _no_axe_violations(page, "helfer-werden-danke")
    helper = Helper.objects.get()
    assert helper.status == Helper.Status.INTERESTED
    assert helper.person.consents.filter(purpose=Consent.Purpose.KEEP).exists()

    # The multiplier logs in and lands on the list of helpers.
    secret = with_totp(multiplier)
    staff = new_page(width=width, height=900)
    staff.goto("/")
    staff.goto("/konto/anmelden/")
    staff.get_by_label("E-Mail-Adresse").fill("multiplikator@test.de")
    staff.get_by_label("Passwort").fill("pw-for-tests-1")
    staff.get_by_role("button", name="Anmelden").click()
    staff.get_by_label("Code aus der App oder Wiederherstellungscode").fill(totp_code(secret))
    staff.get_by_role("button", name="Anmelden").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Digital-Helfer")

    # Through the staff menu (from another of its pages) back to the list, and to her page.
    menu(staff, width, "Arbeitsbereich").get_by_role("link", name="Nachweise").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Nachweise, die bald ablaufen")
    _no_axe_violations(staff, "nachweise")
    menu(staff, width, "Arbeitsbereich").get_by_role("link", name="Digital-Helfer").click()
    _no_axe_violations(staff, "helfer-liste")
    staff.get_by_role("link", name="Nachbarin, Jutta").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Jutta Nachbarin")
    expect(staff.get_by_text("Darf noch keine Menschen zu Hause besuchen")).to_be_visible()
    _no_axe_violations(staff, "helfer")

    # The police certificate she showed: issued three weeks ago, seen today.
    issued = (timezone.localdate() - dt.timedelta(days=21)).strftime("%d.%m.%Y")
    staff.get_by_role("link", name="Nachweis erfassen").click()
    _no_axe_violations(staff, "nachweis-neu")
    staff.get_by_label("Führungszeugnis gesehen").check()
    staff.get_by_label("Ausgestellt oder unterschrieben am").fill(issued)
    staff.get_by_role("button", name="Nachweis speichern").click()
    expect(staff.get_by_role("status")).to_contain_text("Der Nachweis ist gespeichert.")

    # The pledge she signed today.
    staff.get_by_role("link", name="Nachweis erfassen").click()
    staff.get_by_label("Verschwiegenheitserklärung unterschrieben").check()
    staff.get_by_label("Ausgestellt oder unterschrieben am").fill(
        timezone.localdate().strftime("%d.%m.%Y")
    )
    staff.get_by_role("button", name="Nachweis speichern").click()
    expect(staff.get_by_role("table", name="Nachweise")).to_contain_text(
        "Verschwiegenheitserklärung unterschrieben"
    )

    # Active from today.
    staff.get_by_role("link", name="Status ändern").click()
    _no_axe_violations(staff, "status-aendern")
    staff.get_by_label("Aktiv", exact=True).check()
    staff.get_by_label("Grund").fill("Schulung am Samstag besucht")
    staff.get_by_role("button", name="Status speichern").click()
    expect(staff.get_by_role("status")).to_contain_text("Der Status ist geändert.")
    expect(staff.get_by_text("Darf Menschen zu Hause besuchen.")).to_be_visible()
    expect(staff.get_by_role("table", name="Verlauf des Status")).to_contain_text(
        "Interessiert → Aktiv"
    )
    _no_axe_violations(staff, "helfer-aktiv")

    helper.refresh_from_db()
    assert helper.status == Helper.Status.ACTIVE
    certificate = helper.credentials.get(kind=Credential.Kind.POLICE_CERTIFICATE)
    assert certificate.seen_by == multiplier
    assert page.blocked == [] and staff.blocked == []


def test_helper_on_the_phone_changes_her_times_and_pauses(
    transactional_db, new_page, coordinated, helper, multiplier, with_totp
):
    from lotse.volunteers.services import credential_record, helper_register, helper_status_change

    record = helper_register(
        actor=None,
        home_quarter=coordinated,
        person_data={
            "given_name": "Hanna",
            "family_name": "Helferin",
            "birth_year": 1960,
            "phone": "0561 998877",
            "email": "",
            "contact_channel": "phone",
        },
        profile={"devices": ["android"], "topics": ["photos"], "languages": ["de"]},
    )
    record.user = helper
    record.save(update_fields=["user"])
    credential_record(
        actor=multiplier,
        helper=record,
        kind=Credential.Kind.PLEDGE,
        issued_on=timezone.localdate(),
    )
    helper_status_change(actor=multiplier, helper=record, to_status=Helper.Status.ACTIVE)
    secret = with_totp(helper)
    page = new_page(width=390, height=844)

    # She logs in and lands on her own page.
    page.goto("/konto/anmelden/")
    page.get_by_label("E-Mail-Adresse").fill("helfer@test.de")
    page.get_by_label("Passwort").fill("pw-for-tests-1")
    page.get_by_role("button", name="Anmelden").click()
    page.get_by_label("Code aus der App oder Wiederherstellungscode").fill(totp_code(secret))
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Meine Angaben")
    _no_axe_violations(page, "meine-angaben")

    # Saturdays in the morning from now on.
    page.get_by_label("Samstag vormittags").check()
    page.get_by_role("button", name="Angaben speichern").click()
    expect(page.get_by_role("status")).to_contain_text("Ihre Angaben sind gespeichert.")
    expect(page.get_by_label("Samstag vormittags")).to_be_checked()

    # A pause with a date that is no date, then a right one; then back early.
    page.get_by_label("Pause bis").fill("nächste Woche")
    page.get_by_role("button", name="Pause eintragen").click()
    expect(page.get_by_role("alert")).to_contain_text("Tag.Monat.Jahr")
    _no_axe_violations(page, "meine-angaben-pause-fehler")
    until = (timezone.localdate() + dt.timedelta(days=14)).strftime("%d.%m.%Y")
    page.get_by_label("Pause bis").fill(until)
    page.get_by_role("button", name="Pause eintragen").click()
    expect(page.get_by_role("status")).to_contain_text("Ihre Pause ist eingetragen.")
    expect(page.get_by_text(f"Pause bis {until}")).to_be_visible()
    _no_axe_violations(page, "meine-angaben-pause")
    page.get_by_role("button", name="Pause beenden und wieder helfen").click()
    expect(page.get_by_role("status")).to_contain_text("Schön, dass Sie wieder dabei sind.")

    record.refresh_from_db()
    assert record.status == Helper.Status.ACTIVE
    assert [a.weekday for a in record.availabilities.all()] == [5]
