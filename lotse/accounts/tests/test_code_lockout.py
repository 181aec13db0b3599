"""The e-mail code login locks an address for longer and longer after wrong codes
(lotse/accounts/code_lockout.py), the same for known and unknown addresses."""

import re
from unittest import mock

import pytest
from django.core.cache import cache
from django.urls import reverse

from lotse.accounts import code_lockout

REQUEST = "/konto/login/code/"
CONFIRM = "/konto/login/code/confirm/"


@pytest.fixture
def clock():
    """A clock the test moves on (allauth's rate limits read the same one)."""
    now = [1_900_000_000.0]
    with mock.patch("time.time", side_effect=lambda: now[0]):
        yield now


def _code(mailoutbox) -> str:
    match = re.search(r"\b(\d{6})\b", mailoutbox[-1].body)
    assert match is not None
    return match.group(1)


def _wrong_codes(client, email: str, count: int = 3) -> None:
    client.post(REQUEST, {"email": email})
    for _ in range(count):
        client.post(CONFIRM, {"code": "000000"})


def test_the_confirm_address_is_ours(db):
    from django.urls import resolve

    from lotse.accounts.views import confirm_login_code

    assert reverse("account_confirm_login_code") == CONFIRM
    assert resolve(CONFIRM).func is confirm_login_code


@pytest.mark.parametrize("email", ["bewohner@test.de", "niemand@test.de"])
def test_three_wrong_codes_lock_the_address_for_a_minute(client, resident, clock, email):
    _wrong_codes(client, email)

    locked = client.post(REQUEST, {"email": email})
    clock[0] += 61
    later = client.post(REQUEST, {"email": email})

    assert locked.status_code == 200
    assert "Zu viele falsche Codes für diese E-Mail-Adresse. Warten Sie 1 Minute" in locked.text
    assert later.status_code == 302
    assert later["Location"] == CONFIRM


def test_known_and_unknown_addresses_get_the_same_answer(client, resident, clock):
    _wrong_codes(client, "bewohner@test.de")
    known = client.post(REQUEST, {"email": "bewohner@test.de"})
    client.cookies.clear()
    _wrong_codes(client, "niemand@test.de")
    unknown = client.post(REQUEST, {"email": "niemand@test.de"})

    assert known.status_code == unknown.status_code == 200
    assert known.context["form"].errors == unknown.context["form"].errors


def test_the_wait_doubles_up_to_an_hour(db, clock):
    waits = []
    for _ in range(9):
        for _ in range(3):
            code_lockout.wrong_code("bewohner@test.de")
        waits.append(code_lockout.seconds_locked("bewohner@test.de"))
        clock[0] += waits[-1]

    assert waits == [60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]


def test_while_locked_even_the_right_code_is_refused(client, resident, clock, mailoutbox):
    client.post(REQUEST, {"email": "bewohner@test.de"})
    code = _code(mailoutbox)
    other = client.__class__()
    _wrong_codes(other, "bewohner@test.de")

    response = client.post(CONFIRM, {"code": code})

    assert "Zu viele falsche Codes" in response.text
    assert "_auth_user_id" not in client.session


def test_a_successful_login_forgets_the_wrong_codes(client, resident, clock, mailoutbox):
    client.post(REQUEST, {"email": "bewohner@test.de"})
    client.post(CONFIRM, {"code": "000000"})
    client.post(CONFIRM, {"code": _code(mailoutbox)})

    assert client.session["_auth_user_id"] == str(resident.pk)
    assert code_lockout.seconds_locked("bewohner@test.de") == 0
    assert cache.get(code_lockout._key("bewohner@test.de")) is None


def test_guesses_an_hour_fall_from_540_to_a_few(db, clock):
    # An attacker guesses whenever the address is not locked, at allauth's limits: 3 codes a
    # minute, 3 guesses each (540 an hour without the lockout).
    def guesses_in(seconds: int) -> int:
        end, guesses = clock[0] + seconds, 0
        while clock[0] < end:
            if code_lockout.seconds_locked("opfer@test.de"):
                clock[0] += code_lockout.seconds_locked("opfer@test.de")
                continue
            for _ in range(3):
                code_lockout.wrong_code("opfer@test.de")
                guesses += 1
            clock[0] += 20
        return guesses

    first_hour = guesses_in(3600)
    second_hour = guesses_in(3600)

    assert (first_hour, second_hour) == (18, 3)


def test_an_attacker_gets_few_guesses_an_hour_through_the_pages(client, db, clock):
    # Every 20 seconds the attacker asks for a code (allauth allows 3 a minute) and, when one
    # comes, tries 3 wrong codes: 540 guesses an hour without the lockout.
    guesses = []
    for _hour in range(2):
        count = 0
        for _ in range(180):
            asked = client.post(REQUEST, {"email": "opfer@test.de"})
            if asked.status_code == 302:
                for _ in range(3):
                    client.post(CONFIRM, {"code": "000000"})
                    count += 1
            clock[0] += 20
        guesses.append(count)

    assert guesses == [18, 3]
