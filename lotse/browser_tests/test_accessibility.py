"""axe-core finds no WCAG 2.2 AA violations on the pages of the directory and of the accounts
issue (login, sign-up, password reset, second factor, members, roles, region administration)."""

import datetime as dt
import re
import time
from types import SimpleNamespace

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.internal.flows.login import (
    _AUTHENTICATION_METHODS_USER_SESSION_KEY,
    AUTHENTICATION_METHODS_SESSION_KEY,
)
from allauth.account.internal.userkit import user_id_to_str
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from lotse.accounts.models import Invitation
from lotse.accounts.services import token_hash
from lotse.browser_tests.conftest import LOGIN_COOKIES, TILE, format_violations, run_axe
from lotse.core.models import Role

INVITATION_TOKEN = "gueltiger-einladungslink"

pytestmark = pytest.mark.browser


def _open(page, url: str):
    page.goto(url)


def _open_map(page, url: str):
    page.goto(url, wait_until="networkidle")
    expect(page.locator("#karte .leaflet-marker-icon").first).to_be_visible()


def _submit(button: str, **fields):
    def open_and_submit(page, url: str):
        page.goto(url)
        for label, value in fields.items():
            page.get_by_label(label.replace("_", " "), exact=True).fill(value)
        page.get_by_role("button", name=button).click()
        expect(page).to_have_title(re.compile("^Fehler: "))

    return open_and_submit


def _press(button: str):
    """Presses a button whose form succeeds; the page it leads to is checked."""

    def open_and_press(page, url: str):
        page.goto(url)
        page.get_by_role("button", name=button).click()
        page.wait_for_load_state()

    return open_and_press


def _request_code(email: str):
    def open_and_request(page, url: str):
        page.goto(url)
        page.get_by_label("E-Mail-Adresse").fill(email)
        page.get_by_role("button", name="Code anfordern").click()
        expect(page).to_have_url(re.compile(r"/konto/login/code/confirm/"))

    return open_and_request


def _choose_and_submit(button: str, choice: str):
    """Picks a radio button or checkbox by its label, sends the form, expects an error page."""

    def open_and_submit(page, url: str):
        page.goto(url)
        page.get_by_label(choice, exact=True).check()
        page.get_by_role("button", name=button).click()
        expect(page).to_have_title(re.compile("^Fehler: "))

    return open_and_submit


