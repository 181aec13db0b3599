import re

from django.urls import reverse

from lotse.accounts.models import User


def _code(mailoutbox) -> str:
    match = re.search(r"\b(\d{6})\b", mailoutbox[-1].body)
    assert match is not None
    return match.group(1)


def test_resident_signs_up_with_email_and_code_without_password(client, db, mailoutbox):
    response = client.post(reverse("account_signup"), {"email": "Erna@Test.de"})
    confirm = client.post(response["Location"], {"code": _code(mailoutbox)})

    user = User.objects.get(email="erna@test.de")
    assert not user.has_usable_password()
    assert "Guten Tag" in mailoutbox[-1].body
    assert confirm.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get(reverse("accounts:overview")).status_code == 200


def test_resident_logs_in_with_a_code(client, resident, mailoutbox):
    client.post(reverse("account_request_login_code"), {"email": "bewohner@test.de"})
    response = client.post(reverse("account_confirm_login_code"), {"code": _code(mailoutbox)})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(resident.pk)


def test_login_code_page_answers_the_same_for_unknown_addresses(client, resident, mailoutbox):
    known = client.post(reverse("account_request_login_code"), {"email": "bewohner@test.de"})
    client.cookies.clear()
    unknown = client.post(reverse("account_request_login_code"), {"email": "niemand@test.de"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert "kein Benutzerkonto" in mailoutbox[-1].body


def test_three_wrong_codes_make_the_right_one_useless(client, resident, mailoutbox):
    client.post(reverse("account_request_login_code"), {"email": "bewohner@test.de"})
    code = _code(mailoutbox)
    wrong = "111111" if code != "111111" else "222222"

    for _ in range(3):
        client.post(reverse("account_confirm_login_code"), {"code": wrong})
    client.post(reverse("account_confirm_login_code"), {"code": code})

    assert "_auth_user_id" not in client.session


def test_signup_answers_the_same_for_a_known_address(client, resident, mailoutbox):
    known = client.post(reverse("account_signup"), {"email": "bewohner@test.de"})
    client.cookies.clear()
    new = client.post(reverse("account_signup"), {"email": "neu@test.de"})

    assert known.status_code == new.status_code == 302
    assert known["Location"] == new["Location"]
    assert "gibt es schon ein Benutzerkonto" in mailoutbox[0].body
