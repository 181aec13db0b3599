"""Every change of messages: `message_enqueue` (other apps call it inside their transaction),
the worker's steps (`outbox_claim`, `outbox_send_one`) and printing letters.

What is guaranteed (docs/operations.md, "Was Hintergrundarbeit verspricht"): a message is
written in the caller's transaction, so it exists exactly when the change does, and the worker
sees it only after commit. A worker claims one message at a time with a compare-and-swap on
(status, claim_token) under `SELECT … FOR UPDATE SKIP LOCKED` (PostgreSQL; SQLite has one
writer) and commits the claim ("sending", with a lease) before the message leaves; only the
holder of the claim may record the outcome, so two live workers never send the same message.
"Sent" is committed right after the provider's answer, before the worker says goodbye to the
mail server. If a worker or the database dies after the provider accepted a message but before
"sent" was committed, the message is not resent at once: only when its lease has run out, with
the same id. The HTTP SMS gateway then recognises the `Idempotency-Key` and delivers once; SMTP
has no such promise, so an e-mail can arrive twice in that window (the server's final "250"
and one database commit), with the same `Message-ID` for the mail programs that drop
duplicates. No message is ever lost: e-mail is at least once, SMS exactly once with a gateway
that honours the key.
"""

import datetime as dt
import logging
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string, select_template
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lotse.core.audit import audit_record
from lotse.core.models import Organisation
from lotse.core.permissions import Actor, require
from lotse.notifications import gateways
from lotse.notifications.models import Message
from lotse.people.models import Consent, ContactChannel, Person
from lotse.people.services import ConsentMissing, consent_require

logger = logging.getLogger(__name__)

# Longest backoff between two attempts.
MAX_BACKOFF = dt.timedelta(hours=6)
# Headers a caller may add to an e-mail: the one-click unsubscribe of a rundbrief (RFC 8058).
ALLOWED_HEADERS = {"List-Unsubscribe", "List-Unsubscribe-Post", "List-Id"}


def _render(template: str, kind: str, context: dict[str, Any]) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(f"notifications/{template}.{kind}", context).strip()


def _render_html(template: str, context: dict[str, Any]) -> str:
    """The e-mail's HTML version, where the template has one (`<template>.email.html`)."""
    try:
        select_template([f"notifications/{template}.email.html"])
    except TemplateDoesNotExist:
        return ""
    return _render(template, "email.html", context)


def _checked_headers(headers: dict[str, str] | None) -> dict[str, str]:
    for name, value in (headers or {}).items():
        if name not in ALLOWED_HEADERS or "\r" in value or "\n" in value:
            raise ValueError(f"message_enqueue: header {name!r} is not allowed")
    return dict(headers or {})


def _skip(person: Person | None, template: str, reason: str) -> None:
    # Ids only: the log must not become a copy of personal data.
    person_id = person.pk if person else "-"
    logger.info(
        "notification skipped: person=%s template=%s reason=%s", person_id, template, reason
    )


def _postal_address(person: Person) -> str:
    if not (person.street and person.postcode and person.city):
        return ""
    return f"{person}\n{person.street}\n{person.postcode} {person.city}"


