"""axe-core finds no WCAG 2.2 AA violations on the pages of the directory."""

import re

import pytest
from playwright.sync_api import expect

from lotse.browser_tests.conftest import LOGIN_COOKIES, TILE, format_violations, run_axe

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


def _request_code(email: str):
    def open_and_request(page, url: str):
        page.goto(url)
        page.get_by_label("E-Mail-Adresse").fill(email)
        page.get_by_role("button", name="Code anfordern").click()
        expect(page).to_have_url(re.compile(r"/konto/login/code/confirm/"))

    return open_and_request


# name: (path given the directory fixture, which login (conftest.LOGIN_COOKIES), how to get
# there, cookies)
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
    "mitarbeitende-einladen-fehler": (
        lambda d: "/konto/mitarbeitende/einladen/",
        "admin",
        _submit("Einladung verschicken", **{"E-Mail-Adresse der Person": "erna(at)web"}),
        (),
    ),
    "einladung-ungueltig": (lambda d: "/konto/einladung/abgelaufen/", False, _open, ()),
    "zweiter-faktor": (lambda d: "/konto/2fa/", "totp", _open, ()),
    "sicherheitsschluessel": (lambda d: "/konto/2fa/webauthn/", "totp", _open, ()),
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


@pytest.mark.parametrize("name", list(PAGES))
def test_page_has_no_axe_violations(request, new_page, directory, name):
    path, staff, open_page, display_cookies = PAGES[name]
    cookies = list(display_cookies)
    if staff:
        cookies += request.getfixturevalue(LOGIN_COOKIES[staff])
    page = new_page(cookies=cookies)
    url = path(directory)

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
