import datetime as dt

import pytest
from django.utils import timezone

from lotse.accounts.models import User
from lotse.accounts.services import user_create
from lotse.core.models import Membership, Role
from lotse.people.models import Consent, Person, Proxy
from lotse.people.services import consent_record
from lotse.people.tests.factories import PersonFactory

NOW = timezone.make_aware(dt.datetime(2026, 6, 1, 12, 0))


@pytest.fixture
def make_person(office):
    def make(*, updated_at: dt.datetime, given_name: str = "Erna") -> Person:
        person = PersonFactory.create(
            organisation=office, given_name=given_name, phone="0561 123456"
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


@pytest.fixture
def erna_consent(office_staff, erna) -> Consent:
    return consent_record(
        actor=office_staff,
        person=erna,
        purpose=Consent.Purpose.KEEP,
        given_how=Consent.GivenHow.VERBAL_PHONE,
        evidence_note="Am Telefon mit Frau Müller besprochen.",
    )


@pytest.fixture
def erna_proxy(office_staff, erna) -> Proxy:
    return Proxy.objects.create(
        person=erna,
        region_id=erna.region_id,
        kind=Proxy.Kind.RELATIVE,
        name="Klaus Müller",
        relationship="Sohn",
        phone="0561 99 88 77",
        email="klaus@example.org",
        address="Nebenweg 1, 34117 Teststadt",
        evidence_kind=Proxy.Evidence.VERBAL,
        evidence_note="Hat sich am Telefon vorgestellt.",
        recorded_by=office_staff,
    )
