"""Every server error leaves one JSON line on standard error with its traceback and the request
id, and no personal data: no query string, no body, no user's address."""

import io
import json
import logging
import re

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path

from lotse.core.request_log import JsonFormatter


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("kaputt")


def refused_row(request: HttpRequest) -> HttpResponse:
    raise ValueError(
        'duplicate key value violates unique constraint "person_email"\n'
        "DETAIL:  Key (email)=(erna@example.org) already exists."
    )


urlpatterns = [path("boom/", boom), path("refused/", refused_row)]


@pytest.fixture
def log_lines():
    """What the configured stderr handler writes, as parsed lines."""
    handler = next(h for h in logging.getLogger("django").handlers if h.get_name() == "stderr")
    assert isinstance(handler, logging.StreamHandler)
    stream = io.StringIO()
    previous = handler.setStream(stream)

    def lines() -> list[dict]:
        return [json.loads(line) for line in stream.getvalue().splitlines()]

    lines.raw = stream.getvalue  # type: ignore[attr-defined]
    yield lines
    handler.setStream(previous)


@pytest.fixture
def web(db):
    return Client(raise_request_exception=False)


@pytest.mark.urls("lotse.core.tests.test_request_log")
def test_an_exception_in_a_view_is_one_json_line_with_traceback_and_request_id(web, log_lines):
    response = web.get("/boom/", {"name": "Erna Musterfrau"}, HTTP_X_REQUEST_ID="lb-4711.abc")

    assert response.status_code == 500
    assert response["X-Request-ID"] == "lb-4711.abc"
    [record] = [line for line in log_lines() if line["level"] == "ERROR"]
    assert record["logger"] == "django.request"
    assert record["message"] == "Internal Server Error: /boom/"
    assert record["request_id"] == "lb-4711.abc"
    assert (record["method"], record["path"], record["status"]) == ("GET", "/boom/", 500)
    assert record["exception"].startswith("Traceback (most recent call last):")
    assert "RuntimeError: kaputt" in record["exception"]
    assert 'in boom\n    raise RuntimeError("kaputt")' in record["exception"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", record["time"])
    assert "Erna" not in log_lines.raw() and "Musterfrau" not in log_lines.raw()


@pytest.mark.urls("lotse.core.tests.test_request_log")
def test_a_posted_body_and_the_database_detail_line_stay_out_of_the_log(web, log_lines):
    web.post("/refused/", {"email": "erna@example.org", "given_name": "Erna"})

    [record] = [line for line in log_lines() if line["level"] == "ERROR"]
    assert "ValueError: duplicate key value" in record["exception"]
    assert "DETAIL: (ausgelassen)" in record["exception"]
    assert "erna@example.org" not in log_lines.raw() and "Erna" not in log_lines.raw()


@pytest.mark.parametrize("given", ["", "x" * 129, "zwei worte", 'a"}\n{"level": "ERROR"', "ä"])
def test_a_missing_or_malformed_request_id_is_replaced_by_a_new_one(web, given):
    response = web.get("/healthz", HTTP_X_REQUEST_ID=given)

    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


def test_each_request_gets_its_own_id(web):
    first, second = web.get("/healthz"), web.get("/healthz")

    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_a_server_error_in_the_staff_api_is_logged_without_the_user(
    web, office_staff, with_totp, erna, log_lines, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("Datenbank weg")

    monkeypatch.setattr("lotse.people.api.selectors.access_person", broken)
    with_totp(office_staff)
    web.force_login(office_staff)

    response = web.get(f"/api/v1/people/persons/{erna.id}", {"purpose": "Beratung"})

    assert response.status_code == 500
    [record] = [line for line in log_lines() if line["level"] == "ERROR"]
    assert record["request_id"] == response["X-Request-ID"]
    assert record["path"] == f"/api/v1/people/persons/{erna.id}"
    assert "RuntimeError: Datenbank weg" in record["exception"]
    assert office_staff.email not in log_lines.raw()
    assert "Beratung" not in log_lines.raw()


def test_a_refused_request_is_logged_as_a_warning_with_its_id_but_not_its_query(web, log_lines):
    response = web.get("/suche/", {"q": "Erna\x00"})

    [record] = log_lines()
    assert (record["level"], record["status"], record["path"]) == ("WARNING", 400, "/suche/")
    assert record["request_id"] == response["X-Request-ID"]
    assert "Erna" not in log_lines.raw()


def test_the_development_servers_access_line_loses_its_query_string():
    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s %s',
        ("GET /suche/?q=Erna HTTP/1.1", 200, 5),
        None,
    )

    line = json.loads(JsonFormatter().format(record))

    assert line["message"] == '"GET /suche/ HTTP/1.1" 200 5'
    assert "request_id" not in line


def test_a_refusal_names_its_kind_without_a_traceback(web, office_staff, log_lines):
    web.force_login(office_staff)

    response = web.get("/mitarbeit/import/")

    assert response.status_code == 403
    [record] = log_lines()
    assert (record["level"], record["status"]) == ("WARNING", 403)
    assert record["exception"] == "PermissionDenied"
    assert "Traceback" not in log_lines.raw()