# name: (path given the `pages_world` fixture, which login (conftest.LOGIN_COOKIES or
# OWN_LOGINS below), how to get there, cookies)
PAGES = {
    "startseite": (lambda d: "/", False, _open, ()),
    "startseite-gross-kontrast": (
        lambda d: "/",
        False,
        _open,
        (("textgroesse", "gross"), ("kontrast", "hoch")),
    ),
    "quartier": (lambda d: f"/quartier/{d.quarter.slug}/", False, _open, ()),
    "suche-ergebnisse": (lambda d: "/suche/?q=Quartier", False, _open, ()),
    "suche-ergebnisse-seite-2": (lambda d: "/suche/?q=Quartier&seite=2", False, _open, ()),
    "suche-karte": (lambda d: "/suche/?q=Quartier&ansicht=karte", False, _open_map, ()),
    "suche-keine-treffer": (lambda d: "/suche/?q=Xylophon", False, _open, ()),
    "suche-fehler-plz": (lambda d: "/suche/?plz=12", False, _open, ()),
    "angebot": (lambda d: f"/angebot/{d.shopping.id}/", False, _open, ()),
    "angebot-grossdruck": (lambda d: f"/angebot/{d.shopping.id}/?druck=gross", False, _open, ()),
    "leichte-sprache": (lambda d: "/leichte-sprache/", False, _open, ()),
    "leichte-sprache-gross-kontrast": (
        lambda d: "/leichte-sprache/",
        False,
        _open,
        (("textgroesse", "gross"), ("kontrast", "hoch")),
    ),
    "barrierefreiheit": (lambda d: "/barrierefreiheit/", False, _open, ()),
    "barriere-melden": (lambda d: "/barriere-melden/?seite=/suche/", False, _open, ()),
    "barriere-melden-fehler": (
        lambda d: "/barriere-melden/",
        False,
        _submit("Meldung absenden", **{"Ihre E-Mail-Adresse (freiwillig)": "erna(at)web"}),
        (),
    ),
    "barriere-melden-danke": (lambda d: "/barriere-melden/danke/?antwort=ja", False, _open, ()),
    "anmelden": (lambda d: "/konto/anmelden/", False, _open, ()),
    "anmelden-fehler": (
        lambda d: "/konto/anmelden/",
        False,
        _submit("Anmelden", **{"E-Mail-Adresse": "anbieter@test.de", "Passwort": "falsch"}),
        (),
    ),
    "anmelden-code": (lambda d: "/konto/login/code/", False, _open, ()),
    "anmelden-code-fehler": (
        lambda d: "/konto/login/code/",
        False,
        _submit("Code anfordern", **{"E-Mail-Adresse": "erna(at)web"}),
        (),
    ),
    "anmelden-code-eingeben": (
        lambda d: "/konto/login/code/",
        False,
        _request_code("bewohner@test.de"),
        (),
    ),
    "konto-anlegen": (lambda d: "/konto/signup/", False, _open, ()),
    "konto-anlegen-fehler": (lambda d: "/konto/signup/", False, _submit("Weiter"), ()),
    "passwort-vergessen": (lambda d: "/konto/password/reset/", False, _open, ()),
    "passwort-vergessen-fehler": (
        lambda d: "/konto/password/reset/",
        False,
        _submit("Link schicken"),
        (),
    ),
    "mein-konto": (lambda d: "/konto/", "totp", _open, ()),
    "mitarbeitende": (lambda d: "/konto/mitarbeitende/", "admin", _open, ()),
    "mitarbeitende-einladen": (lambda d: "/konto/mitarbeitende/einladen/", "admin", _open, ()),
    # The office's inquiries (lotse/desk): dashboard and the form, also with its errors.
    "anliegen": (lambda d: "/anliegen/", "admin", _open, ()),
    "anliegen-neu": (lambda d: "/anliegen/neu/", "admin", _open, ()),
    "anliegen-neu-fehler": (lambda d: "/anliegen/neu/", "admin", _submit("Anliegen speichern"), ()),
    "code-bestaetigen": (lambda d: "/bestaetigen/", False, _open, ()),
    "vermittlungen-eingang": (lambda d: "/vermittlungen/eingang/", "totp", _open, ()),
    "mitteilungen": (lambda d: "/mitteilungen/", "admin", _open, ()),
    "briefe": (lambda d: "/mitteilungen/briefe/", "admin", _open, ()),
    # Data protection: the Art. 30 record and the retention runs (lotse/compliance).
    "verarbeitungsverzeichnis": (lambda d: "/datenschutz/verzeichnis/", "admin", _open, ()),
    "aufbewahrung": (lambda d: "/datenschutz/aufbewahrung/", "admin", _open, ()),
    "aufbewahrung-probelauf": (
        lambda d: "/datenschutz/aufbewahrung/",
        "admin",
        _press("Jetzt neuen Probelauf machen"),
        (),
    ),
    "mitarbeitende-einladen-fehler": (
        lambda d: "/konto/mitarbeitende/einladen/",
        "admin",
        _submit("Einladung verschicken", **{"E-Mail-Adresse der Person": "erna(at)web"}),
        (),
    ),
    "einladung-ungueltig": (lambda d: "/konto/einladung/abgelaufen/", False, _open, ()),
    "zweiter-faktor": (lambda d: "/konto/2fa/", "totp", _open, ()),
    "sicherheitsschluessel": (lambda d: "/konto/2fa/webauthn/", "totp", _open, ()),
    "passwort-vergessen-gesendet": (lambda d: "/konto/password/reset/done/", False, _open, ()),
    "passwort-neu": (lambda d: d.reset_url, False, _open, ()),
    "passwort-neu-fehler": (lambda d: d.reset_url, False, _submit("Passwort speichern"), ()),
    "passwort-neu-link-ungueltig": (
        lambda d: "/konto/password/reset/key/1-ungueltig/",
        False,
        _open,
        (),
    ),
    "passwort-bestaetigen": (lambda d: "/konto/reauthenticate/", True, _open, ()),
    "passwort-bestaetigen-fehler": (
        lambda d: "/konto/reauthenticate/",
        True,
        _submit("Weiter"),
        (),
    ),
    "app-einrichten": (lambda d: "/konto/2fa/totp/activate/", "fresh", _open, ()),
    "app-einrichten-fehler": (
        lambda d: "/konto/2fa/totp/activate/",
        "fresh",
        _submit("Einrichten", **{"Code aus der App": "123"}),
        (),
    ),
    "wiederherstellungscodes": (lambda d: "/konto/2fa/recovery-codes/", "codes", _open, ()),
    "einladung-annehmen": (lambda d: f"/konto/einladung/{INVITATION_TOKEN}/", False, _open, ()),
    "einladung-annehmen-fehler": (
        lambda d: f"/konto/einladung/{INVITATION_TOKEN}/",
        False,
        _submit("Passwort speichern und weiter"),
        (),
    ),
    "zweiten-faktor-zuruecksetzen": (
        lambda d: f"/konto/mitarbeitende/{d.staff_user_id}/zweiten-faktor-zuruecksetzen/",
        "admin",
        _open,
        (),
    ),
    "rollen": (lambda d: "/konto/rollen/", True, _open, ()),
    "mitarbeitende-rolle": (
        lambda d: f"/konto/mitarbeitende/rolle/{d.staff_membership_id}/",
        "admin",
        _open,
        (),
    ),
    "mitarbeitende-rolle-fehler": (
        lambda d: f"/konto/mitarbeitende/rolle/{d.admin_membership_id}/",
        "admin",
        _choose_and_submit("Speichern", "Quartiersmanagement"),
        (),
    ),
    "mitarbeitende-entfernen": (
        lambda d: f"/konto/mitarbeitende/rolle/{d.staff_membership_id}/entfernen/",
        "admin",
        _open,
        (),
    ),
    "mitarbeitende-entfernen-fehler": (
        lambda d: f"/konto/mitarbeitende/rolle/{d.admin_membership_id}/entfernen/",
        "admin",
        _submit("Entfernen"),
        (),
    ),
    "verwaltung": (lambda d: "/verwaltung/", "coordinator", _open, ()),
    "verwaltung-organisation-neu": (
        lambda d: "/verwaltung/organisationen/neu/",
        "coordinator",
        _open,
        (),
    ),
    "verwaltung-organisation-neu-fehler": (
        lambda d: "/verwaltung/organisationen/neu/",
        "coordinator",
        _submit("Speichern", **{"E-Mail-Adresse (freiwillig)": "info(at)drk"}),
        (),
    ),
    "verwaltung-organisation": (
        lambda d: f"/verwaltung/organisationen/{d.organisation_id}/",
        "coordinator",
        _open,
        (),
    ),
    "verwaltung-gebiet-neu": (lambda d: "/verwaltung/gebiete/neu/", "coordinator", _open, ()),
    "verwaltung-gebiet-neu-fehler": (
        lambda d: "/verwaltung/gebiete/neu/",
        "coordinator",
        _submit("Speichern"),
        (),
    ),
    "verwaltung-gebiet": (
        lambda d: f"/verwaltung/gebiete/{d.quarter.id}/",
        "coordinator",
        _open,
        (),
    ),
    "verwaltung-gebiet-loeschen": (
        lambda d: f"/verwaltung/gebiete/{d.quarter.id}/loeschen/",
        "coordinator",
        _open,
        (),
    ),
    "verwaltung-gebiet-loeschen-fehler": (
        lambda d: f"/verwaltung/gebiete/{d.quarter.id}/loeschen/",
        "coordinator",
        _submit("Gebiet löschen"),
        (),
    ),
    "mitarbeit-angebote": (lambda d: "/mitarbeit/angebote/", True, _open, ()),
    "mitarbeit-bearbeiten": (
        lambda d: f"/mitarbeit/angebote/{d.shopping.id}/",
        True,
        _open,
        (),
    ),
    "mitarbeit-bearbeiten-fehler": (
        lambda d: f"/mitarbeit/angebote/{d.shopping.id}/",
        True,
        _submit("Speichern", **{"Name des Angebots": ""}),
        (),
    ),
    "mitarbeit-neu-fehler": (lambda d: "/mitarbeit/angebote/neu/", True, _submit("Speichern"), ()),
    "mitarbeit-zeiten": (
        lambda d: f"/mitarbeit/angebote/{d.shopping.id}/zeiten/",
        True,
        _open,
        (),
    ),
    "mitarbeit-orte": (lambda d: "/mitarbeit/orte/", True, _open, ()),
    "mitarbeit-ort-neu-fehler": (lambda d: "/mitarbeit/orte/neu/", True, _submit("Speichern"), ()),
    "mitarbeit-archivieren": (
        lambda d: f"/mitarbeit/angebote/{d.shopping.id}/archivieren/",
        True,
        _open,
        (),
    ),
}


