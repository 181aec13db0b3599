import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from lotse.accounts.services import membership_change, membership_remove
from lotse.core.models import Area, AuditEntry, Membership, Role


@pytest.fixture
def staff_membership(provider_staff) -> Membership:
    return provider_staff.memberships.get()


@pytest.fixture
def admin_membership(administrator) -> Membership:
    return administrator.memberships.get()


def _logged_in(client, user, with_totp):
    with_totp(user)
    client.force_login(user)
    return client


def test_membership_change_sets_role_and_areas_and_audits(administrator, staff_membership, quarter):
    membership = membership_change(
        actor=administrator, membership=staff_membership, role=Role.MANAGER, areas=[quarter]
    )

    membership.refresh_from_db()
    assert membership.role == Role.MANAGER
    assert list(membership.areas.all()) == [quarter]
    entry = AuditEntry.objects.get(verb="membership.changed")
    assert entry.actor == administrator
    assert "provider_staff" in entry.note and "manager" in entry.note


def test_membership_change_refuses_someone_who_does_not_administer(office_staff, staff_membership):
    with pytest.raises(PermissionDenied):
        membership_change(actor=office_staff, membership=staff_membership, role=Role.MANAGER)

    staff_membership.refresh_from_db()
    assert staff_membership.role == Role.PROVIDER_STAFF


def test_membership_change_refuses_areas_of_another_region(
    administrator, staff_membership, outsider
):
    other_region = Area.objects.get(slug="kreis-anders")
    foreign = Area.objects.create(
        name="Anderswo",
        slug="anderswo",
        kind=Area.Kind.QUARTER,
        parent=other_region,
        region=other_region,
    )

    with pytest.raises(ValidationError, match="Region der Organisation"):
        membership_change(
            actor=administrator, membership=staff_membership, role=Role.MANAGER, areas=[foreign]
        )

    staff_membership.refresh_from_db()
    assert staff_membership.role == Role.PROVIDER_STAFF
    assert not staff_membership.areas.exists()


@pytest.mark.parametrize("role", [Role.RESIDENT, Role.RELATIVE, "kaiser"])
def test_membership_change_refuses_roles_that_are_not_staff(administrator, staff_membership, role):
    with pytest.raises(ValidationError, match="Rolle für Mitarbeitende"):
        membership_change(actor=administrator, membership=staff_membership, role=role)


def test_membership_change_refuses_a_role_the_member_already_has(
    administrator, staff_membership, provider_org
):
    Membership.objects.create(
        user=staff_membership.user, organisation=provider_org, role=Role.MANAGER
    )

    with pytest.raises(ValidationError, match="schon"):
        membership_change(actor=administrator, membership=staff_membership, role=Role.MANAGER)


def test_last_administrator_cannot_demote_themselves(administrator, admin_membership):
    with pytest.raises(ValidationError, match="mindestens eine Administration"):
        membership_change(actor=administrator, membership=admin_membership, role=Role.MANAGER)

    admin_membership.refresh_from_db()
    assert admin_membership.role == Role.ADMINISTRATOR
    assert not AuditEntry.objects.filter(verb="membership.changed").exists()


def test_an_administrator_may_step_down_when_another_remains(
    administrator, admin_membership, provider_staff, provider_org
):
    Membership.objects.create(
        user=provider_staff, organisation=provider_org, role=Role.ADMINISTRATOR
    )

    membership_change(actor=administrator, membership=admin_membership, role=Role.MANAGER)

    admin_membership.refresh_from_db()
    assert admin_membership.role == Role.MANAGER


def test_last_administrator_may_still_change_their_areas(administrator, admin_membership, quarter):
    membership_change(
        actor=administrator, membership=admin_membership, role=Role.ADMINISTRATOR, areas=[quarter]
    )

    assert list(admin_membership.areas.all()) == [quarter]


def test_membership_remove_deletes_and_audits(administrator, staff_membership, provider_staff):
    membership_remove(actor=administrator, membership=staff_membership)

    assert not Membership.objects.filter(pk=staff_membership.pk).exists()
    assert provider_staff.is_active  # the account stays
    assert AuditEntry.objects.filter(verb="membership.removed", actor=administrator).exists()


