import datetime as dt

from lotse.office.models import Appointment
from lotse.office.processing import appointment_text_apply, appointment_text_due
from lotse.office.tests.conftest import MONDAY_8, at
from lotse.office.tests.test_services import book

MONDAY = MONDAY_8.date()


def test_retention_clears_the_text_of_past_appointments_once(clock, office):
    past, _token = book(office, start=at(MONDAY, 9), note="Rente")
    later, _token = book(office, start=at(MONDAY, 11))
    cutoff = at(MONDAY, 10)

    due = list(appointment_text_due(cutoff, "redact"))
    for appointment in due:
        appointment_text_apply(appointment, action="redact", actor=None, reason="Frist")

    assert due == [past]
    past.refresh_from_db()
    assert (past.name, past.phone, past.note, past.status) == ("", "", "", "booked")
    assert list(appointment_text_due(cutoff, "redact")) == []
    assert Appointment.objects.get(pk=later.pk).name == "Karl Schmidt"
    assert list(appointment_text_due(cutoff + dt.timedelta(hours=2), "redact")) == [later]
