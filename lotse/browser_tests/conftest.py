"""Browser tests: Playwright drives Debian's chromium against pytest-django's live server.

Playwright never downloads a browser here: it launches /usr/bin/chromium (`make chromium`).
Run them with `make test-browser`; set LOTSE_SCREENSHOTS=/some/dir to keep screenshots.
"""

import datetime as dt
import os
import re
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.test import Client

from lotse.directory.hours import DAY_CODES
from lotse.directory.models import Schedule, TaxonomyTerm
from lotse.directory.services import search_index_service

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by the
# fixtures there are still synchronous.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-gpu",
]
AXE_JS = Path(settings.BASE_DIR) / "node_modules/axe-core/axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BERLIN = ZoneInfo("Europe/Berlin")
# Map tiles (z/x/y) are the only requests that may leave the live server; they are aborted.
TILE = re.compile(r"/\d+/\d+/\d+(@2x)?\.(png|jpe?g|webp)(\?|$)")
STAFF_EMAIL = "anbieter@test.de"
STAFF_PASSWORD = "pw-for-tests-1"
SHOPPING_TEXT = (
    "Ehrenamtliche gehen mit Ihnen einkaufen oder bringen Ihnen die Einkäufe nach Hause."
)
# Realistic neighbours for the shopping offer; none of them is about shopping.
OTHER_OFFERS = [
    ("Seniorentreff", "begegnung", "Ein offener Treff mit Kaffee, Kuchen und Gesprächen."),
    ("Mittagstisch", "begegnung", "Gemeinsam zu Mittag essen. Ein warmes Essen kostet wenig."),
    ("Pflegeberatung", "pflege", "Wir beraten Sie zu Pflegegrad, Pflegegeld und Entlastung."),
    ("Handy-Sprechstunde", "digitales", "Digital-Helfer erklären Ihnen Ihr Smartphone in Ruhe."),
    ("Fahrdienst zum Arzt", "mobilitaet", "Wir fahren Sie zum Arzt und wieder nach Hause."),
    ("Seniorengymnastik", "gesundheit", "Sanfte Bewegung im Sitzen und Stehen, für alle."),
    ("Besuchsdienst", "begegnung", "Ehrenamtliche besuchen Sie zu Hause, zum Reden und Vorlesen."),
    ("Wohnberatung", "pflege", "Wir beraten Sie, wie Ihre Wohnung sicher und ohne Stufen wird."),
    ("Trauercafé", "begegnung", "Ein geschützter Ort für Menschen, die jemanden verloren haben."),
    ("Vorlesenachmittag", "begegnung", "In der Bücherei wird vorgelesen, danach gibt es Tee."),
    ("Spielenachmittag", "begegnung", "Karten, Brettspiele und gute Gesellschaft."),
    ("Rollator-Training", "gesundheit", "Sicher unterwegs mit dem Rollator: Übungen im Alltag."),
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} fehlt: `make chromium` installiert Debians chromium.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server, settings):
    """Opens pages in fresh contexts; requests to any host but the live server are aborted.
    Links in e-mails (LOTSE_SITE_URL) point to the live server.

    Each page gets `page.blocked`, the list of aborted URLs, so tests can assert on it.
    """
    settings.LOTSE_SITE_URL = live_server.url
    server_host = urlsplit(live_server.url).netloc
    contexts = []

    def make(*, javascript: bool = True, width: int = 1280, height: int = 800, cookies=()):
        context = browser.new_context(
            base_url=live_server.url,
            java_script_enabled=javascript,
            viewport={"width": width, "height": height},
            locale="de-DE",
            timezone_id="Europe/Berlin",
        )
        contexts.append(context)
        context.add_cookies(
            [{"name": name, "value": value, "url": live_server.url} for name, value in cookies]
        )
        blocked: list[str] = []

        def guard(route):
            if urlsplit(route.request.url).netloc == server_host:
                route.continue_()
            else:
                blocked.append(route.request.url)
                route.abort()

        context.route("**/*", guard)
        page = context.new_page()
        page.blocked = blocked
        page.javascript_enabled = javascript
        page.set_default_timeout(10_000)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def directory(transactional_db, topic, quarter, provider_org, make_offer):
    """A small directory: "Hilfe beim Einkaufen", open all day today, and 23 other offers.

    Every description mentions "Quartier", so `/suche/?q=Quartier` fills more than one page.
    """
    topics = {topic.code: topic}
    for code, name in [
        ("begegnung", "Begegnung"),
        ("pflege", "Pflege"),
        ("digitales", "Digitales"),
        ("mobilitaet", "Mobilität"),
        ("gesundheit", "Gesundheit"),
    ]:
        topics[code] = TaxonomyTerm.objects.create(taxonomy=topic.taxonomy, code=code, name=name)
    shopping = make_offer(
        "Hilfe beim Einkaufen",
        SHOPPING_TEXT + " Im Quartier Altstadt.",
        terms=[topic],
        step_free=True,
    )
    shopping.schedules.all().delete()
    # Today's weekday in Berlin, 0:00 to 23:59: open whenever the suite runs (bar the last
    # minute of the day). Nothing is frozen; the live server uses the real clock too.
    today = dt.datetime.now(BERLIN).date()
    Schedule.objects.create(
        service=shopping,
        byday=DAY_CODES[today.weekday()],
        opens_at=dt.time(0, 0),
        closes_at=dt.time(23, 59),
    )
    search_index_service(service=shopping)
    others = []
    for i in range(23):
        name, code, text = OTHER_OFFERS[i % len(OTHER_OFFERS)]
        suffix = f" ({i // len(OTHER_OFFERS) + 1})" if i >= len(OTHER_OFFERS) else ""
        others.append(
            make_offer(
                f"{name} Altstadt{suffix}",
                f"{text} Im Quartier Altstadt.",
                terms=[topics[code]] if code in topics else [],
                step_free=i % 2 == 0,
            )
        )
    return SimpleNamespace(shopping=shopping, others=others, quarter=quarter, topics=topics)


