"""Staff tables on a phone: a table with class "stack" shows each row as a block, each cell
on its own line after its column heading (data-label), so no word breaks in the middle and
nothing scrolls sideways. At desktop width the tables look as before. Chromium keeps the
table semantics, and axe-core finds no violations at either width."""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from lotse.accounts.services import user_create
from lotse.browser_tests.conftest import shoot
from lotse.browser_tests.test_office_appointments import (  # noqa: F401
    assert_accessible,
    office,
    office_staff_cookies,
)
from lotse.browser_tests.test_office_forms import manager_cookies  # noqa: F401
from lotse.core.models import Membership, Role
from lotse.notifications.models import Message
from lotse.office.models import Appointment, OfficeClosure
from lotse.people.models import Consent, Person, Proxy

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
# What a cell's ::before shows, and whether the page or a table is wider than the viewport.
LAYOUT = """() => {
    const cell = document.querySelector('table.stack tbody td[data-label]');
    const head = document.querySelector('table.stack thead').getBoundingClientRect();
    return {
        page: document.documentElement.scrollWidth,
        tables: Math.max(...[...document.querySelectorAll('table.stack')].map(t => t.scrollWidth)),
        label: getComputedStyle(cell, '::before').content,
        cellLabel: cell.dataset.label,
        headHeight: head.height,
    };
}"""


def table_roles(page) -> set[str]:
    """The roles in Chromium's own accessibility tree (not Playwright's guess from the DOM)."""
    session = page.context.new_cdp_session(page)
    nodes = session.send("Accessibility.getFullAXTree")["nodes"]
    session.detach()
    return {node["role"]["value"] for node in nodes if "role" in node}


def assert_stacked(page) -> None:
    layout = page.evaluate(LAYOUT)
    assert layout["page"] <= PHONE["width"], layout
    assert layout["tables"] <= PHONE["width"], layout
    assert layout["cellLabel"] and layout["cellLabel"] in layout["label"], layout
    assert layout["headHeight"] <= 1, layout
    # display: block on the table elements must not turn the table into plain text.
    assert {"table", "row", "columnheader", "cell"} <= table_roles(page)


def assert_table(page) -> None:
    layout = page.evaluate(LAYOUT)
    assert layout["page"] <= DESKTOP["width"], layout
    assert layout["label"] == "none", layout
    assert layout["headHeight"] > 1, layout


def test_hours_and_day_tables_stack_on_a_phone(
    new_page,
    office,  # noqa: F811
    manager_cookies,  # noqa: F811
    office_staff_cookies,  # noqa: F811
):
    OfficeClosure.objects.create(
        office=office,
        starts_on=dt.date(2099, 12, 24),
        ends_on=dt.date(2099, 12, 31),
        note="Betriebsferien und Renovierung der Beratungsräume",
    )
    start = timezone.now().replace(minute=0, second=0, microsecond=0) - dt.timedelta(hours=1)
    Appointment.objects.create(
        office=office,
        region_id=office.organisation.region_id,
        start=start,
        end=start + dt.timedelta(hours=1),
        name="Karl Schmidt",
        phone="0561 99 88 77",
        email="karl.schmidt-hohenberg@beispiel-verein.example.org",
        note="Braucht Hilfe beim Wohngeldantrag",
        cancel_token_hash="browser-test",
    )
    page = new_page(cookies=manager_cookies, **PHONE)

    page.goto("/buero/altstadt/zeiten/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sprechstunden")
    assert_stacked(page)
    assert_accessible(page)
    shoot(page, "tabelle-zeiten")
    page.set_viewport_size(DESKTOP)
    assert_table(page)
    shoot(page, "tabelle-zeiten")

    page = new_page(cookies=office_staff_cookies, **PHONE)
    page.goto(f"/buero/altstadt/termine/?tag={timezone.localtime(start).date()}")
    expect(page.get_by_role("cell", name=re.compile("Karl Schmidt"))).to_be_visible()
    assert_stacked(page)
    for button in page.locator("table.stack button").all():
        assert button.bounding_box()["height"] >= 44
    assert_accessible(page)
    shoot(page, "tabelle-termine")
    page.set_viewport_size(DESKTOP)
    assert_table(page)
    shoot(page, "tabelle-termine")


@pytest.fixture
def office_admin_cookies(office, live_server, with_totp):  # noqa: F811
    """The office's administrator, with a second factor: only managers may erase a person."""
    user = user_create(email="verwaltung-browser@test.de", password="pw-for-tests-1")
    Membership.objects.create(user=user, organisation=office.organisation, role=Role.ADMINISTRATOR)
    with_totp(user)
    client = Client()
    client.force_login(user)
    return [(settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value)]


