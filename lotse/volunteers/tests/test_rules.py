"""Each rule over every persona. The helper is coordinated by the Quartiersbüro Altstadt
(multiplier, manager; region coordinator of Kreis Test) and is the helper persona's own record;
AWO's administrator manages AWO's helpers only; the outsider works in another region."""

import pytest

from lotse.volunteers.models import Helper

PERSONAS = (
    "resident",
    "relative",
    "helper",
    "multiplier",
    "office_staff",
    "care_navigator",
    "provider_staff",
    "manager",
    "region_coordinator",
    "researcher",
    "administrator",
    "outsider",
)
MANAGERS = {"multiplier", "manager", "region_coordinator"}
MANAGE_PERMS = (
    "volunteers.add_credential",
    "volunteers.change_helper",
    "volunteers.change_helper_status",
)


@pytest.mark.parametrize("persona", PERSONAS)
def test_volunteer_rules_for_every_persona(request, make_helper, office, persona):
    user = request.getfixturevalue(persona)
    own_user = request.getfixturevalue("helper")
    record = make_helper(user=own_user)
    other = make_helper(given_name="Fremd")

    for perm in MANAGE_PERMS:
        assert user.has_perm(perm, record) == (persona in MANAGERS), perm
    assert user.has_perm("volunteers.add_helper", office) == (persona in MANAGERS)
    assert user.has_perm("volunteers.view_helper", record) == (
        persona in MANAGERS or persona == "helper"
    )
    assert user.has_perm("volunteers.view_helper", other) == (persona in MANAGERS)
    assert user.has_perm("volunteers.change_own_helper", record) == (persona == "helper")
    assert not user.has_perm("volunteers.change_own_helper", other)
    assert user.has_perm("volunteers.change_own_helper") == (persona == "helper")


def test_administrator_manages_the_helpers_of_their_own_organisation(
    administrator, provider_org, make_helper
):
    record = make_helper()
    Helper.objects.filter(pk=record.pk).update(organisation=provider_org)
    record.refresh_from_db()

    assert administrator.has_perm("volunteers.change_helper_status", record)
    assert administrator.has_perm("volunteers.add_helper", provider_org)


def test_a_helper_without_a_login_is_nobodys_own(make_helper, helper):
    record = make_helper()

    assert record.user_id is None
    assert not helper.has_perm("volunteers.change_own_helper", record)
