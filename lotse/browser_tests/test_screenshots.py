"""Main pages at phone and desktop width: no sideways scrolling, screenshots on request.

With LOTSE_SCREENSHOTS=/some/dir the PNGs (390 and 1280 px wide; NAME-WIDTH.png the full page,
NAME-WIDTH-oben.png the first screen) are saved there; without it nothing is written.
At 320 px (WCAG 1.4.10 reflow) only the overflow is checked.
"""

import os
from pathlib import Path

import pytest

from lotse.browser_tests.conftest import LOGIN_COOKIES

pytestmark = pytest.mark.browser

PAGES = {
    "startseite": (lambda d: "/", False),
    "suche-ergebnisse": (lambda d: "/suche/?q=Quartier", False),
    "suche-fehler-plz": (lambda d: "/suche/?plz=12", False),
    "suche-karte": (lambda d: "/suche/?q=Quartier&ansicht=karte", False),
    "angebot": (lambda d: f"/angebot/{d.shopping.id}/", False),
    "angebot-grossdruck": (lambda d: f"/angebot/{d.shopping.id}/?druck=gross", False),
    "anmelden": (lambda d: "/konto/anmelden/", False),
    "anmelden-code": (lambda d: "/konto/login/code/", False),
    "konto-anlegen": (lambda d: "/konto/signup/", False),
    "passwort-vergessen": (lambda d: "/konto/password/reset/", False),
    "mein-konto": (lambda d: "/konto/", "totp"),
    "mitarbeitende": (lambda d: "/konto/mitarbeitende/", "admin"),
    "mitarbeitende-einladen": (lambda d: "/konto/mitarbeitende/einladen/", "admin"),
    "mitarbeit-angebote": (lambda d: "/mitarbeit/angebote/", True),
    "mitarbeit-bearbeiten": (lambda d: f"/mitarbeit/angebote/{d.shopping.id}/", True),
    "mitarbeit-ort-neu": (lambda d: "/mitarbeit/orte/neu/", True),
    "mitarbeit-zeiten": (lambda d: f"/mitarbeit/angebote/{d.shopping.id}/zeiten/", True),
    "rollen": (lambda d: "/konto/rollen/", True),
    "verarbeitungsverzeichnis": (lambda d: "/datenschutz/verzeichnis/", "admin"),
    "aufbewahrung": (lambda d: "/datenschutz/aufbewahrung/", "admin"),
    "briefe": (lambda d: "/mitteilungen/briefe/", "admin"),
    "vermittlungen-eingang": (lambda d: "/vermittlungen/eingang/", "totp"),
    "code-bestaetigen": (lambda d: "/bestaetigen/", False),
    "anliegen": (lambda d: "/anliegen/", "admin"),
    "anliegen-neu": (lambda d: "/anliegen/neu/", "admin"),
    "veranstaltungen": (lambda d: "/veranstaltungen/", False),
    "aktuelles": (lambda d: "/aktuelles/", False),
    "pinnwand": (lambda d: "/pinnwand/", False),
    "veranstaltungen-verwalten": (lambda d: "/veranstaltungen/verwalten/", True),
    "veranstaltung-neu": (lambda d: "/veranstaltungen/verwalten/neu/", True),
    "nachricht-neu": (lambda d: "/aktuelles/verwalten/neu/", True),
}
WIDTHS = [(320, False), (390, True), (1280, True)]
# The outermost elements that reach past the right edge of the viewport.
OVERFLOWING = """() => [...document.body.querySelectorAll('*')]
    .filter(el => el.getBoundingClientRect().right > innerWidth + 0.5
        && el.parentElement.getBoundingClientRect().right <= innerWidth + 0.5)
    .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
        + [...el.classList].map(c => '.' + c).join('')
        + ' (' + Math.round(el.getBoundingClientRect().right) + ' px)')"""


@pytest.mark.parametrize("name", list(PAGES))
def test_page_reflows_and_screenshots(request, new_page, directory, name):
    path, staff = PAGES[name]
    cookies = request.getfixturevalue(LOGIN_COOKIES[staff]) if staff else []
    target = os.environ.get("LOTSE_SCREENSHOTS")
    page = new_page(cookies=cookies, width=WIDTHS[0][0])
    page.goto(path(directory))
    overflow = []
    for width, shoot in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        page.wait_for_timeout(50)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            culprits = ", ".join(page.evaluate(OVERFLOWING))
            overflow.append(f"{width} px: Seite ist {scroll_width} px breit wegen {culprits}")
        if target and shoot:
            Path(target).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(target) / f"{name}-{width}.png"), full_page=True)
            page.screenshot(path=str(Path(target) / f"{name}-{width}-oben.png"))

    assert not overflow, f"{name} scrollt seitwärts: {'; '.join(overflow)}"
