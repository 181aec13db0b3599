"""How a message leaves the house: e-mail through Django's mailer (console in the embedded
default, SMTP in production), SMS through one small gateway interface. Both carry the message's
id, so a retry of the same message is recognisable: the SMTP `Message-ID` header, the
`Idempotency-Key` header of the HTTP SMS gateway."""

import json
import logging
import smtplib
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Protocol, TextIO

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMultiAlternatives, mailers

logger = logging.getLogger(__name__)

# Seconds a gateway may take; the worker's lease must be much longer (settings).
SEND_TIMEOUT = 30


class SendError(Exception):
    """A delivery attempt failed. `permanent`: retrying cannot help (the address is refused)."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


class SmsGateway(Protocol):
    def send(self, *, message_id: str, to: str, text: str) -> None:
        """Hands one SMS to the provider; raises SendError when it was not accepted."""


class ConsoleSmsGateway:
    """The embedded default: prints the SMS instead of sending it."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stdout

    def send(self, *, message_id: str, to: str, text: str) -> None:
        self.stream.write(f"SMS {message_id} an {to}:\n{text}\n\n")
        self.stream.flush()


class HttpSmsGateway:
    """POSTs {"id", "to", "text"} as JSON to `url` with a bearer token. The provider must treat
    a repeated `Idempotency-Key` as the same SMS (answer 2xx, send nothing): that is what makes
    a retry after a crash deliver exactly once."""

    def __init__(self, url: str, token: str, *, timeout: float = SEND_TIMEOUT) -> None:
        self.url = url
        self.token = token
        self.timeout = timeout

    def send(self, *, message_id: str, to: str, text: str) -> None:
        data = json.dumps({"id": message_id, "to": to, "text": text}).encode()
        request = urllib.request.Request(
            self.url,
            data=data,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {self.token}",
                "Idempotency-Key": message_id,
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                response.read()
        except urllib.error.HTTPError as exc:
            # 4xx: the provider refuses this SMS (bad number, bad token); 408/429/5xx: later.
            permanent = 400 <= exc.code < 500 and exc.code not in (408, 429)
            raise SendError(f"SMS-Gateway antwortet {exc.code}", permanent=permanent) from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise SendError(f"SMS-Gateway nicht erreichbar: {exc}") from exc


def sms_gateway() -> SmsGateway:
    """The gateway named by LOTSE_SMS_BACKEND: "console" or "http" (LOTSE_SMS_URL, _TOKEN)."""
    backend = settings.LOTSE_SMS_BACKEND
    if backend == "console":
        return ConsoleSmsGateway()
    if backend == "http":
        return HttpSmsGateway(settings.LOTSE_SMS_URL, settings.LOTSE_SMS_TOKEN)
    raise ImproperlyConfigured(f"LOTSE_SMS_BACKEND must be console or http, not {backend!r}")


def message_id_header(message_id: str) -> str:
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost"
    return f"<{message_id}@{domain}>"


@contextmanager
def email_connection() -> Iterator[Any]:
    """A connection to the mail server that says goodbye (QUIT) only when the block ends.

    Django's `send()` opens a connection, sends and says goodbye before it returns, so a
    server slow to answer QUIT kept the worker from recording "sent" although the message
    had long been accepted; killed in that moment, the worker sent it again. With this block
    the worker records the message as sent between the server's "250" and the goodbye, and a
    goodbye that fails no longer turns a delivered message into a failed attempt."""
    connection = mailers["default"]
    try:
        yield connection
    finally:
        try:
            connection.close()
        except (smtplib.SMTPException, OSError) as exc:
            logger.warning("closing the mail connection failed: %s", exc)


def email_send(
    *,
    message_id: str,
    to: str,
    subject: str,
    body: str,
    connection: Any = None,
    reply_to: str = "",
    html: str = "",
    headers: dict[str, str] | None = None,
) -> None:
    """Hands one e-mail to the mail server; raises SendError when it was not accepted. With a
    `connection` (email_connection) the goodbye waits until that block ends. `html`: an HTML
    version beside the plain text; `headers`: extra headers (List-Unsubscribe)."""
    email = EmailMultiAlternatives(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        reply_to=[reply_to] if reply_to else None,
        headers={**(headers or {}), "Message-ID": message_id_header(message_id)},
    )
    if html:
        email.attach_alternative(html, "text/html")
    try:
        if connection is None:
            email.send()
        else:
            connection.open()  # else it would open and close (QUIT) for this one message
            connection.send_messages([email])
    except smtplib.SMTPRecipientsRefused as exc:
        raise SendError(f"E-Mail-Adresse abgelehnt: {exc}", permanent=True) from exc
    except OSError as exc:  # smtplib's errors are OSErrors too
        # 5xx: the server refuses for good; 4xx and network trouble pass.
        permanent = getattr(exc, "smtp_code", 0) >= 500
        raise SendError(f"E-Mail nicht versandt: {exc}", permanent=permanent) from exc
