"""A resident books with a confirmation by letter (the postal address on the form), and office
staff book a home visit outside the consultation hours from the day view; on a phone (390 px)
and a desktop (1280 px), with axe-core on every state and no sideways scrolling."""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from lotse.accounts.services import user_create
from lotse.browser_tests.conftest import format_violations, menu, run_axe, shoot
from lotse.core.models import Membership, Organisation, Role
from lotse.notifications.models import Message
from lotse.office.models import Appointment, ConsultationHour, Office
from lotse.people.models import Person

pytestmark = pytest.mark.browser


@pytest.fixture
def office(transactional_db, region, quarter) -> Office:
    """Open every day from 8 to 20 Uhr with one-hour slots, so a free slot exists whenever the
    test runs, and 21 Uhr is always outside the hours."""
    organisation = Organisation.objects.create(
        name="Quartiersbüro Altstadt", region=region, kind=Organisation.Kind.OFFICE
    )
    office = Office.objects.create(
        organisation=organisation,
        quarter=quarter,
        name="Quartiersbüro Altstadt",
        slug="altstadt",
        street="Marktplatz 1",
        postcode="45657",
        city="Teststadt",
        phone="0561 123 45 67",
        slot_minutes=60,
    )
    ConsultationHour.objects.create(
        office=office, byday="MO,TU,WE,TH,FR,SA,SU", opens_at=dt.time(8), closes_at=dt.time(20)
    )
    return office


@pytest.fixture
def staff_cookies(office, live_server, with_totp):
    user = user_create(email="besuch-browser@test.de", password="pw-for-tests-1")
    user.name = "Sabine Kraft"
    user.save(update_fields=["name"])
    Membership.objects.create(user=user, organisation=office.organisation, role=Role.OFFICE_STAFF)
    with_totp(user)
    client = Client()
    client.force_login(user)
    return [(settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value)]


def _checked(page, name: str) -> None:
    shoot(page, f"brief-besuch-{name}")
    violations = run_axe(page)
    assert not violations, f"axe auf {page.url}:\n{format_violations(violations)}"
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name}: {overflow} px breiter als das Fenster"


@pytest.mark.parametrize("width", [390, 1280])
def test_letter_confirmation_and_home_visit(new_page, office, staff_cookies, width):
    page = new_page(width=width, height=844 if width < 640 else 900)

    # From the start page by the menu, as a resident finds the office
    page.goto("/")
    menu(page, width).get_by_role("link", name="Quartiersbüros").click()
    page.get_by_role("link", name=office.name, exact=True).click()
    page.get_by_role("link", name=re.compile("^Termin vereinbaren")).click()
    page.get_by_role("radio").first.check()
    page.get_by_role("button", name="Weiter").click()
    page.get_by_label("Für mich selbst").check()
    page.get_by_role("button", name="Weiter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ihre Angaben für den Termin")
    expect(page.get_by_label("Postleitzahl (nur für Brief)")).to_be_visible()
    _checked(page, f"formular-{width}")
    page.get_by_label("Ihr Name").fill("Karl Schmidt")
    page.get_by_label(re.compile("^Telefonnummer")).fill("0561 99 88 77")
    page.get_by_label("Per Brief").check()
    page.get_by_label("Postleitzahl (nur für Brief)").fill("4565")
    page.get_by_role("button", name="Weiter zu: Angaben prüfen").click()

    expect(page).to_have_title(re.compile("^Fehler:"))
    expect(page.get_by_role("alert")).to_contain_text(
        "Für einen Brief geben Sie Straße und Hausnummer ein"
    )
    expect(page.get_by_role("alert")).to_contain_text("Die Postleitzahl hat 5 Ziffern")
    _checked(page, f"formular-fehler-{width}")
    page.get_by_label("Straße und Hausnummer (nur für Brief)").fill("Lindenweg 3")
    page.get_by_label("Postleitzahl (nur für Brief)").fill("45657")
    page.get_by_label("Ort (nur für Brief)").fill("Teststadt")
    page.get_by_role("button", name="Weiter zu: Angaben prüfen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Angaben prüfen")
    expect(page.get_by_text("Per Brief")).to_be_visible()
    _checked(page, f"pruefen-{width}")
    page.get_by_role("button", name="Termin buchen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Ihr Termin ist gebucht")
    letter = Message.objects.get(template="appointment_confirmation")
    assert letter.channel == "letter"
    assert letter.recipient == "Karl Schmidt\nLindenweg 3\n45657 Teststadt"

    person = Person.objects.create(
        organisation=office.organisation,
        region_id=office.organisation.region_id,
        given_name="Erna",
        family_name="Müller",
        birth_year=1938,
        street="Birkenweg 5",
        postcode="45657",
        city="Teststadt",
        search_name="erna muller",
    )
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    staff = new_page(cookies=staff_cookies, width=width, height=844 if width < 640 else 900)
    # Office staff reach the day view by the staff menu, then tomorrow by its link
    staff.goto("/")
    menu(staff, width, "Arbeitsbereich").get_by_role("link", name="Termine").click()
    staff.get_by_role("link", name="Nächster Tag").click()
    staff.get_by_role("link", name="Hausbesuch oder Termin außerhalb der Sprechzeit").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text(
        "Hausbesuch oder Termin außerhalb der Sprechzeit"
    )
    staff.get_by_label(re.compile("^Person suchen")).fill("Müller")
    staff.get_by_role("button", name="Suchen").click()
    staff.get_by_label("Erna Müller, 1938, Birkenweg 5").check()
    expect(staff.get_by_label("Hausbesuch", exact=True)).to_be_checked()
    expect(staff.get_by_label("Tag")).to_have_value(f"{tomorrow:%d.%m.%Y}")
    staff.get_by_label("Uhrzeit").fill("21:00")
    staff.get_by_label("Dauer in Minuten").fill("45")
    _checked(staff, f"besuch-{width}")
    staff.get_by_role("button", name="Termin buchen").click()

    expect(staff.locator(".messages")).to_contain_text("Hausbesuch für Erna Müller")
    row = staff.get_by_role("row", name=re.compile("21:00–21:45 Uhr"))
    expect(row).to_contain_text("Hausbesuch")
    expect(row).to_contain_text("Ort: Birkenweg 5, 45657 Teststadt")
    expect(row).to_contain_text("Zuständig: Sabine Kraft")
    _checked(staff, f"tag-{width}")
    visit = Appointment.objects.get(person=person)
    assert visit.staff_member is not None
    assert (visit.kind, visit.staff_member.email) == ("home_visit", "besuch-browser@test.de")

    # A second visit at an overlapping time, booked the same way from the day view
    staff.get_by_role("link", name="Hausbesuch oder Termin außerhalb der Sprechzeit").click()
    staff.get_by_label(re.compile("^Person suchen")).fill("Müller")
    staff.get_by_role("button", name="Suchen").click()
    staff.get_by_label("Erna Müller, 1938, Birkenweg 5").check()
    expect(staff.get_by_label("Tag")).to_have_value(f"{tomorrow:%d.%m.%Y}")
    staff.get_by_label("Uhrzeit").fill("21:30")
    staff.get_by_role("button", name="Termin buchen").click()
    expect(staff.get_by_role("alert")).to_contain_text(
        "Erna Müller hat zu dieser Zeit schon einen Termin: Hausbesuch am"
    )
    _checked(staff, f"konflikt-{width}")
    assert Appointment.objects.filter(person=person).count() == 1
