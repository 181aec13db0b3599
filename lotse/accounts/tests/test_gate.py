import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from lotse.core.rules import has_second_factor, is_staff_member

OVERVIEW = "/konto/"


@pytest.mark.parametrize(
    ("persona", "staff", "with_app", "may_see"),
    [
        ("provider_staff", True, False, False),
        ("provider_staff", True, True, True),
        ("office_staff", True, False, False),
        ("office_staff", True, True, True),
        ("outsider", True, False, False),
        ("resident", False, False, True),
    ],
)
def test_who_may_see_personal_data(request, with_totp, persona, staff, with_app, may_see):
    user = request.getfixturevalue(persona)
    if with_app:
        with_totp(user)

    assert is_staff_member(user) is staff
    assert has_second_factor(user) is with_app
    assert user.has_perm("core.view_personal_data") is may_see


def test_anonymous_visitor_may_not_see_personal_data(db):
    assert AnonymousUser().has_perm("core.view_personal_data") is False


def test_a_security_key_is_a_second_factor(provider_staff):
    Authenticator.objects.create(user=provider_staff, type=Authenticator.Type.WEBAUTHN, data={})

    assert has_second_factor(provider_staff)
    assert provider_staff.has_perm("core.view_personal_data")


def test_recovery_codes_alone_are_no_second_factor(provider_staff):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    RecoveryCodes.activate(provider_staff)

    assert not provider_staff.has_perm("core.view_personal_data")


def test_gate_sends_staff_without_second_factor_to_the_setup(client, provider_staff):
    client.force_login(provider_staff)

    response = client.get(OVERVIEW, follow=False)

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    assert client.session["lotse_after_mfa_setup"] == "/konto/"


def test_gate_lets_staff_with_second_factor_and_residents_pass(
    client, provider_staff, resident, with_totp
):
    with_totp(provider_staff)

    client.force_login(provider_staff)
    staff_page = client.get(OVERVIEW)
    client.force_login(resident)
    resident_page = client.get(OVERVIEW)

    assert staff_page.status_code == 200
    assert "AWO Altstadt: Mitarbeitende eines Anbieters" in staff_page.text
    assert resident_page.status_code == 200
    assert "Zweiter Faktor" not in resident_page.text


def test_gate_sends_anonymous_visitors_to_the_login(client, db):
    response = client.get(OVERVIEW)

    assert response["Location"] == "/konto/anmelden/?next=/konto/"


def test_directory_staff_pages_hold_public_data_and_need_no_second_factor(client, provider_staff):
    client.force_login(provider_staff)

    assert client.get("/mitarbeit/angebote/").status_code == 200


def test_staff_sets_up_the_app_and_then_sees_the_page(client, provider_staff):
    from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY

    from conftest import totp_code

    client.post("/konto/anmelden/", {"login": "anbieter@test.de", "password": "pw-for-tests-1"})

    # allauth asks for the password again before a second factor is changed, even after login.
    asked = client.get(reverse("mfa_activate_totp"))
    client.post(asked["Location"], {"password": "pw-for-tests-1"})
    setup = client.get(reverse("mfa_activate_totp"))
    secret = client.session[SECRET_SESSION_KEY]
    activated = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})

    assert asked["Location"].startswith(reverse("account_reauthenticate"))
    assert setup.status_code == 200
    assert secret in setup.text
    assert activated["Location"] == reverse("mfa_view_recovery_codes")
    assert client.get(OVERVIEW).status_code == 200
    assert client.get("/konto/weiter/")["Location"] == "/konto/"


def test_header_links_to_login_and_to_my_account_once_logged_in(client, resident):
    anonymous = client.get("/barrierefreiheit/").text
    client.force_login(resident)
    logged_in = client.get("/barrierefreiheit/").text

    # Residents log in with a code by e-mail from every page's header; staff from the footer.
    assert '<a class="account-link" href="/konto/login/code/">Anmelden</a>' in anonymous
    assert ">Anmelden für Mitarbeitende</a>" in anonymous
    assert '<a class="account-link" href="/konto/">Mein Konto</a>' in logged_in
    assert "Anmelden für Mitarbeitende" not in logged_in


def test_after_setup_the_gate_sends_staff_back_to_the_page_it_stopped(client, provider_staff):
    client.force_login(provider_staff)
    client.get("/konto/mitarbeitende/")

    back = client.get("/konto/weiter/")
    again = client.get("/konto/weiter/")

    assert back["Location"] == "/konto/mitarbeitende/"
    assert again["Location"] == "/konto/"


@pytest.mark.parametrize(
    ("persona", "may_view"),
    [
        ("administrator", True),
        ("provider_staff", False),
        ("office_staff", False),
        ("resident", False),
        ("outsider", False),
    ],
)
def test_who_may_see_the_staff_list(request, persona, may_view):
    user = request.getfixturevalue(persona)

    assert user.has_perm("accounts.view_members") is may_view


def test_staff_may_remove_their_app_and_are_stopped_by_the_gate_again(
    client, provider_staff, with_totp
):
    with_totp(provider_staff)
    client.force_login(provider_staff)
    client.post(reverse("account_reauthenticate"), {"password": "pw-for-tests-1"})

    page = client.get(reverse("mfa_deactivate_totp"))
    client.post(reverse("mfa_deactivate_totp"))

    assert "Möchten Sie die App als zweiten Faktor abmelden?" in page.text
    assert client.get(OVERVIEW)["Location"] == reverse("mfa_activate_totp")
