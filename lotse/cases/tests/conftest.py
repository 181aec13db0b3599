"""Fixtures of the cases tests: the care navigator persona's case of Erna, and colleagues."""

import pytest

from lotse.accounts.models import User
from lotse.accounts.tests.factories import UserFactory
from lotse.cases.models import CaseFile
from lotse.cases.services import case_open
from lotse.core.models import Area, Organisation, Role
from lotse.core.tests.factories import MembershipFactory, QuarterFactory


@pytest.fixture
def site(quarter) -> Area:
    """The care navigator's site: the test quarter."""
    return quarter


@pytest.fixture
def other_site(region) -> Area:
    return QuarterFactory.create(name="Neustadt", slug="neustadt", parent__parent=region)


def colleague_make(office: Organisation, email: str, role: str = Role.CARE_NAVIGATOR) -> User:
    user = UserFactory.create(email=email)
    MembershipFactory.create(user=user, organisation=office, role=role)
    return user


@pytest.fixture
def colleague(office) -> User:
    """A second Kümmerer of the same office (another site; not on the case)."""
    return colleague_make(office, "kollegin@test.de")


@pytest.fixture
def case_file(care_navigator, office, erna, site) -> CaseFile:
    """Erna's case, opened by the care navigator persona, who is responsible for it."""
    return case_open(
        actor=care_navigator,
        organisation=office,
        person=erna,
        site=site,
        reason=CaseFile.Reason.STROKE,
        source=CaseFile.Source.HOSPITAL,
        source_detail="Klinikum Nord, Sozialdienst",
        reason_note="Nach dem Schlaganfall allein zu Hause.",
    )
