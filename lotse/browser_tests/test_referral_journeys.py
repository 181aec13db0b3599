"""The closed referral loop in the browser. Office staff take a call, record the inquiry with the
keyboard, search the directory on the inquiry page and refer the caller:

1. to a provider on the platform, after recording her consent to share her name: the provider
   answers in its inbox, the office follows up and closes the inquiry;
2. to a provider not on the platform: the office prints the slip, the provider confirms the
   arrival with the slip's code on the public page, the office records the outcome.

axe-core checks every page on the way, including the edit page and the error states."""

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from conftest import totp_code
from lotse.browser_tests.conftest import format_violations, run_axe, shoot
from lotse.desk.models import Inquiry, Referral, ReferralEvent, UnmetNeed
from lotse.people.models import Consent

pytestmark = pytest.mark.browser

PASSWORD = "pw-for-tests-1"
OFFER = "Hilfe beim Einkaufen"
# The phone number `make_offer` gives every offer (root conftest).
OFFER_PHONE = "02361 12 34 56"


def _no_axe_violations(page) -> None:
    violations = run_axe(page)
    assert not violations, f"axe auf {page.url}:\n{format_violations(violations)}"


def _login_with_app(page, email: str, secret: str) -> None:
    page.goto("/konto/anmelden/")
    _no_axe_violations(page)
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    code = page.get_by_label("Code aus der App oder Wiederherstellungscode")
    expect(code).to_be_visible()
    _no_axe_violations(page)
    code.fill(totp_code(secret))
    page.get_by_role("button", name="Anmelden").click()
    # Office staff land on the dashboard (lotse/accounts/staff_menu.py, LANDING).
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Anliegen: "))
    _no_axe_violations(page)


def _record_call_with_the_keyboard(page, person) -> Inquiry:
    """Staff find the caller and fill in the inquiry form with Tab, arrow keys, Space and
    Enter only; returns the inquiry saved."""
    page.goto("/anliegen/neu/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Anliegen erfassen")
    _no_axe_violations(page)
    expect(page.get_by_label(re.compile("^Person suchen"))).to_be_focused()
    page.keyboard.type("Müller")
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/anliegen/neu/\?person=M"))
    expect(page.get_by_text("Eine Person gefunden.")).to_be_visible()
    _no_axe_violations(page)
    chooser = page.get_by_role("combobox", name=re.compile(r"^Person\b"))
    expect(chooser).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(chooser).to_have_value(str(person.id))
    # The call came in by phone: chosen already, above the person.
    expect(page.get_by_label("Telefon", exact=True)).to_be_checked()
    for topic in ("Begegnung", "Digitales", "Einkaufen"):
        page.keyboard.press("Tab")
        expect(page.get_by_label(topic, exact=True)).to_be_focused()
    page.keyboard.press("Space")
    expect(page.get_by_label("Einkaufen", exact=True)).to_be_checked()
    for topic in ("Gesundheit", "Mobilität", "Pflege"):
        page.keyboard.press("Tab")
        expect(page.get_by_label(topic, exact=True)).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Worum geht es?")).to_be_focused()
    page.keyboard.type("Braucht nach der Hüft-OP Hilfe beim Einkaufen.")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Dauer in Minuten")).to_be_focused()
    page.keyboard.type("8")
    page.keyboard.press("Tab")
    expect(page.get_by_label(re.compile("^Wiedervorlage am"))).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Anliegen speichern")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.get_by_role("status")).to_contain_text("Das Anliegen ist gespeichert.")
    inquiry = Inquiry.objects.get()
    expect(page).to_have_url(re.compile(rf"/anliegen/{inquiry.id}/$"))
    assert (inquiry.person, inquiry.channel, inquiry.minutes_spent) == (
        person,
        Inquiry.Channel.PHONE,
        8,
    )
    assert [t.code for t in inquiry.topics.all()] == ["einkaufen"]
    _no_axe_violations(page)
    return inquiry


def _search_in_place(page, action, *, expected_query: str) -> None:
    """Runs `action`, a search on the inquiry page, and waits for the htmx answer whose address
    contains `expected_query`. The results arrive without loading the page: a marker set in
    the window survives and the address stays."""
    url = page.url
    page.evaluate("window.searchMarker = 'still here'")

    with page.expect_response(
        lambda response: (
            response.request.headers.get("hx-request") == "true" and expected_query in response.url
        )
    ) as answer:
        action(page.get_by_role("search"))

    assert answer.value.ok
    expect(page.locator("#angebote").get_by_role("heading", name=OFFER)).to_be_visible()
    assert page.url == url
    assert page.evaluate("window.searchMarker") == "still here"


