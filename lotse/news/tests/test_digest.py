"""The e-mail digest "Was ist los in …?": double opt-in, no enumeration, one-click unsubscribe
(RFC 8058), and the weekly run that sends nobody a second copy after a crash."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from lotse.core.tests.factories import QuarterFactory
from lotse.news import services_digest
from lotse.news.models import DigestSubscription, EventException
from lotse.news.occurrences import occurrences_refresh
from lotse.news.services_digest import (
    digest_subscribe,
    digest_week_send,
    token_hash,
    unsubscribe_url,
)
from lotse.news.tests.conftest import BERLIN
from lotse.notifications.models import Message
from lotse.notifications.services import outbox_send_due

pytestmark = pytest.mark.django_db

# Saturday before the week of 7 to 13 December 2026.
NOW = dt.datetime(2026, 12, 5, 16, 0, tzinfo=BERLIN)
WEEK = dt.date(2026, 12, 7)
REAL_NOW = timezone.now
LINK = re.compile(r"http://\S+/veranstaltungen/rundbrief/bestaetigen/(\S+)/")


def _link(body: str) -> re.Match[str]:
    """The confirmation link in a mail (its token is group 1)."""
    found = LINK.search(body)
    assert found is not None, body
    return found


@pytest.fixture
def clock(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()


def _subscribe(client, email: str = "erna@example.org", quarter: str = "altstadt", **extra):
    return client.post("/veranstaltungen/rundbrief/", {"email": email, "quarter": quarter, **extra})


def _confirmed(area, email: str) -> DigestSubscription:
    return DigestSubscription.objects.create(
        region_id=area.region_id,
        area=area,
        email=email,
        token_hash=token_hash(email),
        confirmed_at=NOW - dt.timedelta(days=30),
    )


def test_subscribing_stores_only_the_hash_and_mails_the_confirmation_link(client, clock, quarter):
    # When a resident subscribes for Altstadt
    response = _subscribe(client, email=" Erna@Example.ORG ")

    # Then they are sent to the page that says to look into the mailbox
    assert response.status_code == 302
    assert response["Location"] == "/veranstaltungen/rundbrief/gesendet/"
    # And the subscription waits for confirmation, with the token's hash only
    subscription = DigestSubscription.objects.get()
    assert (subscription.email, subscription.area, subscription.confirmed_at) == (
        "erna@example.org",
        quarter,
        None,
    )
    [message] = Message.objects.filter(template="news/digest_confirm")
    assert message.recipient == "erna@example.org"
    token = _link(message.body)[1]
    assert subscription.token_hash == token_hash(token) != token
    assert token not in str(DigestSubscription.objects.values().get())


def test_the_answer_is_the_same_for_new_waiting_and_confirmed_addresses(client, clock, quarter):
    # Given a confirmed subscriber
    _confirmed(quarter, "karl@example.org")

    # When a new, a waiting (the same again) and the confirmed address subscribe
    answers = [
        _subscribe(client, email="neu@example.org"),
        _subscribe(client, email="neu@example.org"),
        _subscribe(client, email="karl@example.org"),
    ]

    # Then every answer is the same, and the page after it too
    assert {(a.status_code, a["Location"]) for a in answers} == {
        (302, "/veranstaltungen/rundbrief/gesendet/")
    }
    page = client.get("/veranstaltungen/rundbrief/gesendet/").content.decode()
    assert "Bitte schauen Sie in Ihr E-Mail-Postfach" in page
    # And the mailbox owners learn the truth: one confirmation (no flood), one reminder of
    # how to unsubscribe
    assert Message.objects.filter(recipient="neu@example.org").count() == 1
    [reminder] = Message.objects.filter(recipient="karl@example.org")
    assert reminder.template == "news/digest_already"
    assert "/veranstaltungen/rundbrief/abbestellen/" in reminder.body


def test_a_second_request_later_sends_a_new_link_and_the_old_one_stops(clock, quarter, monkeypatch):
    digest_subscribe(area=quarter, email="erna@example.org")
    first = _link(Message.objects.get().body)[1]
    later = NOW + dt.timedelta(hours=1)
    monkeypatch.setattr(timezone, "now", lambda: later)

    digest_subscribe(area=quarter, email="erna@example.org")

    second = _link(Message.objects.order_by("-created_at")[0].body)[1]
    assert first != second
    assert services_digest.subscription_by_token(token=first) is None
    assert services_digest.subscription_by_token(token=second) is not None


def test_following_the_link_asks_first_and_confirms_on_the_button(client, clock, quarter):
    _subscribe(client)
    url = _link(Message.objects.get().body)[0].removeprefix("http://localhost:8000")

    # The link itself (a mail program checking it) confirms nothing
    page = client.get(url)
    assert page.status_code == 200
    assert "Ja, Rundbrief bestellen" in page.content.decode()
    assert DigestSubscription.objects.get().confirmed_at is None

    # The button confirms
    done = client.post(url)
    assert done.status_code == 200
    assert "Ab jetzt bekommen Sie jede Woche" in done.content.decode()
    assert DigestSubscription.objects.get().confirmed_at == NOW
    # And the link stays harmless afterwards
    assert "Ihr Rundbrief ist bestellt" in client.get(url).content.decode()


def test_an_old_or_unknown_link_confirms_nothing(client, clock, quarter, monkeypatch):
    _subscribe(client)
    url = _link(Message.objects.get().body)[0].removeprefix("http://localhost:8000")
    later = NOW + dt.timedelta(days=services_digest.CONFIRM_DAYS, minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)

    for link in (url, "/veranstaltungen/rundbrief/bestaetigen/falsch/"):
        assert client.get(link).status_code == 404
        response = client.post(link)
        assert response.status_code == 404
        assert "Dieser Link gilt nicht mehr" in response.content.decode()
    assert DigestSubscription.objects.get().confirmed_at is None


def test_the_form_says_what_is_missing(client, clock, quarter):
    response = client.post("/veranstaltungen/rundbrief/", {"email": "kein-at-zeichen"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Fehler:" in page
    assert "Geben Sie eine E-Mail-Adresse wie name@beispiel.de ein" in page
    assert "Wählen Sie ein Quartier" in page
    assert not DigestSubscription.objects.exists()


def test_the_form_is_throttled_and_bots_store_nothing(client, clock, quarter):
    # A bot fills in the hidden field
    assert _subscribe(client, email="bot@example.org", website="http://spam").status_code == 200
    assert not DigestSubscription.objects.exists()
    # One address sends the form again and again: after a few, a kind refusal
    answers = [_subscribe(client, email=f"n{n}@example.org").status_code for n in range(6)]
    assert answers.count(429) >= 1
    assert "Bitte versuchen Sie es in 10 Minuten noch einmal" in _subscribe(client).content.decode()
    assert DigestSubscription.objects.count() < 6


def test_the_quarter_is_preselected_from_the_address(client, clock, quarter):
    page = client.get("/veranstaltungen/rundbrief/?quartier=altstadt").content.decode()

    assert re.search(r'value="altstadt"[^>]*checked', page)


def test_one_click_unsubscribe_works_without_a_form_and_deletes_the_address(clock, quarter):
    # Given a subscriber and the link of their digest
    subscription = _confirmed(quarter, "erna@example.org")
    path = unsubscribe_url(subscription).removeprefix("http://localhost:8000")
    browser = Client(enforce_csrf_checks=True)

    # The link shows a button and changes nothing
    page = browser.get(path)
    assert "Ja, Rundbrief abbestellen" in page.content.decode()
    assert DigestSubscription.objects.exists()

    # The mail program's one-click POST (RFC 8058), without a CSRF token, unsubscribes
    response = browser.post(
        path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not DigestSubscription.objects.exists()
    # And the link stays harmless afterwards
    assert "Der Rundbrief ist abbestellt" in browser.get(path).content.decode()
    assert browser.post(path).status_code == 200


def test_a_forged_unsubscribe_link_ends_nothing(client, clock, quarter):
    subscription = _confirmed(quarter, "erna@example.org")
    forged = f"{subscription.pk.hex}:nachgemacht"

    client.post(f"/veranstaltungen/rundbrief/abbestellen/{forged}/")

    assert DigestSubscription.objects.exists()


@pytest.fixture
def week_programme(clock, make_event):
    treff = make_event(
        title="Seniorentreff",
        starts_at=dt.datetime(2026, 12, 1, 14, 0, tzinfo=BERLIN),
        rrule="FREQ=WEEKLY;BYDAY=TU",
    )
    EventException.objects.create(
        event=treff,
        original_start=dt.datetime(2026, 12, 8, 14, 0, tzinfo=BERLIN),
        kind=EventException.Kind.CANCELLED,
        reason="Die Leiterin ist krank",
    )
    cafe = make_event(title="Handy-Café", starts_at=dt.datetime(2026, 12, 10, 10, tzinfo=BERLIN))
    for event in (treff, cafe):
        occurrences_refresh(event, now=NOW)


def test_the_weekly_run_sends_each_confirmed_subscriber_the_coming_week(
    clock, quarter, week_programme, settings, monkeypatch
):
    settings.DEFAULT_FROM_EMAIL = "rundbrief@quartier.example"
    # Given three confirmed subscribers in Altstadt, one in Neustadt, one still unconfirmed
    for email in ("a@example.org", "b@example.org", "c@example.org"):
        _confirmed(quarter, email)
    neustadt = QuarterFactory.create(name="Neustadt", slug="neustadt", parent=quarter.parent)
    _confirmed(neustadt, "n@example.org")
    digest_subscribe(area=quarter, email="wartet@example.org")

    # When the weekly run goes (on Saturday: the coming week)
    sent = digest_week_send()

    # Then each confirmed subscriber has one digest of the week, the waiting address none
    assert sent == 4
    digests = Message.objects.filter(template="news/digest_weekly")
    assert sorted(m.recipient for m in digests) == [
        "a@example.org",
        "b@example.org",
        "c@example.org",
        "n@example.org",
    ]
    altstadt = digests.get(recipient="a@example.org")
    assert altstadt.subject == "Was ist los in Altstadt? Woche vom 7. bis 13. Dezember 2026"
    assert "Dienstag, 8. Dezember" in altstadt.body
    assert "Fällt aus: Die Leiterin ist krank" in altstadt.body
    assert "Handy-Café" in altstadt.body and "Handy-Café" in altstadt.html_body
    # And every digest carries its own one-click unsubscribe link (RFC 8058)
    own_link = unsubscribe_url(DigestSubscription.objects.get(email="a@example.org"))
    assert altstadt.headers["List-Unsubscribe"] == f"<{own_link}>"
    assert altstadt.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert own_link in altstadt.body and own_link in altstadt.html_body
    # And a second run sends nothing
    assert digest_week_send() == 0
    assert digests.count() == 4

    # When the outbox worker sends them (now), the mail has the headers and an HTML version
    monkeypatch.setattr(timezone, "now", REAL_NOW)
    outbox_send_due()
    delivered = next(e for e in mail.outbox if e.to == ["a@example.org"])
    assert isinstance(delivered, mail.EmailMultiAlternatives)
    assert delivered.message()["List-Unsubscribe"] == f"<{own_link}>"
    assert delivered.message()["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert [kind for _body, kind in delivered.alternatives] == ["text/html"]


def test_a_run_killed_half_way_is_resumed_without_a_second_copy(
    clock, quarter, week_programme, monkeypatch
):
    # Given ten confirmed subscribers
    for n in range(10):
        _confirmed(quarter, f"p{n}@example.org")
    real_enqueue = services_digest.message_enqueue
    calls = {"n": 0}

    def dies_after_four(**kwargs):
        if calls["n"] == 4:
            raise RuntimeError("the worker was killed")
        calls["n"] += 1
        return real_enqueue(**kwargs)

    # When the run dies after four messages
    monkeypatch.setattr(services_digest, "message_enqueue", dies_after_four)
    with pytest.raises(RuntimeError):
        digest_week_send()

    # Then four are queued and marked, and nothing else
    digests = Message.objects.filter(template="news/digest_weekly")
    assert digests.count() == 4
    assert DigestSubscription.objects.filter(last_sent_week=WEEK).count() == 4

    # When the run goes again
    monkeypatch.setattr(services_digest, "message_enqueue", real_enqueue)
    assert digest_week_send() == 6

    # Then everyone has exactly one
    recipients = [m.recipient for m in digests]
    assert len(recipients) == 10 == len(set(recipients))
    assert DigestSubscription.objects.filter(last_sent_week=WEEK).count() == 10


def test_the_weekly_run_deletes_addresses_that_never_confirmed(clock, quarter, monkeypatch):
    old = NOW - dt.timedelta(days=services_digest.CONFIRM_DAYS + 1)
    monkeypatch.setattr(timezone, "now", lambda: old)
    digest_subscribe(area=quarter, email="alt@example.org")
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    digest_subscribe(area=quarter, email="neu@example.org")

    digest_week_send()

    assert list(DigestSubscription.objects.values_list("email", flat=True)) == ["neu@example.org"]


def test_a_week_without_events_is_said_in_the_digest(clock, quarter):
    _confirmed(quarter, "a@example.org")

    digest_week_send()

    body = Message.objects.get(template="news/digest_weekly").body
    assert "Für diese Woche sind keine Veranstaltungen eingetragen." in body


def test_the_task_and_the_command_queue_the_run(clock, quarter, week_programme):
    from django.core.management import call_command

    from lotse.news.tasks_digest import send_weekly_digest

    _confirmed(quarter, "a@example.org")

    assert send_weekly_digest.call(week=WEEK.isoformat()) == 1
    call_command("events_digest", woche="2026-W50")
    with pytest.raises(Exception, match="Woche"):
        call_command("events_digest", woche="bald")


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_share_the_subscribers_and_send_each_one_copy(clock, quarter):
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("SQLite has a single writer: two runs cannot overlap there.")
    # Given twenty confirmed subscribers
    for n in range(20):
        _confirmed(quarter, f"p{n}@example.org")
    barrier = threading.Barrier(2)
    counts: list[int] = []

    def run() -> None:
        try:
            barrier.wait()
            counts.append(digest_week_send())
        finally:
            connections.close_all()

    # When two workers run the weekly digest at the same moment
    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # Then together they queued twenty, each subscriber exactly one
    assert sum(counts) == 20
    recipients = list(
        Message.objects.filter(template="news/digest_weekly").values_list("recipient", flat=True)
    )
    assert len(recipients) == 20 == len(set(recipients))
