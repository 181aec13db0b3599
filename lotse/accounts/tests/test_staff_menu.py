"""The staff menu and the landing after login, for every persona: a menu entry is shown exactly
when the role catalogue (read from the permission rules) gives the persona's role the entry's
permission, every link opens (200, never 403), and each role lands on its work."""

import datetime as dt
import time

import pytest
import rules
from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
from django.urls import reverse

from lotse.accounts.role_catalogue import role_catalogue_cached
from lotse.accounts.staff_menu import STAFF_MENU, landing_url, staff_menu
from lotse.core.models import Organisation
from lotse.core.rules import is_staff_member
from lotse.office.models import ConsultationHour, Office

PERSONAS = [
    "resident",
    "relative",
    "helper",
    "multiplier",
    "office_staff",
    "care_navigator",
    "provider_staff",
    "manager",
    "region_coordinator",
    "researcher",
    "administrator",
    "outsider",
]

LANDING = {
    "resident": "/konto/",
    "relative": "/konto/",
    "helper": "/digitalhilfe/meine-angaben/",
    "multiplier": "/digitalhilfe/helfer/",
    "office_staff": "/anliegen/",
    "care_navigator": "/begleitungen/",
    "provider_staff": "/vermittlungen/eingang/",
    "manager": "/anliegen/",
    "region_coordinator": "/verwaltung/",
    "researcher": "/mitarbeit/",
    "administrator": "/konto/mitarbeitende/",
    "outsider": "/vermittlungen/eingang/",
}


@pytest.fixture
def home_office(region, quarter) -> Office:
    """The office that the Quartiersbüro Altstadt (office staff, navigator, manager …) runs."""
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


def _log_in(client, user) -> None:
    """Logged in as after password and authenticator code (allauth keeps a record of both)."""
    client.force_login(user)
    session = client.session
    now = time.time()
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": now, "email": user.email},
        {"method": "mfa", "at": now, "id": 0, "type": "totp"},
    ]
    session.save()


def _allowed(role: str) -> set[str]:
    return next(
        {ability.name for ability in entry.abilities}
        for entry in role_catalogue_cached()
        if entry.role == role
    )


def test_every_entry_names_a_registered_permission_and_a_page():
    for entry in STAFF_MENU:
        assert rules.perm_exists(entry.perm), entry.perm
        kwargs = {"office_slug": "x"} if entry.scope == "office" else {}
        assert reverse(entry.url_name, kwargs=kwargs)


@pytest.mark.parametrize("persona", PERSONAS)
def test_menu_shows_what_the_role_catalogue_allows_and_every_link_opens(
    request, client, with_totp, home_office, persona
):
    user = request.getfixturevalue(persona)
    if is_staff_member(user):
        with_totp(user)
    role = user.memberships.get().role
    runs_office = Office.objects.filter(organisation__memberships__user=user).exists()

    shown = {item.key.split(":")[0] for item in staff_menu(user)}

    expected = {
        entry.key
        for entry in STAFF_MENU
        if entry.perm in _allowed(role) and (entry.scope != "office" or runs_office)
    }
    assert is_staff_member(user) or not shown
    assert shown == (expected if is_staff_member(user) else set()), persona
    _log_in(client, user)
    for item in staff_menu(user):
        response = client.get(item.url)
        assert response.status_code == 200, f"{persona}: {item.url} {response.status_code}"


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_role_lands_on_its_work(request, home_office, persona):
    user = request.getfixturevalue(persona)

    assert landing_url(user) == LANDING[persona]


def test_staff_menu_is_on_staff_pages_with_the_current_page_marked(
    client, with_totp, home_office, office_staff
):
    with_totp(office_staff)
    _log_in(client, office_staff)

    html = client.get("/anliegen/neu/").text

    assert 'aria-label="Arbeitsbereich"' in html
    assert '<a href="/anliegen/neu/" aria-current="page">Anliegen erfassen</a>' in html
    assert '<a href="/anliegen/">Anliegen</a>' in html
    assert '<a href="/buero/altstadt-buero/termine/">Termine</a>' in html
    assert "/konto/mitarbeitende/" not in html.split('aria-label="Arbeitsbereich"')[1]


def test_staff_menu_shows_after_a_visitor_without_account_saw_the_page(
    client, with_totp, home_office, office_staff
):
    client.get("/")  # the menus of visitors without an account are kept per path
    with_totp(office_staff)
    _log_in(client, office_staff)

    html = client.get("/").text

    assert 'aria-label="Arbeitsbereich"' in html


def test_residents_see_no_staff_menu(client, resident):
    client.force_login(resident)

    html = client.get("/").text

    assert 'aria-label="Arbeitsbereich"' not in html


def test_login_leads_to_the_landing_and_next_still_wins(client, provider_staff):
    response = client.post(
        reverse("accounts:login"), {"login": "anbieter@test.de", "password": "pw-for-tests-1"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/vermittlungen/eingang/"

    client.logout()
    response = client.post(
        reverse("accounts:login") + "?next=/mitarbeit/angebote/",
        {"login": "anbieter@test.de", "password": "pw-for-tests-1"},
    )
    assert response["Location"] == "/mitarbeit/angebote/"


def test_team_leaders_see_the_team_caseload_and_still_land_on_the_inquiries(
    home_office, manager, care_navigator
):
    shown = {item.key: item.url for item in staff_menu(manager)}

    assert shown["begleitungen-team"] == "/begleitungen/team/"
    assert "begleitungen" not in shown
    assert landing_url(manager) == "/anliegen/"
    assert "begleitungen-team" not in {item.key for item in staff_menu(care_navigator)}
