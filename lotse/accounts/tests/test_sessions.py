import time

import pytest

from lotse.accounts import middleware

STAFF_PAGE = "/mitarbeit/angebote/"
MINUTE = 60


@pytest.fixture
def clock(monkeypatch):
    """Time travel for the session limits: `clock.move(seconds)` moves time.time forward."""

    class Clock:
        now = time.time()

        def move(self, seconds: float) -> None:
            self.now += seconds

    clock = Clock()
    monkeypatch.setattr(middleware.time, "time", lambda: clock.now)
    return clock


def test_staff_are_logged_out_after_30_idle_minutes(client, provider_staff, clock):
    client.force_login(provider_staff)
    client.get(STAFF_PAGE)

    clock.move(29 * MINUTE)
    still = client.get(STAFF_PAGE)
    clock.move(30 * MINUTE + 1)
    out = client.get(STAFF_PAGE, follow=True)

    assert still.status_code == 200
    assert out.redirect_chain[0][0] == f"/konto/anmelden/?next={STAFF_PAGE}"
    assert "Sie waren 30 Minuten nicht aktiv." in out.text
    assert "_auth_user_id" not in client.session


def test_activity_keeps_staff_logged_in(client, provider_staff, clock):
    client.force_login(provider_staff)
    client.get(STAFF_PAGE)

    for _ in range(4):
        clock.move(25 * MINUTE)
        client.post("/konto/angemeldet-bleiben/", headers={"X-Requested-With": "fetch"})

    assert client.get(STAFF_PAGE).status_code == 200


def test_residents_have_no_idle_limit(client, resident, clock):
    client.force_login(resident)
    client.get("/konto/")

    clock.move(3 * 60 * MINUTE)

    assert client.get("/konto/").status_code == 200


@pytest.mark.parametrize("persona", ["provider_staff", "resident"])
def test_every_session_ends_10_hours_after_login(request, client, clock, persona):
    client.force_login(request.getfixturevalue(persona))
    client.get("/")

    for _ in range(25):
        clock.move(25 * MINUTE)
        client.get("/")
    out = client.get("/konto/", follow=True)

    assert "Sie waren 10 Stunden angemeldet." in out.text
    assert "_auth_user_id" not in client.session


def test_session_cookie_lives_10_hours_at_most(settings):
    assert settings.SESSION_COOKIE_AGE == 10 * 3600


def test_keepalive_answers_204_for_scripts_and_401_after_logout(client, provider_staff):
    client.force_login(provider_staff)
    alive = client.post("/konto/angemeldet-bleiben/", headers={"X-Requested-With": "fetch"})
    without_js = client.post("/konto/angemeldet-bleiben/", {"next": STAFF_PAGE})
    client.logout()
    gone = client.post("/konto/angemeldet-bleiben/", headers={"X-Requested-With": "fetch"})

    assert alive.status_code == 204
    assert without_js["Location"] == STAFF_PAGE
    assert gone.status_code == 401


def test_staff_pages_carry_the_idle_warning_and_resident_pages_do_not(
    client, provider_staff, resident
):
    client.force_login(provider_staff)
    client.get("/")
    staff = client.get(STAFF_PAGE).text
    client.force_login(resident)
    client.get("/")
    resident_page = client.get("/konto/").text

    assert 'id="sitzung-warnung" class="session-warning" hidden' in staff
    assert 'data-idle-seconds="1800" data-warning-seconds="120"' in staff
    assert ">Angemeldet bleiben</button>" in staff
    assert 'action="/konto/angemeldet-bleiben/"' in staff
    assert "/static/js/session.js" in staff
    assert "sitzung-warnung" not in resident_page


def test_requests_in_quick_succession_write_the_session_once(client, provider_staff, clock):
    client.force_login(provider_staff)
    client.get(STAFF_PAGE)
    first = client.session[middleware.LAST_ACTIVITY]

    clock.move(middleware.ACTIVITY_STEP - 1)
    client.get(STAFF_PAGE)
    unchanged = client.session[middleware.LAST_ACTIVITY]
    clock.move(1)
    client.get(STAFF_PAGE)

    assert unchanged == first
    assert client.session[middleware.LAST_ACTIVITY] == first + middleware.ACTIVITY_STEP
