import pytest

from lotse.desk.models import Inquiry, Referral
from lotse.desk.services.inquiries import inquiry_create
from lotse.desk.services.referrals import referral_create
from lotse.people.models import Consent, Person
from lotse.people.services import consent_record, person_create


@pytest.fixture
def erna(office_staff, office, quarter) -> Person:
    return person_create(
        actor=office_staff,
        organisation=office,
        data={
            "given_name": "Erna",
            "family_name": "Müller",
            "birth_year": 1938,
            "phone": "0561 12 34 56",
            "quarter": quarter,
        },
    )


@pytest.fixture
def offer(make_offer):
    """An offer of AWO Altstadt (provider_org), phone 02361 12 34 56."""
    return make_offer("Mittagstisch")


@pytest.fixture
def share_consent(office_staff, erna, provider_org) -> Consent:
    return consent_record(
        actor=office_staff,
        person=erna,
        purpose=Consent.Purpose.SHARE,
        given_how=Consent.GivenHow.VERBAL_PHONE,
        recipient=provider_org,
    )


@pytest.fixture
def inquiry(office_staff, office, erna, topic) -> Inquiry:
    return inquiry_create(
        actor=office_staff,
        organisation=office,
        channel=Inquiry.Channel.PHONE,
        person=erna,
        topics=[topic],
        description="Braucht Hilfe beim Einkaufen, nach Hüft-OP.",
        minutes_spent=8,
    )


@pytest.fixture
def referral(office_staff, inquiry, offer) -> Referral:
    return referral_create(actor=office_staff, inquiry=inquiry, service=offer)
