import datetime as dt

from django.core.management import call_command

from lotse.core.models import Organisation
from lotse.office.models import Office
from lotse.office.selectors import office_slots


def test_demo_offices_get_hours_once_and_offer_slots(db):
    call_command("load_demo", stdout=open("/dev/null", "w"))

    call_command("load_demo_offices", stdout=open("/dev/null", "w"))
    call_command("load_demo_offices", stdout=open("/dev/null", "w"))

    offices = Office.objects.all()
    assert offices.count() == Organisation.objects.filter(kind=Organisation.Kind.OFFICE).count()
    assert offices.count() > 0
    # Some weekday of the next two weeks has free slots (holidays have none).
    today = dt.date.today()
    days = [today + dt.timedelta(days=n) for n in range(1, 15)]
    office = offices.first()
    assert office is not None
    assert any(office_slots(office, day) for day in days)
