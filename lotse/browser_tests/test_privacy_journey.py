"""Office staff download a person's Art. 15 export as PDF; a manager anonymises the person.
axe-core finds no WCAG 2.2 AA violations on the privacy pages."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect
from pypdf import PdfReader

from lotse.accounts.services import user_create
from lotse.browser_tests.conftest import format_violations, run_axe, shoot
from lotse.core.models import AuditEntry, Membership, Role
from lotse.people.models import Consent, Person
from lotse.people.services import consent_record, person_create

pytestmark = pytest.mark.browser


@pytest.fixture
def office(office_staff):
    return office_staff.memberships.get().organisation


@pytest.fixture
def manager(office):
    """The manager of the office that holds the person, whatever the fixture order."""
    user = user_create(email="management@test.de", password="pw-for-tests-1")
    Membership.objects.create(user=user, organisation=office, role=Role.MANAGER)
    return user


@pytest.fixture
def erna(transactional_db, office_staff, office, quarter) -> Person:
    person = person_create(
        actor=office_staff,
        organisation=office,
        data={
            "given_name": "Erna",
            "family_name": "Müller",
            "birth_year": 1938,
            "phone": "0561 12 34 56",
            "quarter": quarter,
            "hearing_note": "Hört links schlecht.",
        },
    )
    consent_record(
        actor=office_staff,
        person=person,
        purpose=Consent.Purpose.KEEP,
        given_how=Consent.GivenHow.VERBAL_PHONE,
    )
    return person


@pytest.fixture
def cookies_for(live_server, with_totp):
    """The session cookie of a user with a second factor, for `new_page(cookies=...)`."""

    def make(user):
        with_totp(user)
        client = Client()
        client.force_login(user)
        return [(settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value)]

    return make


def _assert_no_violations(page) -> None:
    violations = run_axe(page)
    assert violations == [], f"{page.url}\n{format_violations(violations)}"


def test_staff_download_the_art_15_pdf_with_the_persons_data(
    new_page, cookies_for, office_staff, erna, tmp_path
):
    page = new_page(cookies=cookies_for(office_staff))

    page.goto(f"/personen/{erna.id}/")
    page.get_by_role("link", name="Auskunft nach Art. 15 DSGVO: alle Angaben herunterladen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Auskunft für Erna Müller")
    _assert_no_violations(page)
    shoot(page, "auskunft")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Auskunft als PDF herunterladen").click()
    download = download_info.value
    pdf = tmp_path / download.suggested_filename
    download.save_as(pdf)

    assert download.suggested_filename == f"auskunft-{erna.id}.pdf"
    text = " ".join(sheet.extract_text() for sheet in PdfReader(pdf).pages)
    for expected in ("Erna", "Müller", "1938", "Daten speichern", "Mündlich am Telefon"):
        assert expected in text, expected
    assert AuditEntry.objects.filter(verb="person.exported", note="pdf").count() == 1
    _png_of_first_page(pdf)
    assert page.blocked == []


def _png_of_first_page(pdf: Path) -> None:
    """With pdftoppm installed, renders page 1 as a PNG (copied to LOTSE_SCREENSHOTS if set)."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        return
    target = pdf.with_suffix("")
    subprocess.run([pdftoppm, "-png", "-r", "60", "-singlefile", str(pdf), str(target)], check=True)
    png = target.with_suffix(".png")
    assert png.stat().st_size > 0
    if screenshots := os.environ.get("LOTSE_SCREENSHOTS"):
        Path(screenshots).mkdir(parents=True, exist_ok=True)
        shutil.copy(png, Path(screenshots) / "auskunft-pdf-seite-1.png")


def test_manager_anonymises_a_person_after_confirming(new_page, cookies_for, manager, erna):
    page = new_page(cookies=cookies_for(manager))

    page.goto(f"/personen/{erna.id}/")
    page.get_by_role("link", name="Angaben löschen nach Art. 17 DSGVO").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Angaben von Erna Müller löschen?")
    _assert_no_violations(page)
    shoot(page, "loeschen")
    page.get_by_role("button", name="Ja, Angaben löschen").click()
    expect(page).to_have_title(re.compile("^Fehler: "))
    _assert_no_violations(page)
    page.get_by_label("Grund für die Löschung").fill("Antrag auf Löschung vom 3. März")
    page.get_by_label("Ich habe geprüft").check()
    page.get_by_role("button", name="Ja, Angaben löschen").click()

    expect(page).to_have_url(re.compile(rf"/personen/{erna.id}/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Anonymisiert")
    assert Person.objects.get(pk=erna.pk).anonymised_at is not None
    page.goto(f"/datenschutz/personen/{erna.id}/loeschen/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Diese Person ist schon anonymisiert")
    _assert_no_violations(page)
