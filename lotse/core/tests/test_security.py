"""Security headers, cookie flags, CSRF refusals and Django's deployment checks."""

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

PRODUCTION_ENV = Path(settings.BASE_DIR) / "config" / "production.env.example"


def _csp(response) -> dict[str, list[str]]:
    directives = [d.split() for d in response["Content-Security-Policy"].split(";") if d.strip()]
    return {name: values for name, *values in directives}


def _production_env() -> dict[str, str]:
    env = {}
    for line in PRODUCTION_ENV.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            # As the shell reads it (`set -a; . file`): quotes of either kind removed.
            name, _, value = line.partition("=")
            env[name] = "".join(shlex.split(value))
    return env


@pytest.mark.parametrize("path", ["/", "/suche/?q=Chor", "/konto/anmelden/"])
def test_public_pages_send_strict_content_security_policy(client, db, path):
    response = client.get(path)

    csp = _csp(response)
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert csp["script-src"] == ["'self'"] and csp["style-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"] and csp["object-src"] == ["'none'"]
    assert "https://tile.openstreetmap.org" in csp["img-src"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_staff_page_sends_strict_content_security_policy(client, provider_staff):
    client.force_login(provider_staff)

    response = client.get("/mitarbeit/angebote/")

    assert response.status_code == 200
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert _csp(response)["form-action"] == ["'self'"]


def test_hsts_header_when_enabled(client, db, settings):
    settings.SECURE_HSTS_SECONDS = 31536000

    response = client.get("/", secure=True)

    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_no_hsts_header_by_default(client, db):
    response = client.get("/", secure=True)

    assert "Strict-Transport-Security" not in response


def test_cookies_are_secure_and_httponly_with_secure_cookies(client, provider_staff, settings):
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True

    response = client.post(
        "/konto/anmelden/", {"login": "anbieter@test.de", "password": "falsch"}, secure=True
    )

    csrf = response.cookies[settings.CSRF_COOKIE_NAME]
    assert csrf["secure"] and csrf["httponly"]
    client.force_login(provider_staff)
    session = client.get("/mitarbeit/angebote/", secure=True).cookies[settings.SESSION_COOKIE_NAME]
    assert session["secure"] and session["httponly"]


def test_staff_form_post_without_csrf_token_is_refused(provider_staff):
    client = Client(enforce_csrf_checks=True)
    client.force_login(provider_staff)

    response = client.post("/mitarbeit/angebote/neu/", {"name": "Chor"})

    assert response.status_code == 403 and b"CSRF" in response.content


def test_staff_api_post_without_csrf_token_is_refused(provider_staff, quarter):
    client = Client(enforce_csrf_checks=True)
    client.force_login(provider_staff)
    body = {"name": "Bürgerhaus", "postal_code": "45657", "quarter": quarter.slug}

    response = client.post("/api/v1/directory/locations", body, content_type="application/json")

    assert response.status_code == 403 and b"CSRF" in response.content


def test_staff_form_post_with_csrf_token_is_accepted(provider_staff):
    client = Client(enforce_csrf_checks=True)
    client.force_login(provider_staff)
    client.get("/mitarbeit/angebote/neu/")
    token = client.cookies[settings.CSRF_COOKIE_NAME].value

    response = client.post("/mitarbeit/angebote/neu/", {"csrfmiddlewaretoken": token})

    assert response.status_code == 200


def test_deploy_checks_pass_with_production_example_env():
    env = {**os.environ, **_production_env()}

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr
