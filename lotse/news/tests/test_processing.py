"""The news app's personal data as the other apps declare theirs: the record of processing
activities, the Art. 15 copy, the Art. 17 erasure and the retention rules."""

import datetime as dt
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from lotse.compliance.erasure import person_anonymise
from lotse.compliance.personal_data import personal_data_models
from lotse.compliance.selectors_rights import subject_access_collect
from lotse.core.declarations import declarations
from lotse.news.models import (
    BoardPost,
    BoardReply,
    BoardReport,
    DigestSubscription,
    Registration,
)
from lotse.news.occurrences import occurrences_refresh
from lotse.notifications.models import Message

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)


@pytest.fixture
def dates(make_event):
    """A weekly event with registration (6 places) with a date 30 days ago and dates to come."""
    start = timezone.now().replace(microsecond=0) - 30 * DAY
    event = make_event(
        starts_at=start,
        rrule="FREQ=WEEKLY;COUNT=10",
        skip_holidays=False,
        registration_required=True,
        capacity=6,
    )
    occurrences_refresh(event)
    occurrences = list(event.occurrences.order_by("start"))
    return event, occurrences[0], occurrences[-1]


_tokens = iter(range(1, 10_000))


def _register(occurrence, **fields) -> Registration:
    number = next(_tokens)
    values = {
        "occurrence": occurrence,
        "event": occurrence.event,
        "region_id": occurrence.region_id,
        "name": "Erna Müller",
        "phone": "0561 123456",
        "email": "erna@example.org",
        "cancel_token_hash": f"{number:064d}",
        "short_code": f"ABCD-{number:04d}",
    }
    values.update(fields)
    registration = Registration.objects.create(**values)
    if registration.status == Registration.Status.CONFIRMED:
        occurrence.places_taken += registration.places
        occurrence.save(update_fields=["places_taken"])
    return registration


def _post(quarter, **fields) -> BoardPost:
    values = {
        "region_id": quarter.region_id,
        "area": quarter,
        "kind": BoardPost.Kind.SEEK,
        "title": "Suche: Begleitung zum Arzt",
        "body": "Wer fährt mich donnerstags zur Praxis am Markt?",
        "display_name": "Frau M.",
        "contact_email": "erna@example.org",
        "status": BoardPost.Status.PUBLISHED,
    }
    values.update(fields)
    return BoardPost.objects.create(**values)


def _due(kind: str, now: dt.datetime, days: int | None = None) -> set:
    rule = declarations().rules[kind]
    cutoff = now - dt.timedelta(days=days if days is not None else rule.default_days)
    return set(rule.due(cutoff, rule.default_action).values_list("pk", flat=True))


def _apply(kind: str, record, actor) -> None:
    rule = declarations().rules[kind]
    rule.apply(record, action=rule.default_action, actor=actor, reason="Löschfrist")


# Record of processing activities


def test_every_news_model_with_personal_data_is_declared_with_its_retention_rules():
    declared = {
        label: activity
        for activity in declarations().activities
        for label in activity.models
        if label.startswith("news.")
    }

    with_personal_data = {m._meta.label for m in personal_data_models()} & {
        f"news.{name}"
        for name in ("Event", "Registration", "BoardPost", "BoardReply", "DigestSubscription")
    }
    assert with_personal_data <= declared.keys()
    assert declared["news.Registration"].retention_rules == ("news.registration",)
    assert declared["news.DigestSubscription"].legal_bases == ("art6_1a",)
    assert "news.board_reply" in declared["news.BoardReply"].retention_rules
    assert "news.BoardReport" in declared


def test_privacy_notice_names_the_events_and_the_noticeboard(client):
    page = client.get(reverse("compliance:privacy_notice"))

    text = html.unescape(page.content.decode())
    assert page.status_code == 200
    assert "Veranstaltungen im Quartier und Anmeldungen dazu" in text
    assert "Pinnwand „Biete / Suche“ mit Antworten und Meldungen" in text
    assert "90 Tage nach dem Termin" in text


# Art. 15


def test_copy_of_a_person_holds_their_registrations_with_german_labels(office_staff, erna, dates):
    # Given a registration staff made for Erna
    event, past, _future = dates
    _register(past, person=erna, registered_by=office_staff, short_code="QQQQ-7777")

    # When the Art. 15 copy is made
    data = subject_access_collect(actor=office_staff, person=erna)

    # Then it lists the registration with the event and the date in words, no code, no key
    (section,) = [s for s in data["records"] if s["model"] == "news.Registration"]
    assert section["label"] == "Anmeldungen zu Veranstaltungen"
    fields = {f["name"]: f for f in section["items"][0]["fields"]}
    assert fields["event"]["label"] == "Veranstaltung"
    assert fields["event"]["text"] == "Seniorentreff"
    assert fields["occurrence"]["label"] == "Termin"
    assert fields["occurrence"]["text"] == timezone.localtime(past.start).strftime("%d.%m.%Y %H:%M")
    assert fields["registered_by"]["label"] == "Angemeldet durch (Mitarbeitende)"
    assert "short_code" not in fields and "cancel_token_hash" not in fields
    assert "QQQQ-7777" not in str(data)
    assert section["purposes"][0]["name"] == "Veranstaltungen im Quartier und Anmeldungen dazu"


