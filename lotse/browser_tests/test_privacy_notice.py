"""The public privacy notice at /datenschutz/hinweise/: axe-core finds no violations on a phone
and on a desktop, it reflows without sideways scrolling, its contents links are 44 px high, the
form of "Barriere melden" leads to it, and its print view hides the navigation."""

import re

import pytest
from playwright.sync_api import expect

from lotse.browser_tests.conftest import format_violations, run_axe, shoot

pytestmark = pytest.mark.browser

NOTICE = "/datenschutz/hinweise/"


def _assert_accessible(page) -> None:
    violations = run_axe(page)
    assert violations == [], format_violations(violations)


@pytest.mark.parametrize("width", [390, 1280])
def test_notice_is_accessible_and_reflows(new_page, transactional_db, width):
    page = new_page(width=width, height=844)

    page.goto(NOTICE)

    expect(page.get_by_role("heading", level=1)).to_have_text("Datenschutzhinweise")
    expect(page.get_by_role("heading", level=2, name="Ihre Rechte", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", level=3, name="Meldungen über Barrieren")).to_be_visible()
    _assert_accessible(page)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"sideways scrolling: {scroll_width} px at {width} px"
    shoot(page, "datenschutzhinweise")
    assert page.blocked == []


def test_table_of_contents_leads_to_an_activity(new_page, transactional_db):
    page = new_page(width=390, height=844)
    page.goto(NOTICE)

    contents = page.get_by_role("navigation", name="Inhalt")
    heights = contents.get_by_role("link").evaluate_all(
        "links => links.map(a => a.getBoundingClientRect().height)"
    )
    assert heights and min(heights) >= 44, f"links of the contents too small: {heights}"

    contents.get_by_role("link", name="Meldungen über Barrieren").click()

    expect(page).to_have_url(re.compile("#taetigkeit-core-barrier-reports$"))
    expect(
        page.get_by_role("heading", level=3, name="Meldungen über Barrieren")
    ).to_be_in_viewport()


def test_barrier_form_leads_to_the_notice(new_page, transactional_db):
    page = new_page(width=390, height=844)
    page.goto("/barriere-melden/")

    page.get_by_role("link", name="Datenschutzhinweise").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Datenschutzhinweise")


def test_notice_prints_without_navigation(new_page, transactional_db):
    page = new_page(width=794, height=1123)
    page.goto(NOTICE)

    page.emulate_media(media="print")

    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator(".site-footer ul")).to_be_hidden()
    # The display settings and both copies of the main menu (phone and wide screens).
    navigations = page.locator(".site-header nav").all()
    assert len(navigations) == 3
    for navigation in navigations:
        expect(navigation).to_be_hidden()
    shoot(page, "datenschutzhinweise-druck")
    assert len(page.pdf(format="A4")) > 10_000
