""" "Ich brauche Hilfe bei …" from the start page by links alone: a resident writes for themself,
a son writes for his mother ("Für wen brauchen Sie Hilfe?"), and office staff see on the
inquiry page whom it is about and who wrote. At 390 and 1280 px, with axe-core on every state."""

import re

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from lotse.browser_tests.conftest import menu
from lotse.browser_tests.test_finding_the_way import (
    _no_axe_violations,
    office,  # noqa: F401
)
from lotse.desk.models import Inquiry

pytestmark = pytest.mark.browser

WIDTHS = [390, 1280]


def _to_the_inquiry_form(page, width: int) -> None:
    """From the start page through the menu's office list to the office's "Ich brauche Hilfe
    bei …"."""
    page.goto("/")
    menu(page, width).get_by_role("link", name="Quartiersbüros").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Quartiersbüros")
    page.get_by_role("link", name=re.compile("^Ich brauche Hilfe bei")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Für wen brauchen Sie Hilfe?")


@pytest.mark.parametrize("javascript", [True, False], ids=["mit-javascript", "ohne-javascript"])
def test_resident_writes_for_themself(new_page, office, topic, javascript):  # noqa: F811
    page = new_page(javascript=javascript, width=390, height=844)

    _to_the_inquiry_form(page, 390)
    page.get_by_label("Für mich selbst").check()
    page.get_by_role("button", name="Weiter").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Ich brauche Hilfe bei …")
    expect(page.get_by_label("Bitte lassen Sie dieses Feld leer")).to_be_hidden()
    page.get_by_role("button", name="Anliegen senden").click()

    expect(page).to_have_title(re.compile("^Fehler:"))
    expect(page.get_by_role("alert")).to_contain_text("Schreiben Sie, wobei Sie Hilfe brauchen")
    _no_axe_violations(page, "anliegen-selbst-fehler")
    page.get_by_label("Wobei brauchen Sie Hilfe?").fill("Ich brauche Hilfe beim Einkaufen.")
    page.get_by_label("Einkaufen").check()
    page.get_by_label("Ihr Name", exact=True).fill("Karl Schmidt")
    page.get_by_label(re.compile("^Telefonnummer")).fill("0561 / 99 88 77")
    page.get_by_label(re.compile("^Ich bin einverstanden")).check()
    page.get_by_role("button", name="Anliegen senden").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Ihr Anliegen ist angekommen")
    inquiry = Inquiry.objects.get()
    assert (inquiry.contact_name, inquiry.organisation) == ("Karl Schmidt", office.organisation)
    assert (inquiry.person_name, inquiry.caller_kind) == ("", "")
    assert [t.name for t in inquiry.topics.all()] == ["Einkaufen"]
    assert page.blocked == []


@pytest.fixture
def staff_cookies(office, office_staff, with_totp, live_server):  # noqa: F811
    """The session of office staff of the office, past the second factor."""
    with_totp(office_staff)
    client = Client()
    client.force_login(office_staff)
    return [(settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value)]


@pytest.mark.parametrize("width", WIDTHS)
def test_son_writes_for_his_mother_and_staff_see_both(
    new_page,
    office,  # noqa: F811
    staff_cookies,
    width,
):
    page = new_page(width=width)

    _to_the_inquiry_form(page, width)
    _no_axe_violations(page, "anliegen-fuer-wen")
    page.get_by_role("button", name="Weiter").click()

    expect(page).to_have_title(re.compile("^Fehler:"))
    expect(page.get_by_role("alert")).to_contain_text("Wählen Sie, für wen Sie Hilfe brauchen")
    _no_axe_violations(page, "anliegen-fuer-wen-fehler")
    page.get_by_label("Für eine andere Person, zum Beispiel für meine Mutter").check()
    page.get_by_role("button", name="Weiter").click()

    expect(page.get_by_text("Sie schreiben für eine andere Person.")).to_be_visible()
    _no_axe_violations(page, "anliegen-andere")
    page.get_by_role("button", name="Anliegen senden").click()

    expect(page).to_have_title(re.compile("^Fehler:"))
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Geben Sie den Namen der Person ein, für die Sie schreiben")
    expect(alert).to_contain_text("Wählen Sie, wie Sie mit der Person verbunden sind")
    _no_axe_violations(page, "anliegen-andere-fehler")
    page.get_by_label("Name der Person, für die Sie schreiben").fill("Erna Schmidt")
    page.get_by_label(re.compile("^Telefonnummer dieser Person")).fill("0561 11 22 33")
    page.get_by_label("Wobei braucht die Person Hilfe?").fill("Hilfe beim Einkaufen.")
    page.get_by_label("Ich gehöre zur Familie, zum Beispiel Tochter oder Sohn").check()
    page.get_by_label(re.compile("^Ihre Verbindung in eigenen Worten")).fill("Sohn")
    page.get_by_label("Ihr Name", exact=True).fill("Karl Schmidt")
    page.get_by_label("Ihre E-Mail-Adresse").fill("karl@example.org")
    page.get_by_label(re.compile("^Ich bin einverstanden")).check()
    page.get_by_role("button", name="Anliegen senden").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Ihr Anliegen ist angekommen")
    _no_axe_violations(page, "anliegen-andere-gesendet")
    inquiry = Inquiry.objects.get()
    assert (inquiry.person_name, inquiry.person_phone) == ("Erna Schmidt", "0561 11 22 33")
    assert (inquiry.caller_kind, inquiry.caller_relation) == ("relative", "Sohn")
    assert (inquiry.contact_name, inquiry.contact_email) == ("Karl Schmidt", "karl@example.org")
    assert page.blocked == []

    staff = new_page(width=width, cookies=staff_cookies)
    staff.goto("/anliegen/")
    staff.locator("tr", has_text="Erna Schmidt").get_by_role("link").click()

    facts = staff.get_by_role("main")
    expect(facts).to_contain_text("Angehörige (Sohn): Karl Schmidt, karl@example.org")
    expect(facts).to_contain_text("Erna Schmidt, Telefon 0561 11 22 33 (noch ohne Personenakte)")
    _no_axe_violations(staff, "anliegen-andere-mitarbeit")