def test_copy_of_a_person_holds_their_noticeboard_post_with_its_replies(
    office_staff, erna, quarter
):
    post = _post(quarter, person=erna, posted_by_staff=office_staff, contact_email="")
    BoardReply.objects.create(
        post=post, region_id=post.region_id, sender_name="Jonas", text="Ich fahre Sie gern."
    )

    data = subject_access_collect(actor=office_staff, person=erna)

    (section,) = [s for s in data["records"] if s["model"] == "news.BoardPost"]
    item = section["items"][0]
    fields = {f["name"]: f["label"] for f in item["fields"]}
    assert fields["posted_by_staff"] == "Für Sie eingetragen von"
    (replies,) = [r for r in item["related"] if r["model"] == "news.BoardReply"]
    assert replies["label"] == "Antworten auf Pinnwand-Einträge"
    reply = {f["name"]: f["text"] for f in replies["items"][0]["fields"]}
    assert reply["text"] == "Ich fahre Sie gern."


# Art. 17


def test_erasure_keeps_registrations_without_identity_and_cancels_those_to_come(
    manager, office_staff, erna, dates
):
    # Given Erna came to a past date and is registered for a date to come, with a relative's
    # contact on it
    event, past, future = dates
    came = _register(past, person=erna, status=Registration.Status.ATTENDED, places=2)
    coming = _register(
        future,
        person=erna,
        places=2,
        booker_name="Sabine Müller",
        booker_email="sabine@example.org",
        registered_by=office_staff,
    )

    # When Erna is erased
    result = person_anonymise(actor=manager, person=erna, reason="Antrag")

    # Then both rows stay for the counts, without name or contact, still pointing to her
    came.refresh_from_db()
    coming.refresh_from_db()
    for registration in (came, coming):
        assert registration.name == "Anonymisiert"
        assert (registration.phone, registration.email, registration.short_code) == ("", "", "")
        assert (registration.booker_name, registration.booker_email) == ("", "")
        assert registration.person_id == erna.pk
    assert result.counts["news.Registration"] == 2
    # And the past date keeps its attendance, the date to come gets its places back
    assert came.status == Registration.Status.ATTENDED
    assert coming.status == Registration.Status.CANCELLED
    future.refresh_from_db()
    assert future.places_taken == 0


def test_erasure_gives_the_places_of_a_date_to_come_to_the_waiting_list(manager, erna, dates):
    # Given Erna holds 2 of the 6 places of a date to come, which is full, and Jonas waits
    _event, _past, future = dates
    _register(future, person=erna, places=2)
    _register(future, name="Gast", email="gast@example.org", places=4)
    jonas = _register(
        future,
        name="Jonas Brandt",
        email="jonas@example.org",
        channel="email",
        status=Registration.Status.WAITING,
    )

    # When Erna is erased
    person_anonymise(actor=manager, person=erna, reason="Antrag")

    # Then Jonas moves up and is told
    jonas.refresh_from_db()
    future.refresh_from_db()
    assert jonas.status == Registration.Status.CONFIRMED
    assert future.places_taken == 5
    assert Message.objects.filter(
        template="news/registration_promoted", recipient="jonas@example.org"
    ).exists()


def test_erasure_withdraws_the_persons_posts_and_clears_their_text_and_replies(
    manager, erna, quarter
):
    post = _post(quarter, person=erna)
    reply = BoardReply.objects.create(
        post=post,
        region_id=post.region_id,
        sender_name="Jonas Brandt",
        sender_email="jonas@example.org",
        text="Ich fahre Sie gern.",
    )
    report = BoardReport.objects.create(
        post=post, region_id=post.region_id, reason="Frau Müller kenne ich"
    )

    person_anonymise(actor=manager, person=erna, reason="Antrag")

    post.refresh_from_db()
    reply.refresh_from_db()
    report.refresh_from_db()
    assert post.status == BoardPost.Status.WITHDRAWN
    assert (post.title, post.body, post.display_name, post.contact_email) == ("—", "—", "—", "")
    assert (reply.sender_name, reply.sender_email, reply.text) == ("—", "", "—")
    assert report.reason == "—"


def test_erasure_leaves_an_ended_post_in_its_state(manager, erna, quarter):
    post = _post(quarter, person=erna, status=BoardPost.Status.REJECTED)

    person_anonymise(actor=manager, person=erna, reason="Antrag")

    post.refresh_from_db()
    assert (post.status, post.body) == (BoardPost.Status.REJECTED, "—")


# Retention