def _search_by_topic(topic: str):
    def search_by_topic(search) -> None:
        search.get_by_label("Thema").select_option(label=topic)
        search.get_by_role("button", name="Angebote suchen").click()

    return search_by_topic


def _offer_card(page):
    return page.locator("#angebote").get_by_role("region", name=OFFER)


def _referral_card(page, referral: Referral):
    return page.get_by_role("region", name=f"{OFFER}: {referral.short_code}")


def _unmet_need_form(page):
    return page.locator("form", has=page.get_by_role("button", name="Fehlendes Angebot vermerken"))


def _close_inquiry(page, inquiry: Inquiry) -> None:
    page.get_by_label("Bemerkung zum Abschluss").fill("Hilfe ist angekommen.")
    page.get_by_role("button", name="Anliegen abschließen").click()
    expect(page.get_by_role("status")).to_contain_text("Das Anliegen ist abgeschlossen.")
    expect(page.get_by_role("definition").first).to_have_text("Abgeschlossen")
    expect(page.get_by_role("link", name="Angaben ändern")).to_have_count(0)
    _no_axe_violations(page)
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.CLOSED
    assert inquiry.follow_up_on is None and not inquiry.follow_up_outcome


def test_referral_to_a_provider_on_the_platform_with_consent(
    transactional_db,
    new_page,
    directory,
    erna,
    office_staff,
    with_totp,
    provider_staff,
    staff_totp_cookies,
):
    # Given the provider of the offers (AWO Altstadt) has staff on the platform
    page = new_page()
    _login_with_app(page, "buero@test.de", with_totp(office_staff))

    # Office staff take Erna Müller's call and record it
    inquiry = _record_call_with_the_keyboard(page, erna)
    inquiry_url = page.url

    # They search the directory without leaving the page
    _search_in_place(
        page,
        lambda search: search.get_by_label("Angebot suchen").press_sequentially("Einkaufen"),
        expected_query="angebot=Einkaufen&",
    )
    card = _offer_card(page)
    expect(card).to_contain_text("Der Anbieter ist auf Quartierslotse und antwortet hier.")
    expect(card).to_contain_text("Keine Einwilligung zur Weitergabe")
    _no_axe_violations(page)
    shoot(page, "anliegen-suche")
    page.set_viewport_size({"width": 390, "height": 844})
    _no_axe_violations(page)
    shoot(page, "anliegen-suche")
    page.set_viewport_size({"width": 1280, "height": 800})

    # Erna agrees on the phone that AWO may learn her name and number
    card.get_by_role("link", name="Einwilligung erfassen für AWO Altstadt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Einwilligung von Erna Müller erfassen"
    )
    expect(page.get_by_label("Daten an eine Organisation weitergeben")).to_be_checked()
    expect(page.get_by_label("Mündlich am Telefon")).to_be_checked()
    _no_axe_violations(page)
    page.get_by_role("button", name="Speichern").click()

    expect(page.get_by_role("status")).to_contain_text("Die Einwilligung ist gespeichert.")
    expect(page).to_have_url(re.compile(rf"^{re.escape(inquiry_url)}\?angebot=Einkaufen"))
    card = _offer_card(page)
    expect(card).to_contain_text("Die Person ist einverstanden")
    _no_axe_violations(page)
    card.get_by_label(re.compile("^Hinweis für den Anbieter")).fill("Bitte vormittags anrufen.")
    card.get_by_role("button", name=f"Vermitteln an {OFFER}").click()

    referral = Referral.objects.get()
    expect(page.get_by_role("status")).to_contain_text(
        f"Vermittelt an „{OFFER}“. Der Kurzcode ist {referral.short_code}."
    )
    expect(page.get_by_role("status")).not_to_contain_text("Drucken Sie den Zettel")
    referral_card = _referral_card(page, referral)
    expect(referral_card).to_contain_text("Stand: Angefragt.")
    expect(referral_card).to_contain_text("Mit Name und Telefonnummer (Einwilligung liegt vor).")
    # The provider answers itself: no steps for the office to record.
    expect(referral_card.get_by_role("button", name="Der Anbieter hat zugesagt")).to_have_count(0)
    _no_axe_violations(page)

    # The provider's staff member answers in the inbox, in another browser
    provider = new_page(cookies=staff_totp_cookies)
    provider.goto("/vermittlungen/eingang/")
    inbox_card = provider.get_by_role("region", name=f"{OFFER}: {referral.short_code}")
    expect(inbox_card).to_contain_text("Erna Müller, Telefon 0561 / 12 34 56")
    expect(inbox_card).to_contain_text("Bitte vormittags anrufen.")
    _no_axe_violations(provider)
    inbox_card.get_by_role("button", name="Annehmen").click()
    expect(provider.get_by_role("status")).to_contain_text(
        f"Sie haben die Vermittlung {referral.short_code} angenommen."
    )
    expect(inbox_card).to_contain_text("Angenommen")
    _no_axe_violations(provider)
    inbox_card.get_by_role("button", name="Die Person ist angekommen").click()
    expect(provider.get_by_role("status")).to_contain_text("ist angekommen.")
    expect(inbox_card).to_contain_text("Läuft")
    inbox_card.get_by_text("Ergebnis eintragen").click()
    inbox_card.get_by_label("Ja", exact=True).check()
    _no_axe_violations(provider)
    inbox_card.get_by_role("button", name="Ergebnis speichern").click()
    expect(provider.get_by_role("status")).to_contain_text(
        f"Das Ergebnis der Vermittlung {referral.short_code} ist gespeichert."
    )
    expect(provider.get_by_text("Zurzeit gibt es keine offenen Vermittlungen")).to_be_visible()
    _no_axe_violations(provider)

    # The office sees the outcome and asks Erna whether it worked
    page.goto(inquiry_url)
    expect(_referral_card(page, referral)).to_contain_text("Stand: Abgeschlossen.")
    follow_up = page.get_by_role("region", name="Nachfragen: Hat es geklappt?")
    expect(follow_up).to_be_visible()
    _no_axe_violations(page)
    follow_up.get_by_label("Was hat die Person gesagt?").fill("Sehr zufrieden.")
    follow_up.get_by_role("button", name="Nachfrage erledigt").click()
    expect(page.get_by_role("status")).to_contain_text("Die Nachfrage ist erledigt.")
    expect(page.get_by_role("region", name="Nachfragen: Hat es geklappt?")).to_have_count(0)
    _no_axe_violations(page)
    _close_inquiry(page, inquiry)

    referral.refresh_from_db()
    assert referral.status == Referral.Status.COMPLETED
    assert referral.succeeded is True
    assert referral.shares_personal_data
    consent = referral.consent
    assert consent is not None
    assert consent.purpose == Consent.Purpose.SHARE
    assert consent.recipient == directory.shopping.organization
    assert consent.given_how == Consent.GivenHow.VERBAL_PHONE
    steps = list(ReferralEvent.objects.filter(referral=referral).values_list("to_status", "actor"))
    assert steps == [
        (Referral.Status.REQUESTED, office_staff.pk),
        (Referral.Status.ACCEPTED, provider_staff.pk),
        (Referral.Status.IN_PROGRESS, provider_staff.pk),
        (Referral.Status.COMPLETED, provider_staff.pk),
    ]
    assert page.blocked == [] and provider.blocked == []


