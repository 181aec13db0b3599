"""The web server killed under load, on PostgreSQL.

The production server (gunicorn with `config.wsgi`, as in the README) runs as its own process
group against the test database. Writers in four threads record inquiries through the staff
API (`POST /api/v1/desk/inquiries`, logged in with a second factor), each with its own marker.
In the middle the whole server (master and workers) is killed with SIGKILL, as a power cut
would, and started again; the writers go on. Afterwards every write the server acknowledged
(201) is in the database exactly once, a write that was cut off is there at most once, and no
write is half there: each inquiry has its topic and its one audit entry (one transaction).
"""

import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from importlib import import_module
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.db import connection

from lotse.core.models import AuditEntry
from lotse.desk.models import Inquiry

pytestmark = pytest.mark.django_db(transaction=True)

WRITERS = 4
WRITES = 20  # per writer
KILL_AFTER = 25  # acknowledged writes before the kill


@pytest.fixture(autouse=True)
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("the crash test runs gunicorn as a second process on PostgreSQL")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn as production runs it, in a process group of its own, so that a kill hits the
    master and its workers at once."""

    def __init__(self, log: Path) -> None:
        db = settings.DATABASES["default"]
        self.env = {
            **os.environ,
            "DATABASE_URL": (
                f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
            ),
            "SECRET_KEY": settings.SECRET_KEY,
            # The server is no test process: it gets the keys this one derived.
            "LOTSE_AUDIT_KEYS": ",".join(settings.LOTSE_AUDIT_KEYS),
            "LOTSE_FERNET_KEYS": ",".join(settings.LOTSE_FERNET_KEYS),
        }
        self.port = _free_port()
        self.log = log
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        # --preload: the app is loaded once and the workers fork from it, which starts in a
        # third of the time on two processors; killed they are all the same.
        command = [sys.executable, "-m", "gunicorn", "config.wsgi", "--workers", "2", "--preload"]
        self.process = subprocess.Popen(
            [*command, "--bind", f"127.0.0.1:{self.port}"],
            cwd=settings.BASE_DIR,
            env=self.env,
            stdout=self.log.open("a"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60  # a loaded machine starts Django slowly
        while True:
            assert self.process.poll() is None, self.log.read_text()[-3000:]
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=1) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                pass
            assert time.monotonic() < deadline, "gunicorn never answered:\n" + self.log.read_text()
            time.sleep(0.1)

    def kill(self) -> None:
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.kill()


def _staff_session(user) -> str:
    """A session as the login leaves it, in the database where every server finds it."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


class Writers:
    def __init__(self, server: Server, session: str) -> None:
        self.server = server
        self.csrf = secrets.token_hex(16)  # 32 characters, as Django's own token secret
        self.cookie = f"sessionid={session}; csrftoken={self.csrf}"
        self.lock = threading.Lock()
        self.acknowledged: list[str] = []
        self.refused: Counter[int] = Counter()
        self.cut_off: list[str] = []
        self.after_restart = threading.Event()
        self.acknowledged_after_restart = 0

    def write(self, marker: str) -> bool:
        """One write; False when the server was down and never saw it (try again)."""
        request = urllib.request.Request(
            f"{self.server.url}/api/v1/desk/inquiries",
            data=(
                '{"channel": "phone", "topics": ["einkaufen"], '
                f'"description": "Anruf {marker}", "minutes_spent": 3}}'
            ).encode(),
            headers={
                "Content-Type": "application/json",
                "Cookie": self.cookie,
                "X-CSRFToken": self.csrf,
            },
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                status = answer.status
        except urllib.error.HTTPError as error:
            status = error.code
        except OSError as error:
            if isinstance(getattr(error, "reason", error), ConnectionRefusedError):
                time.sleep(0.05)  # the server is down: nothing was sent
                return False
            with self.lock:  # the connection was cut: the write may or may not be there
                self.cut_off.append(marker)
            return True
        with self.lock:
            if status == 201:
                self.acknowledged.append(marker)
                self.acknowledged_after_restart += self.after_restart.is_set()
            else:
                self.refused[status] += 1
        return True

    def run(self, number: int) -> None:
        deadline = time.monotonic() + 60
        for write in range(WRITES):
            while not self.write(f"w{number}-{write}") and time.monotonic() < deadline:
                pass


def test_every_acknowledged_write_survives_a_killed_web_server_once(
    office_staff, with_totp, topic, tmp_path
):
    with_totp(office_staff)  # the API needs a second factor
    server = Server(tmp_path / "gunicorn.log")
    writers = Writers(server, _staff_session(office_staff))
    server.start()
    threads = [threading.Thread(target=writers.run, args=(n,)) for n in range(WRITERS)]
    try:
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 60
        while len(writers.acknowledged) < KILL_AFTER:
            assert time.monotonic() < deadline, (writers.refused, server.log.read_text())
            time.sleep(0.01)
        server.kill()  # under load: requests are in flight
        server.start()
        writers.after_restart.set()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        server.stop()

    assert not writers.refused, (writers.refused, server.log.read_text()[-3000:])
    assert writers.cut_off, "the kill met no request: nothing was tested"
    assert writers.acknowledged_after_restart > 0
    descriptions = Counter(Inquiry.objects.values_list("description", flat=True))
    # Every acknowledged write exactly once; a write cut off by the kill at most once.
    for marker in writers.acknowledged:
        assert descriptions[f"Anruf {marker}"] == 1, marker
    assert max(descriptions.values()) == 1
    assert len(descriptions) <= WRITERS * WRITES
    # Nothing half written: each inquiry with its topic and its one audit entry.
    inquiries = Inquiry.objects.all()
    assert not inquiries.filter(topics=None).exists()
    created = Counter(
        AuditEntry.objects.filter(verb="inquiry.created").values_list("target_id", flat=True)
    )
    assert created == {str(pk): 1 for pk in inquiries.values_list("pk", flat=True)}
