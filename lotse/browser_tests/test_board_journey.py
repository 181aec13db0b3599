"""Issue 20, the noticeboard from writing to expiry, by links and menus, with axe-core on every
state: a resident logs in from the start page with a code by e-mail and writes a post from the
menu "Biete / Suche" (a phone number in the text is refused); the office opens "Pinnwand
prüfen" from the staff menu and publishes it; an anonymous neighbour finds it from the start
page's menu and answers, and the answer is relayed to the author by e-mail, answerable to the
neighbour (the author's address never shown); the daily task on a day five weeks later lets
the post run out and it is gone from the board."""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from lotse.browser_tests.conftest import format_violations, menu, run_axe, shoot
from lotse.news.models import BoardPost, BoardReply
from lotse.news.services_board import boardposts_expire
from lotse.notifications.models import Message

pytestmark = pytest.mark.browser

TITLE = "Begleitung zum Einkaufen am Dienstag"


def _checked(page, name: str) -> None:
    shoot(page, f"pinnwand-{name}")
    violations = run_axe(page)
    assert not violations, f"axe auf {page.url}:\n{format_violations(violations)}"
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name}: {overflow} px breiter als das Fenster"


def _cookies(user, with_totp) -> list[tuple[str, str]]:
    with_totp(user)
    client = Client()
    client.force_login(user)
    return [(settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value)]


def _code_from_the_mail() -> str:
    for message in reversed(mail.outbox):
        match = re.search(r"\b(\d{6})\b", str(message.body))
        if match:
            return match.group(1)
    raise AssertionError(f"Keine E-Mail mit Code: {[m.subject for m in mail.outbox]}")


