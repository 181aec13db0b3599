"""Issue 19, the team part, with axe-core on every state: the Kümmerer logs in at the login
page and lands on "Meine Begleitungen", where a case with its review due stands first; hands it
to a colleague from the case's "Team und Übergabe" page; the colleague logs in and finds it; a
Kümmerer of another site is refused the case and does not see it; the team leader sees the
caseload per Kümmerer and site."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from conftest import totp_code
from lotse.browser_tests.conftest import format_violations, menu, run_axe, shoot
from lotse.cases.models import CaseFile
from lotse.cases.services import case_open
from lotse.cases.tests.conftest import colleague_make
from lotse.core.tests.factories import QuarterFactory

pytestmark = pytest.mark.browser

PASSWORD = "pw-for-tests-1"  # the user factory's


def _no_axe_violations(page, name: str) -> None:
    shoot(page, name)
    violations = run_axe(page)
    assert not violations, f"axe auf {page.url}:\n{format_violations(violations)}"


def _both_widths(page, name: str) -> None:
    """axe and a screenshot at 1280 and 390 pixels."""
    for width, height in ((1280, 800), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        _no_axe_violations(page, name)
    page.set_viewport_size({"width": 1280, "height": 800})


def _cookies(user, with_totp) -> list[tuple[str, str]]:
    with_totp(user)
    client = Client()
    client.force_login(user)
    return [(settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value)]


def _log_in(page, email: str, secret: str) -> None:
    page.goto("/konto/anmelden/")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.get_by_label("Code aus der App oder Wiederherstellungscode").fill(totp_code(secret))
    page.get_by_role("button", name="Anmelden").click()


@pytest.fixture
def world(transactional_db, care_navigator, office, erna, quarter, region):
    colleague = colleague_make(office, "kollegin@test.de")
    colleague.name = "Karla Kollegin"
    colleague.save(update_fields=["name"])
    other_site = QuarterFactory.create(name="Neustadt", slug="neustadt", parent__parent=region)
    elsewhere = colleague_make(office, "neustadt@test.de")
    case_file = case_open(
        actor=care_navigator,
        organisation=office,
        person=erna,
        site=quarter,
        reason=CaseFile.Reason.STROKE,
        source=CaseFile.Source.HOSPITAL,
    )
    CaseFile.objects.filter(pk=case_file.pk).update(
        next_review_on=timezone.localdate(), last_contact_at=timezone.now()
    )
    # The other site's Kümmerer has a case of their own there.
    case_open(
        actor=elsewhere,
        organisation=office,
        person=erna,
        site=other_site,
        reason=CaseFile.Reason.ISOLATION,
        source=CaseFile.Source.DIRECT,
    )
    return case_file, colleague, elsewhere


def test_caseload_handover_and_the_team_view(new_page, world, care_navigator, manager, with_totp):
    case_file, colleague, elsewhere = world

    # The Kümmerer logs in and lands on the caseload: the case's review is due.
    page = new_page(width=1280)
    _log_in(page, care_navigator.email, with_totp(care_navigator))
    expect(page).to_have_url(re.compile(r"/begleitungen/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Meine Begleitungen")
    row = page.locator("#begleitungen tbody tr").first
    expect(row).to_contain_text("Müller, Erna")
    expect(row).to_contain_text("Überprüfung fällig")
    _both_widths(page, "cases-team-caseload")

    # … filters to the cases that need something …
    page.get_by_label("Nur mit Handlungsbedarf").check()
    page.get_by_role("button", name="Filtern").click()
    expect(page.locator("#begleitungen")).to_contain_text("Müller, Erna")
    _no_axe_violations(page, "cases-team-caseload-filter")

    # … opens the case and its "Team und Übergabe" page.
    page.get_by_role("link", name="Müller, Erna").click()
    page.get_by_role("navigation", name="Teile der Begleitung").get_by_role(
        "link", name="Team und Übergabe"
    ).click()
    expect(page.get_by_role("heading", level=2).first).to_have_text(
        "Wer arbeitet an der Begleitung?"
    )
    _no_axe_violations(page, "cases-team-handover")
    page.get_by_role("button", name="Übergeben", exact=True).click()
    expect(page).to_have_title(re.compile("^Fehler:"))
    _no_axe_violations(page, "cases-team-handover-error")
    page.get_by_label("An wen übergeben Sie?").select_option(label="Karla Kollegin")
    page.get_by_label("Übergabe-Notiz").fill("Nach dem Schlaganfall: dienstags Physiotherapie.")
    page.get_by_role("button", name="Übergeben", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("an Karla Kollegin übergeben")
    expect(page.get_by_role("heading", level=1)).to_have_text("Meine Begleitungen")
    expect(page.locator("main")).not_to_contain_text("Müller, Erna")
    _no_axe_violations(page, "cases-team-handed-over")

    # The colleague logs in and finds the case; the note is on its handover page.
    other = new_page(width=390, height=844)
    _log_in(other, colleague.email, with_totp(colleague))
    expect(other.get_by_role("heading", level=1)).to_have_text("Meine Begleitungen")
    expect(other.locator("#begleitungen")).to_contain_text("Müller, Erna")
    _no_axe_violations(other, "cases-team-colleague")
    handover_url = f"/begleitungen/{case_file.pk}/uebergabe/"
    other.goto(handover_url)
    expect(other.locator("main")).to_contain_text("dienstags Physiotherapie")
    _no_axe_violations(other, "cases-team-colleague-handover")

    # A Kümmerer of another site does not see it and is refused at its address.
    stranger = new_page(width=1280, cookies=_cookies(elsewhere, with_totp))
    stranger.goto("/begleitungen/")
    expect(stranger.locator("main")).not_to_contain_text("Müller, Erna, ")
    expect(stranger.locator("#begleitungen")).to_contain_text("Neustadt")
    expect(stranger.locator("#begleitungen")).not_to_contain_text("Altstadt")
    response = stranger.goto(handover_url)
    assert response is not None and response.status == 403
    _no_axe_violations(stranger, "cases-team-refused")

    # The team leader opens the team view from the staff menu.
    lead = new_page(width=1280, cookies=_cookies(manager, with_totp))
    lead.goto("/")
    menu(lead, 1280, "Arbeitsbereich").get_by_role("link", name="Begleitungen im Team").click()
    expect(lead.get_by_role("heading", level=1)).to_contain_text("Begleitungen im Team")
    people = lead.locator("#pro-kuemmerer")
    expect(people.get_by_role("row", name=re.compile("Karla Kollegin"))).to_contain_text("1")
    _both_widths(lead, "cases-team-team")
    people.get_by_role("link", name="Karla Kollegin").click()
    expect(lead.get_by_role("heading", level=2, name=re.compile("Karla Kollegin"))).to_be_visible()
    expect(lead.locator("main")).to_contain_text("Begleitung 1 übergeben")
    _no_axe_violations(lead, "cases-team-team-member")
    assert page.blocked == [] and other.blocked == [] and lead.blocked == []
