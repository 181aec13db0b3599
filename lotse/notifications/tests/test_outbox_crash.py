"""The outbox under crashes and concurrency, on PostgreSQL.

The crash tests: the real worker process (`manage.py outbox_worker`) sends to a fake SMS gateway
or SMTP server run by the test, is killed with SIGKILL in the middle of a batch, is started
again after the lease, and every message arrives; the servers count them by id.

Kill points:
- SMS: the gateway has accepted a message but the worker is killed before it hears the answer,
  so "sent" is never committed. The message is sent again after its lease and the gateway
  recognises the repeated `Idempotency-Key`: exactly once.
- E-mail, in the middle of the SMTP dialogue (after MAIL FROM, before the data): nothing was
  accepted, the message is sent again, completely, once.
- E-mail, while the server is slow to answer QUIT after accepting the message: the worker
  recorded "sent" before saying goodbye, so nothing is repeated (before that order, this
  message went out twice).
- E-mail, after the server has the message but before its final "250": the one window SMTP
  leaves. The message goes out again after the lease with the same `Message-ID`: twice,
  recognisably, and never lost.
"""

import email
import json
import os
import signal
import socketserver
import subprocess
import sys
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection, transaction

from lotse.notifications.models import Message
from lotse.notifications.services import message_enqueue, outbox_send_due

pytestmark = pytest.mark.django_db(transaction=True)

MESSAGES = 8
CRASH_AT = 3  # the worker dies while sending the third message
LEASE_SECONDS = 3
TOKEN = "test-token"


@pytest.fixture
def db_mail(settings):
    """Django's in-memory mailbox; the list is shared by every thread."""
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    mail.outbox = []
    return mail


@pytest.fixture(autouse=True)
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("the crash test runs the worker as a second process on PostgreSQL")


