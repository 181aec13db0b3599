import pytest

from lotse.accounts.models import User
from lotse.accounts.services import user_create
from lotse.core.models import Membership, Organisation, Role
from lotse.people.models import Person
from lotse.people.services import person_create


@pytest.fixture
def office(office_staff) -> Organisation:
    """The organisation of the office_staff persona: it holds the persons in these tests."""
    return office_staff.memberships.get().organisation


def _member(email: str, org: Organisation, role: str) -> User:
    user = user_create(email=email, password="pw-for-tests-1")
    Membership.objects.create(user=user, organisation=org, role=role)
    return user


@pytest.fixture
def care_navigator(office) -> User:
    return _member("kuemmerer@test.de", office, Role.CARE_NAVIGATOR)


@pytest.fixture
def manager(office) -> User:
    return _member("management@test.de", office, Role.MANAGER)


@pytest.fixture
def office_admin(office) -> User:
    return _member("verwaltung@test.de", office, Role.ADMINISTRATOR)


@pytest.fixture
def researcher(office) -> User:
    return _member("forschung@test.de", office, Role.RESEARCHER)


@pytest.fixture
def office_resident(office) -> User:
    return _member("bewohnerin@test.de", office, Role.RESIDENT)


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
            "street": "Hauptstraße 5",
            "postcode": "34117",
            "city": "Teststadt",
            "quarter": quarter,
            "hearing_note": "Hört links schlecht, bitte laut sprechen.",
        },
    )