def message_enqueue(
    *,
    template: str,
    context: dict,
    person: Person | None = None,
    email: str = "",
    phone: str = "",
    channel: str | None = None,
    address: str = "",
    organisation: Organisation | None = None,
    dedupe_key: str = "",
    reply_to: str = "",
    headers: dict[str, str] | None = None,
) -> Message | None:
    """Writes one message to the outbox, in the caller's transaction; nothing is sent before
    it commits. With a person: on `channel` or the person's preferred one, only with a contact
    consent for it (else None, and a log line says why: opt-out, no consent, no address, or
    the telephone, which no machine can use). Without a person: to `email` or `phone` on the
    given channel, or as a letter to `address` (its lines) that the staff of `organisation`
    print (a missing address or the telephone: None). With a `dedupe_key` a second call
    returns the first message. `reply_to`: an e-mail's Reply-To address. An e-mail gets an
    HTML version where the template has one, and the `headers` (ALLOWED_HEADERS only)."""
    headers = _checked_headers(headers)
    if dedupe_key:
        existing = Message.objects.filter(dedupe_key=dedupe_key).first()
        if existing is not None:
            return existing
    if person is not None:
        channel = channel or person.contact_channel
        if channel == ContactChannel.NONE:
            _skip(person, template, "opt-out")
            return None
        if channel not in Message.Channel.values:
            _skip(person, template, f"channel {channel}")
            return None
        try:
            consent_require(person=person, purpose=Consent.Purpose.CONTACT, channel=channel)
        except ConsentMissing:
            _skip(person, template, "no consent")
            return None
        recipient = {
            Message.Channel.EMAIL: person.email,
            Message.Channel.SMS: person.phone,
            Message.Channel.LETTER: _postal_address(person),
        }[Message.Channel(channel)]
        if not recipient:
            _skip(person, template, f"no {channel} address")
            return None
    else:
        if channel not in (*Message.Channel.values, ContactChannel.PHONE, ContactChannel.NONE):
            raise ValueError(f"message_enqueue: without a person, give a channel, not {channel!r}")
        if channel == Message.Channel.LETTER and organisation is None:
            raise ValueError("message_enqueue: a letter needs the organisation that prints it")
        if channel == Message.Channel.EMAIL:
            recipient = email
        elif channel == Message.Channel.LETTER:
            recipient = address
        else:
            recipient = phone
        if channel in (ContactChannel.PHONE, ContactChannel.NONE) or not recipient:
            _skip(None, template, f"no {channel} address")
            return None
        if channel == Message.Channel.EMAIL:
            validate_email(recipient)
    context = {
        "person": person,
        "contact_phone": settings.LOTSE_CONTACT_PHONE,
        "contact_hours": settings.LOTSE_CONTACT_HOURS,
        **context,
    }
    body_kind = {"email": "email.txt", "sms": "sms.txt", "letter": "letter.html"}[channel]
    message = Message(
        person=person,
        organisation_id=person.organisation_id if person else getattr(organisation, "pk", None),
        region_id=person.region_id if person else getattr(organisation, "region_id", None),
        channel=channel,
        template=template,
        recipient=recipient,
        subject=" ".join(_render(template, "subject.txt", context).split())[:200],
        body=_render(template, body_kind, context),
        html_body=_render_html(template, context) if channel == Message.Channel.EMAIL else "",
        headers=headers if channel == Message.Channel.EMAIL else {},
        dedupe_key=dedupe_key,
        reply_to=reply_to if channel == Message.Channel.EMAIL else "",
        status=Message.Status.WAITING if channel == "letter" else Message.Status.PENDING,
    )
    message.full_clean(
        exclude=["person", "organisation", "region"],
        validate_unique=False,
        validate_constraints=False,
    )
    try:
        # A savepoint: a concurrent enqueue of the same key must not break the caller's work.
        with transaction.atomic():
            message.save(force_insert=True)
    except IntegrityError:
        if not dedupe_key:
            raise
        return Message.objects.get(dedupe_key=dedupe_key)
    return message


def backoff(attempts: int) -> dt.timedelta:
    """Wait before the next attempt: base, 2 × base, 4 × base … at most MAX_BACKOFF."""
    seconds = settings.LOTSE_OUTBOX_BACKOFF_SECONDS * 2 ** max(attempts - 1, 0)
    return min(dt.timedelta(seconds=seconds), MAX_BACKOFF)


def outbox_claim(*, now: dt.datetime | None = None) -> Message | None:
    """Claims the next due message for this worker, or None. Due: pending and its time has
    come, or sending with an expired lease (its worker died). The claim is a compare-and-swap,
    so of two workers that pick the same row only one wins, on SQLite as on PostgreSQL."""
    now = now or timezone.now()
    due = Q(status=Message.Status.PENDING, next_attempt_at__lte=now) | Q(
        status=Message.Status.SENDING, lease_until__lt=now
    )
    with transaction.atomic():
        candidates = Message.objects.filter(due).order_by("next_attempt_at")
        if connection.features.has_select_for_update_skip_locked:
            candidates = candidates.select_for_update(skip_locked=True)
        candidate = candidates.first()
        if candidate is None:
            return None
        if candidate.attempts >= settings.LOTSE_OUTBOX_MAX_ATTEMPTS:
            # Its workers died on every attempt: stop, so it cannot kill the next one too.
            Message.objects.filter(pk=candidate.pk, claim_token=candidate.claim_token).update(
                status=Message.Status.FAILED,
                lease_until=None,
                last_error=_("Der Versand brach bei jedem Versuch ab."),
                updated_at=now,
            )
            return outbox_claim(now=now)
        token = uuid.uuid4()
        lease_until = now + dt.timedelta(seconds=settings.LOTSE_OUTBOX_LEASE_SECONDS)
        won = Message.objects.filter(
            pk=candidate.pk, status=candidate.status, claim_token=candidate.claim_token
        ).update(
            status=Message.Status.SENDING,
            claim_token=token,
            lease_until=lease_until,
            attempts=candidate.attempts + 1,
            updated_at=now,
        )
    if not won:
        return None
    if candidate.status == Message.Status.SENDING:
        # Its worker died after the claim; whether the provider got the message is unknown.
        logger.warning(
            "message %s: the worker of attempt %s died; sending again with the same id",
            candidate.pk,
            candidate.attempts,
        )
    candidate.refresh_from_db()
    return candidate


