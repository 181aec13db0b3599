"""The Content Security Policy allows no inline script or style: pages must still work under it.

Chromium reports each blocked script, style or image as a `securitypolicyviolation` event and a
console error; the pages below must produce neither.
"""

import pytest
from playwright.sync_api import expect

from lotse.browser_tests.conftest import TILE

pytestmark = pytest.mark.browser

COLLECT_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


def _visit(page, path: str) -> list[str]:
    """Opens PATH and returns the CSP violations and console errors it caused."""
    errors: list[str] = []

    def on_console(message):
        # Map tiles are aborted by the test (no other host is reached); that error is expected.
        if message.type == "error" and not TILE.search(message.location.get("url", "")):
            errors.append(message.text)

    page.on("console", on_console)
    page.goto(path)
    page.wait_for_load_state("networkidle")
    violations = page.evaluate("window.__cspViolations")
    page.remove_listener("console", on_console)
    return [*violations, *errors]


def _page(new_page, **kwargs):
    page = new_page(**kwargs)
    page.add_init_script(COLLECT_VIOLATIONS)
    return page


def test_public_pages_break_no_content_security_policy(new_page, directory):
    page = _page(new_page)

    for path in ["/", "/suche/?q=Quartier&ansicht=karte", "/konto/anmelden/"]:
        assert _visit(page, path) == [], path
    page.goto("/suche/?q=Quartier&ansicht=karte")
    expect(page.locator(".leaflet-container")).to_be_visible()


def test_second_factor_pages_break_no_content_security_policy(new_page, staff_totp_cookies):
    page = _page(new_page, cookies=staff_totp_cookies)

    for path in ["/konto/2fa/", "/konto/2fa/webauthn/add/", "/konto/2fa/totp/activate/"]:
        assert _visit(page, path) == [], path