def _recent_login_cookies(user) -> list[tuple[str, str]]:
    """The session cookie of `user`, who just confirmed the password again, so that pages
    behind allauth's reauthentication open directly."""
    client = Client()
    client.force_login(user)
    session = client.session
    now = time.time()
    # allauth keeps the records only for the user they were made for.
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = user_id_to_str(user)
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": now, "email": user.email, "reauthenticated": True},
    ]
    session.save()
    assert session.session_key is not None
    return [(settings.SESSION_COOKIE_NAME, session.session_key)]


@pytest.fixture
def fresh_staff_cookies(provider_staff, live_server):
    """Provider staff without a second factor, just logged in: sets up the app."""
    return _recent_login_cookies(provider_staff)


@pytest.fixture
def codes_staff_cookies(provider_staff, live_server, with_totp):
    """Provider staff with an app and recovery codes, just logged in."""
    with_totp(provider_staff)
    RecoveryCodes.activate(provider_staff)
    return _recent_login_cookies(provider_staff)


@pytest.fixture
def coordinator_totp_cookies(region_coordinator, live_server, with_totp):
    with_totp(region_coordinator)
    return _recent_login_cookies(region_coordinator)


# The logins of the accounts pages, in addition to conftest.LOGIN_COOKIES.
OWN_LOGINS = {
    "fresh": "fresh_staff_cookies",
    "codes": "codes_staff_cookies",
    "coordinator": "coordinator_totp_cookies",
}


