"""Each rule over every persona: the office that holds the referral (office staff, care
navigator, manager of the Quartiersbüro Altstadt) and the receiving provider (staff and
administrator of AWO Altstadt)."""

import pytest

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
OFFICE = {"office_staff", "care_navigator", "manager"}
PROVIDER = {"provider_staff", "administrator"}

OFFICE_PERMS = (
    "desk.view_inquiry",
    "desk.add_inquiry",
    "desk.change_inquiry",
    "desk.add_referral",
    "desk.manage_referral",
    "desk.add_unmetneed",
)
SHARED_PERMS = ("desk.answer_referral", "desk.view_referral")


@pytest.mark.parametrize("persona", PERSONAS)
def test_desk_rules_for_every_persona(request, referral, persona):
    user = request.getfixturevalue(persona)
    inquiry = referral.inquiry

    for perm in OFFICE_PERMS:
        target = referral if perm == "desk.manage_referral" else inquiry
        assert user.has_perm(perm, target) is (persona in OFFICE), perm
        assert user.has_perm(perm, inquiry.organisation) is (persona in OFFICE), perm
    for perm in SHARED_PERMS:
        assert user.has_perm(perm, referral) is (persona in OFFICE | PROVIDER), perm


def test_desk_rules_refuse_anonymous_and_missing_objects(referral, office_staff):
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()

    for perm in OFFICE_PERMS + SHARED_PERMS:
        assert not anonymous.has_perm(perm, referral)
        assert not office_staff.has_perm(perm, None)
