"""Issue 19, the help plan from the Kümmerer's side, by links and menus, with axe-core on every
state: the Kümmerer logs in, goes to the case from "Meine Begleitungen", writes a goal with a
task and a referral (the referral shows its step in place), opens the plan PDF, records a
review and closes the case with the outcome of the goal."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import totp_code
from lotse.browser_tests.conftest import format_violations, menu, run_axe, shoot
from lotse.cases.models import Assessment, CaseFile, Goal, Stage
from lotse.cases.services import case_open, case_stage_refresh
from lotse.desk.models import Referral

pytestmark = pytest.mark.browser

PASSWORD = "pw-for-tests-1"


def _no_axe_violations(page, name: str) -> None:
    shoot(page, name)
    violations = run_axe(page)
    assert not violations, f"axe auf {page.url}:\n{format_violations(violations)}"


@pytest.fixture
def case_file(transactional_db, care_navigator, erna, quarter, make_offer) -> CaseFile:
    """Erna's case, assessed, with an offer to refer her to."""
    office = care_navigator.memberships.get().organisation
    make_offer("Einkaufshilfe Altstadt", "Ehrenamtliche gehen mit Ihnen einkaufen.")
    case_file = case_open(
        actor=care_navigator,
        organisation=office,
        person=erna,
        site=quarter,
        reason=CaseFile.Reason.STROKE,
        source=CaseFile.Source.HOSPITAL,
    )
    Assessment.objects.create(
        case_file=case_file, assessed_on=timezone.localdate(), recorded_by=care_navigator
    )
    case_stage_refresh(case_file)
    return case_file


