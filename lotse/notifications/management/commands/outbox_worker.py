"""The outbox worker: sends due e-mail and SMS messages one by one, forever (or `--once`).

Run as many as you like: a claim with a lease keeps them from sending the same message. Our
own loop rather than django-tasks' db_worker: the outbox row is already the queue, and its
claim, lease and retry are what the exactly-once argument rests on (services.py), so a second
queue in front of it would only add a place to lose or repeat work."""

import signal
import time
from collections.abc import Callable

from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections

from lotse.notifications.services import outbox_send_one


class Command(BaseCommand):
    help = "Sendet die fälligen Nachrichten aus dem Postausgang (E-Mail und SMS)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--once", action="store_true", help="Send what is due, then stop.")
        parser.add_argument("--sleep", type=float, default=2.0, help="Seconds between polls.")

    def handle(self, *args, once: bool, sleep: float, **options) -> None:
        stopping = False

        def stop(signum, frame) -> None:
            nonlocal stopping
            stopping = True  # finish the message in hand, then leave

        previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            self._loop(once=once, sleep=sleep, stopping=lambda: stopping)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def _loop(self, *, once: bool, sleep: float, stopping: Callable[[], bool]) -> None:
        while not stopping():
            if not once:
                # A long-running loop: drop a connection the database has closed meanwhile.
                close_old_connections()
            try:
                sent = outbox_send_one()
            except DatabaseError as exc:
                # The database went away: a claimed message stays claimed until its lease
                # runs out, then this or another worker sends it again with the same id.
                if once:
                    raise
                self.stderr.write(f"outbox_worker: database error, retrying: {exc}")
                sent = False
            if not sent:
                if once:
                    return
                time.sleep(sleep)
