"""Resident search by distance from an address, through a fake Nominatim on 127.0.0.1."""

import json
import logging
import socket
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

ADDRESS_POINT = (51.5000, 7.1000)
NOT_FOUND = (
    "Diese Adresse haben wir nicht gefunden. "
    "Geben Sie eine Postleitzahl ein oder prüfen Sie die Adresse."
)


class FakeNominatim(BaseHTTPRequestHandler):
    """Answers like Nominatim's /search with address details: one match for the Hauptstraße."""

    queries: list[str] = []

    def do_GET(self) -> None:
        query = urllib.parse.parse_qs(urllib.parse.urlparse(self.path).query)["q"][0]
        self.queries.append(query)
        found = []
        if "Hauptstra" in query:
            found = [
                {
                    "lat": str(ADDRESS_POINT[0]),
                    "lon": str(ADDRESS_POINT[1]),
                    "name": "",
                    "display_name": "5, Hauptstraße, Lindenau, Testkreis, 45657, Deutschland",
                    "address": {
                        "house_number": "5",
                        "road": "Hauptstraße",
                        "village": "Lindenau",
                        "postcode": "45657",
                        "country": "Deutschland",
                    },
                }
            ]
        body = json.dumps(found).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def geocoder(settings):
    """The queries the fake geocoder received."""
    queries: list[str] = []
    handler = type("Handler", (FakeNominatim,), {"queries": queries})
    server = HTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    ).start()
    settings.LOTSE_GEOCODER_URL = f"http://127.0.0.1:{server.server_port}"
    yield queries
    server.shutdown()
    server.server_close()


def test_address_search_orders_by_distance_from_the_address_and_names_it(
    client, make_offer, geocoder
):
    make_offer("Treff an der Postleitzahl-Mitte", point=(51.614, 7.197))
    make_offer("Treff an der Hauptstraße", point=(51.501, 7.101))

    response = client.get("/suche/", {"plz": "Hauptstraße 5, Lindenau", "sortierung": "entfernung"})

    html = response.content.decode()
    assert html.index("Treff an der Hauptstraße") < html.index("Treff an der Postleitzahl-Mitte")
    assert "Entfernung ab: Hauptstraße 5, 45657 Lindenau" in html
    assert geocoder == ["Hauptstraße 5, Lindenau"]


def test_postcode_with_spaces_around_uses_the_postcode_centre(client, make_offer, geocoder):
    make_offer("Chor")

    response = client.get("/suche/", {"plz": " 45657 "})

    assert "Entfernung ab: Postleitzahl 45657" in response.content.decode()
    assert geocoder == []


def test_unknown_address_explains_in_german_and_shows_no_results(client, make_offer, geocoder):
    make_offer("Chor")

    response = client.get("/suche/", {"plz": "Nirgendwo 1"})

    html = response.content.decode()
    assert html.count(NOT_FOUND) == 2
    assert "<title>Fehler:" in html
    assert "Chor" not in html and 'id="ergebnisse-titel"' not in html


def test_without_geocoder_an_address_asks_for_a_postcode(client, make_offer, settings):
    settings.LOTSE_GEOCODER_URL = ""
    make_offer("Chor")

    response = client.get("/suche/", {"plz": "Hauptstraße 5, Lindenau"})

    html = response.content.decode()
    assert html.count("Geben Sie eine Postleitzahl mit 5 Ziffern ein.") == 2
    assert "Chor" not in html
    assert "Postleitzahl oder Adresse" not in html and 'autocomplete="postal-code"' in html


def test_geocoder_down_gives_the_not_found_error_without_traceback(
    client, make_offer, settings, caplog
):
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        settings.LOTSE_GEOCODER_URL = f"http://127.0.0.1:{free.getsockname()[1]}"
    make_offer("Chor")

    with caplog.at_level(logging.WARNING):
        response = client.get("/suche/", {"plz": "Hauptstraße 5, Lindenau"})

    assert response.status_code == 200
    assert response.content.decode().count(NOT_FOUND) == 2
    assert "Geocoder did not answer usefully" in caplog.text
    assert all(record.exc_info is None for record in caplog.records)


def test_same_address_again_is_answered_from_the_cache(client, make_offer, geocoder):
    make_offer("Chor", point=(51.501, 7.101))

    first = client.get("/suche/", {"plz": "Hauptstraße 5, Lindenau"})
    second = client.get("/suche/", {"plz": "  hauptstraße 5,   Lindenau"})
    client.get("/suche/", {"plz": "Nirgendwo 1"})
    unknown_again = client.get("/suche/", {"plz": "Nirgendwo 1"})

    assert geocoder == ["Hauptstraße 5, Lindenau", "Nirgendwo 1"]
    assert "Entfernung ab: Hauptstraße 5, 45657 Lindenau" in first.content.decode()
    assert "Entfernung ab: Hauptstraße 5, 45657 Lindenau" in second.content.decode()
    assert NOT_FOUND in unknown_again.content.decode()
