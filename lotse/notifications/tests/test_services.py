import datetime as dt
import logging
import smtplib

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone

from lotse.core.models import AuditEntry
from lotse.notifications import gateways, services
from lotse.notifications.models import Message
from lotse.notifications.services import (
    letters_print,
    message_enqueue,
    outbox_claim,
    outbox_send_due,
    outbox_send_one,
)
from lotse.people.services import consent_withdraw

GENERIC = {"subject": "Ihr Termin am Dienstag", "body": "Wir sehen uns um 14:30 Uhr."}


def _enqueue(**kwargs) -> Message | None:
    return message_enqueue(template="generic", context=GENERIC, **kwargs)


# Enqueue: channel, consent, opt-out, address


def test_enqueue_renders_the_message_on_the_preferred_channel(erna):
    message = _enqueue(person=erna)

    assert message is not None
    assert (message.channel, message.status) == ("email", "pending")
    assert message.recipient == "erna@example.org"
    assert message.subject == "Ihr Termin am Dienstag"
    assert "Guten Tag Erna Müller," in message.body
    assert "Wir sehen uns um 14:30 Uhr." in message.body
    assert (message.organisation_id, message.region_id) == (erna.organisation_id, erna.region_id)


def test_enqueue_is_part_of_the_callers_transaction(erna):
    with pytest.raises(RuntimeError), transaction.atomic():
        _enqueue(person=erna)
        raise RuntimeError("the change failed")

    assert not Message.objects.exists()


def test_enqueue_keeps_text_templates_unescaped(erna):
    message = message_enqueue(
        template="generic", context={"subject": "Kaffee & Kuchen", "body": "<Treff>"}, person=erna
    )

    assert message is not None
    assert message.subject == "Kaffee & Kuchen"
    assert "<Treff>" in message.body


def test_enqueue_respects_do_not_contact(make_person, caplog):
    person = make_person(channel="none", consents=("email",))

    with caplog.at_level(logging.INFO, logger="lotse.notifications.services"):
        message = _enqueue(person=person)

    assert message is None
    assert not Message.objects.exists()
    assert "opt-out" in caplog.text


def test_enqueue_does_not_override_do_not_contact_with_a_channel(make_person):
    person = make_person(channel="none", consents=("email",))

    assert _enqueue(person=person, channel="email") is None
    assert not Message.objects.exists()


def test_enqueue_without_consent_writes_nothing(make_person, caplog):
    person = make_person(channel="email", consents=("sms",))

    with caplog.at_level(logging.INFO, logger="lotse.notifications.services"):
        message = _enqueue(person=person)

    assert message is None
    assert not Message.objects.exists()
    assert f"person={person.pk} template=generic reason=no consent" in caplog.text
    assert "Müller" not in caplog.text


def test_enqueue_after_consent_withdrawn_writes_nothing(make_person, office_staff):
    person = make_person(consents=("email",))
    consent_withdraw(actor=office_staff, consent=person.consents.get())

    assert _enqueue(person=person) is None


def test_enqueue_with_channel_needs_consent_for_that_channel(make_person):
    person = make_person(channel="email", consents=("email",))

    assert _enqueue(person=person, channel="sms") is None
    sms = make_person(channel="email", consents=("email", "sms"), given_name="Otto")
    message = _enqueue(person=sms, channel="sms")
    assert message is not None
    assert (message.channel, message.recipient) == ("sms", "0561 12 34 56")
    assert "Ihr Termin am Dienstag: Wir sehen uns um 14:30 Uhr." in message.body


def test_enqueue_skips_telephone_preference(make_person, caplog):
    person = make_person(channel="phone", consents=("phone",))

    with caplog.at_level(logging.INFO, logger="lotse.notifications.services"):
        assert _enqueue(person=person) is None

    assert "channel phone" in caplog.text


def test_enqueue_skips_a_channel_without_address(make_person):
    person = make_person(channel="email", consents=("email",), email="")

    assert _enqueue(person=person) is None
    assert not Message.objects.exists()


