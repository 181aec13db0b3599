"""The permissions of the group formats, asked about the organisation that holds the cafés and
courses (the Quartiersbüro Altstadt), for every persona."""

import pytest

from lotse.volunteers.models import Helper
from lotse.volunteers.tests.groups_fixtures import make_helper

PERMS = (
    "volunteers.view_cafe",
    "volunteers.change_cafe",
    "volunteers.run_course",
    "volunteers.view_course",
)
# persona: (view_cafe, change_cafe, run_course, view_course)
EXPECTED = {
    "resident": (False, False, False, False),
    "relative": (False, False, False, False),
    "helper": (False, False, False, False),
    "multiplier": (True, True, True, True),
    "office_staff": (False, False, False, False),
    "care_navigator": (False, False, False, False),
    "provider_staff": (False, False, False, False),
    "manager": (True, True, False, True),
    "region_coordinator": (True, False, False, True),
    "researcher": (False, False, False, False),
    "administrator": (False, False, False, False),  # administers AWO Altstadt, not the office
    "outsider": (False, False, False, False),
}


@pytest.mark.parametrize("persona", EXPECTED)
def test_each_persona_gets_what_the_role_catalogue_says(request, persona, home_office):
    user = request.getfixturevalue(persona)

    answers = tuple(user.has_perm(perm, home_office) for perm in PERMS)

    assert answers == EXPECTED[persona]


def test_a_helper_entitled_to_train_others_runs_courses_while_active(helper, home_office, quarter):
    anna = make_helper(home_office, quarter, "Anna Berg", user=helper)
    anna.is_multiplier_qualified = True
    anna.save()
    helper.refresh_from_db()

    assert helper.has_perm("volunteers.run_course", home_office)
    assert not helper.has_perm("volunteers.change_cafe", home_office)

    anna.status = Helper.Status.PAUSED
    anna.paused_until = anna.created_at.date().replace(year=anna.created_at.year + 1)
    anna.save()
    helper.refresh_from_db()
    assert not helper.has_perm("volunteers.run_course", home_office)