def test_referral_to_a_provider_not_on_the_platform_with_the_slip(
    transactional_db, new_page, directory, erna, office_staff, with_totp
):
    # Given nobody of AWO Altstadt works on the platform
    page = new_page()
    _login_with_app(page, "buero@test.de", with_totp(office_staff))
    inquiry = _record_call_with_the_keyboard(page, erna)
    inquiry_url = page.url

    # The edit page, also with an error
    page.get_by_role("link", name="Angaben ändern").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Anliegen ändern")
    _no_axe_violations(page)
    page.get_by_label("Worum geht es?").fill("")
    page.get_by_role("button", name="Änderungen speichern").click()
    expect(page).to_have_title(re.compile("^Fehler:"))
    expect(page.get_by_role("alert")).to_contain_text("Schreiben Sie kurz, worum es geht")
    _no_axe_violations(page)
    inquiry.refresh_from_db()
    assert inquiry.description == "Braucht nach der Hüft-OP Hilfe beim Einkaufen."
    page.get_by_label("Worum geht es?").fill("Braucht Hilfe beim Einkaufen, auch am Samstag.")
    page.get_by_role("button", name="Änderungen speichern").click()
    expect(page.get_by_role("status")).to_contain_text("Die Änderungen sind gespeichert.")
    expect(page.get_by_text("auch am Samstag")).to_be_visible()
    _no_axe_violations(page)

    # They search by topic; no consent is needed for a referral without personal data
    _search_in_place(
        page,
        _search_by_topic("Einkaufen"),
        expected_query="thema=einkaufen",
    )
    card = _offer_card(page)
    expect(card).to_contain_text("Der Anbieter ist nicht auf Quartierslotse")
    _no_axe_violations(page)
    card.get_by_role("button", name=f"Vermitteln an {OFFER}").click()

    referral = Referral.objects.get()
    code = referral.short_code
    expect(page.get_by_role("status")).to_contain_text(
        "Der Anbieter ist nicht auf Quartierslotse: Drucken Sie den Zettel."
    )
    referral_card = _referral_card(page, referral)
    expect(referral_card).to_contain_text("Ohne Angaben zur Person.")
    expect(referral_card.get_by_role("button", name="Der Anbieter hat zugesagt")).to_be_visible()
    _no_axe_violations(page)

    # The slip for Erna to take along: the code and the provider's number, not her name
    slip_link = referral_card.get_by_role("link", name=re.compile("^Vermittlungszettel drucken"))
    expect(slip_link).to_have_accessible_name(f"Vermittlungszettel drucken (PDF) für {code}")
    slip = page.request.get(slip_link.get_attribute("href"))
    assert slip.ok
    assert slip.headers["content-type"] == "application/pdf"
    text = " ".join(sheet.extract_text() for sheet in PdfReader(io.BytesIO(slip.body())).pages)
    text = " ".join(text.split())
    assert code in text
    assert OFFER_PHONE in text
    assert "Erna" not in text and "Müller" not in text

    # At the provider, someone types the code from the slip on the public page
    public = new_page(width=390, height=844)
    public.goto("/bestaetigen/")
    expect(public.get_by_role("heading", level=1)).to_have_text("Ankunft bestätigen")
    _no_axe_violations(public)
    public.get_by_label("Kurzcode vom Vermittlungszettel").fill(code.lower().replace("-", " "))
    public.get_by_role("button", name="Ankunft bestätigen").click()
    expect(public.get_by_role("status")).to_have_text("Danke, die Ankunft ist bestätigt.")
    _no_axe_violations(public)

    # The office sees the arrival
    page.goto(inquiry_url)
    referral_card = _referral_card(page, referral)
    expect(referral_card).to_contain_text("Stand: Läuft.")
    expect(referral_card).to_contain_text("Ankunft mit dem Kurzcode bestätigt")
    _no_axe_violations(page)

    # She also wants help on Saturdays, which nobody offers: first without a topic (an error,
    # nothing recorded), then with one
    missing = _unmet_need_form(page)
    missing.get_by_label("Thema").select_option(label="Bitte wählen")
    missing.get_by_label("Was fehlt?").fill("Einkaufshilfe am Samstag")
    missing.get_by_role("button", name="Fehlendes Angebot vermerken").click()
    expect(page).to_have_title(re.compile("^Fehler:"))
    expect(page.get_by_role("alert")).to_contain_text(
        "Wählen Sie das Thema, zu dem ein Angebot fehlt"
    )
    _no_axe_violations(page)
    assert not UnmetNeed.objects.exists()
    missing = _unmet_need_form(page)
    expect(missing.get_by_label("Was fehlt?")).to_have_value("Einkaufshilfe am Samstag")
    missing.get_by_label("Thema").select_option(label="Einkaufen")
    missing.get_by_role("button", name="Fehlendes Angebot vermerken").click()
    expect(page.get_by_role("status")).to_contain_text("Das fehlende Angebot ist vermerkt.")
    expect(page.get_by_text("Einkaufshilfe am Samstag")).to_be_visible()
    _no_axe_violations(page)
    assert UnmetNeed.objects.get().note == "Einkaufshilfe am Samstag"

    # The office records what the provider said on the phone: it worked
    referral_card = _referral_card(page, referral)
    referral_card.get_by_text("Ergebnis eintragen").click()
    referral_card.get_by_label("Ja", exact=True).check()
    referral_card.get_by_label(re.compile("^Bemerkung")).fill("Laut Anbieter am Telefon")
    _no_axe_violations(page)
    referral_card.get_by_role("button", name="Ergebnis speichern").click()
    expect(page.get_by_role("status")).to_contain_text(
        f"Das Ergebnis der Vermittlung {code} ist gespeichert."
    )
    expect(page).to_have_url(re.compile(rf"/anliegen/{inquiry.id}/#vermittlungen$"))
    expect(_referral_card(page, referral)).to_contain_text("Stand: Abgeschlossen.")
    _no_axe_violations(page)
    _close_inquiry(page, inquiry)

    referral.refresh_from_db()
    assert referral.status == Referral.Status.COMPLETED
    assert referral.succeeded is True
    assert not referral.shares_personal_data and referral.consent is None
    steps = list(
        ReferralEvent.objects.filter(referral=referral).values_list("to_status", "actor", "note")
    )
    assert steps == [
        (Referral.Status.REQUESTED, office_staff.pk, ""),
        (Referral.Status.IN_PROGRESS, None, "Ankunft mit dem Kurzcode bestätigt"),
        (Referral.Status.COMPLETED, office_staff.pk, "Laut Anbieter am Telefon"),
    ]
    assert page.blocked == [] and public.blocked == []
