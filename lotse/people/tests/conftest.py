import pytest

from conftest import _member
from lotse.accounts.models import User
from lotse.core.models import Role
from lotse.people.models import Person


@pytest.fixture
def office_resident(office) -> User:
    return _member("bewohnerin@test.de", office, Role.RESIDENT)


@pytest.fixture
def erna(erna):
    """The root persona without e-mail and languages: the merge and edit tests fill or keep
    those gaps."""
    Person.objects.filter(pk=erna.pk).update(email="", languages=[])
    erna.refresh_from_db()
    return erna
