"""Issue 19, a case from an inquiry, by links and menus, with axe-core on every state: office
staff record a call for Erna; the Kümmerer logs in at the login page, opens the inquiry from the
menu "Anliegen", takes it over as a case ("Als Begleitung übernehmen"), records an assessment
by life areas and logs a home visit in the journal."""

import re

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from conftest import totp_code
from lotse.browser_tests.conftest import format_violations, menu, run_axe, shoot
from lotse.cases.models import CaseFile, JournalEntry
from lotse.desk.models import Inquiry
from lotse.people.services import person_create

pytestmark = pytest.mark.browser

PASSWORD = "pw-for-tests-1"


def _no_axe_violations(page, name: str) -> None:
    shoot(page, name)
    violations = run_axe(page)
    assert not violations, f"axe auf {page.url}:\n{format_violations(violations)}"


def _cookies(user, with_totp) -> list[tuple[str, str]]:
    with_totp(user)
    client = Client()
    client.force_login(user)
    return [(settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value)]


def test_case_from_an_inquiry_with_assessment_and_home_visit(
    transactional_db, new_page, office_staff, care_navigator, with_totp, quarter
):
    office = office_staff.memberships.get().organisation
    erna = person_create(
        actor=office_staff,
        organisation=office,
        data={
            "given_name": "Erna",
            "family_name": "Müller",
            "birth_year": 1938,
            "quarter": quarter,
        },
    )

    # Office staff record the call from the staff menu.
    desk = new_page(cookies=_cookies(office_staff, with_totp))
    desk.goto("/")
    menu(desk, 1280, "Arbeitsbereich").get_by_role("link", name="Anliegen erfassen").click()
    expect(desk.get_by_role("heading", level=1)).to_have_text("Anliegen erfassen")
    desk.get_by_label(re.compile("^Person suchen")).fill("Müller")
    desk.get_by_role("button", name="Person suchen").click()
    desk.get_by_role("combobox", name=re.compile(r"^Person\b")).select_option(str(erna.id))
    desk.get_by_label("Worum geht es?").fill("Nach dem Schlaganfall allein zu Hause.")
    desk.get_by_role("button", name="Anliegen speichern").click()
    expect(desk.get_by_role("status")).to_contain_text("Das Anliegen ist gespeichert.")
    inquiry = Inquiry.objects.get()

    # The Kümmerer logs in at the login page and lands on the caseload.
    secret = with_totp(care_navigator)
    page = new_page(width=1280)
    page.goto("/konto/anmelden/")
    page.get_by_label("E-Mail-Adresse").fill(care_navigator.email)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.get_by_label("Code aus der App oder Wiederherstellungscode").fill(totp_code(secret))
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Meine Begleitungen")
    _no_axe_violations(page, "begleitungen-leer")

    # The inquiry, from the menu "Anliegen".
    menu(page, 1280, "Arbeitsbereich").get_by_role("link", name="Anliegen", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Anliegen"))
    page.locator("tr", has_text="Erna Müller").get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Anliegen vom"))
    _no_axe_violations(page, "anliegen-kuemmerer")

    # Taken over as a case: the form is prefilled from the inquiry.
    page.get_by_role("link", name="Als Begleitung übernehmen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Als Begleitung übernehmen")
    expect(page.get_by_label("Anlass in eigenen Worten")).to_have_value(
        "Nach dem Schlaganfall allein zu Hause."
    )
    _no_axe_violations(page, "begleitung-uebernehmen")
    page.get_by_role("button", name="Begleitung beginnen").click()
    expect(page).to_have_title(re.compile("^Fehler:"))
    _no_axe_violations(page, "begleitung-uebernehmen-fehler")
    page.get_by_label("Schlaganfall").check()
    page.get_by_role("button", name="Begleitung beginnen").click()
    expect(page.get_by_role("status")).to_contain_text("Die Begleitung ist begonnen.")
    case_file = CaseFile.objects.get()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Erna Müller")
    expect(page.locator("[aria-current=step]")).to_contain_text("Erstkontakt")
    _no_axe_violations(page, "begleitung-ueberblick")
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.CLOSED
    assert case_file.source_inquiry == inquiry

    # An assessment by life areas: first sent empty, then filled in.
    page.get_by_role("navigation", name="Teile der Begleitung").get_by_role(
        "link", name="Einschätzung"
    ).click()
    _no_axe_violations(page, "einschaetzung-leer")
    page.get_by_role("link", name="Neue Einschätzung erfassen").click()
    _no_axe_violations(page, "einschaetzung-neu")
    page.get_by_role("button", name="Einschätzung speichern").click()
    expect(page).to_have_title(re.compile("^Fehler:"))
    _no_axe_violations(page, "einschaetzung-fehler")
    for fieldset in page.locator("fieldset.area-row").all():
        fieldset.get_by_label("Etwas Unterstützung").check()
    page.get_by_role(
        "group", name="Wie viel Unterstützung braucht die Person bei „Geld und Ansprüche“?"
    ).get_by_label("Dringend").check()
    page.get_by_label("Notiz zu „Geld und Ansprüche“").fill("Pflegegrad beantragen")
    page.get_by_role("button", name="Einschätzung speichern").click()
    expect(page.get_by_role("status")).to_contain_text("Die Einschätzung ist gespeichert.")
    expect(page.get_by_role("img", name=re.compile("Unterstützungsbedarf"))).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text("Pflegegrad beantragen")
    _no_axe_violations(page, "einschaetzung-liste")

    # A home visit in the journal.
    page.get_by_role("navigation", name="Teile der Begleitung").get_by_role(
        "link", name="Journal"
    ).click()
    page.get_by_role("link", name="Kontakt eintragen").click()
    _no_axe_violations(page, "journal-neu")
    page.get_by_label("Hausbesuch").check()
    page.get_by_label(re.compile("^Zeitaufwand in Minuten")).fill("75")
    page.get_by_label(re.compile("^Notiz")).fill("Wohnung angesehen, Treppe ist ein Problem.")
    page.get_by_role("button", name="Kontakt speichern").click()
    expect(page.get_by_role("status")).to_contain_text("Der Kontakt ist im Journal eingetragen.")
    expect(page.locator("main")).to_contain_text("Wohnung angesehen, Treppe ist ein Problem.")
    _no_axe_violations(page, "journal")
    assert JournalEntry.objects.get().minutes == 75

    # Back on the overview: stage and latest contact.
    page.get_by_role("navigation", name="Teile der Begleitung").get_by_role(
        "link", name="Überblick"
    ).click()
    expect(page.locator("[aria-current=step]")).to_contain_text("Einschätzung")
    expect(page.locator("main")).to_contain_text("Hausbesuch")
    _no_axe_violations(page, "begleitung-ueberblick-spaeter")
    assert page.blocked == [] and desk.blocked == []
