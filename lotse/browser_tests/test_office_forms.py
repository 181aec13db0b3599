"""A manager changes the neighbourhood office's consultation hours and closures; axe-core finds
no violations on these pages. (Residents writing "Ich brauche Hilfe bei …":
test_web_inquiry_journey.py.)"""

import re

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from lotse.accounts.services import user_create
from lotse.browser_tests.conftest import shoot
from lotse.browser_tests.test_office_appointments import assert_accessible, office  # noqa: F401
from lotse.core.models import Membership, Role
from lotse.office.models import ConsultationHour, OfficeClosure

pytestmark = pytest.mark.browser


@pytest.fixture
def manager_cookies(office, live_server):  # noqa: F811
    """The session cookie of the office's manager (the hours pages need no second factor)."""
    user = user_create(email="management-browser@test.de", password="pw-for-tests-1")
    Membership.objects.create(user=user, organisation=office.organisation, role=Role.MANAGER)
    client = Client()
    client.force_login(user)
    return [(settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value)]


def test_manager_changes_hours_and_closures(new_page, office, manager_cookies):  # noqa: F811
    page = new_page(cookies=manager_cookies)

    page.goto("/buero/altstadt/zeiten/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sprechstunden und Schließzeiten")
    assert_accessible(page)
    page.get_by_role("button", name="Sprechstunde eintragen").click()

    expect(page).to_have_title(re.compile("^Fehler:"))
    expect(page.get_by_role("alert")).to_contain_text("Wählen Sie mindestens einen Tag")
    assert_accessible(page)
    page.get_by_label("Samstag").check()
    page.get_by_label("Von (Uhrzeit)").fill("10:00")
    page.get_by_label("Bis (Uhrzeit)").fill("12:00")
    page.get_by_role("button", name="Sprechstunde eintragen").click()

    expect(page.get_by_text("Die Sprechstunde ist eingetragen.")).to_be_visible()
    assert office.hours.filter(byday="SA").exists()
    page.get_by_label("Geschlossen vom").fill("2099-12-24")
    page.get_by_label("bis einschließlich").fill("2099-12-31")
    page.get_by_role("button", name="Schließzeit eintragen").click()

    expect(page.get_by_text("Die Schließzeit ist eingetragen.")).to_be_visible()
    assert OfficeClosure.objects.filter(office=office).count() == 1
    assert_accessible(page)
    shoot(page, "buero-zeiten")
    page.set_viewport_size({"width": 390, "height": 844})
    shoot(page, "buero-zeiten")
    saturday = ConsultationHour.objects.get(office=office, byday="SA")
    page.goto(f"/buero/altstadt/zeiten/sprechstunde/{saturday.public_id}/entfernen/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Möchten Sie")
    assert_accessible(page)
    page.get_by_role("button", name="Ja, entfernen").click()

    expect(page.get_by_text("Die Sprechstunde ist entfernt.")).to_be_visible()
    assert not office.hours.filter(byday="SA").exists()
