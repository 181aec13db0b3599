"""A resident without an account books a consultation in the neighbourhood office and cancels
it again; axe-core finds no violations on any of the public office pages."""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from lotse.accounts.services import user_create
from lotse.browser_tests.conftest import format_violations, run_axe
from lotse.core.models import Membership, Organisation, Role
from lotse.office.models import Appointment, ConsultationHour, Office
from lotse.people.models import Person

pytestmark = pytest.mark.browser


@pytest.fixture
def office(transactional_db, region, quarter) -> Office:
    """Open every day from 8 to 20 Uhr with one-hour slots, so the suite finds a free slot
    whenever it runs (public holidays close it; then the next day is offered)."""
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
        office=office,
        byday="MO,TU,WE,TH,FR,SA,SU",
        opens_at=dt.time(8),
        closes_at=dt.time(20),
    )
    return office


def assert_accessible(page) -> None:
    violations = run_axe(page)
    assert violations == [], format_violations(violations)


@pytest.mark.parametrize("javascript", [True, False], ids=["mit-javascript", "ohne-javascript"])
def test_resident_books_and_cancels_without_an_account(new_page, office, javascript):
    page = new_page(javascript=javascript, width=390, height=844)
    # axe-core runs in the page, so only the variant with JavaScript checks the same pages.
    check = assert_accessible if javascript else (lambda page: None)

    page.goto("/buero/altstadt/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Quartiersbüro Altstadt")
    check(page)
    page.get_by_role("link", name="Termin vereinbaren").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Termin vereinbaren")
    check(page)
    first_slot = page.get_by_role("radio").first
    slot_text = page.locator(f"label[for='{first_slot.get_attribute('id')}']").inner_text()
    first_slot.check()
    page.get_by_role("button", name="Weiter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Für wen ist der Termin?")
    check(page)
    page.get_by_label("Für mich selbst").check()
    page.get_by_role("button", name="Weiter").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Ihre Angaben für den Termin")
    expect(page.get_by_text(slot_text)).to_be_visible()
    page.get_by_role("button", name="Weiter zu: Angaben prüfen").click()
    expect(page).to_have_title(re.compile("^Fehler:"))
    expect(page.get_by_role("alert")).to_contain_text("Geben Sie Ihren Namen ein")
    check(page)
    page.get_by_label("Ihr Name").fill("Karl Schmidt")
    page.get_by_label(re.compile("^Telefonnummer")).fill("0561 / 99 88 77")
    page.get_by_label("Per SMS").check()
    page.get_by_role("button", name="Weiter zu: Angaben prüfen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Angaben prüfen")
    page.get_by_role("button", name="Termin buchen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Ihr Termin ist gebucht")
    expect(page.get_by_text(slot_text)).to_be_visible()
    check(page)
    appointment = Appointment.objects.get()
    assert (appointment.name, appointment.channel) == ("Karl Schmidt", "sms")
    page.get_by_role("link", name="Diesen Termin jetzt absagen").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Möchten Sie den Termin am")
    check(page)
    page.get_by_role("button", name="Ja, Termin absagen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Dieser Termin ist abgesagt")
    check(page)
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CANCELLED
    assert page.blocked == []


@pytest.fixture
def office_staff_cookies(office, live_server, with_totp):
    """The session cookie of a staff member of the office, with a second factor."""
    user = user_create(email="buero-browser@test.de", password="pw-for-tests-1")
    Membership.objects.create(user=user, organisation=office.organisation, role=Role.OFFICE_STAFF)
    with_totp(user)
    client = Client()
    client.force_login(user)
    return [(settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value)]


def test_staff_pages_have_no_axe_violations(new_page, office, office_staff_cookies):
    Person.objects.create(
        organisation=office.organisation,
        region_id=office.organisation.region_id,
        given_name="Erna",
        family_name="Müller",
        birth_year=1938,
        search_name="erna muller",
    )
    start = timezone.now().replace(minute=0, second=0, microsecond=0) - dt.timedelta(hours=1)
    Appointment.objects.create(
        office=office,
        region_id=office.organisation.region_id,
        start=start,
        end=start + dt.timedelta(hours=1),
        name="Karl Schmidt",
        phone="0561 99 88 77",
        cancel_token_hash="browser-test",
    )
    page = new_page(cookies=office_staff_cookies)

    page.goto(f"/buero/altstadt/termine/?tag={timezone.localtime(start).date()}")
    expect(page.get_by_role("cell", name=re.compile("Karl Schmidt"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Termin für eine Person buchen").click()
    page.get_by_label(re.compile("^Person suchen")).fill("Müller")
    page.get_by_role("button", name="Suchen").click()
    expect(page.get_by_label("Erna Müller, 1938")).to_be_visible()
    assert_accessible(page)
    page.goto(f"/buero/termine/{Appointment.objects.get().id}/absagen/")
    assert_accessible(page)
