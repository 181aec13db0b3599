"""The Handy-Café: a resident finds its next date from the start page; a helper logs in and
signs up for a shift on the date with a gap; the multiplier sees the gap closed. axe-core checks
every page on the way."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from conftest import totp_code
from lotse.browser_tests.conftest import format_violations, menu, run_axe, shoot
from lotse.volunteers import selectors_groups
from lotse.volunteers.models import Cafe, CafeShift
from lotse.volunteers.tests.groups_fixtures import make_helper

pytestmark = pytest.mark.browser

PASSWORD = "pw-for-tests-1"
MONTHS = [
    "Januar", "Februar", "März", "April", "Mai", "Juni",
    "Juli", "August", "September", "Oktober", "November", "Dezember",
]  # fmt: skip


def _no_axe_violations(page, name: str) -> None:
    shoot(page, name)
    violations = run_axe(page)
    assert not violations, f"axe auf {page.url}:\n{format_violations(violations)}"


def _log_in(page, email: str, secret: str) -> None:
    page.goto("/konto/anmelden/")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.get_by_label("Code aus der App oder Wiederherstellungscode").fill(totp_code(secret))
    page.get_by_role("button", name="Anmelden").click()
    expect(page).not_to_have_url(re.compile(r"/konto/"))


@pytest.fixture
def cafe_world(transactional_db, make_offer, quarter, helper, multiplier):
    office = multiplier.memberships.get().organisation
    offer = make_offer(
        "Handy-Café Altstadt",
        "Digital-Helfer zeigen Ihnen Ihr Smartphone. Bringen Sie Ihr Gerät mit.",
    )
    cafe = Cafe.objects.create(
        organisation=office,
        region_id=office.region_id,
        quarter=quarter,
        name="Handy-Café Altstadt",
        address="Quartiersbüro, Markt 1",
        service=offer,
        weekday=dt.date.today().weekday(),
        start_time=dt.time(15),
        end_time=dt.time(17),
        starts_on=dt.date.today() + dt.timedelta(days=1),
        helpers_wanted=2,
    )
    first = selectors_groups.cafe_dates(cafe=cafe, count=1)[0]
    anna = make_helper(office, quarter, "Anna Berg", user=helper)
    ben = make_helper(office, quarter, "Ben Kurz")
    CafeShift.objects.create(
        cafe=cafe, helper=ben, region_id=cafe.region_id, date=first, minutes=120
    )
    return cafe, first, anna


def test_a_resident_finds_the_date_a_helper_fills_the_gap_the_multiplier_sees_it(
    new_page, cafe_world, helper, multiplier, with_totp
):
    cafe, first, _anna = cafe_world
    day = f"{first.day}. {MONTHS[first.month - 1]}"

    # A resident searches from the start page and opens the café's offer.
    resident = new_page(width=390)
    resident.goto("/")
    resident.get_by_label("Wonach suchen Sie?").fill("Handy-Café")
    resident.get_by_role("button", name="Suchen").click()
    resident.locator("#ergebnisse").get_by_role("link", name="Handy-Café Altstadt").click()
    dates = resident.locator("section.cafe-panel")
    expect(dates.get_by_role("heading", name="Die nächsten Termine")).to_be_visible()
    expect(dates.get_by_role("listitem").first).to_contain_text(
        f"{day} {first.year}, 15:00 bis 17:00 Uhr"
    )
    _no_axe_violations(resident, "handy-cafe-angebot")

    # The helper logs in and signs up for the date that has a gap.
    helper_page = new_page()
    _log_in(helper_page, "helfer@test.de", with_totp(helper))
    menu(helper_page, 1280, "Arbeitsbereich").get_by_role("link", name="Meine Schichten").click()
    expect(helper_page.get_by_role("heading", level=1)).to_have_text("Meine Schichten")
    _no_axe_violations(helper_page, "meine-schichten")
    helper_page.get_by_role("button", name=f"Für {day} eintragen").click()
    expect(helper_page.get_by_role("status")).to_contain_text("Danke! Sie sind für")
    expect(helper_page.get_by_role("button", name=f"Für {day} austragen")).to_be_visible()
    _no_axe_violations(helper_page, "meine-schichten-eingetragen")

    # The multiplier sees the date fully staffed.
    staff = new_page()
    _log_in(staff, "multiplikator@test.de", with_totp(multiplier))
    menu(staff, 1280, "Arbeitsbereich").get_by_role("link", name="Handy-Café").click()
    _no_axe_violations(staff, "handy-cafe-planung")
    staff.get_by_role("link", name="Handy-Café Altstadt").click()
    row = staff.locator("#termine tbody tr").first
    expect(row).to_contain_text("2 / 2")
    expect(row).to_contain_text("Anna Berg")
    expect(row).not_to_contain_text("Lücke")
    _no_axe_violations(staff, "handy-cafe-termine")
    assert CafeShift.objects.filter(cafe=cafe, date=first).count() == 2
    assert resident.blocked == [] and helper_page.blocked == [] and staff.blocked == []
