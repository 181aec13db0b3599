"""Fixtures of the group-format tests (Handy-Café, courses): the office of the test region
(where the multiplier and the helper persona work) holds helpers and a weekly café in Altstadt."""

import datetime as dt
import time

import pytest
from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY

from lotse.people.models import Person
from lotse.volunteers.models import Cafe, Credential, Helper


def make_helper(organisation, quarter, name: str, *, status=Helper.Status.ACTIVE, user=None):
    given, family = name.split()
    person = Person.objects.create(
        organisation=organisation,
        region_id=organisation.region_id,
        given_name=given,
        family_name=family,
        birth_year=1960,
        quarter=quarter,
    )
    return Helper.objects.create(
        person=person,
        organisation=organisation,
        region_id=organisation.region_id,
        home_quarter=quarter,
        status=status,
        user=user,
    )


@pytest.fixture
def log_in(with_totp):
    """Logs a user in past password and authenticator app (staff need one), as the matrix does."""

    def log_in(client, user) -> None:
        from allauth.mfa.models import Authenticator

        if not Authenticator.objects.filter(user=user).exists():
            with_totp(user)
        _session(client, user)

    return log_in


def _session(client, user) -> None:
    client.force_login(user)
    session = client.session
    now = time.time()
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": now, "email": user.email},
        {"method": "mfa", "at": now, "id": 0, "type": "totp"},
    ]
    session.save()


@pytest.fixture
def home_office(multiplier):
    return multiplier.memberships.get().organisation


@pytest.fixture
def anna(home_office, quarter, helper):
    """The helper persona's own record: Anna Berg, active."""
    return make_helper(home_office, quarter, "Anna Berg", user=helper)


@pytest.fixture
def cafe(home_office, quarter):
    return Cafe.objects.create(
        organisation=home_office,
        region_id=home_office.region_id,
        quarter=quarter,
        name="Handy-Café Altstadt",
        address="Quartiersbüro, Markt 1",
        weekday=1,
        start_time=dt.time(15),
        end_time=dt.time(17),
        starts_on=dt.date(2026, 1, 6),
        helpers_wanted=2,
    )


def pledge(helper, seen_by, on=dt.date(2026, 1, 5)):
    return Credential.objects.create(
        helper=helper,
        region_id=helper.region_id,
        kind=Credential.Kind.PLEDGE,
        issued_on=on,
        seen_on=on,
        seen_by=seen_by,
    )
