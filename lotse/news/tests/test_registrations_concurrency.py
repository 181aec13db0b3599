"""Registrations for the last places made at the same moment, each in its own connection: the
date's row lock lets them take turns, so exactly as many get a place as are free and the rest
wait (or are refused without a waiting list); cancellations at the same moment move up each
waiting registration once. PostgreSQL only."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from lotse.news.models import Registration
from lotse.news.services_registrations import registration_cancel
from lotse.news.tests import registrations_support
from lotse.news.tests.registrations_support import fresh, register

# The fixtures of the registration tests (a module attribute is a fixture to pytest).
make_date = registrations_support.make_date

PEOPLE = 8


def _needs_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip(
            "SQLite has a single writer, so registrations cannot overlap there; the counting "
            "of places is tested on both databases in test_registrations_services.py."
        )


def _at_once(work, count: int) -> list[str]:
    """Runs work(n) in `count` threads released together; what each was told."""
    barrier = threading.Barrier(count)
    results: list[str] = []

    def run(number: int) -> None:
        try:
            barrier.wait()
            results.append(work(number))
        except ValidationError as exc:
            results.append(" ".join(exc.messages))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.django_db(transaction=True)
def test_registrations_at_once_for_the_last_places_never_overbook(make_date):
    _needs_postgresql()
    occurrence = make_date(capacity=5)
    register(occurrence, name="Erste Person", places=2)

    results = _at_once(lambda n: register(occurrence, name=f"Person {n}")[0].status, PEOPLE)

    assert sorted(results) == sorted(["confirmed"] * 3 + ["waiting"] * (PEOPLE - 3))
    assert fresh(occurrence).places_taken == 5
    assert Registration.objects.filter(status="confirmed").count() == 4
    positions = Registration.objects.filter(status="waiting").order_by("created_at")
    assert positions.count() == PEOPLE - 3


@pytest.mark.django_db(transaction=True)
def test_without_a_waiting_list_the_rest_are_told_it_is_full(make_date):
    _needs_postgresql()
    occurrence = make_date(capacity=3, waiting_list=False)

    results = _at_once(lambda n: register(occurrence, name=f"Person {n}")[0].status, PEOPLE)

    assert results.count("confirmed") == 3
    assert all("ausgebucht" in answer for answer in results if answer != "confirmed")
    assert fresh(occurrence).places_taken == 3
    assert Registration.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_cancellations_at_once_move_each_waiting_registration_up_once(make_date):
    _needs_postgresql()
    occurrence = make_date(capacity=4)
    confirmed = [register(occurrence, name=f"Platz {n}")[0] for n in range(4)]
    waiting = [register(occurrence, name=f"Warten {n}")[0] for n in range(6)]

    results = _at_once(
        lambda n: (
            registration_cancel(
                actor=None, registration=confirmed[n], code=confirmed[n].short_code
            )[0].status
        ),
        4,
    )

    assert results == ["cancelled"] * 4
    assert fresh(occurrence).places_taken == 4
    moved = Registration.objects.filter(status="confirmed").order_by("created_at")
    assert list(moved) == waiting[:4]
    assert Registration.objects.filter(status="waiting").count() == 2