def test_membership_remove_refuses_the_last_administrator(administrator, admin_membership):
    with pytest.raises(ValidationError, match="mindestens eine Administration"):
        membership_remove(actor=administrator, membership=admin_membership)

    assert Membership.objects.filter(pk=admin_membership.pk).exists()


def test_membership_remove_refuses_a_colleague_without_the_role(provider_staff, admin_membership):
    with pytest.raises(PermissionDenied):
        membership_remove(actor=provider_staff, membership=admin_membership)

    assert Membership.objects.filter(pk=admin_membership.pk).exists()


# Pages


def test_members_page_links_change_and_remove(client, administrator, staff_membership, with_totp):
    client = _logged_in(client, administrator, with_totp)

    response = client.get(reverse("accounts:members"))

    text = response.content.decode()
    assert reverse("accounts:membership_edit", args=[staff_membership.public_id]) in text
    assert reverse("accounts:membership_remove", args=[staff_membership.public_id]) in text
    assert "ganze Region" in text


def test_membership_edit_page_saves(client, administrator, staff_membership, quarter, with_totp):
    client = _logged_in(client, administrator, with_totp)
    url = reverse("accounts:membership_edit", args=[staff_membership.public_id])

    response = client.post(url, {"role": Role.OFFICE_STAFF, "areas": [quarter.pk]})

    assert response.status_code == 302
    staff_membership.refresh_from_db()
    assert staff_membership.role == Role.OFFICE_STAFF
    assert list(staff_membership.areas.all()) == [quarter]


def test_membership_edit_page_explains_the_last_administrator(
    client, administrator, admin_membership, with_totp
):
    client = _logged_in(client, administrator, with_totp)
    url = reverse("accounts:membership_edit", args=[admin_membership.public_id])

    response = client.post(url, {"role": Role.MANAGER})

    assert response.status_code == 200
    text = response.content.decode()
    assert "<title>Fehler:" in text
    assert "mindestens eine Administration" in text
    admin_membership.refresh_from_db()
    assert admin_membership.role == Role.ADMINISTRATOR


def test_membership_edit_page_without_a_role_keeps_everything(
    client, administrator, staff_membership, with_totp
):
    client = _logged_in(client, administrator, with_totp)
    url = reverse("accounts:membership_edit", args=[staff_membership.public_id])

    response = client.post(url, {"role": ""})

    assert "Wählen Sie eine Rolle aus" in response.content.decode()
    staff_membership.refresh_from_db()
    assert staff_membership.role == Role.PROVIDER_STAFF


def test_membership_remove_page_confirms_then_removes(
    client, administrator, staff_membership, with_totp
):
    client = _logged_in(client, administrator, with_totp)
    url = reverse("accounts:membership_remove", args=[staff_membership.public_id])

    page = client.get(url)
    response = client.post(url)

    assert "Möchten Sie anbieter@test.de" in page.content.decode()
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=staff_membership.pk).exists()


def test_membership_remove_page_refuses_the_last_administrator(
    client, administrator, admin_membership, with_totp
):
    client = _logged_in(client, administrator, with_totp)

    response = client.post(reverse("accounts:membership_remove", args=[admin_membership.public_id]))

    assert response.status_code == 400
    assert "mindestens eine Administration" in response.content.decode()
    assert Membership.objects.filter(pk=admin_membership.pk).exists()


def test_membership_pages_answer_404_to_an_outsider(client, outsider, staff_membership, with_totp):
    client = _logged_in(client, outsider, with_totp)

    edit = client.get(reverse("accounts:membership_edit", args=[staff_membership.public_id]))
    remove = client.post(reverse("accounts:membership_remove", args=[staff_membership.public_id]))

    assert (edit.status_code, remove.status_code) == (404, 404)
    assert Membership.objects.filter(pk=staff_membership.pk).exists()


def test_membership_pages_answer_403_to_a_colleague_without_the_role(
    client, provider_staff, admin_membership, with_totp
):
    client = _logged_in(client, provider_staff, with_totp)

    response = client.get(reverse("accounts:membership_edit", args=[admin_membership.public_id]))

    assert response.status_code == 403