def test_letter_goes_to_the_postal_address_and_waits_for_print(make_person):
    person = make_person(channel="letter", consents=("letter",))

    message = _enqueue(person=person)

    assert message is not None
    assert message.status == "waiting"
    assert message.recipient == "Erna Müller\nHauptstraße 5\n34117 Teststadt"
    assert "<p>Wir sehen uns um 14:30 Uhr.</p>" in message.body
    assert outbox_send_due() == 0
    message.refresh_from_db()
    assert message.status == "waiting"


def test_letter_without_full_address_is_skipped(make_person):
    person = make_person(channel="letter", consents=("letter",), postcode="")

    assert _enqueue(person=person) is None


def test_enqueue_without_person_uses_the_given_address(db):
    message = _enqueue(email="gast@example.org", channel="email")

    assert message is not None
    assert (message.person, message.recipient, message.organisation) == (
        None,
        "gast@example.org",
        None,
    )
    assert message.body.startswith("Guten Tag,")


def test_enqueue_without_person_needs_a_channel_and_refuses_letters(db):
    with pytest.raises(ValueError):
        _enqueue(email="gast@example.org")
    with pytest.raises(ValueError):
        _enqueue(phone="0561 1", channel="letter")
    with pytest.raises(ValidationError):
        _enqueue(email="kein-at-zeichen", channel="email")
    assert not Message.objects.exists()


def test_enqueue_without_person_skips_a_missing_address_or_the_telephone(db, caplog):
    with caplog.at_level(logging.INFO, logger="lotse.notifications.services"):
        assert _enqueue(email="gast@example.org", channel="sms") is None
        assert _enqueue(phone="0561 1", channel="phone") is None
        assert _enqueue(channel="none") is None

    assert not Message.objects.exists()
    assert "person=- template=generic reason=no sms address" in caplog.text


def test_dedupe_key_allows_one_message(erna):
    first = _enqueue(person=erna, dedupe_key="reminder:42:2026-12-01")
    second = _enqueue(person=erna, dedupe_key="reminder:42:2026-12-01")
    other = _enqueue(person=erna, dedupe_key="reminder:43:2026-12-01")
    plain = [_enqueue(person=erna), _enqueue(person=erna)]

    assert first is not None and second is not None
    assert second.pk == first.pk
    assert other is not None and other.pk != first.pk
    assert all(plain)
    assert Message.objects.count() == 4


def test_dedupe_race_returns_the_winner_and_keeps_the_callers_transaction(erna, monkeypatch):
    # Another transaction inserted the key after our look-up: the unique constraint answers.
    winner = _enqueue(person=erna, dedupe_key="k")
    real_filter = Message.objects.filter
    monkeypatch.setattr(
        Message.objects,
        "filter",
        lambda *a, **kw: (
            real_filter(pk=None) if kw == {"dedupe_key": "k"} else real_filter(*a, **kw)
        ),
    )

    with transaction.atomic():
        again = _enqueue(person=erna, dedupe_key="k")
        Message.objects.count()  # the transaction is still usable

    assert again is not None and winner is not None
    assert again.pk == winner.pk


# Sending


def test_worker_sends_email_with_stable_message_id(erna, settings):
    settings.DEFAULT_FROM_EMAIL = "lotse@quartier.example"
    message = _enqueue(person=erna)
    assert message is not None

    assert outbox_send_due() == 1

    message.refresh_from_db()
    assert message.status == "sent" and message.sent_at is not None
    assert message.attempts == 1
    [email] = mail.outbox
    assert email.to == ["erna@example.org"]
    assert email.subject == "Ihr Termin am Dienstag"
    assert email.extra_headers["Message-ID"] == f"<{message.pk}@quartier.example>"
    assert email.message()["Message-ID"] == f"<{message.pk}@quartier.example>"
    assert outbox_send_due() == 0
    assert len(mail.outbox) == 1


def test_worker_sends_sms_to_the_console(make_person, capsys):
    person = make_person(channel="sms", consents=("sms",))
    message = _enqueue(person=person)
    assert message is not None

    outbox_send_due()

    out = capsys.readouterr().out
    assert f"SMS {message.pk} an 0561 12 34 56" in out
    message.refresh_from_db()
    assert message.status == "sent"