def _record(message: Message, **fields: Any) -> bool:
    """Records the outcome of a claim, if this worker still holds it."""
    fields["updated_at"] = timezone.now()
    return bool(
        Message.objects.filter(
            pk=message.pk, status=Message.Status.SENDING, claim_token=message.claim_token
        ).update(**fields)
    )


def message_mark_sent(*, message: Message) -> bool:
    return _record(
        message, status=Message.Status.SENT, sent_at=timezone.now(), lease_until=None, last_error=""
    )


def message_mark_attempt_failed(*, message: Message, error: str, permanent: bool = False) -> bool:
    """Back to pending with a later time, or failed after the last attempt (staff see it)."""
    if permanent or message.attempts >= settings.LOTSE_OUTBOX_MAX_ATTEMPTS:
        return _record(message, status=Message.Status.FAILED, lease_until=None, last_error=error)
    return _record(
        message,
        status=Message.Status.PENDING,
        lease_until=None,
        last_error=error,
        next_attempt_at=timezone.now() + backoff(message.attempts),
    )


def _deliver(message: Message, *, mail_connection: Any = None) -> None:
    if message.channel == Message.Channel.EMAIL:
        gateways.email_send(
            message_id=str(message.pk),
            to=message.recipient,
            subject=message.subject,
            body=message.body,
            reply_to=message.reply_to,
            connection=mail_connection,
            html=message.html_body,
            headers=message.headers,
        )
    elif message.channel == Message.Channel.SMS:
        gateways.sms_gateway().send(
            message_id=str(message.pk), to=message.recipient, text=message.body
        )
    else:
        raise gateways.SendError(f"channel {message.channel} is not sent", permanent=True)


def outbox_send_one() -> bool:
    """Claims, sends and records one message; False when nothing is due.

    The order keeps the window for a repeat as small as SMTP allows: the claim ("sending")
    commits before the message leaves, "sent" commits right after the provider's answer, and
    only then does the worker say goodbye to the mail server."""
    message = outbox_claim()
    if message is None:
        return False
    with gateways.email_connection() as mail_connection:
        try:
            _deliver(message, mail_connection=mail_connection)
        except gateways.SendError as exc:
            logger.warning("message %s attempt %s failed: %s", message.pk, message.attempts, exc)
            message_mark_attempt_failed(message=message, error=str(exc), permanent=exc.permanent)
        except Exception as exc:
            # A bug or a misconfiguration: counts as an attempt, so it cannot block the queue.
            logger.exception("message %s attempt %s broke", message.pk, message.attempts)
            message_mark_attempt_failed(message=message, error=f"{type(exc).__name__}: {exc}")
        else:
            message_mark_sent(message=message)
    return True


def outbox_send_due(*, limit: int = 1000) -> int:
    """Sends due messages one by one until none is due (or `limit`); returns how many."""
    count = 0
    while count < limit and outbox_send_one():
        count += 1
    return count


@transaction.atomic
def letters_print(*, actor: Actor, letters: list[Message]) -> list[Message]:
    """Marks the waiting letters printed as one batch (audited) and returns those that were
    still waiting: exactly the ones the batch's PDF holds. A second click finds none."""
    for letter in letters:
        require(actor, "notifications.print_letter", letter)
    now = timezone.now()
    locked = Message.objects.select_for_update(of=("self",)).filter(
        pk__in=[letter.pk for letter in letters],
        channel=Message.Channel.LETTER,
        status=Message.Status.WAITING,
    )
    printed = list(locked.select_related("person", "organisation").order_by("created_at"))
    batch = uuid.uuid4()
    for letter in printed:
        letter.status = Message.Status.PRINTED
        letter.printed_at = now
        letter.printed_by = actor
        letter.print_batch = batch
        letter.save(
            update_fields=["status", "printed_at", "printed_by", "print_batch", "updated_at"]
        )
        audit_record(actor=actor, verb="letter.printed", target=letter, purpose="Briefversand")
    if not printed and letters:
        raise ValidationError(_("Diese Briefe sind schon gedruckt."))
    return printed
