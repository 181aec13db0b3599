import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from lotse.directory.geo import address_point, postcode_point


class FakeNominatim(BaseHTTPRequestHandler):
    """Answers like Nominatim's /search: one match for the Marktstraße, none otherwise."""

    def do_GET(self) -> None:
        found = [{"lat": "51.6141", "lon": "7.1979"}] if "Marktstra" in self.path else []
        body = json.dumps(found).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def geocoder(settings):
    server = HTTPServer(("127.0.0.1", 0), FakeNominatim)
    threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    ).start()
    settings.LOTSE_GEOCODER_URL = f"http://127.0.0.1:{server.server_port}"
    yield
    server.shutdown()


def test_address_is_geocoded_when_a_geocoder_is_configured(geocoder):
    point = address_point(street="Marktstraße 3", postcode="45657", city="Recklinghausen")

    assert point == (51.6141, 7.1979)


def test_unknown_address_gives_none(geocoder):
    assert address_point(street="Nirgendwo 1", postcode="45657", city="Recklinghausen") is None


def test_unreachable_geocoder_gives_none(settings):
    settings.LOTSE_GEOCODER_URL = "http://127.0.0.1:9"

    assert address_point(street="Marktstraße 3", postcode="45657", city="X") is None


def test_without_geocoder_only_postcodes_have_points(settings):
    settings.LOTSE_GEOCODER_URL = ""

    assert address_point(street="Marktstraße 3", postcode="45657", city="X") is None
    assert postcode_point("45657") is not None
    assert postcode_point("00000") is None