def test_person_tables_stack_on_a_phone(
    new_page,
    office,  # noqa: F811
    office_staff_cookies,  # noqa: F811
    office_admin_cookies,
):
    people = []
    for given, family, street in [
        ("Erna", "Müller", "Hauptstraße 5"),
        ("Erna", "Mueller", "Hauptstraße 5"),
        ("Hildegard", "Müller-Lüdenscheidt", "Donaudampfschifffahrtsgesellschaftsweg 112"),
    ]:
        people.append(
            Person.objects.create(
                organisation=office.organisation,
                region_id=office.organisation.region_id,
                given_name=given,
                family_name=family,
                birth_year=1938,
                phone="0561 / 12 34 56",
                street=street,
                city="Teststadt",
                search_name=f"{given} {family}".lower().replace("ü", "u"),
                search_phone="0561123456",
            )
        )
    erna, duplicate, _ = people
    staff = Membership.objects.get(user__email="buero-browser@test.de").user
    Proxy.objects.create(
        person=erna,
        region_id=erna.region_id,
        kind=Proxy.Kind.GUARDIAN,
        name="Monika Müller-Lüdenscheidt",
        relationship="Tochter",
        phone="0561 77 66 55",
        email="monika.mueller-luedenscheidt@beispiel-verein.example.org",
        address="Donaudampfschifffahrtsgesellschaftsweg 7\n34117 Kassel",
        scope=["health", "authorities", "housing"],
        evidence_kind=Proxy.Evidence.GUARDIAN_CARD,
        recorded_by=staff,
    )
    Consent.objects.create(
        person=erna,
        region_id=erna.region_id,
        purpose=Consent.Purpose.KEEP,
        given_how=Consent.GivenHow.VERBAL_PHONE,
        recorded_by=staff,
    )
    email = "monika.mueller-luedenscheidt@beispiel.de"
    for channel, status, recipient in [
        (Message.Channel.EMAIL, Message.Status.FAILED, email),
        (Message.Channel.LETTER, Message.Status.WAITING, "Erna Müller\nHauptstraße 5\nTeststadt"),
    ]:
        Message.objects.create(
            person=erna,
            organisation=office.organisation,
            region_id=erna.region_id,
            channel=channel,
            template="browser-test",
            recipient=recipient,
            subject="Erinnerung an Ihren Termin im Quartiersbüro",
            body="Guten Tag",
            status=status,
            attempts=3,
            last_error=f"550 5.1.1 <{email}>: Recipient address rejected: User unknown",
        )
    page = new_page(cookies=office_staff_cookies, **PHONE)

    page.goto("/personen/?q=Muller")
    expect(page.get_by_role("table")).to_contain_text("2 Personen gefunden")
    assert_stacked(page)
    assert_accessible(page)
    shoot(page, "tabelle-personen")
    page.set_viewport_size(DESKTOP)
    assert_table(page)
    shoot(page, "tabelle-personen")
    page.set_viewport_size(PHONE)
    for name, url in [
        ("tabelle-person", f"/personen/{erna.id}/?zweck=Beratung"),
        ("tabelle-doppelt", f"/personen/{erna.id}/doppelt/"),
        ("tabelle-zusammenfuehren", f"/personen/{erna.id}/zusammenfuehren/{duplicate.id}/"),
        ("tabelle-mitteilungen", "/mitteilungen/"),
        ("tabelle-briefe", "/mitteilungen/briefe/"),
    ]:
        page.goto(url)
        assert_stacked(page)
        assert_accessible(page)
        shoot(page, name)

    page = new_page(cookies=office_admin_cookies, **PHONE)
    page.goto(f"/datenschutz/personen/{erna.id}/loeschen/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("löschen")
    assert_stacked(page)
    assert_accessible(page)
    shoot(page, "tabelle-loeschen")


@pytest.fixture
def coordinator_cookies(region_coordinator, live_server, with_totp):
    """The region's coordinator, with a second factor: she administers organisations and areas."""
    with_totp(region_coordinator)
    client = Client()
    client.force_login(region_coordinator)
    return [(settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value)]


def test_directory_and_region_tables_stack_on_a_phone(
    new_page, make_offer, topic, staff_cookies, coordinator_cookies
):
    make_offer("Wohnberatung für Seniorinnen und Senioren", "Beratung zu Hause.", terms=[topic])
    staff_page = new_page(cookies=staff_cookies, **PHONE)
    coordinator_page = new_page(cookies=coordinator_cookies, **PHONE)

    for page, name, url in [
        (staff_page, "tabelle-angebote", "/mitarbeit/angebote/"),
        (staff_page, "tabelle-orte", "/mitarbeit/orte/"),
        (coordinator_page, "tabelle-verwaltung", "/verwaltung/"),
    ]:
        page.goto(url)
        assert_stacked(page)
        assert_accessible(page)
        shoot(page, name)
        page.set_viewport_size(DESKTOP)
        assert_table(page)
        shoot(page, name)
        page.set_viewport_size(PHONE)