@pytest.fixture
def pages_world(directory, provider_org, provider_staff, administrator):
    """The directory plus what the accounts pages need: a password reset link, an open
    invitation, the memberships of a colleague and of the (only) administrator."""
    Invitation.objects.create(
        organisation=provider_org,
        role=Role.OFFICE_STAFF,
        email="neu@test.de",
        token_hash=token_hash(INVITATION_TOKEN),
        expires_at=timezone.now() + dt.timedelta(days=7),
    )
    uidb36 = user_pk_to_url_str(provider_staff)
    key = default_token_generator.make_token(provider_staff)
    return SimpleNamespace(
        **vars(directory),
        reset_url=f"/konto/password/reset/key/{uidb36}-{key}/",
        staff_user_id=provider_staff.public_id,
        staff_membership_id=provider_staff.memberships.get().public_id,
        admin_membership_id=administrator.memberships.get().public_id,
        organisation_id=provider_org.pk,
    )


@pytest.mark.parametrize("name", list(PAGES))
def test_page_has_no_axe_violations(request, new_page, pages_world, name):
    path, staff, open_page, display_cookies = PAGES[name]
    cookies = list(display_cookies)
    if staff:
        cookies += request.getfixturevalue(LOGIN_COOKIES.get(staff) or OWN_LOGINS[str(staff)])
    page = new_page(cookies=cookies)
    url = path(pages_world)

    open_page(page, url)

    if staff:
        assert "/konto/anmelden/" not in page.url, "Die Anmeldung per Sitzungs-Cookie fehlt"
    violations = run_axe(page)
    assert not violations, f"axe auf {name} ({url}):\n{format_violations(violations)}"
    assert all(TILE.search(url) for url in page.blocked), page.blocked


def test_axe_reports_violations(new_page, live_server):
    """Guards the guard: axe must run and report a broken page."""
    page = new_page()
    page.goto("/healthz")
    page.set_content('<html><body><img src="/x.png"><input type="text"></body></html>')

    ids = {v["id"] for v in run_axe(page)}

    assert {"image-alt", "html-has-lang", "document-title"} <= ids, ids
