"""The noticeboard's services: writing, the office's check, renewing and withdrawing, the relay
of answers, reports, removal and expiry; each refuses what it must and leaves nothing changed."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from lotse.accounts.tests.factories import UserFactory
from lotse.core.models import AuditEntry
from lotse.news.models import BoardPost, BoardReply, BoardReport
from lotse.news.services_board import (
    board_reply_passed_on,
    board_reply_send,
    board_report_create,
    boardpost_publish,
    boardpost_reject,
    boardpost_remove,
    boardpost_renew,
    boardpost_reports_dismiss,
    boardpost_submit,
    boardpost_submit_for_person,
    boardpost_withdraw,
    boardposts_expire,
)
from lotse.news.tests.board_fixtures import new_board_post
from lotse.notifications.models import Message
from lotse.notifications.services import outbox_send_one
from lotse.people.models import Consent
from lotse.people.services import consent_record

Status = BoardPost.Status
TODAY = dt.date(2027, 3, 4)

pytestmark = pytest.mark.django_db


@pytest.fixture
def make_board_post(quarter, resident):
    """A post in Altstadt by the resident persona (see board_fixtures.new_board_post)."""
    return lambda **fields: new_board_post(**{"quarter": quarter, "author": resident, **fields})


def _data(**fields) -> dict:
    return {
        "kind": "offer",
        "title": "Begleitung zum Einkaufen",
        "body": "Ich gehe dienstags einkaufen und nehme gern jemanden mit.",
        "display_name": "Herr B.",
        "contact_email": "bewohner@test.de",
        **fields,
    }


def _verbs(target) -> list[str]:
    return list(
        AuditEntry.objects.filter(target_id=str(target.pk))
        .order_by("sequence")
        .values_list("verb", flat=True)
    )


# --- writing --------------------------------------------------------------------------------


def test_a_resident_writes_a_post_that_waits_for_the_check(resident, quarter):
    post = boardpost_submit(actor=resident, area=quarter, data=_data())

    assert post.status == Status.SUBMITTED
    assert (post.author, post.area, post.region_id) == (resident, quarter, quarter.region_id)
    assert post.contact_email == "bewohner@test.de"
    assert post.expires_on is None
    assert _verbs(post) == ["boardpost.submitted"]


def test_an_anonymous_visitor_cannot_write_a_post(quarter):
    with pytest.raises(PermissionDenied):
        boardpost_submit(actor=None, area=quarter, data=_data())

    assert not BoardPost.objects.exists()


@pytest.mark.parametrize(
    "text",
    [
        "Rufen Sie an: 0561 123456",
        "Tel. 0561/12 34 56",
        "Handy +49 170 1234567",
        "Telefon (0561) 12-34-56",
        "Nummer 123456",
        "Schreiben Sie an erna@example.org",
        "Mail: erna (at) example (dot) org",
        "Mehr auf www.beispiel.de",
        "Siehe https://example.org/seite",
        "Schauen Sie auf beispiel.de nach",
        "Ich wohne in der Hauptstraße 5",
        "Treffpunkt Marktplatz 12a",
    ],
)
def test_a_post_with_a_phone_number_an_address_or_a_link_is_refused(resident, quarter, text):
    with pytest.raises(ValidationError) as caught:
        boardpost_submit(actor=resident, area=quarter, data=_data(body=text))

    assert "body" in caught.value.message_dict
    assert "Bitte schreiben Sie keine" in caught.value.message_dict["body"][0]
    assert not BoardPost.objects.exists()


@pytest.mark.parametrize(
    "text",
    [
        "Dienstags von 14 bis 16 Uhr, ab 12.03.2027.",
        "Am 1.4.2027 um 14:30 Uhr am Marktplatz.",
        "Ich bin Jahrgang 1942 und wohne in 45657.",
        "Kostet nichts, höchstens 2,50 Euro für den Kaffee.",
        "Wir treffen uns an der Hauptstraße beim Bäcker.",
    ],
)
def test_dates_times_years_and_street_names_without_numbers_are_allowed(resident, quarter, text):
    post = boardpost_submit(actor=resident, area=quarter, data=_data(body=text))

    assert post.body == text


def test_contact_details_in_the_title_or_the_name_are_refused_too(resident, quarter):
    with pytest.raises(ValidationError) as caught:
        boardpost_submit(
            actor=resident,
            area=quarter,
            data=_data(title="Ruf an 0561 123456", display_name="erna@example.org"),
        )

    assert set(caught.value.message_dict) == {"title", "display_name"}


@pytest.mark.parametrize("bad", ["Hallo\x00Welt", "Hallo \ud800"])
def test_forbidden_characters_are_refused(resident, quarter, bad):
    with pytest.raises(ValidationError) as caught:
        boardpost_submit(actor=resident, area=quarter, data=_data(title=bad))

    assert caught.value.message_dict["title"] == ["Der Text enthält ein unerlaubtes Zeichen"]


def test_too_long_text_and_missing_fields_are_refused_in_german(resident, quarter):
    with pytest.raises(ValidationError) as caught:
        boardpost_submit(
            actor=resident,
            area=quarter,
            data=_data(
                kind="verkaufe", title="x" * 121, body="", display_name="", contact_email=""
            ),
        )

    errors = caught.value.message_dict
    assert errors["kind"] == ["Wählen Sie „Biete“ oder „Suche“"]
    assert errors["title"] == ["Der Text darf höchstens 120 Zeichen haben"]
    assert errors["body"] == ["Schreiben Sie, was Sie anbieten oder suchen"]
    assert "display_name" in errors and "contact_email" in errors


def test_a_post_needs_a_quarter_not_a_region(resident, region):
    with pytest.raises(ValidationError) as caught:
        boardpost_submit(actor=resident, area=region, data=_data())

    assert caught.value.message_dict["area"] == ["Wählen Sie Ihr Quartier"]


def test_office_staff_write_a_post_for_a_person_whose_replies_go_to_the_office(
    office_staff, quarter, erna
):
    post = boardpost_submit_for_person(
        actor=office_staff, area=quarter, data=_data(contact_email="x@y.de"), person=erna
    )

    assert post.status == Status.SUBMITTED
    assert (post.person, post.posted_by_staff, post.author) == (erna, office_staff, None)
    assert post.contact_email == ""
    assert _verbs(post) == ["boardpost.submitted_for_person"]


def test_office_staff_write_a_post_under_a_name_only(office_staff, quarter):
    post = boardpost_submit_for_person(actor=office_staff, area=quarter, data=_data())

    assert post.person is None
    assert post.display_name == "Herr B."


@pytest.mark.parametrize("persona", ["resident", "provider_staff", "outsider", "helper"])
def test_only_the_quarters_office_writes_for_a_person(request, quarter, persona):
    actor = request.getfixturevalue(persona)

    with pytest.raises(PermissionDenied):
        boardpost_submit_for_person(actor=actor, area=quarter, data=_data())

    assert not BoardPost.objects.exists()


# --- the office's check ---------------------------------------------------------------------


def test_publishing_shows_the_post_for_four_weeks_and_tells_the_author(
    office_staff, make_board_post
):
    post = make_board_post()

    boardpost_publish(actor=office_staff, post=post, today=TODAY)

    post.refresh_from_db()
    assert post.status == Status.PUBLISHED
    assert post.expires_on == TODAY + dt.timedelta(days=28)
    assert post.reviewed_by == office_staff and post.reviewed_at is not None
    message = Message.objects.get(template="news/board_published")
    assert message.recipient == "bewohner@test.de"
    assert "bis 1. April 2027" in message.body
    assert _verbs(post) == ["boardpost.published"]


def test_a_post_can_be_published_only_once(office_staff, make_board_post):
    post = make_board_post(status=Status.PUBLISHED)

    with pytest.raises(ValidationError, match="Sichtbar"):
        boardpost_publish(actor=office_staff, post=post, today=TODAY)


@pytest.mark.parametrize("persona", ["resident", "provider_staff", "outsider", "care_navigator"])
def test_only_the_quarters_office_checks_posts(request, make_board_post, persona):
    post = make_board_post()

    with pytest.raises(PermissionDenied):
        boardpost_publish(actor=request.getfixturevalue(persona), post=post)

    post.refresh_from_db()
    assert post.status == Status.SUBMITTED


def test_a_manager_of_another_quarter_may_not_check(make_board_post, manager, quarter):
    from lotse.core.models import Area

    other = Area.objects.create(
        name="Neustadt",
        slug="neustadt",
        kind=Area.Kind.QUARTER,
        parent=quarter.parent,
        region_id=quarter.region_id,
    )
    manager.memberships.get().areas.set([other])
    post = make_board_post()

    with pytest.raises(PermissionDenied):
        boardpost_publish(actor=manager, post=post)


def test_rejecting_needs_a_reason_and_tells_the_author(office_staff, make_board_post):
    post = make_board_post()

    with pytest.raises(ValidationError) as caught:
        boardpost_reject(actor=office_staff, post=post, reason="  ")
    assert "reason" in caught.value.message_dict
    boardpost_reject(actor=office_staff, post=post, reason="Das ist ein gewerbliches Angebot.")

    post.refresh_from_db()
    assert (post.status, post.review_note) == (Status.REJECTED, "Das ist ein gewerbliches Angebot.")
    message = Message.objects.get(template="news/board_rejected")
    assert "Das ist ein gewerbliches Angebot." in message.body


def test_a_post_for_a_person_tells_the_person_on_their_way_with_consent(
    office_staff, quarter, erna
):
    erna.contact_channel = "email"
    erna.save(update_fields=["contact_channel"])
    consent_record(
        actor=office_staff,
        person=erna,
        purpose=Consent.Purpose.CONTACT,
        channel="email",
        given_how=Consent.GivenHow.VERBAL_PHONE,
    )
    post = boardpost_submit_for_person(actor=office_staff, area=quarter, data=_data(), person=erna)

    boardpost_publish(actor=office_staff, post=post, today=TODAY)

    message = Message.objects.get(template="news/board_published")
    assert (message.person, message.recipient) == (erna, "erna@example.org")


def test_a_post_under_a_name_only_tells_nobody(office_staff, quarter):
    post = boardpost_submit_for_person(actor=office_staff, area=quarter, data=_data())

    boardpost_publish(actor=office_staff, post=post, today=TODAY)

    assert not Message.objects.exists()


# --- the author -----------------------------------------------------------------------------


def test_the_author_renews_in_the_last_week_for_four_more_weeks(resident, make_board_post):
    post = make_board_post(status=Status.PUBLISHED, expires_on=TODAY + dt.timedelta(days=6))

    boardpost_renew(actor=resident, post=post, today=TODAY)

    post.refresh_from_db()
    assert post.expires_on == TODAY + dt.timedelta(days=6 + 28)
    assert (post.status, post.renewed_count) == (Status.PUBLISHED, 1)


def test_renewing_earlier_than_the_last_week_is_refused(resident, make_board_post):
    post = make_board_post(status=Status.PUBLISHED, expires_on=TODAY + dt.timedelta(days=7))

    with pytest.raises(ValidationError, match="letzten Woche"):
        boardpost_renew(actor=resident, post=post, today=TODAY)


def test_an_expired_post_is_renewed_within_two_weeks_from_today(resident, make_board_post):
    post = make_board_post(status=Status.EXPIRED, expires_on=TODAY - dt.timedelta(days=14))

    boardpost_renew(actor=resident, post=post, today=TODAY)

    post.refresh_from_db()
    assert (post.status, post.expires_on) == (Status.PUBLISHED, TODAY + dt.timedelta(days=28))


def test_an_expired_post_older_than_two_weeks_stays_expired(resident, make_board_post):
    post = make_board_post(status=Status.EXPIRED, expires_on=TODAY - dt.timedelta(days=15))

    with pytest.raises(ValidationError):
        boardpost_renew(actor=resident, post=post, today=TODAY)


def test_nobody_but_the_author_renews_or_withdraws(relative, office_staff, make_board_post):
    post = make_board_post(status=Status.PUBLISHED, expires_on=TODAY)

    for actor in (relative, office_staff, None):
        with pytest.raises(PermissionDenied):
            boardpost_renew(actor=actor, post=post, today=TODAY)
        with pytest.raises(PermissionDenied):
            boardpost_withdraw(actor=actor, post=post)

    post.refresh_from_db()
    assert post.status == Status.PUBLISHED


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.PUBLISHED])
def test_the_author_withdraws_a_waiting_or_visible_post(resident, make_board_post, status):
    post = make_board_post(status=status)

    boardpost_withdraw(actor=resident, post=post)

    post.refresh_from_db()
    assert post.status == Status.WITHDRAWN


def test_a_removed_post_cannot_be_withdrawn_or_renewed(resident, make_board_post):
    post = make_board_post(status=Status.REMOVED, expires_on=TODAY)

    with pytest.raises(ValidationError):
        boardpost_withdraw(actor=resident, post=post)
    with pytest.raises(ValidationError):
        boardpost_renew(actor=resident, post=post, today=TODAY)


# --- the relay ------------------------------------------------------------------------------


def _reply(**fields) -> dict:
    return {
        "sender_name": "Hans Nachbar",
        "sender_email": "hans@example.org",
        "sender_phone": "",
        "text": "Ich gehe gern mit Ihnen spazieren.",
        **fields,
    }


def test_an_answer_is_relayed_by_email_answerable_to_the_sender(make_board_post, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    post = make_board_post(status=Status.PUBLISHED)

    reply = board_reply_send(post=post, data=_reply())

    assert reply.status == BoardReply.Status.RELAYED
    message = Message.objects.get(template="news/board_reply")
    assert (message.recipient, message.reply_to) == ("bewohner@test.de", "hans@example.org")
    assert "Ich gehe gern mit Ihnen spazieren." in message.body
    assert "Hans Nachbar" in message.body
    assert outbox_send_one() is True
    sent = mail.outbox[-1]
    assert sent.to == ["bewohner@test.de"]
    assert sent.reply_to == ["hans@example.org"]


def test_an_answer_with_a_phone_number_only_carries_the_number(make_board_post):
    post = make_board_post(status=Status.PUBLISHED)

    board_reply_send(post=post, data=_reply(sender_email="", sender_phone="0561 12 34 56"))

    message = Message.objects.get(template="news/board_reply")
    assert message.reply_to == ""
    assert "0561 12 34 56" in message.body


def test_an_answer_to_a_post_without_email_waits_for_the_office(office_staff, quarter):
    post = boardpost_submit_for_person(actor=office_staff, area=quarter, data=_data())
    boardpost_publish(actor=office_staff, post=post)

    reply = board_reply_send(post=post, data=_reply())

    assert reply.status == BoardReply.Status.FOR_OFFICE
    assert not Message.objects.filter(template="news/board_reply").exists()
    board_reply_passed_on(actor=office_staff, reply=reply)
    reply.refresh_from_db()
    assert reply.status == BoardReply.Status.DONE and reply.handled_at is not None
    with pytest.raises(ValidationError):
        board_reply_passed_on(actor=office_staff, reply=reply)


def test_only_the_office_marks_an_answer_passed_on(provider_staff, office_staff, quarter):
    post = boardpost_submit_for_person(actor=office_staff, area=quarter, data=_data())
    boardpost_publish(actor=office_staff, post=post)
    reply = board_reply_send(post=post, data=_reply())

    with pytest.raises(PermissionDenied):
        board_reply_passed_on(actor=provider_staff, reply=reply)


def test_an_answer_needs_a_name_a_way_back_and_a_message(make_board_post):
    post = make_board_post(status=Status.PUBLISHED)

    with pytest.raises(ValidationError) as caught:
        board_reply_send(
            post=post, data=_reply(sender_name="", sender_email="", sender_phone="", text=" ")
        )

    assert set(caught.value.message_dict) == {"sender_name", "sender_email", "text"}
    assert not BoardReply.objects.exists()


def test_an_answer_with_a_bad_address_or_characters_is_refused(make_board_post):
    post = make_board_post(status=Status.PUBLISHED)

    with pytest.raises(ValidationError) as caught:
        board_reply_send(post=post, data=_reply(sender_email="kein-at", text="Hallo\x00"))

    assert set(caught.value.message_dict) == {"sender_email", "text"}


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.EXPIRED, Status.REMOVED])
def test_nobody_answers_a_post_that_is_not_visible(make_board_post, status):
    post = make_board_post(status=status)

    with pytest.raises(ValidationError, match="nicht mehr zu sehen"):
        board_reply_send(post=post, data=_reply())


def test_a_post_past_its_last_day_takes_no_answer_even_before_the_task_ran(make_board_post):
    post = make_board_post(status=Status.PUBLISHED, expires_on=TODAY - dt.timedelta(days=1))

    with pytest.raises(ValidationError):
        board_reply_send(post=post, data=_reply(), today=TODAY)


# --- reports and removal --------------------------------------------------------------------


def test_a_report_needs_a_reason_and_a_visible_post(make_board_post):
    post = make_board_post(status=Status.PUBLISHED)
    hidden = make_board_post()

    with pytest.raises(ValidationError):
        board_report_create(post=post, reason="")
    with pytest.raises(ValidationError):
        board_report_create(post=hidden, reason="Werbung")
    report = board_report_create(post=post, reason="Das ist Werbung.")

    assert report.post == post and report.handled_at is None
    assert BoardReport.objects.count() == 1


def test_removing_closes_the_reports_and_tells_the_author(office_staff, make_board_post):
    post = make_board_post(status=Status.PUBLISHED)
    board_report_create(post=post, reason="Das ist Werbung.")

    boardpost_remove(actor=office_staff, post=post, reason="Gewerbliche Angebote passen nicht.")

    post.refresh_from_db()
    assert post.status == Status.REMOVED
    assert not post.reports.filter(handled_at__isnull=True).exists()
    assert post.reports.get().handled_by == office_staff
    message = Message.objects.get(template="news/board_removed")
    assert "Gewerbliche Angebote passen nicht." in message.body


def test_dismissing_reports_keeps_the_post(office_staff, make_board_post):
    post = make_board_post(status=Status.PUBLISHED)
    board_report_create(post=post, reason="Passt nicht.")

    assert boardpost_reports_dismiss(actor=office_staff, post=post) == 1

    post.refresh_from_db()
    assert post.status == Status.PUBLISHED
    with pytest.raises(ValidationError, match="keine offene Meldung"):
        boardpost_reports_dismiss(actor=office_staff, post=post)


def test_a_waiting_post_cannot_be_removed(office_staff, make_board_post):
    post = make_board_post()

    with pytest.raises(ValidationError):
        boardpost_remove(actor=office_staff, post=post, reason="Nein")


# --- expiry ---------------------------------------------------------------------------------


def test_posts_past_their_last_day_expire_and_a_second_run_changes_nothing(make_board_post):
    gone = make_board_post(status=Status.PUBLISHED, expires_on=TODAY - dt.timedelta(days=1))
    last_day = make_board_post(status=Status.PUBLISHED, expires_on=TODAY)
    waiting = make_board_post(status=Status.SUBMITTED)

    first = boardposts_expire(today=TODAY)
    second = boardposts_expire(today=TODAY)

    assert first["expired"] == 1 and second["expired"] == 0
    for post, status in (
        (gone, Status.EXPIRED),
        (last_day, Status.PUBLISHED),
        (waiting, Status.SUBMITTED),
    ):
        post.refresh_from_db()
        assert post.status == status
    assert _verbs(gone) == ["boardpost.expired"]


def test_the_author_hears_once_a_few_days_before_the_last_day(make_board_post):
    soon = make_board_post(status=Status.PUBLISHED, expires_on=TODAY + dt.timedelta(days=3))
    later = make_board_post(status=Status.PUBLISHED, expires_on=TODAY + dt.timedelta(days=4))

    boardposts_expire(today=TODAY)
    boardposts_expire(today=TODAY)
    after_today = list(Message.objects.filter(template="news/board_expiring"))
    boardposts_expire(today=TODAY + dt.timedelta(days=1))

    assert len(after_today) == 1
    assert "läuft ab" in after_today[0].subject
    assert str(soon.pk) in after_today[0].dedupe_key
    keys = sorted(
        Message.objects.filter(template="news/board_expiring").values_list("dedupe_key", flat=True)
    )
    assert keys == sorted(
        [after_today[0].dedupe_key, f"board-expiring:{later.pk}:{later.expires_on}"]
    )


def test_a_renewed_post_warns_again_before_its_new_last_day(resident, make_board_post):
    post = make_board_post(status=Status.PUBLISHED, expires_on=TODAY + dt.timedelta(days=2))
    boardposts_expire(today=TODAY)
    boardpost_renew(actor=resident, post=post, today=TODAY)

    boardposts_expire(today=TODAY + dt.timedelta(days=28))

    assert Message.objects.filter(template="news/board_expiring").count() == 2


def test_the_expiry_continues_after_a_run_stopped_half_way(make_board_post, monkeypatch):
    posts = [
        make_board_post(status=Status.PUBLISHED, expires_on=TODAY - dt.timedelta(days=1))
        for _ in range(3)
    ]
    from lotse.news import services_board

    calls = {"n": 0}
    real = services_board.audit_record

    def failing(**kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("Datenbank weg")
        return real(**kwargs)

    monkeypatch.setattr(services_board, "audit_record", failing)
    with pytest.raises(RuntimeError):
        boardposts_expire(today=TODAY)
    monkeypatch.setattr(services_board, "audit_record", real)
    assert BoardPost.objects.filter(status=Status.EXPIRED).count() == 1

    result = boardposts_expire(today=TODAY)

    assert result["expired"] == 2
    assert all(BoardPost.objects.get(pk=p.pk).status == Status.EXPIRED for p in posts)


def test_the_management_command_expires_for_a_given_day(make_board_post):
    from io import StringIO

    from django.core.management import call_command

    post = make_board_post(status=Status.PUBLISHED, expires_on=TODAY)
    out = StringIO()

    call_command("board_expire", "--stichtag", str(TODAY + dt.timedelta(days=1)), stdout=out)

    post.refresh_from_db()
    assert post.status == Status.EXPIRED
    assert "1 Einträge abgelaufen" in out.getvalue()


def test_a_user_without_email_is_not_told_but_nothing_breaks(office_staff, quarter):
    author = UserFactory.create(email="ohne@test.de")
    type(author).objects.filter(pk=author.pk).update(email="")
    post = BoardPost.objects.create(
        region_id=quarter.region_id,
        area=quarter,
        kind="offer",
        title="Hilfe",
        body="Gern.",
        display_name="Frau A.",
        author=author,
    )

    boardpost_publish(actor=office_staff, post=post)

    post.refresh_from_db()
    assert post.status == Status.PUBLISHED
    assert not Message.objects.exists()
