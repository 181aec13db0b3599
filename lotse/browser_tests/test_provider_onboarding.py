"""Issue 16, "Bringing a provider on board": the region coordinator reaches the administration
through the staff menu, creates an organisation and invites its first administrator from the
organisation's page; the invited person accepts the e-mail's link (password, second factor) and,
logged in, lands on the staff list of the new organisation, where they invite its staff.
axe-core checks every page on the way."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from conftest import totp_code, wait_for_a_new_totp_code
from lotse.browser_tests.conftest import format_violations, run_axe, shoot

pytestmark = pytest.mark.browser

PASSWORD = "pw-for-tests-1"
NEW_PASSWORD = "Kaffee am Markt um neun"


def _no_axe_violations(page, name: str = "") -> None:
    if name:
        shoot(page, name)
    violations = run_axe(page)
    assert not violations, f"axe auf {page.url}:\n{format_violations(violations)}"


def _staff_menu(page):
    return page.locator(".menu-wide").get_by_role("navigation", name="Arbeitsbereich")


def _log_in(page, email: str, password: str, secret: str) -> None:
    page.goto("/konto/anmelden/")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort").fill(password)
    page.get_by_role("button", name="Anmelden").click()
    page.get_by_label("Code aus der App oder Wiederherstellungscode").fill(totp_code(secret))
    page.get_by_role("button", name="Anmelden").click()


def test_region_coordinator_brings_a_new_provider_on_board(
    transactional_db, new_page, region_coordinator, quarter, with_totp
):
    coordinator_secret = with_totp(region_coordinator)
    page = new_page()

    # The coordinator reaches the region's administration through the staff menu.
    _log_in(page, "koordination@test.de", PASSWORD, coordinator_secret)
    page.goto("/hilfe/")
    _staff_menu(page).get_by_role("link", name="Verwaltung des Kreises").click()
    expect(page).to_have_url(re.compile(r"/verwaltung/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Verwaltung des Kreises")
    _no_axe_violations(page, "onboarding-verwaltung")

    # A new organisation, which opens its page with the next step.
    page.get_by_role("link", name="Organisation anlegen").click()
    page.get_by_label("Name", exact=True).fill("Pflegedienst Sonnenschein")
    page.get_by_label("Anbieter", exact=True).check()
    page.get_by_label("E-Mail-Adresse (freiwillig)").fill("info@sonnenschein.example")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Pflegedienst Sonnenschein ist angelegt. Laden Sie jetzt die erste Administration ein."
    )
    expect(
        page.get_by_text("Pflegedienst Sonnenschein hat noch keine Administration.")
    ).to_be_visible()
    _no_axe_violations(page, "onboarding-organisation")

    # Inviting: first without an address, then with one.
    page.get_by_role("link", name="Erste Administration einladen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Erste Administration für Pflegedienst Sonnenschein einladen"
    )
    _no_axe_violations(page, "onboarding-einladen")
    page.get_by_role("button", name="Einladung verschicken").click()
    expect(page).to_have_title(re.compile("^Fehler: "))
    expect(page.get_by_text("Geben Sie die E-Mail-Adresse der Person ein").first).to_be_visible()
    _no_axe_violations(page, "onboarding-einladen-fehler")
    page.get_by_label("E-Mail-Adresse der Person").fill("leitung@sonnenschein.example")
    page.get_by_role("button", name="Einladung verschicken").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Die Einladung an leitung@sonnenschein.example ist verschickt."
    )
    expect(page.get_by_text("leitung@sonnenschein.example, der Link gilt bis")).to_be_visible()
    _no_axe_violations(page)

    # The e-mail's link is absolute and leads to the live site.
    (invitation_mail,) = [m for m in mail.outbox if "leitung@sonnenschein.example" in m.to]
    link = re.search(r"^https?://\S+/konto/einladung/\S+/$", str(invitation_mail.body), re.M)
    assert link, invitation_mail.body
    admin = new_page(width=390)
    admin.goto(link.group(0))
    expect(admin.get_by_text("Pflegedienst Sonnenschein lädt Sie ein.")).to_be_visible()
    _no_axe_violations(admin, "onboarding-einladung-annehmen")
    admin.get_by_label("Passwort", exact=True).fill(NEW_PASSWORD)
    admin.get_by_label("Passwort wiederholen").fill(NEW_PASSWORD)
    admin.get_by_role("button", name="Passwort speichern und weiter").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("Zweiten Faktor einrichten")
    _no_axe_violations(admin)
    secret = admin.locator("#totp-schluessel").inner_text().strip()
    setup_code = totp_code(secret)
    admin.get_by_label("Code aus der App").fill(setup_code)
    admin.get_by_role("button", name="Einrichten").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("Ihre Wiederherstellungscodes")
    admin.get_by_role("link", name="Weiter", exact=True).click()
    admin.get_by_role("button", name="Abmelden").click()

    # Logged in, the new administrator lands on the staff list of the new provider.
    wait_for_a_new_totp_code(secret, setup_code)
    _log_in(admin, "leitung@sonnenschein.example", NEW_PASSWORD, secret)
    expect(admin.get_by_role("heading", level=1)).to_have_text("Mitarbeitende")
    expect(admin).to_have_url(re.compile(r"/konto/mitarbeitende/$"))
    expect(admin.locator("td", has_text="leitung@sonnenschein.example").first).to_be_visible()
    _no_axe_violations(admin, "onboarding-mitarbeitende")
    admin.get_by_role("link", name="Mitarbeitende einladen").click()
    admin.get_by_label("E-Mail-Adresse der Person").fill("pflege@sonnenschein.example")
    admin.get_by_label("Mitarbeitende eines Anbieters").check()
    admin.get_by_role("button", name="Einladung verschicken").click()
    expect(admin.get_by_role("status")).to_contain_text(
        "Die Einladung an pflege@sonnenschein.example ist verschickt"
    )

    # The organisation's page now names its administrator and offers no second invitation.
    page.reload()
    expect(page.get_by_text("Die Administration lädt die Mitarbeitenden")).to_be_visible()
    expect(page.get_by_role("link", name="Erste Administration einladen")).to_have_count(0)
    assert page.blocked == [] and admin.blocked == []
