"""Bookings made at the same moment, in separate connections: exactly one gets the slot."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from lotse.office import services
from lotse.office.models import Appointment
from lotse.office.selectors import office_slots
from lotse.office.tests.conftest import MONDAY_8, at
from lotse.office.tests.test_services import TAKEN, book

BOOKERS = 8


@pytest.mark.django_db(transaction=True)
def test_concurrent_bookings_of_one_slot_leave_exactly_one_winner(clock, office, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip(
            "SQLite has a single writer, so bookings cannot overlap there; the unique "
            "constraint itself is tested on both databases in test_services.py."
        )
    start = at(MONDAY_8.date(), 9)
    barrier = threading.Barrier(BOOKERS)
    all_checked = threading.Barrier(BOOKERS)
    results: list[str] = []
    seen_free: list[bool] = []

    def slots_then_wait(*args, **kwargs):
        # Every booker sees the slot free before any inserts: the database must decide.
        slots = office_slots(*args, **kwargs)
        seen_free.append(start in slots)
        all_checked.wait()
        return slots

    monkeypatch.setattr(services, "office_slots", slots_then_wait)

    def booker(number: int) -> None:
        try:
            barrier.wait()
            book(office, start=start, name=f"Person {number}")
            results.append("booked")
        except ValidationError as exc:
            results.append(" ".join(exc.messages))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=booker, args=(n,)) for n in range(BOOKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert seen_free == [True] * BOOKERS
    assert sorted(results) == sorted(["booked"] + [TAKEN] * (BOOKERS - 1))
    assert Appointment.objects.filter(start=start).count() == 1
