"""Events: a provider's staff member logs in, reaches "Veranstaltungen" through the staff menu,
creates "Seniorentreff" every Tuesday 14–16 Uhr, cancels one date with a reason and publishes;
a resident goes from the start page through the menu to "Veranstaltungen", finds it and sees
the cancelled date with the reason, on the list and on the event's page. axe-core checks every
page on the way; the list and the event page are shot at 390 and 1280 px."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import totp_code
from lotse.browser_tests.conftest import format_violations, menu, run_axe, shoot
from lotse.news.models import Event

pytestmark = pytest.mark.browser

PASSWORD = "pw-for-tests-1"
REASON = "Die Leiterin ist krank"


def _axe(page, name: str) -> None:
    shoot(page, name)
    violations = run_axe(page)
    assert not violations, f"axe auf {page.url}:\n{format_violations(violations)}"


def _first_tuesday() -> dt.date:
    """The first Tuesday from tomorrow on (its 14:00 date is still ahead)."""
    day = timezone.localdate() + dt.timedelta(days=1)
    return day + dt.timedelta(days=(1 - day.weekday()) % 7)


def test_staff_create_cancel_a_date_publish_and_a_resident_finds_it(
    new_page, transactional_db, provider_staff, quarter, with_totp
):
    secret = with_totp(provider_staff)
    tuesday = _first_tuesday()
    this_week = tuesday - dt.timedelta(
        days=tuesday.weekday()
    ) == timezone.localdate() - dt.timedelta(days=timezone.localdate().weekday())

    # The staff member logs in from the login page and opens "Veranstaltungen" in the menu.
    staff = new_page(width=1280)
    staff.goto("/konto/anmelden/")
    staff.get_by_label("E-Mail-Adresse").fill(provider_staff.email)
    staff.get_by_label("Passwort").fill(PASSWORD)
    staff.get_by_role("button", name="Anmelden").click()
    staff.get_by_label("Code aus der App oder Wiederherstellungscode").fill(totp_code(secret))
    staff.get_by_role("button", name="Anmelden").click()
    menu(staff, 1280, "Arbeitsbereich").get_by_role("link", name="Veranstaltungen").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Veranstaltungen")
    _axe(staff, "events-staff-list")

    # A new weekly event: every Tuesday from 14 to 16 Uhr.
    staff.get_by_role("link", name="Neue Veranstaltung anlegen").click()
    _axe(staff, "events-staff-new")
    staff.get_by_label("Titel", exact=True).fill("Seniorentreff")
    staff.get_by_label("Beschreibung", exact=True).fill("Kaffee, Kuchen und gute Gespräche.")
    staff.get_by_label("Für welches Gebiet?").select_option(label="Altstadt (Quartier)")
    staff.get_by_label("Name des Ortes").fill("Gemeindehaus St. Peter")
    staff.get_by_label("Straße und Hausnummer").fill("Kirchplatz 1")
    staff.get_by_label("Postleitzahl").fill("45657")
    staff.get_by_label("Ort (freiwillig)", exact=True).fill("Recklinghausen")
    staff.get_by_label("Erster Termin").fill(tuesday.strftime("%d.%m.%Y"))
    staff.get_by_label("Von", exact=True).fill("14:00")
    staff.get_by_label("Bis", exact=True).fill("16:00")
    staff.get_by_label("Jede Woche", exact=True).check()
    staff.get_by_label("Dienstag", exact=True).check()
    staff.get_by_label("Ja, stufenlos").check()
    staff.get_by_role("button", name="Speichern").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Seniorentreff")
    expect(staff.get_by_text("Jede Woche am Dienstag, 14 Uhr bis 16 Uhr")).to_be_visible()
    _axe(staff, "events-staff-detail")

    # The first date falls through, with a reason residents will read.
    staff.get_by_role("link", name=re.compile(r"^Fällt aus")).first.click()
    _axe(staff, "events-staff-date-cancel")
    staff.get_by_label("Grund").fill(REASON)
    staff.get_by_role("button", name="Termin absagen").click()
    expect(staff.get_by_text(f"Fällt aus: {REASON}")).to_be_visible()
    _axe(staff, "events-staff-date-cancelled")

    # Published.
    staff.get_by_role("button", name="Veröffentlichen").click()
    expect(staff.get_by_text("Die Veranstaltung ist jetzt öffentlich.")).to_be_visible()
    _axe(staff, "events-staff-published")
    assert Event.objects.get().status == "published"

    # A resident on a phone: start page, menu, "Veranstaltungen".
    for width in (390, 1280):
        resident = new_page(width=width)
        resident.goto("/")
        menu(resident, width).get_by_role("link", name="Veranstaltungen").click()
        expect(resident.get_by_role("heading", level=1)).to_contain_text("Veranstaltungen")
        if not this_week:
            resident.get_by_role("link", name="Nächste Woche").click()
        card = resident.locator("li.card", has_text="Seniorentreff")
        expect(card).to_contain_text("14 Uhr bis 16 Uhr")
        expect(card).to_contain_text(f"Fällt aus: {REASON}")
        _axe(resident, "events-list")

        resident.get_by_role("link", name="Seniorentreff").click()
        expect(resident.get_by_role("heading", level=1)).to_have_text("Seniorentreff")
        expect(resident.get_by_text(f"Fällt aus: {REASON}")).to_be_visible()
        expect(resident.get_by_text("Kirchplatz 1, 45657 Recklinghausen")).to_be_visible()
        _axe(resident, "events-detail")
