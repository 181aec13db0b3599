"""Resident pages stay light and load nothing from other hosts.

The live server does not compress, so each response body is gzipped here (level 6, as a
production web server would) and the compressed sizes of HTML, CSS, JavaScript and data
requests are added up. Images are listed but not counted; map tiles are aborted.
"""

import gzip
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from lotse.browser_tests.conftest import TILE

pytestmark = pytest.mark.browser

COUNTED = {"document", "stylesheet", "script", "xhr", "fetch"}
KB = 1024


def _load(page, live_server, url: str):
    """Opens url and returns the responses of the page as (type, url, status, gzip size)."""
    requests = []
    page.on("request", lambda request: requests.append(request))
    page.goto(url, wait_until="networkidle")
    rows = []
    for request in requests:
        response = request.response()
        if response is None:
            rows.append((request.resource_type, request.url, None, 0))
            continue
        body = response.body() if response.status < 300 else b""
        rows.append(
            (request.resource_type, request.url, response.status, len(gzip.compress(body, 6)))
        )
    return requests, rows


def _report(rows) -> str:
    return "\n".join(
        f"  {kind:<10} {status!s:>4} {size / KB:6.1f} KB  {url}" for kind, url, status, size in rows
    )


def _assert_budget(rows, budget_kb: int, label: str) -> None:
    total = sum(size for kind, _url, _status, size in rows if kind in COUNTED)
    print(f"\n{label}: {total / KB:.1f} KB gzip (HTML+CSS+JS+Daten)\n{_report(rows)}")
    assert total <= budget_kb * KB, (
        f"{label}: {total / KB:.1f} KB gzip > {budget_kb} KB\n{_report(rows)}"
    )


RESIDENT_PAGES = {
    "startseite": lambda d: "/",
    "suche-ergebnisse": lambda d: "/suche/?q=Quartier",
    "angebot": lambda d: f"/angebot/{d.shopping.id}/",
}


@pytest.mark.parametrize("name", list(RESIDENT_PAGES))
def test_resident_page_is_light_and_local(new_page, live_server, directory, name):
    page = new_page()
    server = urlsplit(live_server.url).netloc

    requests, rows = _load(page, live_server, RESIDENT_PAGES[name](directory))

    foreign = [r.url for r in requests if urlsplit(r.url).netloc != server] + page.blocked
    assert not foreign, f"Anfragen an fremde Hosts: {foreign}"
    assert all(status == 200 for _k, _u, status, _s in rows), _report(rows)
    # The stylesheet really applies (static files are served by the live server).
    assert any(kind == "stylesheet" for kind, *_ in rows), _report(rows)
    assert page.evaluate("[...document.styleSheets].every(sheet => sheet.cssRules.length > 0)"), (
        "Ein Stylesheet ist leer oder nicht geladen"
    )
    _assert_budget(rows, 50, name)


def test_map_page_is_light_without_tiles(new_page, live_server, directory):
    page = new_page()
    server = urlsplit(live_server.url).netloc

    requests, rows = _load(page, live_server, "/suche/?q=Quartier&ansicht=karte")

    expect(page.locator("[data-map], #karte").first).to_be_visible()
    foreign = [u for u in [r.url for r in requests] + page.blocked if urlsplit(u).netloc != server]
    assert all(TILE.search(u) for u in foreign), f"Anfragen an fremde Hosts: {foreign}"
    print(f"\nkarte: {len(set(foreign))} Kachel-Anfragen abgebrochen, nicht gezählt")
    local = [row for row in rows if urlsplit(row[1]).netloc == server]
    assert all(status == 200 for _k, _u, status, _s in local), _report(local)
    _assert_budget(local, 120, "karte")