def test_failed_attempts_back_off_exponentially_then_fail(make_person, failing_sms):
    person = make_person(channel="sms", consents=("sms",))
    message = _enqueue(person=person)
    assert message is not None
    start = timezone.now()

    outbox_send_one()
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("pending", 1)
    assert message.last_error == "Gateway kaputt"
    first_wait = message.next_attempt_at - start
    assert dt.timedelta(seconds=59) < first_wait < dt.timedelta(seconds=65)
    assert outbox_send_one() is False  # not due yet

    Message.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    before = timezone.now()
    outbox_send_one()
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("pending", 2)
    assert dt.timedelta(seconds=119) < message.next_attempt_at - before < dt.timedelta(seconds=125)

    Message.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    outbox_send_one()
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("failed", 3)  # LOTSE_OUTBOX_MAX_ATTEMPTS
    assert failing_sms.calls == [str(message.pk)] * 3
    assert outbox_send_one() is False


def test_backoff_is_capped():
    assert services.backoff(1) == dt.timedelta(minutes=1)
    assert services.backoff(3) == dt.timedelta(minutes=4)
    assert services.backoff(30) == services.MAX_BACKOFF


def test_permanent_refusal_fails_at_once(make_person, failing_sms):
    failing_sms.permanent = True
    person = make_person(channel="sms", consents=("sms",))
    message = _enqueue(person=person)
    assert message is not None

    outbox_send_one()

    message.refresh_from_db()
    assert (message.status, message.attempts) == ("failed", 1)


def test_a_claimed_message_is_not_claimed_again_until_its_lease_ends(erna):
    message = _enqueue(person=erna)
    assert message is not None

    first = outbox_claim()
    second = outbox_claim()
    later = outbox_claim(now=timezone.now() + dt.timedelta(seconds=301))

    assert first is not None and first.pk == message.pk
    assert second is None
    assert later is not None and later.pk == message.pk and later.attempts == 2
    assert later.claim_token != first.claim_token
    # The first worker woke up late: its claim is gone, it cannot record an outcome.
    assert services.message_mark_sent(message=first) is False
    assert services.message_mark_sent(message=later) is True
    first.refresh_from_db()
    assert first.status == "sent"


def test_database_failure_after_sending_resends_with_the_same_id(erna, monkeypatch):
    # The provider accepted the mail, then the database went away before "sent" was stored.
    message = _enqueue(person=erna)
    assert message is not None

    def database_gone(**kwargs):
        raise DatabaseError("server closed the connection unexpectedly")

    monkeypatch.setattr(services, "message_mark_sent", database_gone)
    with pytest.raises(DatabaseError):
        outbox_send_one()
    message.refresh_from_db()
    assert message.status == "sending"
    monkeypatch.undo()

    assert outbox_claim() is None  # the lease still holds
    Message.objects.filter(pk=message.pk).update(lease_until=timezone.now())
    assert outbox_send_due() == 1

    message.refresh_from_db()
    assert message.status == "sent"
    ids = [email.extra_headers["Message-ID"] for email in mail.outbox]
    assert len(ids) == 2 and ids[0] == ids[1]  # SMTP: a recognisable duplicate, never a loss


# Letters


def test_letters_print_marks_printed_and_audits(make_person, office_staff):
    person = make_person(channel="letter", consents=("letter",))
    letter = _enqueue(person=person)
    assert letter is not None

    printed = letters_print(actor=office_staff, letters=[letter])

    assert [m.pk for m in printed] == [letter.pk]
    letter.refresh_from_db()
    assert (letter.status, letter.printed_by) == ("printed", office_staff)
    assert letter.print_batch is not None and printed[0].print_batch == letter.print_batch
    entry = AuditEntry.objects.get(verb="letter.printed")
    assert (entry.target_id, entry.actor, entry.region_id) == (
        str(letter.pk),
        office_staff,
        person.region_id,
    )
    with pytest.raises(ValidationError):
        letters_print(actor=office_staff, letters=[letter])


