import pytest
from django.contrib.auth.models import AnonymousUser

from lotse.accounts.services import user_create
from lotse.core.models import Membership, Role
from lotse.core.tests.authorization_matrix import PERSONAS

# Staff with an office role in the organisation that runs the office (the Quartiersbüro
# Altstadt) run its appointments; the administrator persona administers AWO Altstadt.
ALLOWED = {"office_staff", "care_navigator", "manager"}
PERMS = ["office.view_appointments", "office.book_appointment", "office.change_appointment"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_office_rules_allow_only_office_roles_of_the_running_organisation(request, persona, office):
    user = None if persona == "anonymous" else request.getfixturevalue(persona)
    user = user or AnonymousUser()

    answers = {perm: user.has_perm(perm, office) for perm in PERMS}

    assert answers == dict.fromkeys(PERMS, persona in ALLOWED)


def test_an_administrator_of_the_running_organisation_may(office, office_org):
    admin = user_create(email="admin-buero@test.de", password="pw-for-tests-1")
    Membership.objects.create(user=admin, organisation=office_org, role=Role.ADMINISTRATOR)

    assert admin.has_perm("office.change_appointment", office)
