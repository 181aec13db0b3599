import datetime as dt
import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from lotse.accounts.models import Invitation, User
from lotse.accounts.services import invitation_accept, invitation_create, mfa_reset
from lotse.core.models import AuditEntry, Role

BASE = "http://testserver/"
STRONG = "Kaffee am Markt um neun"


def _invite(actor, organisation, email="neu@test.de", role=Role.PROVIDER_STAFF, **kw):
    return invitation_create(
        actor=actor, organisation=organisation, email=email, role=role, base_url=BASE, **kw
    )


def _token(mailoutbox) -> str:
    match = re.search(r"/konto/einladung/([^/\s]+)/", mailoutbox[-1].body)
    assert match is not None
    return match.group(1)


@pytest.mark.parametrize(
    ("persona", "may_invite"),
    [
        ("administrator", True),
        ("provider_staff", False),
        ("office_staff", False),
        ("resident", False),
        ("outsider", False),
    ],
)
def test_who_may_invite_to_the_provider(request, provider_org, persona, may_invite):
    user = request.getfixturevalue(persona)

    assert user.has_perm("accounts.add_invitation", provider_org) is may_invite


def test_invitation_create_stores_only_a_hash_and_mails_the_link(
    administrator, provider_org, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = _invite(administrator, provider_org, email=" Neu@Test.de ")
    token = _token(mailoutbox)

    assert invitation.email == "neu@test.de"
    assert token not in invitation.token_hash and len(invitation.token_hash) == 64
    assert mailoutbox[-1].to == ["neu@test.de"]
    assert "AWO Altstadt" in mailoutbox[-1].body and "7 Tage" in mailoutbox[-1].body
    assert invitation.expires_at - timezone.now() > dt.timedelta(days=6, hours=23)
    assert AuditEntry.objects.filter(verb="invitation.created").count() == 1


def test_invitation_create_refuses_other_organisations_and_resident_roles(
    administrator, provider_org, outsider
):
    other = outsider.memberships.get().organisation

    with pytest.raises(PermissionDenied):
        _invite(administrator, other)
    with pytest.raises(ValidationError):
        _invite(administrator, provider_org, role=Role.RESIDENT)
    assert not Invitation.objects.exists()


def test_invitation_create_refuses_areas_of_another_region(administrator, provider_org, outsider):
    foreign_region = outsider.memberships.get().organisation.region

    with pytest.raises(ValidationError):
        _invite(administrator, provider_org, areas=[foreign_region])


def test_invitation_accept_creates_user_and_membership_once(
    administrator, provider_org, quarter, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = _invite(administrator, provider_org, areas=[quarter])

    user = invitation_accept(invitation=invitation, password=STRONG)

    membership = user.memberships.get()
    assert (membership.organisation, membership.role) == (provider_org, Role.PROVIDER_STAFF)
    assert list(membership.areas.all()) == [quarter]
    assert user.check_password(STRONG)
    assert EmailAddress.objects.get(user=user).verified
    with pytest.raises(ValidationError):
        invitation_accept(invitation=invitation, password=STRONG)


@pytest.mark.parametrize("password", ["kurz-1", "123456789012345", "password1234"])
def test_invitation_accept_wants_a_strong_password(administrator, provider_org, password):
    invitation = _invite(administrator, provider_org)

    with pytest.raises(ValidationError):
        invitation_accept(invitation=invitation, password=password)
    assert not User.objects.filter(email="neu@test.de").exists()


def test_invitation_accept_refuses_an_expired_invitation(administrator, provider_org):
    invitation = _invite(administrator, provider_org)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )

    with pytest.raises(ValidationError):
        invitation_accept(invitation=invitation, password=STRONG)


def test_accept_page_shows_organisation_and_role_then_asks_for_the_second_factor(
    client, administrator, provider_org, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(administrator, provider_org)
    url = f"/konto/einladung/{_token(mailoutbox)}/"

    page = client.get(url)
    weak = client.post(url, {"password1": "kurz", "password2": "kurz"})
    done = client.post(url, {"password1": STRONG, "password2": STRONG})
    again = client.get(url)

    assert "AWO Altstadt lädt Sie ein. Ihre Rolle: Mitarbeitende eines Anbieters." in page.text
    assert "<title>Fehler:" in weak.text and "mindestens 12 Zeichen" in weak.text
    assert done["Location"] == "/konto/2fa/totp/activate/"
    assert again.status_code == 404 and "gilt nicht mehr" in again.text


def test_after_accepting_the_password_is_not_asked_a_third_time(
    client, administrator, provider_org, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(administrator, provider_org)
    client.post(
        f"/konto/einladung/{_token(mailoutbox)}/", {"password1": STRONG, "password2": STRONG}
    )

    setup = client.get("/konto/2fa/totp/activate/")

    assert setup.status_code == 200
    assert "Zweiten Faktor einrichten" in setup.text


def test_wrong_token_gets_the_same_page_as_a_used_one(client, db):
    response = client.get("/konto/einladung/falsch/")

    assert response.status_code == 404
    assert "Diese Einladung gilt nicht mehr" in response.text


@pytest.mark.parametrize(
    ("persona", "may_reset"),
    [
        ("administrator", True),
        ("office_staff", False),
        ("resident", False),
        ("outsider", False),
    ],
)
def test_who_may_reset_a_second_factor(request, provider_staff, persona, may_reset):
    user = request.getfixturevalue(persona)

    assert user.has_perm("accounts.reset_second_factor", provider_staff) is may_reset


def test_mfa_reset_removes_all_authenticators_and_is_audited(
    administrator, provider_staff, with_totp
):
    with_totp(provider_staff)

    mfa_reset(actor=administrator, user=provider_staff)

    assert not Authenticator.objects.filter(user=provider_staff).exists()
    entry = AuditEntry.objects.get(verb="mfa.reset")
    assert (entry.actor, entry.target_id) == (administrator, str(provider_staff.pk))


def test_mfa_reset_refuses_non_administrators(office_staff, provider_staff, with_totp):
    with_totp(provider_staff)

    with pytest.raises(PermissionDenied):
        mfa_reset(actor=office_staff, user=provider_staff)
    assert Authenticator.objects.filter(user=provider_staff).exists()


def test_members_page_needs_second_factor_and_administrator(
    client, administrator, provider_staff, outsider, with_totp
):
    client.force_login(administrator)
    without = client.get("/konto/mitarbeitende/")
    with_totp(administrator)
    page = client.get("/konto/mitarbeitende/")
    with_totp(provider_staff)
    client.force_login(provider_staff)
    staff = client.get("/konto/mitarbeitende/")

    assert without["Location"].startswith("/konto/2fa/totp/activate/")
    assert page.status_code == 200 and "anbieter@test.de" in page.text
    assert "fremd@test.de" not in page.text
    assert staff.status_code == 403


def test_reset_page_of_an_outsider_is_404(client, administrator, outsider, with_totp):
    with_totp(administrator)
    client.force_login(administrator)

    assert (
        client.get(
            f"/konto/mitarbeitende/{outsider.public_id}/zweiten-faktor-zuruecksetzen/"
        ).status_code
        == 404
    )


def test_invite_page_sends_the_invitation(
    client, administrator, provider_org, with_totp, mailoutbox
):
    with_totp(administrator)
    client.force_login(administrator)

    empty = client.post("/konto/mitarbeitende/einladen/", {"organisation": provider_org.pk})
    sent = client.post(
        "/konto/mitarbeitende/einladen/",
        {"organisation": provider_org.pk, "email": "neu@test.de", "role": Role.OFFICE_STAFF},
    )

    assert "<title>Fehler:" in empty.text
    assert "Geben Sie die E-Mail-Adresse der Person ein" in empty.text
    assert "Wählen Sie eine Rolle aus" in empty.text
    assert sent["Location"] == "/konto/mitarbeitende/"
    assert Invitation.objects.get().role == Role.OFFICE_STAFF
