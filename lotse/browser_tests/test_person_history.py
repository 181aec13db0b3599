"""Office staff log in, go from the dashboard to the person search and on to a person, and see
the person's history there (issue 16). axe-core checks each page at 1280 and 390 px."""

import datetime as dt
import re
import uuid

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import totp_code
from lotse.browser_tests.conftest import format_violations, run_axe, shoot
from lotse.desk.models import Inquiry
from lotse.desk.services.inquiries import inquiry_close, inquiry_create
from lotse.desk.services.referrals import referral_create
from lotse.office.models import Appointment, Office
from lotse.people.models import Consent, Proxy
from lotse.people.services import consent_record, person_create, proxy_add

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
    expect(page.get_by_label("Code aus der App oder Wiederherstellungscode")).to_have_count(0)


@pytest.fixture
def history(office_staff, quarter, topic, make_offer):
    office = office_staff.memberships.get().organisation
    erna = person_create(
        actor=office_staff,
        organisation=office,
        data={
            "given_name": "Erna",
            "family_name": "Müller",
            "birth_year": 1938,
            "phone": "0561 12 34 56",
            "street": "Hauptstraße 5",
            "quarter": quarter,
        },
    )
    consent_record(
        actor=office_staff,
        person=erna,
        purpose=Consent.Purpose.CONTACT,
        channel="phone",
        given_how=Consent.GivenHow.VERBAL_PHONE,
    )
    proxy_add(
        actor=office_staff,
        person=erna,
        data={
            "kind": Proxy.Kind.RELATIVE,
            "name": "Sabine Müller",
            "relationship": "Tochter",
            "evidence_kind": Proxy.Evidence.VERBAL,
        },
    )
    closed = inquiry_create(
        actor=office_staff, organisation=office, channel=Inquiry.Channel.WALK_IN, person=erna
    )
    inquiry_close(actor=office_staff, inquiry=closed, note="Erledigt")
    inquiry = inquiry_create(
        actor=office_staff,
        organisation=office,
        channel=Inquiry.Channel.PHONE,
        person=erna,
        topics=[topic],
        description="Braucht Hilfe beim Einkaufen.",
    )
    referral_create(actor=office_staff, inquiry=inquiry, service=make_offer("Mittagstisch"))
    place = Office.objects.create(
        organisation=office,
        quarter=quarter,
        name="Quartiersbüro Altstadt",
        slug="altstadt",
        street="Marktplatz 1",
        postcode="45657",
        city="Teststadt",
        phone="0561 123 45 67",
    )
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=3)
    Appointment.objects.create(
        office=place,
        region_id=office.region_id,
        start=start,
        end=start + dt.timedelta(minutes=30),
        person=erna,
        cancel_token_hash=uuid.uuid4().hex,
    )
    return erna


def test_staff_find_a_person_from_the_dashboard_and_see_the_history(
    transactional_db, new_page, office_staff, with_totp, history
):
    secret = with_totp(office_staff)
    page = new_page()
    _login_with_app(page, "buero@test.de", secret)

    page.goto("/anliegen/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Anliegen")
    _no_axe_violations(page, "dashboard")
    page.get_by_role("link", name="Personen suchen").click()
    expect(page).to_have_url(re.compile(r"/personen/$"))
    page.get_by_label("Name, Telefonnummer oder Straße").fill("mueller")
    page.get_by_role("button", name="Suchen").click()
    page.get_by_role("link", name="Müller, Erna").click()

    expect(page).to_have_url(re.compile(rf"/personen/{history.id}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Erna Müller")
    table = page.get_by_role("table", name="Der Verlauf, neueste zuerst")
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(6)
    # The appointment lies ahead, so it is first; then the rest, newest first.
    expect(rows.nth(0)).to_contain_text("Termin: Quartiersbüro Altstadt")
    expect(rows.nth(0)).to_contain_text("Gebucht")
    expect(rows.nth(1)).to_contain_text("Weitervermittlung: Mittagstisch")
    expect(rows.nth(1)).to_contain_text("Angefragt")
    expect(rows.nth(2)).to_contain_text("Anliegen: Telefon: Einkaufen")
    expect(rows.nth(3)).to_contain_text("Anliegen: Persönlich im Büro")
    expect(rows.nth(3)).to_contain_text("Abgeschlossen am")
    expect(rows.nth(4)).to_contain_text("Vertretung: Sabine Müller")
    expect(rows.nth(5)).to_contain_text("Einwilligung: Kontakt aufnehmen")
    _no_axe_violations(page, "person-verlauf")

    # The history leads to the inquiry.
    rows.nth(2).get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Anliegen vom")

    # Recording a call: the contact time is filled in; the caller's details fold out.
    page.goto("/anliegen/neu/")
    expect(page.get_by_label("Zeitpunkt des Kontakts")).to_have_value(re.compile(r"^\d\d\.\d\d\."))
    page.get_by_text("Jemand anderes meldet sich für die Person").click()
    expect(page.get_by_label("Beziehung zur Person")).to_be_visible()
    _no_axe_violations(page, "anliegen-neu")

    # On a phone: the same pages, the table as labelled lines, no sideways scrolling.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/personen/{history.id}/")
    _no_axe_violations(page, "person-verlauf")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.goto("/anliegen/?stand=alle&name=M%C3%BCller")
    expect(page.get_by_role("table")).to_contain_text("Erna Müller")
    _no_axe_violations(page, "dashboard-gefiltert")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.blocked == []
