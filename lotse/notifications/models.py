"""The outbox: one row per message to a person, written in the same transaction as the change
that caused it and sent afterwards by the worker (`manage.py outbox_worker`)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.core.models import Area, Organisation
from lotse.people.models import Person


class Message(models.Model):
    """One message on one channel.

    States: e-mail and SMS go PENDING → SENDING (claimed by a worker until `lease_until`) →
    SENT, or back to PENDING with a later `next_attempt_at` after a failed attempt, and FAILED
    after the last attempt or a permanent refusal. A SENDING row whose lease has run out
    belongs to a worker that died: another worker claims it again and sends it with the same
    id (`Message-ID`, `Idempotency-Key`). Letters go WAITING → PRINTED (office staff print them).
    """

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-Mail")
        SMS = "sms", _("SMS")
        LETTER = "letter", _("Brief")

    class Status(models.TextChoices):
        PENDING = "pending", _("Wartet auf Versand")
        SENDING = "sending", _("Wird gesendet")
        SENT = "sent", _("Gesendet")
        FAILED = "failed", _("Nicht zugestellt")
        WAITING = "waiting", _("Wartet auf Druck")
        PRINTED = "printed", _("Gedruckt")

    # Erasure (lotse.compliance.erasure) deletes a person's messages: they are copies of contact
    # data and text, and a message still waiting must not reach an anonymised person.
    PERSON_ERASURE = "delete"

    # Also the stable id of every delivery attempt: SMTP Message-ID, SMS Idempotency-Key.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # The person's organisation and region; without a person, those of the organisation that
    # prints a letter (a public booking's confirmation), else empty.
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField(_("Kontaktweg"), max_length=10, choices=Channel.choices)
    template = models.CharField(max_length=100)
    # E-mail address, phone number, or the postal address (lines) of a letter.
    recipient = models.TextField(_("Empfänger"))
    subject = models.CharField(_("Betreff"), max_length=200)
    # Plain text for e-mail and SMS; an HTML fragment (escaped when rendered) for letters.
    body = models.TextField(_("Text"))
    # E-mail only: where the recipient's answer goes (a neighbour's message relayed from the
    # noticeboard); empty: to nobody but the sender address.
    reply_to = models.EmailField(_("Antwort an"), blank=True)
    # An e-mail's HTML version beside the plain text (a rundbrief), else empty.
    html_body = models.TextField(_("Text als HTML"), blank=True)
    # Extra e-mail headers from ALLOWED_HEADERS (the rundbrief's List-Unsubscribe, RFC 8058).
    headers = models.JSONField(_("Kopfzeilen der E-Mail"), default=dict, blank=True)
    dedupe_key = models.CharField(max_length=200, blank=True)
    status = models.CharField(_("Stand"), max_length=10, choices=Status.choices)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    # Set when a worker claims the row; only that claim may record the outcome.
    claim_token = models.UUIDField(null=True, blank=True, editable=False)
    lease_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    printed_at = models.DateTimeField(null=True, blank=True)
    printed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The letters printed together into one PDF, which can be downloaded again.
    print_batch = models.UUIDField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("Nachricht")
        verbose_name_plural = _("Nachrichten")
        constraints = [
            models.UniqueConstraint(
                fields=["dedupe_key"],
                condition=~Q(dedupe_key=""),
                name="message_unique_dedupe_key",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="message_due_idx"),
            models.Index(fields=["organisation", "status"], name="message_org_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()}: {self.subject}"
