import datetime as dt

import pytest
from django.utils import timezone

from lotse.core.models import Organisation
from lotse.volunteers.models import Credential, Helper
from lotse.volunteers.services import Slot, credential_record, helper_register


@pytest.fixture
def coordinated_quarter(office, quarter):
    """The test quarter, coordinated by the Quartiersbüro Altstadt (where the multiplier works)."""
    office.coordinates.add(quarter)
    return quarter


PERSON = {
    "given_name": "Hanna",
    "family_name": "Helferin",
    "birth_year": 1960,
    "phone": "0561 998877",
    "email": "hanna@example.org",
    "contact_channel": "email",
}
PROFILE = {
    "devices": ["android", "tablet"],
    "topics": ["messenger", "scams"],
    "languages": ["de", "tr"],
    "home_visits": True,
    "radius_km": 3,
    "phone_help": True,
}


@pytest.fixture
def make_helper(coordinated_quarter, multiplier):
    """A helper signed up on the public form, then moved to `status` by the multiplier (with
    a pledge when the status needs one)."""

    def make(
        *, status: str = Helper.Status.INTERESTED, user=None, given_name: str = "Hanna", **person
    ) -> Helper:
        helper = helper_register(
            actor=None,
            home_quarter=coordinated_quarter,
            person_data={**PERSON, "given_name": given_name, **person},
            profile=PROFILE,
            slots=[Slot(0, dt.time(9), dt.time(12))],
            consent_pass_on=True,
        )
        if user is not None:
            helper.user = user
            helper.save(update_fields=["user"])
        if status != Helper.Status.INTERESTED:
            today = timezone.localdate()
            credential_record(
                actor=multiplier,
                helper=helper,
                kind=Credential.Kind.PLEDGE,
                issued_on=today,
            )
            Helper.objects.filter(pk=helper.pk).update(
                status=status,
                paused_until=today + dt.timedelta(days=30)
                if status == Helper.Status.PAUSED
                else None,
            )
            helper.refresh_from_db()
        return helper

    return make


@pytest.fixture
def other_office(region):
    return Organisation.objects.create(
        name="Quartiersbüro Neustadt", kind=Organisation.Kind.OFFICE, region=region
    )
