"""A superuser is no way around the second factor or need-to-know: Django's admin goes through the
site's login (lockout, second factor), and being superuser opens no personal data."""

import re

import pytest
from django.urls import reverse

from conftest import totp_code
from lotse.accounts.models import User
from lotse.accounts.role_catalogue import PERMISSIONS, _samples
from lotse.accounts.services import user_create
from lotse.core.rules import is_staff_member

LOGIN = "/konto/anmelden/"
MFA_SETUP = "/konto/2fa/totp/activate/"


@pytest.fixture
def superuser(db) -> User:
    user = user_create(email="root@test.de", password="pw-for-tests-1")
    user.is_staff = user.is_superuser = True
    user.save(update_fields=["is_staff", "is_superuser"])
    return user


def _login(client, email: str, password: str = "pw-for-tests-1", **extra):
    return client.post(LOGIN, {"login": email, "password": password, **extra})


def test_admin_login_page_sends_to_the_site_login(client, db):
    response = client.get("/admin/login/?next=/admin/office/office/")

    assert response.status_code == 302
    assert response["Location"] == "/konto/anmelden/?next=%2Fadmin%2Foffice%2Foffice%2F"


def test_admin_login_takes_no_password(client, superuser):
    response = client.post(
        "/admin/login/", {"username": "root@test.de", "password": "pw-for-tests-1"}
    )

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert "_auth_user_id" not in client.session


def test_admin_address_is_locked_after_five_wrong_passwords(client, superuser):
    for _ in range(30):
        client.post("/admin/login/", {"username": "root@test.de", "password": "falsch"})
    for _ in range(5):
        _login(client, "root@test.de", "falsch-falsch-1")

    response = _login(client, "root@test.de")

    assert "Zu viele Versuche" in response.text
    assert "_auth_user_id" not in client.session


def test_superuser_without_second_factor_is_sent_to_its_setup(client, superuser, erna):
    _login(client, "root@test.de", next="/admin/")

    admin = client.get("/admin/", follow=True)
    back_to = client.session["lotse_after_mfa_setup"]
    person = client.get(reverse("people:person_detail", args=[erna.id]))
    api = client.get(f"/api/v1/people/persons/{erna.id}")

    assert is_staff_member(superuser)
    assert (MFA_SETUP, 302) in admin.redirect_chain
    assert back_to == "/admin/"
    assert person["Location"] == MFA_SETUP
    assert api.status_code == 403
    assert "Müller" not in api.text


def test_superuser_with_second_factor_reaches_the_admin_through_the_code(
    client, superuser, with_totp
):
    secret = with_totp(superuser)

    first = _login(client, "root@test.de", next="/admin/")
    before_code = client.get("/admin/")
    code = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    admin = client.get("/admin/")
    offices = client.get("/admin/office/office/")
    messages = client.get("/admin/notifications/message/")

    assert first["Location"] == reverse("mfa_authenticate")
    assert before_code["Location"].startswith("/admin/login/")
    assert code["Location"] == "/admin/"
    assert admin.status_code == 200
    assert offices.status_code == 200
    # Letters and e-mails hold personal data of organisations: not the admin's.
    assert messages.status_code == 403


def test_account_without_staff_flag_is_refused_by_the_admin(client, provider_staff, with_totp):
    with_totp(provider_staff)
    client.force_login(provider_staff)

    assert client.get("/admin/login/").status_code == 403
    assert client.get("/admin/")["Location"].startswith("/admin/login/")


def test_superuser_with_second_factor_but_no_membership_sees_no_person(
    client, superuser, with_totp, erna
):
    with_totp(superuser)
    client.force_login(superuser)

    page = client.get(reverse("people:person_detail", args=[erna.id]))
    api = client.get(f"/api/v1/people/persons/{erna.id}")
    search = client.get("/api/v1/people/persons", {"q": "Müller"})
    export = client.get(reverse("compliance:subject_access_json", args=[erna.id]))

    assert page.status_code == 404
    assert api.status_code == 404
    assert search.status_code == 403
    assert export.status_code == 404


def test_being_superuser_grants_no_permission_of_the_project(superuser, with_totp):
    # Every named rule answers for a superuser as for a user without memberships: only the
    # offices (the admin keeps the Office model, docs/operations.md; its rules share the model
    # permissions' names) and the gate itself open. The staff pages for offices still refuse a
    # superuser without a membership, since they offer the regions of the user's memberships.
    with_totp(superuser)
    samples = _samples()

    granted = {
        name for name, spec in PERMISSIONS.items() if superuser.has_perm(name, samples[spec.sample])
    }

    assert granted == {
        "core.view_personal_data",
        "office.add_office",
        "office.change_office",
        "office.relocate_office",
    }


@pytest.mark.parametrize("path", ["/api/v1/openapi.json", "/api/v1/docs"])
def test_staff_api_documentation_is_for_staff(client, resident, provider_staff, path):
    anonymous = client.get(path)
    client.force_login(resident)
    as_resident = client.get(path)
    client.force_login(provider_staff)
    as_staff = client.get(path)

    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(LOGIN)
    assert as_resident.status_code == 403
    assert as_staff.status_code == 200


def test_code_login_of_a_superuser_still_asks_for_the_authenticator(
    client, superuser, with_totp, mailoutbox
):
    with_totp(superuser)

    client.post("/konto/login/code/", {"email": "root@test.de"})
    code = re.search(r"\b(\d{6})\b", mailoutbox[-1].body)
    assert code is not None
    response = client.post("/konto/login/code/confirm/", {"code": code.group(1)})

    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/")["Location"].startswith("/admin/login/")
