import pytest

from lotse.notifications.gateways import SendError
from lotse.people.models import Consent, ContactChannel, Person
from lotse.people.services import consent_record, person_create


@pytest.fixture(autouse=True)
def outbox_settings(settings):
    settings.LOTSE_SMS_BACKEND = "console"
    settings.LOTSE_OUTBOX_MAX_ATTEMPTS = 3
    settings.LOTSE_OUTBOX_BACKOFF_SECONDS = 60
    settings.LOTSE_OUTBOX_LEASE_SECONDS = 300


@pytest.fixture
def make_person(office_staff, office):
    """A person of the office; `consents` lists the channels with a contact consent."""

    def make(
        *, channel: str = ContactChannel.EMAIL, consents: tuple[str, ...] = (), **data
    ) -> Person:
        person = person_create(
            actor=office_staff,
            organisation=office,
            confirmed_new=True,
            data={
                "given_name": "Erna",
                "family_name": "Müller",
                "birth_year": 1938,
                "phone": "0561 12 34 56",
                "email": "erna@example.org",
                "street": "Hauptstraße 5",
                "postcode": "34117",
                "city": "Teststadt",
                "contact_channel": channel,
                **data,
            },
        )
        for consent_channel in consents:
            consent_record(
                actor=office_staff,
                person=person,
                purpose=Consent.Purpose.CONTACT,
                given_how=Consent.GivenHow.VERBAL_PHONE,
                channel=consent_channel,
            )
        return person

    return make


@pytest.fixture
def erna(make_person) -> Person:
    """Prefers e-mail and agreed to e-mail, SMS and letters."""
    return make_person(consents=("email", "sms", "letter"))


class FailingSmsGateway:
    def __init__(self, *, permanent: bool = False) -> None:
        self.permanent = permanent
        self.calls: list[str] = []

    def send(self, *, message_id: str, to: str, text: str) -> None:
        self.calls.append(message_id)
        raise SendError("Gateway kaputt", permanent=self.permanent)


@pytest.fixture
def failing_sms(monkeypatch):
    gateway = FailingSmsGateway()
    monkeypatch.setattr("lotse.notifications.gateways.sms_gateway", lambda: gateway)
    return gateway