@pytest.fixture
def staff_cookies(provider_staff, live_server):
    """The session cookie of the logged-in provider staff member, for `new_page(cookies=...)`."""
    client = Client()
    client.force_login(provider_staff)
    return [(settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value)]


@pytest.fixture
def staff_totp_cookies(provider_staff, live_server, with_totp):
    """Like `staff_cookies`, for a staff member with a second factor (pages with personal data)."""
    with_totp(provider_staff)
    client = Client()
    client.force_login(provider_staff)
    return [(settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value)]


@pytest.fixture
def admin_totp_cookies(administrator, live_server, with_totp):
    """The session cookie of the provider's administrator, who has a second factor."""
    with_totp(administrator)
    client = Client()
    client.force_login(administrator)
    return [(settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value)]


# Which login a page list entry needs: True the provider staff member, "totp" the same with a
# second factor, "admin" the provider's administrator with a second factor.
LOGIN_COOKIES = {True: "staff_cookies", "totp": "staff_totp_cookies", "admin": "admin_totp_cookies"}


def menu(page, width: int, label: str = "Hauptmenü"):
    """A menu as a person sees it: on phones the "Menü" button is opened first."""
    from playwright.sync_api import expect

    if width < 640:
        details = page.locator("details.menu-phone")
        if details.get_attribute("open") is None:
            page.get_by_text("Menü", exact=True).click()
        expect(details.get_by_role("navigation", name=label)).to_be_visible()
        return details.get_by_role("navigation", name=label)
    return page.locator(".menu-wide").get_by_role("navigation", name=label)


def shoot(page, name: str) -> None:
    """With LOTSE_SCREENSHOTS=/some/dir: saves the whole page as NAME-WIDTH.png there."""
    target = os.environ.get("LOTSE_SCREENSHOTS")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        width = page.viewport_size["width"]
        page.screenshot(path=str(Path(target) / f"{name}-{width}.png"), full_page=True)


def run_axe(page) -> list[dict]:
    """The WCAG 2.2 AA violations axe-core (from npm, see package.json) finds on the page."""
    assert AXE_JS.exists(), f"{AXE_JS} fehlt: `make install` führt `npm ci` aus."
    # After a click or a form the next page may still be loading its stylesheet; axe would
    # then judge unstyled text (seen as 17 px tall links on a page reached by a form).
    page.wait_for_load_state("load")
    if not getattr(page, "javascript_enabled", True):
        return _run_axe_on_copy(page)
    # Evaluated through the DevTools protocol: the page's CSP forbids an inline <script> tag.
    page.evaluate(AXE_JS.read_text() + "\n;undefined")
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html,
                                          summary: n.failureSummary})),
            }));
        }""",
        AXE_TAGS,
    )


def _run_axe_on_copy(page) -> list[dict]:
    """axe on a page opened without JavaScript: axe needs timers, which never fire there, so it
    checks a copy of the page's current document (open menus included) in a context with
    JavaScript, at the same size and address (the <base> lets its stylesheet load)."""
    context = page.context.browser.new_context(
        viewport=page.viewport_size, locale="de-DE", timezone_id="Europe/Berlin"
    )
    try:
        copy = context.new_page()
        copy.set_default_timeout(10_000)
        html = page.content().replace("<head>", f'<head><base href="{page.url}">', 1)
        copy.set_content(html, wait_until="load")
        return run_axe(copy)
    finally:
        context.close()


def format_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>")
        for node in v["nodes"]:
            lines.append(f"    {node['target']}: {node['html'][:160]}")
            lines.append("      " + (node["summary"] or "").replace("\n", "\n      "))
    return "\n".join(lines)