def test_letters_print_refuses_another_organisation(make_person, outsider):
    person = make_person(channel="letter", consents=("letter",))
    letter = _enqueue(person=person)
    assert letter is not None

    with pytest.raises(PermissionDenied):
        letters_print(actor=outsider, letters=[letter])

    letter.refresh_from_db()
    assert letter.status == "waiting"


def test_an_unexpected_error_counts_as_an_attempt(erna, monkeypatch):
    message = _enqueue(person=erna)
    assert message is not None

    def broken(**kwargs):
        raise UnicodeError("kaputt")

    monkeypatch.setattr("lotse.notifications.gateways.email_send", broken)
    assert outbox_send_one() is True

    message.refresh_from_db()
    assert (message.status, message.attempts) == ("pending", 1)
    assert message.last_error == "UnicodeError: kaputt"


def test_a_message_whose_worker_died_on_every_attempt_fails(erna):
    # LOTSE_OUTBOX_MAX_ATTEMPTS is 3: three claims that never came back.
    message = _enqueue(person=erna)
    assert message is not None
    later = timezone.now()
    for _attempt in range(3):
        later += dt.timedelta(seconds=301)
        assert outbox_claim(now=later) is not None

    assert outbox_claim(now=later + dt.timedelta(seconds=301)) is None

    message.refresh_from_db()
    assert (message.status, message.attempts) == ("failed", 3)
    assert message.last_error == "Der Versand brach bei jedem Versuch ab."
    assert not mail.outbox


# Retention (lotse.compliance runs the rules)


def test_retention_deletes_only_finished_old_messages(erna, make_person):
    from lotse.notifications import processing

    sent = _enqueue(person=erna)
    waiting = _enqueue(person=make_person(channel="letter", consents=("letter",)))
    guest = _enqueue(email="gast@example.org", channel="email")
    outbox_send_due()
    cutoff = timezone.now() + dt.timedelta(seconds=1)

    due = list(processing.messages_due(cutoff, "delete"))
    guest_due = list(processing.guest_messages_due(cutoff, "delete"))
    assert sent and guest and [m.pk for m in due + guest_due] == [sent.pk, guest.pk]
    for message in due + guest_due:
        processing.message_apply(message, action="delete", actor=None, reason="Frist")

    assert list(Message.objects.all()) == [waiting]
    assert not processing.messages_due(timezone.now() - dt.timedelta(days=1), "delete").exists()


class _RecordingMailer:
    """A mail connection that notes what happens, and whose goodbye fails."""

    def __init__(self, events: list[str]) -> None:
        self.events = events

    def open(self) -> bool:
        self.events.append("open")
        return True

    def send_messages(self, messages) -> int:
        self.events.append("send")
        return len(messages)

    def close(self) -> None:
        self.events.append("close")
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def test_email_is_recorded_sent_before_the_goodbye_and_a_failed_goodbye_changes_nothing(
    erna, monkeypatch
):
    # A server slow or broken in answering QUIT has already accepted the message: it must
    # count as sent, and the worker must not be killed between "250" and "sent".
    events: list[str] = []
    monkeypatch.setattr(gateways, "mailers", {"default": _RecordingMailer(events)})
    mark_sent = services.message_mark_sent

    def recording_mark_sent(**kwargs):
        events.append("sent")
        return mark_sent(**kwargs)

    monkeypatch.setattr(services, "message_mark_sent", recording_mark_sent)
    message = _enqueue(person=erna)
    assert message is not None

    assert outbox_send_one() is True

    message.refresh_from_db()
    assert events == ["open", "send", "sent", "close"]
    assert message.status == "sent" and message.attempts == 1


def test_a_message_claimed_again_after_its_worker_died_is_logged(erna, caplog):
    message = _enqueue(person=erna)
    assert message is not None
    assert outbox_claim() is not None  # this worker dies here

    with caplog.at_level(logging.WARNING, logger="lotse.notifications.services"):
        again = outbox_claim(now=timezone.now() + dt.timedelta(seconds=301))

    assert again is not None and again.pk == message.pk and again.attempts == 2
    assert f"message {message.pk}: the worker of attempt 1 died" in caplog.text