def test_registrations_are_anonymised_90_days_after_their_date(manager, dates):
    # Given a registration for a date 30 days ago and one to come
    event, past, future = dates
    old = _register(past, user=manager)
    _register(future)
    now = timezone.now()

    # Then only the past one is due, and only from the 90th day after its date on
    assert _due("news.registration", now + 59 * DAY) == set()
    assert _due("news.registration", now + 61 * DAY) == {old.pk}

    # When the rule is applied, the name, contact data and links are gone, the row stays
    _apply("news.registration", old, manager)
    old.refresh_from_db()
    assert (old.name, old.phone, old.email, old.person_id, old.user_id) == (
        "Anonymisiert",
        "",
        "",
        None,
        None,
    )
    assert old.status == Registration.Status.CONFIRMED and old.places == 1
    # And it is no longer due
    assert _due("news.registration", now + 61 * DAY) == set()


def test_unconfirmed_digest_subscriptions_are_deleted_after_seven_days(manager, quarter):
    def subscription(email: str, confirmed: bool) -> DigestSubscription:
        made = DigestSubscription.objects.create(
            region_id=quarter.region_id,
            area=quarter,
            email=email,
            token_hash=email.ljust(64, "x"),
            confirmed_at=timezone.now() if confirmed else None,
        )
        DigestSubscription.objects.filter(pk=made.pk).update(created_at=timezone.now() - 8 * DAY)
        return made

    waiting = subscription("a@example.org", confirmed=False)
    subscription("b@example.org", confirmed=True)
    now = timezone.now()

    assert _due("news.digest_unconfirmed", now) == {waiting.pk}
    assert _due("news.digest_unconfirmed", now - 2 * DAY) == set()

    _apply("news.digest_unconfirmed", waiting, manager)
    assert list(DigestSubscription.objects.values_list("email", flat=True)) == ["b@example.org"]


@pytest.mark.parametrize(
    ("status", "expires_in_days", "due"),
    [
        (BoardPost.Status.REJECTED, None, True),
        (BoardPost.Status.REMOVED, None, True),
        (BoardPost.Status.EXPIRED, -100, True),
        (BoardPost.Status.WITHDRAWN, None, True),
        (BoardPost.Status.PUBLISHED, -91, True),
        (BoardPost.Status.PUBLISHED, -80, False),
        (BoardPost.Status.PUBLISHED, 20, False),
        (BoardPost.Status.SUBMITTED, None, False),
    ],
)
def test_ended_posts_are_due_90_days_after_they_ended(quarter, status, expires_in_days, due):
    today = timezone.localdate()
    expires = today + dt.timedelta(days=expires_in_days) if expires_in_days else None
    post = _post(quarter, status=status, expires_on=expires)
    BoardPost.objects.filter(pk=post.pk).update(updated_at=timezone.now() - 91 * DAY)

    assert (post.pk in _due("news.board_post", timezone.now())) is due


def test_a_due_post_is_deleted_with_its_replies_and_reports(manager, quarter):
    post = _post(quarter, status=BoardPost.Status.REMOVED)
    BoardReply.objects.create(post=post, region_id=post.region_id, sender_name="A", text="Hallo")
    BoardReport.objects.create(post=post, region_id=post.region_id, reason="gewerblich")

    _apply("news.board_post", post, manager)

    assert not BoardPost.objects.exists()
    assert not BoardReply.objects.exists() and not BoardReport.objects.exists()


def test_relayed_replies_are_deleted_30_days_after_they_were_passed_on(manager, quarter):
    post = _post(quarter)
    now = timezone.now()

    def reply(status: str, handled_days_ago: int | None) -> BoardReply:
        handled = now - dt.timedelta(days=handled_days_ago) if handled_days_ago else None
        return BoardReply.objects.create(
            post=post,
            region_id=post.region_id,
            sender_name="A",
            text="Hallo",
            status=status,
            handled_at=handled,
        )

    relayed = reply(BoardReply.Status.RELAYED, 31)
    passed_on = reply(BoardReply.Status.DONE, 40)
    reply(BoardReply.Status.RELAYED, 29)
    reply(BoardReply.Status.FOR_OFFICE, None)

    assert _due("news.board_reply", now) == {relayed.pk, passed_on.pk}

    _apply("news.board_reply", relayed, manager)
    assert _due("news.board_reply", now) == {passed_on.pk}


def test_handled_reports_are_deleted_180_days_after_handling(manager, quarter):
    post = _post(quarter)
    now = timezone.now()
    old = BoardReport.objects.create(
        post=post, region_id=post.region_id, reason="x", handled_at=now - 181 * DAY
    )
    BoardReport.objects.create(post=post, region_id=post.region_id, reason="y")
    BoardReport.objects.create(
        post=post, region_id=post.region_id, reason="z", handled_at=now - 179 * DAY
    )

    assert _due("news.board_report", now) == {old.pk}


def test_registrations_are_held_by_the_organiser_and_go_into_its_run(dates, provider_org):
    event, past, _future = dates
    registration = _register(past)
    rule = declarations().rules["news.registration"]

    held = rule.due(timezone.now() + 61 * DAY, "anonymise").values_list("pk", "event__organisation")

    assert rule.held_by == "event__organisation"
    assert list(held) == [(registration.pk, provider_org.pk)]