def test_plan_review_and_closing(new_page, care_navigator, with_totp, case_file):
    secret = with_totp(care_navigator)
    page = new_page(width=1280)

    # Log in at the login page, with the app's code.
    page.goto("/konto/anmelden/")
    page.get_by_label("E-Mail-Adresse").fill("kuemmerer@test.de")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.get_by_label("Code aus der App oder Wiederherstellungscode").fill(totp_code(secret))
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_label("Code aus der App oder Wiederherstellungscode")).to_have_count(0)

    # "Meine Begleitungen" from the menu, then the case and its plan.
    page.goto("/")
    menu(page, 1280, "Arbeitsbereich").get_by_role("link", name="Meine Begleitungen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Meine Begleitungen")
    _no_axe_violations(page, "begleitungen")
    person = page.get_by_role("link", name="Müller, Erna")
    if person.count():
        person.click()  # the case's overview, whose head links the plan
        page.get_by_role("navigation", name="Teile der Begleitung").get_by_role(
            "link", name="Hilfeplan"
        ).click()
    else:
        # Without the overview page (another part of the work) the caseload names the case
        # without a link; the plan is at its address.
        expect(page.locator("main")).to_contain_text("Müller, Erna")
        page.goto(f"/begleitungen/{case_file.pk}/hilfeplan/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Erna Müller")
    expect(page.get_by_role("heading", level=2, name="Ziele und Maßnahmen")).to_be_visible()
    _no_axe_violations(page, "hilfeplan-leer")

    # An empty goal is refused with the summary on top.
    page.get_by_role("button", name="Ziel speichern").click()
    expect(page).to_have_title(re.compile("^Fehler:"))
    _no_axe_violations(page, "hilfeplan-fehler")

    # A goal in her words, a task for her daughter, a referral.
    page.get_by_label("Ziel in den Worten der Person").fill("Ich möchte wieder selbst einkaufen.")
    page.get_by_label("Lebensbereich").select_option(label="Alltag und Pflege")
    page.get_by_role("button", name="Ziel speichern").click()
    expect(
        page.get_by_role("heading", name="„Ich möchte wieder selbst einkaufen.“")
    ).to_be_visible()
    goal = Goal.objects.get()

    page.get_by_label("Zu welchem Ziel?").select_option(value=str(goal.pk))
    page.get_by_label("Was ist zu tun?").fill("Rollator beim Sanitätshaus bestellen")
    page.get_by_label("Angehörige", exact=True).check()
    page.get_by_label(re.compile("^Name \\(bei Angehörigen")).fill("Tochter Sabine")
    page.get_by_label(re.compile("^Bis wann")).fill("4.3.2027")
    page.get_by_role("button", name="Maßnahme speichern").click()
    expect(page.locator("main")).to_contain_text("Rollator beim Sanitätshaus bestellen")
    _no_axe_violations(page, "hilfeplan-aufgabe")

    page.get_by_label("Angebot suchen").fill("Einkaufshilfe")
    page.get_by_role("button", name="Angebote suchen").click()
    expect(page.get_by_role("heading", name="Einkaufshilfe Altstadt")).to_be_visible()
    _no_axe_violations(page, "hilfeplan-angebote")
    offer = page.get_by_role("region", name="Einkaufshilfe Altstadt")
    offer.get_by_label(re.compile("^Zu welchem Ziel")).select_option(value=str(goal.pk))
    offer.get_by_role("button", name=re.compile("^Weitervermitteln")).click()
    referral = Referral.objects.get()
    expect(page.locator("main")).to_contain_text(f"Weitervermittlung {referral.short_code}")
    expect(page.locator(f"#massnahme-{goal.actions.get(kind='referral').pk.hex}")).to_contain_text(
        "Angefragt"
    )
    _no_axe_violations(page, "hilfeplan-vermittelt")

    # The plan in large print answers a PDF.
    pdf_link = page.get_by_role("link", name=re.compile("^Hilfeplan in Großdruck"))
    href = pdf_link.get_attribute("href")
    assert href is not None
    answer = page.request.get(href)
    assert answer.status == 200
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.body().startswith(b"%PDF")

    # A second assessment for the review: everyday life needs less support now.
    parts = page.get_by_role("navigation", name="Teile der Begleitung")
    parts.get_by_role("link", name="Einschätzung").click()
    page.get_by_role("link", name="Neue Einschätzung erfassen").click()
    for fieldset in page.locator("fieldset.area-row").all():
        fieldset.get_by_label("Etwas Unterstützung").check()
    page.get_by_role("button", name="Einschätzung speichern").click()
    expect(page.get_by_role("status")).to_contain_text("Die Einschätzung ist gespeichert.")
    second = Assessment.objects.latest("created_at")
    _no_axe_violations(page, "einschaetzung-zweite")

    # A review with that assessment: what changed, the goal partly reached.
    page.get_by_role("navigation", name="Teile der Begleitung").get_by_role(
        "link", name="Überprüfungen"
    ).click()
    page.get_by_role("link", name="Überprüfung eintragen").click()
    expect(page.get_by_role("heading", level=2, name="Überprüfung eintragen")).to_be_visible()
    _no_axe_violations(page, "ueberpruefung-neu")
    page.get_by_label("Was hat sich verändert?").fill("Der Rollator ist da.")
    page.get_by_label("Einschätzung zu dieser Überprüfung").select_option(value=str(second.pk))
    page.get_by_label("Teilweise erreicht").check()
    page.get_by_role("button", name="Überprüfung speichern").click()
    expect(page.get_by_role("heading", level=2, name="Überprüfungen")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Der Rollator ist da.")
    _no_axe_violations(page, "ueberpruefungen")
    assert case_file.reviews.get().assessment == second

    # Closing with the goal's outcome.
    page.get_by_role("navigation", name="Teile der Begleitung").get_by_role(
        "link", name="Hilfeplan"
    ).click()
    page.get_by_role("link", name="Begleitung abschließen").click()
    page.get_by_role("button", name="Begleitung abschließen").click()
    expect(page).to_have_title(re.compile("^Fehler:"))
    _no_axe_violations(page, "abschluss-fehler")
    page.get_by_label("Erreicht", exact=True).check()
    page.get_by_label("Ziele erreicht").check()
    page.get_by_role("button", name="Begleitung abschließen").click()
    expect(page.locator("main")).to_contain_text("Abgeschlossen am")
    _no_axe_violations(page, "abgeschlossen")
    case_file.refresh_from_db()
    assert case_file.stage == Stage.CLOSED
    assert Goal.objects.get().status == Goal.Status.REACHED
    assert page.blocked == []