class Crash:
    """Shared by server thread and test: the server says when, the test kills the worker."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.delivered: Counter[str] = Counter()
        self.requests: Counter[str] = Counter()
        self.mail_from: Counter[int] = Counter()
        self.now = threading.Event()
        self.killed = threading.Event()
        self.done = False

    def hold_for_the_kill(self) -> None:
        self.done = True
        self.now.set()
        self.killed.wait(timeout=60)


def _worker_env(**extra: str) -> dict[str, str]:
    db = settings.DATABASES["default"]
    url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    return {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": settings.SECRET_KEY,
        "LOTSE_OUTBOX_LEASE_SECONDS": str(LEASE_SECONDS),
        "LOTSE_OUTBOX_BACKOFF_SECONDS": "1",
        **extra,
    }


def _worker(env: dict[str, str], log: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "outbox_worker", "--sleep", "0.2", *args],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log.open("a"),
        stderr=subprocess.STDOUT,
    )


def _kill_restart_and_finish(crash: Crash, env: dict[str, str], log: Path) -> Counter[str]:
    """Starts the worker, kills it when the server says so, starts it again once the lease
    has run out and lets it finish; returns the statuses of the messages at the kill."""
    worker = _worker(env, log)
    try:
        assert crash.now.wait(timeout=90), "the worker never reached the crash point:\n" + (
            log.read_text()
        )
    finally:
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
        crash.killed.set()
    statuses = Counter(Message.objects.values_list("status", flat=True))

    time.sleep(LEASE_SECONDS + 0.5)  # the dead worker's lease runs out
    again = _worker(env, log, "--once")
    assert again.wait(timeout=120) == 0, log.read_text()
    return statuses


def _enqueue(*, channel: str, email: str = "", phone: str = "") -> list[str]:
    ids = []
    for number in range(MESSAGES):
        context = {"subject": f"Nachricht {number}", "body": "Kaffee um 15 Uhr."}
        message = message_enqueue(
            template="generic", context=context, channel=channel, email=email, phone=phone
        )
        assert message is not None
        ids.append(str(message.pk))
    return ids


def test_sms_killed_after_the_gateway_accepted_is_delivered_exactly_once(tmp_path):
    crash = Crash()

    class Gateway(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            key = self.headers["Idempotency-Key"]
            data = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            assert self.headers["Authorization"] == f"Bearer {TOKEN}"
            with crash.lock:
                crash.requests[key] += 1
                if key not in crash.delivered:  # a repeated key is the same SMS: send nothing
                    crash.delivered[data["id"]] += 1
                hold = len(crash.delivered) == CRASH_AT and not crash.done
            if hold:
                crash.hold_for_the_kill()  # accepted, but the worker never hears it
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Gateway)
    threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    ).start()
    ids = _enqueue(phone="0561 12 34 56", channel="sms")
    env = _worker_env(
        LOTSE_SMS_BACKEND="http",
        LOTSE_SMS_URL=f"http://127.0.0.1:{server.server_address[1]}/sms",
        LOTSE_SMS_TOKEN=TOKEN,
    )
    try:
        at_kill = _kill_restart_and_finish(crash, env, tmp_path / "worker.log")
    finally:
        server.shutdown()

    # Sequential sending: every message before the crash was committed as sent.
    assert at_kill == {"sent": CRASH_AT - 1, "sending": 1, "pending": MESSAGES - CRASH_AT}
    assert set(Message.objects.values_list("status", flat=True)) == {"sent"}
    assert crash.delivered == {message_id: 1 for message_id in ids}
    # The crashed message was asked twice with the same key; every other one once.
    assert sorted(crash.requests.values()) == [1] * (MESSAGES - 1) + [2]
    assert set(crash.requests) == set(ids)


def _smtp_server(crash: Crash, hold_at: str) -> socketserver.ThreadingTCPServer:
    """A fake SMTP server that counts the messages it accepts by their Message-ID, in
    `crash.delivered`, and holds the dialogue of the CRASH_AT-th message at `hold_at` until
    the test has killed the worker:
    - "MAIL": before it answers MAIL FROM (nothing accepted yet);
    - "DATA": after it has the whole message and has accepted it, before its "250" (the final
      answer is slow; the worker cannot know the message went out);
    - "QUIT": after its "250" for the message, before it answers QUIT."""
    mail_from: Counter[int] = crash.mail_from

    class Smtp(socketserver.StreamRequestHandler):
        def reply(self, line: str) -> None:
            self.wfile.write(f"{line}\r\n".encode())

        def hold(self, phase: str, count: int) -> bool:
            return hold_at == phase and count == CRASH_AT and not crash.done

        def handle(self) -> None:
            self.reply("220 fake ESMTP")
            while line := self.rfile.readline():
                command = line.decode().strip().upper()
                if command.startswith(("EHLO", "HELO")):
                    self.reply("250 fake")
                elif command.startswith("MAIL"):
                    with crash.lock:
                        mail_from[len(crash.delivered)] += 1
                        hold = self.hold("MAIL", len(crash.delivered) + 1)
                    if hold:
                        crash.hold_for_the_kill()
                        return
                    self.reply("250 OK")
                elif command.startswith("RCPT") or command.startswith(("RSET", "NOOP")):
                    self.reply("250 OK")
                elif command == "DATA":
                    self.reply("354 End data with <CR><LF>.<CR><LF>")
                    data = b""
                    while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                        data += chunk
                    message_id = email.message_from_bytes(data)["Message-ID"]
                    with crash.lock:
                        crash.delivered[message_id.strip("<>").split("@")[0]] += 1
                        hold = self.hold("DATA", len(crash.delivered))
                    if hold:
                        crash.hold_for_the_kill()
                        return
                    self.reply("250 OK queued")
                elif command == "QUIT":
                    with crash.lock:
                        hold = self.hold("QUIT", len(crash.delivered))
                    if hold:
                        crash.hold_for_the_kill()
                        return
                    self.reply("221 Bye")
                    return
                else:
                    self.reply("502 Not implemented")

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Smtp)
    server.daemon_threads = True
    threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    ).start()
    return server


def _email_crash(tmp_path, hold_at: str) -> tuple[Crash, list[str], Counter[str]]:
    """Sends MESSAGES e-mails through the fake server, kills the worker at `hold_at` of the
    CRASH_AT-th, starts it again; returns what the server saw and the statuses at the kill."""
    crash = Crash()
    server = _smtp_server(crash, hold_at)
    ids = _enqueue(email="gast@example.org", channel="email")
    env = _worker_env(
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(server.server_address[1]),
        EMAIL_USE_TLS="false",
    )
    try:
        at_kill = _kill_restart_and_finish(crash, env, tmp_path / "worker.log")
    finally:
        server.shutdown()
        server.server_close()
    assert set(Message.objects.values_list("status", flat=True)) == {"sent"}
    return crash, ids, at_kill


def test_email_killed_mid_smtp_dialogue_is_delivered_exactly_once(tmp_path):
    crash, ids, at_kill = _email_crash(tmp_path, "MAIL")

    assert at_kill == {"sent": CRASH_AT - 1, "sending": 1, "pending": MESSAGES - CRASH_AT}
    assert crash.delivered == {message_id: 1 for message_id in ids}
    assert crash.mail_from[CRASH_AT - 1] == 2  # the killed dialogue was started again


def test_email_killed_while_saying_goodbye_is_delivered_exactly_once(tmp_path):
    # The server accepted the message ("250") but is slow to answer QUIT. The worker has
    # recorded the message as sent before it says goodbye, so the kill loses nothing and
    # repeats nothing.
    crash, ids, at_kill = _email_crash(tmp_path, "QUIT")

    assert at_kill == {"sent": CRASH_AT, "pending": MESSAGES - CRASH_AT}
    assert crash.delivered == {message_id: 1 for message_id in ids}


def test_email_killed_before_the_servers_final_answer_is_sent_again_with_the_same_id(tmp_path):
    # The one window SMTP leaves open: the server has the message but the worker is killed
    # before its "250" arrives. The message is sent again once the lease has run out, with
    # the same Message-ID, so the receiver's mail program can drop the repeat: at least once,
    # never lost, and only this one message twice.
    crash, ids, at_kill = _email_crash(tmp_path, "DATA")

    assert at_kill == {"sent": CRASH_AT - 1, "sending": 1, "pending": MESSAGES - CRASH_AT}
    assert set(crash.delivered) == set(ids)
    assert sorted(crash.delivered.values()) == [1] * (MESSAGES - 1) + [2]
    assert crash.delivered[ids[CRASH_AT - 1]] == 2


def _in_thread(function):
    """Runs `function` on its own database connection, as another process would."""
    result: list = []

    def run() -> None:
        try:
            result.append(function())
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=60)
    return result[0]


def test_nothing_is_sent_before_the_callers_transaction_commits(db_mail):
    with transaction.atomic():
        message = message_enqueue(
            template="generic",
            context={"subject": "A", "body": "B"},
            email="a@b.de",
            channel="email",
        )
        assert message is not None
        assert _in_thread(outbox_send_due) == 0  # the worker cannot see it yet

    assert _in_thread(outbox_send_due) == 1
    assert len(db_mail.outbox) == 1


def test_two_workers_never_send_the_same_message(db_mail):
    ids = _enqueue(email="gast@example.org", channel="email")
    counts: list[int] = []
    workers = [
        threading.Thread(target=lambda: counts.append(_in_thread(outbox_send_due)))
        for _ in range(3)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)

    sent = [email.extra_headers["Message-ID"].strip("<>").split("@")[0] for email in db_mail.outbox]
    assert sorted(sent) == sorted(ids)
    assert sum(counts) == MESSAGES
