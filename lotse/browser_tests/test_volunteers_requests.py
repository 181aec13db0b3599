"""Issue 18, a request for help from asking to done, by links and menus, with axe-core on every
state: a resident asks from the start page; the multiplier opens the board from the staff menu
and offers the request to a helper (a helper whose police certificate ran out is not ranked for
the home visit); the helper takes it by the link in the e-mail and reports the session from
"Meine Einsätze"; the request shows "Erledigt"."""

import re

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from lotse.browser_tests.conftest import format_violations, menu, run_axe, shoot
from lotse.notifications.models import Message
from lotse.volunteers.models import HelpRequest
from lotse.volunteers.tests.requests_fixtures import coordinating_office, make_helper

pytestmark = pytest.mark.browser


def _no_axe_violations(page, name: str) -> None:
    shoot(page, name)
    violations = run_axe(page)
    assert not violations, f"axe auf {page.url}:\n{format_violations(violations)}"


def _cookies(user, with_totp) -> list[tuple[str, str]]:
    with_totp(user)
    client = Client()
    client.force_login(user)
    return [(settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value)]


@pytest.fixture
def world(transactional_db, region, quarter, multiplier, helper):
    office = coordinating_office(region, quarter)
    valid = make_helper(office, quarter, name="Jana", seen_by=multiplier, user=helper)
    expired = make_helper(office, quarter, name="Otto", seen_by=multiplier, expired=True)
    return office, valid, expired


def test_request_from_asking_to_done(new_page, world, multiplier, helper, with_totp):
    office, valid, expired = world

    # A resident asks for help from the start page.
    page = new_page(width=390, height=844)
    page.goto("/")
    page.get_by_role("link", name="Ich brauche Hilfe mit meinem Handy").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Hilfe mit Handy, Tablet oder Computer"
    )
    _no_axe_violations(page, "digitalhilfe-anfrage")
    page.get_by_role("button", name="Anfrage senden").click()
    expect(page).to_have_title(re.compile("^Fehler:"))
    _no_axe_violations(page, "digitalhilfe-anfrage-fehler")
    page.get_by_label("Vorname").fill("Erna")
    page.get_by_label("Nachname").fill("Kaiser")
    page.get_by_label("Geburtsjahr").fill("1938")
    page.get_by_label(re.compile("^Telefonnummer")).fill("0561 12 34 56")
    page.get_by_label("In welchem Quartier wohnen Sie?").select_option(label="Altstadt")
    page.get_by_label(re.compile("^Postleitzahl")).fill("34117")
    page.get_by_label("iPhone", exact=True).check()
    page.get_by_label("Nachrichten und Videoanrufe").check()
    page.get_by_label("Bei mir zu Hause").check()
    page.get_by_label("Montag").check()
    page.get_by_label(re.compile("^Ich bin einverstanden, dass das Quartiersbüro")).check()
    page.get_by_label(re.compile("^Die Helferin oder der Helfer darf")).check()
    page.get_by_role("button", name="Anfrage senden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Danke für Ihre Anfrage")
    _no_axe_violations(page, "digitalhilfe-danke")
    help_request = HelpRequest.objects.get()

    # The multiplier opens the board from the staff menu and offers the request.
    staff = new_page(width=1280, cookies=_cookies(multiplier, with_totp))
    staff.goto("/")
    menu(staff, 1280, "Arbeitsbereich").get_by_role("link", name="Digital-Hilfe vermitteln").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Digital-Hilfe vermitteln")
    _no_axe_violations(staff, "digitalhilfe-vermittlung")
    staff.get_by_role("link", name=re.compile("^Erna K.")).click()
    expect(staff.get_by_role("heading", level=1)).to_contain_text("Erna Kaiser")
    ranking = staff.locator("ol.ranking")
    expect(ranking).to_contain_text("Jana Helfer")
    expect(ranking).to_contain_text("kennt iPhone")
    # Otto's police certificate ran out: no home visits, so not ranked.
    expect(ranking).not_to_contain_text("Otto")
    _no_axe_violations(staff, "digitalhilfe-anfrage-vorschlaege")
    staff.get_by_label(re.compile("^Jana Helfer")).check()
    staff.get_by_role("button", name="Anfrage anbieten").click()
    expect(staff.locator("#stand")).to_contain_text("Angeboten")
    _no_axe_violations(staff, "digitalhilfe-angeboten")

    # The helper takes it by the link in the e-mail.
    mail = Message.objects.get(template="volunteers/help_offer", recipient=valid.person.email)
    link = re.search(r"https?://\S+/digitalhilfe/einsatz/\S+/", mail.body)
    assert link is not None
    answer = new_page(width=390, height=844)
    answer.goto(link.group(0))
    expect(answer.get_by_role("heading", level=1)).to_have_text("Eine Anfrage für Sie")
    expect(answer.locator("main")).not_to_contain_text("Kaiser")
    _no_axe_violations(answer, "digitalhilfe-einsatz")
    answer.get_by_role("button", name="Ich übernehme das").click()
    expect(answer.locator("#antwort")).to_contain_text("übernommen")
    _no_axe_violations(answer, "digitalhilfe-einsatz-angenommen")

    # … and reports the session from "Meine Einsätze".
    own = new_page(width=390, height=844, cookies=_cookies(helper, with_totp))
    own.goto("/")
    menu(own, 390, "Arbeitsbereich").get_by_role("link", name="Meine Einsätze").click()
    expect(own.get_by_role("heading", level=1)).to_have_text("Meine Einsätze")
    expect(own.locator("main")).to_contain_text("0561 12 34 56")
    _no_axe_violations(own, "digitalhilfe-meine-einsaetze")
    own.get_by_role("link", name="Bericht schreiben").click()
    own.get_by_role("button", name="Bericht senden").click()
    expect(own).to_have_title(re.compile("^Fehler:"))
    _no_axe_violations(own, "digitalhilfe-bericht-fehler")
    own.get_by_label(re.compile("^Wie lange")).fill("45")
    own.get_by_label("Ja", exact=True).check()
    own.get_by_role("button", name="Bericht senden").click()
    expect(own.get_by_role("heading", level=1)).to_have_text("Meine Einsätze")

    # The request shows done.
    staff.reload()
    expect(staff.locator("#stand")).to_contain_text("Erledigt")
    _no_axe_violations(staff, "digitalhilfe-erledigt")
    help_request.refresh_from_db()
    assert help_request.state == HelpRequest.State.DONE
    assert page.blocked == [] and staff.blocked == []
