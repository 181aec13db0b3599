"""Bookings made at the same moment, in separate connections: exactly one gets the slot, also
when only the database's constraint decides; and a booking made while the hour is being removed
waits for the removal and is refused."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction

from lotse.office import services
from lotse.office.models import Appointment
from lotse.office.selectors import office_slots
from lotse.office.tests.conftest import MONDAY_8, at
from lotse.office.tests.test_services import TAKEN, book

BOOKERS = 8
NOT_THERE = "Diesen Termin gibt es nicht. Bitte wählen Sie einen anderen."


def _needs_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip(
            "SQLite has a single writer, so bookings and changes cannot overlap there; the unique "
            "constraint itself is tested on both databases in test_services.py."
        )


def _book_at_once(office, start) -> list[str]:
    """BOOKERS people book `start` at the same moment, each in its own connection; what each
    was told ("booked" or the message)."""
    barrier = threading.Barrier(BOOKERS)
    results: list[str] = []

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
    return results


@pytest.mark.django_db(transaction=True)
def test_concurrent_bookings_of_one_slot_leave_exactly_one_winner(clock, office, monkeypatch):
    _needs_postgresql()
    start = at(MONDAY_8.date(), 9)
    all_checked = threading.Barrier(BOOKERS)
    seen_free: list[bool] = []

    def slots_then_wait(*args, **kwargs):
        # Every booker sees the slot free before any inserts: the database must decide.
        slots = office_slots(*args, **kwargs)
        seen_free.append(start in slots)
        all_checked.wait()
        return slots

    monkeypatch.setattr(services, "office_slots", slots_then_wait)
    # Bookings of one office take turns on the office's row (`_lock_schedule`); without that
    # lock the unique constraint alone must still let only one booking through.
    monkeypatch.setattr(services, "_lock_schedule", lambda office: office)

    results = _book_at_once(office, start)

    assert seen_free == [True] * BOOKERS
    assert sorted(results) == sorted(["booked"] + [TAKEN] * (BOOKERS - 1))
    assert Appointment.objects.filter(start=start).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_booking_while_the_hour_is_removed_waits_and_is_refused(clock, office, manager):
    _needs_postgresql()
    hour = office.hours.get()
    removed = threading.Event()

    def remover() -> None:
        try:
            with transaction.atomic():
                services.consultation_hour_remove(actor=manager, hour=hour)
                removed.set()
                time.sleep(0.5)  # not yet committed: the booking must wait for this
        finally:
            connections.close_all()

    thread = threading.Thread(target=remover)
    thread.start()
    assert removed.wait(timeout=10)
    try:
        with pytest.raises(ValidationError) as refused:
            book(office, start=at(MONDAY_8.date(), 9), name="Erna Schulz")
    finally:
        thread.join()

    assert refused.value.messages == [NOT_THERE]
    assert not office.hours.exists()
    assert not Appointment.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_bookings_at_the_same_moment_take_turns_and_one_wins(clock, office):
    _needs_postgresql()
    start = at(MONDAY_8.date(), 9)

    results = _book_at_once(office, start)

    assert sorted(results) == sorted(["booked"] + [TAKEN] * (BOOKERS - 1))
    assert Appointment.objects.filter(start=start).count() == 1
