"""The quarter's programme beyond the web page, by links and the menu alone, at 390 and 1280 px
with axe-core on every state: office staff print the Wochenplan from their office page (the
PDF is read back); a resident goes from the start page to "Veranstaltungen", finds the
calendar feed of the quarter and subscribes to the e-mail digest, confirming with the link of
the mail in the outbox."""

import datetime as dt
import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from conftest import totp_code
from lotse.browser_tests.conftest import format_violations, menu, run_axe, shoot
from lotse.core.models import Organisation
from lotse.news.models import DigestSubscription, Event, EventException, PublicationStatus
from lotse.news.occurrences import occurrences_refresh
from lotse.news.selectors_events import week_start
from lotse.notifications.models import Message
from lotse.office.models import ConsultationHour, Office

pytestmark = pytest.mark.browser

WIDTHS = [390, 1280]


def _no_axe_violations(page, name: str) -> None:
    shoot(page, name)
    violations = run_axe(page)
    assert not violations, f"axe auf {page.url}:\n{format_violations(violations)}"


@pytest.fixture
def office(transactional_db, region, quarter) -> Office:
    from conftest import _home_office

    organisation = _home_office(region)
    organisation.kind = Organisation.Kind.OFFICE
    organisation.save(update_fields=["kind"])
    office = Office.objects.create(
        organisation=organisation,
        quarter=quarter,
        name="Quartiersbüro Altstadt",
        slug="altstadt-buero",
        street="Marktplatz 1",
        postcode="45657",
        city="Teststadt",
        phone="0561 123 45 67",
    )
    ConsultationHour.objects.create(
        office=office, byday="MO,TU,WE,TH,FR", opens_at=dt.time(9), closes_at=dt.time(12)
    )
    return office


@pytest.fixture
def programme(office, provider_org, quarter) -> Event:
    """A Handy-Café every day of this week at 10 Uhr, Wednesday's cancelled with a reason."""
    from django.utils import timezone

    monday = week_start(timezone.localdate())
    start = timezone.make_aware(dt.datetime.combine(monday, dt.time(10)))
    event = Event.objects.create(
        organisation=provider_org,
        region_id=provider_org.region_id,
        area=quarter,
        title="Handy-Café",
        description="Fragen rund ums Handy, bei Kaffee und Keksen.",
        place_name="Stadtbücherei",
        street="Am Markt 3",
        postcode="45657",
        city="Teststadt",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        rrule="FREQ=DAILY;COUNT=7",
        skip_holidays=False,
        status=PublicationStatus.PUBLISHED,
    )
    EventException.objects.create(
        event=event,
        original_start=start + dt.timedelta(days=2),
        kind=EventException.Kind.CANCELLED,
        reason="Der Raum wird gestrichen",
    )
    occurrences_refresh(event)
    return event


def _log_in(page, secret: str) -> None:
    page.goto("/konto/anmelden/")
    page.get_by_label("E-Mail-Adresse").fill("buero@test.de")
    page.get_by_label("Passwort").fill("pw-for-tests-1")
    page.get_by_role("button", name="Anmelden").click()
    page.get_by_label("Code aus der App oder Wiederherstellungscode").fill(totp_code(secret))
    page.get_by_role("button", name="Anmelden").click()


@pytest.mark.parametrize("width", WIDTHS)
def test_office_staff_print_the_wochenplan_from_their_office_page(
    new_page, programme, office_staff, with_totp, width
):
    secret = with_totp(office_staff)
    page = new_page(width=width)

    # Office staff log in and go to their office's page through the staff menu
    _log_in(page, secret)
    menu(page, width, "Arbeitsbereich").get_by_role("link", name="Termine").click()
    expect(page).to_have_url(re.compile(r"/buero/altstadt-buero/termine/$"))
    _no_axe_violations(page, "wochenplan-buero")

    # They follow the link to the Wochenplan of their quarter
    page.get_by_role("link", name="Wochenplan des Quartiers drucken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wochenplan zum Ausdrucken")
    expect(page.get_by_role("heading", name="Wochenplan für Altstadt")).to_be_visible()
    _no_axe_violations(page, "wochenplan-waehlen")

    # This week's plan is a PDF with the days, the cancelled date and the office's phone
    link = page.get_by_role("link", name=re.compile("^Diese Woche"))
    response = page.request.get(link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.body()))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Was ist los in Altstadt?" in text
    assert text.count("Handy-Café") == 7
    assert "Fällt aus: Der Raum wird gestrichen" in text
    assert "Telefon: 0561 123 45 67" in text
    assert f"Seite {len(reader.pages)} von {len(reader.pages)}" in text
    assert page.blocked == []


@pytest.mark.parametrize("width", WIDTHS)
def test_resident_finds_the_calendar_and_subscribes_to_the_digest(new_page, programme, width):
    page = new_page(width=width)

    # From the start page to the events, and to the calendar of the quarter
    page.goto("/")
    menu(page, width).get_by_role("link", name="Veranstaltungen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Veranstaltungen: Kreis Test")
    _no_axe_violations(page, "rundbrief-veranstaltungen")
    page.get_by_role("link", name="Veranstaltungen im eigenen Kalender").click()
    expect(page.get_by_role("heading", name="Für welches Quartier?")).to_be_visible()
    _no_axe_violations(page, "kalender-quartier")
    page.get_by_role("link", name="Altstadt", exact=True).click()
    subscribe = page.get_by_role("link", name="Kalender für Altstadt abonnieren")
    expect(subscribe).to_have_attribute("href", re.compile(r"^webcal://.*/kalender/altstadt\.ics$"))
    _no_axe_violations(page, "kalender-abonnieren")
    feed = page.request.get(subscribe.get_attribute("href").replace("webcal://", "http://"))
    assert feed.headers["content-type"] == "text/calendar; charset=utf-8"
    assert "SUMMARY:Handy-Café" in feed.text()

    # To the digest: first without an address, then with one
    page.get_by_role("link", name="Zurück zu den Veranstaltungen").click()
    page.get_by_role("link", name="Rundbrief per E-Mail bestellen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rundbrief per E-Mail bestellen")
    _no_axe_violations(page, "rundbrief-formular")
    page.get_by_role("button", name="Rundbrief bestellen").click()
    expect(page).to_have_title(re.compile("^Fehler:"))
    expect(page.get_by_role("alert")).to_contain_text("Geben Sie Ihre E-Mail-Adresse ein")
    _no_axe_violations(page, "rundbrief-fehler")
    page.get_by_label("Ihre E-Mail-Adresse").fill("erna@example.org")
    page.get_by_label(re.compile("^Altstadt")).check()
    page.get_by_role("button", name="Rundbrief bestellen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Bitte schauen Sie in Ihr E-Mail-Postfach"
    )
    _no_axe_violations(page, "rundbrief-gesendet")

    # The confirmation mail is in the outbox; its link asks, the button confirms
    mail = Message.objects.get(template="news/digest_confirm", recipient="erna@example.org")
    link = re.search(r"http://\S+/bestaetigen/\S+/", mail.body)
    assert link is not None
    page.goto(link[0])
    expect(page.get_by_role("heading", level=1)).to_have_text("Rundbrief bestellen")
    _no_axe_violations(page, "rundbrief-bestaetigen")
    assert DigestSubscription.objects.get().confirmed_at is None
    page.get_by_role("button", name="Ja, Rundbrief bestellen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ihr Rundbrief ist bestellt")
    _no_axe_violations(page, "rundbrief-bestellt")
    assert DigestSubscription.objects.get().confirmed_at is not None
    assert page.blocked == []