def test_a_post_is_written_checked_answered_and_runs_out(
    new_page, transactional_db, quarter, resident, office_staff, with_totp
):
    # A resident logs in from the start page and writes a post from the menu.
    page = new_page(width=390, height=844)
    page.goto("/")
    page.get_by_role("link", name="Anmelden", exact=True).click()
    page.get_by_label("E-Mail-Adresse").fill("bewohner@test.de")
    page.get_by_role("button", name="Code anfordern").click()
    page.get_by_label("Code aus der E-Mail").fill(_code_from_the_mail())
    page.get_by_role("button", name="Weiter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mein Konto")
    menu(page, 390).get_by_role("link", name="Biete / Suche").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Biete / Suche")
    expect(page.locator("#pinnwand-regeln + ul")).to_contain_text(
        "Nur Nachbarschaftshilfe, nichts Gewerbliches."
    )
    _checked(page, "liste-leer")
    page.get_by_role("link", name="Etwas anbieten oder suchen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Etwas anbieten oder suchen")
    expect(page.get_by_label("An welche E-Mail-Adresse sollen Antworten gehen?")).to_have_value(
        "bewohner@test.de"
    )
    _checked(page, "schreiben")
    page.get_by_role("button", name="Eintrag absenden").click()
    expect(page).to_have_title(re.compile("^Fehler: "))
    expect(page.locator(".error-summary")).to_be_focused()
    _checked(page, "schreiben-fehler")
    page.get_by_label("Ich biete etwas an").check()
    page.get_by_label("In welchem Quartier?").select_option(label="Altstadt (Teststadt)")
    page.get_by_label("Überschrift").fill(TITLE)
    page.get_by_label("Was bieten oder suchen Sie?").fill(
        "Ich gehe dienstags zum Markt und nehme gern jemanden mit. Rufen Sie an: 0561 123456"
    )
    page.get_by_label("So steht Ihr Name da").fill("Herr B.")
    page.get_by_role("button", name="Eintrag absenden").click()
    expect(page.locator(".error-summary")).to_contain_text(
        "Bitte schreiben Sie keine Telefonnummer in den Text."
    )
    _checked(page, "schreiben-telefonnummer")
    page.get_by_label("Was bieten oder suchen Sie?").fill(
        "Ich gehe dienstags zum Markt und nehme gern jemanden mit. Wir gehen langsam."
    )
    page.get_by_role("button", name="Eintrag absenden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mein Konto")
    expect(page.get_by_role("status")).to_contain_text("Das Quartiersbüro prüft Ihren Eintrag.")
    expect(page.locator("#pinnwand + ul")).to_contain_text("Wartet auf Prüfung")
    _checked(page, "mein-konto")
    post = BoardPost.objects.get()
    assert post.status == BoardPost.Status.SUBMITTED

    # The office opens "Pinnwand prüfen" from the staff menu and publishes it.
    staff = new_page(width=1280, cookies=_cookies(office_staff, with_totp))
    staff.goto("/")
    menu(staff, 1280, "Arbeitsbereich").get_by_role("link", name="Pinnwand prüfen").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Pinnwand prüfen")
    expect(staff.locator("#zu-pruefen ~ article").first).to_contain_text(TITLE)
    _checked(staff, "pruefen")
    staff.get_by_role("button", name=re.compile(f"^Veröffentlichen.*{TITLE}")).click()
    expect(staff.get_by_role("status")).to_contain_text("ist jetzt auf der Pinnwand zu sehen")
    expect(staff.locator("main")).to_contain_text("Kein Eintrag wartet auf die Prüfung.")
    _checked(staff, "pruefen-fertig")
    post.refresh_from_db()
    assert post.status == BoardPost.Status.PUBLISHED
    assert Message.objects.filter(template="news/board_published").count() == 1

    # An anonymous neighbour finds it from the start page and answers.
    neighbour = new_page(width=390, height=844)
    neighbour.goto("/")
    menu(neighbour, 390).get_by_role("link", name="Biete / Suche").click()
    neighbour.get_by_role("link", name=re.compile(TITLE)).click()
    expect(neighbour.get_by_role("heading", level=1)).to_have_text(f"Biete: {TITLE}")
    expect(neighbour.locator("main")).not_to_contain_text("bewohner@test.de")
    _checked(neighbour, "eintrag")
    neighbour.get_by_role("link", name="Antworten", exact=True).click()
    expect(neighbour.get_by_role("heading", level=1)).to_have_text("Nachricht an Herr B.")
    _checked(neighbour, "antworten")
    neighbour.get_by_role("button", name="Nachricht senden").click()
    expect(neighbour).to_have_title(re.compile("^Fehler: "))
    _checked(neighbour, "antworten-fehler")
    neighbour.get_by_label("Ihr Name").fill("Hans Nachbar")
    neighbour.get_by_label("Ihre E-Mail-Adresse").fill("hans@example.org")
    neighbour.get_by_label("Ihre Nachricht").fill("Ich komme gern mit, dienstags passt mir gut.")
    neighbour.get_by_role("button", name="Nachricht senden").click()
    expect(neighbour.get_by_role("status")).to_have_text("Ihre Nachricht wird weitergegeben.")
    expect(neighbour.locator("main")).not_to_contain_text("bewohner@test.de")
    _checked(neighbour, "antwort-gesendet")
    reply = BoardReply.objects.get()
    assert reply.status == BoardReply.Status.RELAYED
    relayed = Message.objects.get(template="news/board_reply")
    assert (relayed.recipient, relayed.reply_to) == ("bewohner@test.de", "hans@example.org")
    assert "Ich komme gern mit" in relayed.body

    # Five weeks later the daily task lets the post run out: it is gone from the board.
    boardposts_expire(today=timezone.localdate() + dt.timedelta(days=35))
    neighbour.goto("/")
    menu(neighbour, 390).get_by_role("link", name="Biete / Suche").click()
    expect(neighbour.locator("main")).not_to_contain_text(TITLE)
    expect(neighbour.locator("main")).to_contain_text("Im Moment bietet hier niemand etwas an.")
    _checked(neighbour, "abgelaufen")
    post.refresh_from_db()
    assert post.status == BoardPost.Status.EXPIRED
    assert page.blocked == [] and staff.blocked == [] and neighbour.blocked == []
