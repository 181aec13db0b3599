"""Fixtures and helpers of the registration tests (imported by the test_registrations_*
modules): a date of AWO Altstadt's event in the quarter, a week from now, with three places
and a waiting list, and short ways to register and cancel."""

import datetime as dt

import pytest
from django.utils import timezone

from lotse.news.models import Event, Occurrence
from lotse.news.occurrences import occurrences_refresh
from lotse.news.services_registrations import registration_register_public


def next_week() -> dt.datetime:
    start = timezone.localtime() + dt.timedelta(days=7)
    return start.replace(hour=14, minute=0, second=0, microsecond=0)


def date_of(event: Event) -> Occurrence:
    occurrences_refresh(event)
    occurrence = event.occurrences.order_by("start").first()
    assert occurrence is not None
    return occurrence


@pytest.fixture
def make_date(make_event):
    """A date of an event with registration; keyword arguments override the event's fields."""

    def make(**fields) -> Occurrence:
        values = {
            "starts_at": next_week(),
            "registration_required": True,
            "capacity": 3,
            "waiting_list": True,
            "contact_phone": "02361 55 66 77",
        }
        values.update(fields)
        return date_of(make_event(**values))

    return make


@pytest.fixture
def date(make_date) -> Occurrence:
    """Seniorentreff next week: three places, with a waiting list."""
    return make_date()


def register(occurrence: Occurrence, name: str = "Karl Schmidt", actor=None, **fields):
    """Registers online, by e-mail unless said otherwise; returns (registration, token)."""
    slug = name.lower().replace(" ", ".")
    data = {"email": f"{slug}@example.org", "channel": "email"} | fields
    return registration_register_public(actor=actor, occurrence=occurrence, name=name, **data)


def fresh(occurrence: Occurrence) -> Occurrence:
    occurrence.refresh_from_db()
    return occurrence
