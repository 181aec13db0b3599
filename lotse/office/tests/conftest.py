import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from lotse.core.models import Organisation
from lotse.office.models import ConsultationHour, Office
from lotse.people.models import Person
from lotse.people.tests.factories import PersonFactory

BERLIN = ZoneInfo("Europe/Berlin")
# A Monday in March 2026, before the office opens; no holiday in the week after.
MONDAY_8 = dt.datetime(2026, 3, 23, 8, 0, tzinfo=BERLIN)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=BERLIN)


@pytest.fixture
def clock(monkeypatch):
    """Stops the clock at MONDAY_8; `clock.set(moment)` moves it."""

    class Clock:
        moment = MONDAY_8

        def set(self, moment: dt.datetime) -> None:
            self.moment = moment

    clock = Clock()
    monkeypatch.setattr(timezone, "now", lambda: clock.moment)
    return clock


@pytest.fixture
def office_org(office_staff) -> Organisation:
    """The Quartiersbüro Altstadt that `office_staff` works in, of kind office."""
    organisation = office_staff.memberships.get().organisation
    organisation.kind = Organisation.Kind.OFFICE
    organisation.save(update_fields=["kind"])
    return organisation


def make_office(organisation: Organisation, quarter, slug: str = "altstadt", **fields) -> Office:
    office = Office.objects.create(
        organisation=organisation,
        quarter=quarter,
        name=fields.pop("name", "Quartiersbüro Altstadt"),
        slug=slug,
        street="Marktplatz 1",
        postcode="45657",
        city="Teststadt",
        phone="0561 123 45 67",
        **fields,
    )
    ConsultationHour.objects.create(
        office=office, byday="MO,TU,WE,TH,FR", opens_at=dt.time(9), closes_at=dt.time(12)
    )
    return office


@pytest.fixture
def office(office_org, quarter) -> Office:
    """Monday to Friday 9 to 12 Uhr, 30-minute slots."""
    return make_office(office_org, quarter)


@pytest.fixture
def person(office_org) -> Person:
    return PersonFactory.create(
        organisation=office_org,
        given_name="Erna",
        family_name="Müller",
        birth_year=1938,
        phone="0561 111 22 33",
        email="erna@example.org",
        search_name="erna muller",
    )
