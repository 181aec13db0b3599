import pytest

from lotse.people.models import Consent, Proxy
from lotse.people.services import consent_record


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
