"""The public booking form's protection: the honeypot and the limit per address."""

import datetime as dt

from lotse.core.forms import PUBLIC_TRIES
from lotse.office.models import Appointment
from lotse.office.tests.conftest import MONDAY_8, at

REFUSED = "Wir konnten Ihre Angaben gerade nicht annehmen."

BOOK = "/buero/altstadt/termin/buchen/"
BOOKING = {"name": "Karl Schmidt", "phone": "0561 99", "channel": "none"}


def test_a_booking_with_the_honeypot_filled_in_books_nothing(clock, client, office):
    start = at(MONDAY_8.date(), 9)

    response = client.post(
        BOOK, BOOKING | {"beginn": start.isoformat(), "website": "https://spam.example"}
    )

    assert response.status_code == 200
    assert REFUSED in response.text
    assert not Appointment.objects.exists()


def test_too_many_bookings_from_one_address_are_refused_kindly(clock, client, office):
    # Monday 9:00, 9:30 … one more slot than the tries.
    starts = [MONDAY_8 + dt.timedelta(minutes=60 + 30 * n) for n in range(PUBLIC_TRIES + 1)]
    for start in starts[:PUBLIC_TRIES]:
        client.post(BOOK, BOOKING | {"beginn": start.isoformat()})
        booked = client.post(BOOK, {"beginn": start.isoformat(), "schritt": "buchen"})
        assert booked.status_code == 302

    client.post(BOOK, BOOKING | {"beginn": starts[-1].isoformat()})
    response = client.post(BOOK, {"beginn": starts[-1].isoformat(), "schritt": "buchen"})

    assert response.status_code == 429
    assert REFUSED in response.text
    assert Appointment.objects.count() == PUBLIC_TRIES
