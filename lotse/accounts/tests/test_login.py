import datetime as dt
import re
from unittest import mock

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.urls import reverse

from conftest import totp_code

LOGIN = "/konto/anmelden/"


def _login(client, email: str, password: str = "pw-for-tests-1", **extra):
    return client.post(LOGIN, {"login": email, "password": password, **extra})


def test_login_page_has_labels_above_fields_and_no_placeholders(client, db):
    html = client.get(LOGIN).text

    assert '<label for="id_login">E-Mail-Adresse</label>' in html
    assert '<label for="id_password">Passwort</label>' in html
    assert "placeholder" not in html
    assert 'href="/konto/login/code/"' in html


def test_staff_without_second_factor_logs_in_with_password(client, provider_staff):
    response = _login(client, "anbieter@test.de", next="/mitarbeit/angebote/")

    assert response.status_code == 302
    assert response["Location"] == "/mitarbeit/angebote/"
    assert client.get("/mitarbeit/angebote/").status_code == 200


def test_staff_with_second_factor_must_enter_the_code(client, provider_staff, with_totp):
    secret = with_totp(provider_staff)

    response = _login(client, "anbieter@test.de")
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    right = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})

    assert response["Location"] == reverse("mfa_authenticate")
    assert "Der Code stimmt nicht" in wrong.text
    assert right.status_code == 302
    assert client.get(reverse("accounts:overview")).status_code == 200


def test_wrong_password_and_unknown_address_get_the_same_answer(client, provider_staff):
    known = _login(client, "anbieter@test.de", "falsch-falsch-1")
    unknown = _login(client, "niemand@test.de", "falsch-falsch-1")

    assert known.status_code == unknown.status_code == 200
    message = "E-Mail-Adresse oder Passwort stimmen nicht. Bitte prüfen Sie beides."
    assert message in known.text and message in unknown.text
    assert "<title>Fehler: Anmelden" in known.text and "<title>Fehler: Anmelden" in unknown.text


def test_five_wrong_passwords_lock_the_address(client, provider_staff):
    for _ in range(5):
        _login(client, "anbieter@test.de", "falsch-falsch-1")

    response = _login(client, "anbieter@test.de")

    assert "Zu viele Versuche" in response.text
    assert "_auth_user_id" not in client.session


def test_password_reset_answers_the_same_for_known_and_unknown_addresses(
    client, provider_staff, mailoutbox
):
    url = reverse("account_reset_password")

    known = client.post(url, {"email": "anbieter@test.de"}, follow=True)
    unknown = client.post(url, {"email": "niemand@test.de"}, follow=True)

    assert known.redirect_chain == unknown.redirect_chain
    assert known.text == unknown.text
    assert "Wenn es ein Benutzerkonto mit dieser E-Mail-Adresse gibt" in known.text
    assert [m.to for m in mailoutbox][0] == ["anbieter@test.de"]


def _reset_link(mailoutbox) -> str:
    match = re.search(r"https?://\S+", mailoutbox[-1].body)
    assert match is not None
    return match.group(0)


def test_password_reset_link_works_for_one_hour_only(client, provider_staff, mailoutbox):
    client.post(reverse("account_reset_password"), {"email": "anbieter@test.de"})
    link = _reset_link(mailoutbox)
    later = dt.datetime.now() + dt.timedelta(minutes=61)

    fresh = client.get(link, follow=True)
    with mock.patch.object(PasswordResetTokenGenerator, "_now", return_value=later):
        expired = client.get(link, follow=True)

    assert "Neues Passwort festlegen" in fresh.text
    assert "Der Link gilt nicht mehr" in expired.text


def test_second_factor_code_is_not_required_for_residents(client, resident):
    response = _login(client, "bewohner@test.de")

    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=resident).exists()


@pytest.mark.parametrize("path", [LOGIN, "/konto/login/code/", "/konto/signup/"])
def test_account_pages_are_german_and_in_the_site_frame(client, db, path):
    html = client.get(path).text

    assert '<html lang="de"' in html
    assert "Sie können uns auch anrufen" in html
    assert "placeholder" not in html
