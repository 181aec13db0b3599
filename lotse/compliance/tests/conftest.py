import datetime as dt

import pytest
from django.utils import timezone

from lotse.accounts.models import User
from lotse.accounts.services import user_create
from lotse.core.models import Membership, Role
from lotse.people.models import Person

NOW = timezone.make_aware(dt.datetime(2026, 6, 1, 12, 0))


@pytest.fixture
def make_person(office):
    def make(*, updated_at: dt.datetime, given_name: str = "Erna") -> Person:
        person = Person.objects.create(
            organisation=office,
            region_id=office.region_id,
            given_name=given_name,
            family_name="Müller",
            birth_year=1938,
            phone="0561 123456",
        )
        # auto_now would overwrite a value set on the instance.
        Person.objects.filter(pk=person.pk).update(updated_at=updated_at)
        person.refresh_from_db()
        return person

    return make


@pytest.fixture
def office_manager(office) -> User:
    """Neighbourhood management of the office: releases the office's retention runs."""
    user = user_create(email="leitung@test.de", password="pw-for-tests-1")
    Membership.objects.create(user=user, organisation=office, role=Role.MANAGER)
    return user


@pytest.fixture
def coordinator(office) -> User:
    """Region coordination, a member of the office: releases only the platform run."""
    user = user_create(email="kreis@test.de", password="pw-for-tests-1")
    Membership.objects.create(user=user, organisation=office, role=Role.REGION_COORDINATOR)
    return user
