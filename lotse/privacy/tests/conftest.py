import pytest

from lotse.accounts.models import User
from lotse.accounts.services import user_create
from lotse.core.models import Membership, Organisation, Role
from lotse.people.models import Consent, Person, Proxy
from lotse.people.services import consent_record, person_create


@pytest.fixture
def office(office_staff) -> Organisation:
    """The organisation of the office_staff persona: it holds the persons in these tests."""
    return office_staff.memberships.get().organisation


def _member(email: str, org: Organisation, role: str) -> User:
    user = user_create(email=email, password="pw-for-tests-1")
    Membership.objects.create(user=user, organisation=org, role=role)
    return user


# The office personas, bound to the office that holds the persons whatever the fixture order.
@pytest.fixture
def manager(office) -> User:
    return _member("management@test.de", office, Role.MANAGER)


@pytest.fixture
def care_navigator(office) -> User:
    return _member("kuemmerer@test.de", office, Role.CARE_NAVIGATOR)


@pytest.fixture
def researcher(office) -> User:
    return _member("forschung@test.de", office, Role.RESEARCHER)


@pytest.fixture
def office_admin(office) -> User:
    return _member("verwaltung@test.de", office, Role.ADMINISTRATOR)


@pytest.fixture
def erna(office_staff, office, quarter) -> Person:
    return person_create(
        actor=office_staff,
        organisation=office,
        data={
            "given_name": "Erna",
            "family_name": "Müller",
            "birth_year": 1938,
            "phone": "0561 / 12 34 56",
            "email": "erna@example.org",
            "street": "Hauptstraße 5",
            "postcode": "34117",
            "city": "Teststadt",
            "quarter": quarter,
            "languages": ["de", "tr"],
            "hearing_note": "Hört links schlecht, bitte laut sprechen.",
        },
    )


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
