import pytest
from django.urls import reverse

from lotse.accounts.role_catalogue import PERMISSIONS, registered_permissions, role_catalogue
from lotse.core.models import Area, Role


def test_every_registered_permission_has_a_description():
    # A rule added without a line in PERMISSIONS would be missing from the roles page.
    missing = [name for name in registered_permissions() if name not in PERMISSIONS]
    stale = [name for name in PERMISSIONS if name not in registered_permissions()]

    assert not missing, f"Beschreibung fehlt in role_catalogue.PERMISSIONS: {missing}"
    assert not stale, f"Keine Regel mehr für: {stale}"


def _abilities(catalogue) -> dict[str, dict[str, bool]]:
    return {
        entry.role.value: {a.name: a.needs_second_factor for a in entry.abilities}
        for entry in catalogue
    }


@pytest.mark.django_db
def test_catalogue_follows_the_rules_for_each_role():
    abilities = _abilities(role_catalogue())

    assert list(abilities) == Role.values
    assert "accounts.change_membership" in abilities[Role.ADMINISTRATOR]
    assert "accounts.change_membership" not in abilities[Role.REGION_COORDINATOR]
    assert "core.add_area" in abilities[Role.REGION_COORDINATOR]
    assert "core.add_area" not in abilities[Role.ADMINISTRATOR]
    assert "people.view_person" in abilities[Role.OFFICE_STAFF]
    assert "people.view_person" not in abilities[Role.PROVIDER_STAFF]
    assert "directory.change_offer" in abilities[Role.PROVIDER_STAFF]
    # Residents see their own data and post on the noticeboard with their account.
    assert set(abilities[Role.RESIDENT]) == {"core.view_personal_data", "news.add_boardpost"}


@pytest.mark.django_db
def test_catalogue_marks_what_needs_the_second_factor():
    abilities = _abilities(role_catalogue())

    # Staff open personal data only with a second factor; residents see their own without.
    assert abilities[Role.OFFICE_STAFF]["core.view_personal_data"] is True
    assert abilities[Role.OFFICE_STAFF]["people.view_person"] is True
    assert abilities[Role.RESIDENT]["core.view_personal_data"] is False
    # Editing offers is not behind the gate.
    assert abilities[Role.PROVIDER_STAFF]["directory.change_offer"] is False


@pytest.mark.django_db
def test_catalogue_leaves_nothing_in_the_database():
    before = Area.objects.count()

    role_catalogue()

    assert Area.objects.count() == before


def test_roles_page_lists_every_role_with_its_abilities(client, office_staff):
    client.force_login(office_staff)

    response = client.get(reverse("accounts:roles"))

    assert response.status_code == 200
    text = response.content.decode()
    for role in Role:
        assert str(role.label) in text
    assert str(PERMISSIONS["core.add_area"].description) in text
    assert "nur mit zweitem Faktor" in text


def test_roles_page_refuses_residents(client, resident):
    client.force_login(resident)

    response = client.get(reverse("accounts:roles"))

    assert response.status_code == 403
