import io
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from lotse.notifications import gateways
from lotse.notifications.gateways import ConsoleSmsGateway, HttpSmsGateway, SendError
from lotse.notifications.models import Message
from lotse.notifications.services import message_enqueue


@pytest.fixture
def gateway_server() -> Iterator[dict]:
    """A local SMS gateway that answers `state["status"]` and keeps what it was sent."""
    state: dict = {"status": 200, "seen": []}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            state["seen"].append((dict(self.headers), body))
            self.send_response(state["status"])
            self.end_headers()

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    ).start()
    state["url"] = f"http://127.0.0.1:{server.server_address[1]}/sms"
    yield state
    server.shutdown()
    server.server_close()


def test_http_gateway_sends_token_and_idempotency_key(gateway_server):
    gateway = HttpSmsGateway(gateway_server["url"], "geheim")

    gateway.send(message_id="abc-1", to="0170 1234567", text="Termin morgen um 10 Uhr")

    [(headers, body)] = gateway_server["seen"]
    assert headers["Authorization"] == "Bearer geheim"
    assert headers["Idempotency-Key"] == "abc-1"
    assert body == {"id": "abc-1", "to": "0170 1234567", "text": "Termin morgen um 10 Uhr"}


@pytest.mark.parametrize(
    ("status", "permanent"), [(400, True), (401, True), (429, False), (500, False), (503, False)]
)
def test_http_gateway_tells_permanent_from_passing_errors(gateway_server, status, permanent):
    gateway_server["status"] = status
    gateway = HttpSmsGateway(gateway_server["url"], "geheim")

    with pytest.raises(SendError) as info:
        gateway.send(message_id="abc-1", to="0170", text="x")

    assert info.value.permanent is permanent


def test_http_gateway_unreachable_is_a_passing_error():
    gateway = HttpSmsGateway("http://127.0.0.1:9/sms", "geheim", timeout=2)

    with pytest.raises(SendError) as info:
        gateway.send(message_id="abc-1", to="0170", text="x")

    assert info.value.permanent is False


def test_console_gateway_prints_the_sms():
    out = io.StringIO()

    ConsoleSmsGateway(out).send(message_id="abc-1", to="0170", text="Hallo")

    assert out.getvalue() == "SMS abc-1 an 0170:\nHallo\n\n"


def test_gateway_is_chosen_by_settings(settings):
    settings.LOTSE_SMS_BACKEND = "http"
    settings.LOTSE_SMS_URL = "https://sms.example.org/v1"
    settings.LOTSE_SMS_TOKEN = "t"

    gateway = gateways.sms_gateway()

    assert isinstance(gateway, HttpSmsGateway)
    assert (gateway.url, gateway.token) == ("https://sms.example.org/v1", "t")
    settings.LOTSE_SMS_BACKEND = "console"
    assert isinstance(gateways.sms_gateway(), ConsoleSmsGateway)
    settings.LOTSE_SMS_BACKEND = "brieftaube"
    with pytest.raises(ImproperlyConfigured):
        gateways.sms_gateway()


def test_worker_command_sends_through_the_http_gateway(db, settings, gateway_server):
    settings.LOTSE_SMS_BACKEND = "http"
    settings.LOTSE_SMS_URL = gateway_server["url"]
    settings.LOTSE_SMS_TOKEN = "geheim"
    message = message_enqueue(
        template="generic",
        context={"subject": "Erinnerung", "body": "Morgen ist Kaffeetrinken."},
        phone="0170 1234567",
        channel="sms",
    )
    assert message is not None

    call_command("outbox_worker", "--once")

    message.refresh_from_db()
    assert message.status == Message.Status.SENT
    [(headers, body)] = gateway_server["seen"]
    assert headers["Idempotency-Key"] == str(message.pk)
    assert body["text"].startswith("Erinnerung: Morgen ist Kaffeetrinken.")
