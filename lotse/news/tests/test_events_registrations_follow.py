"""What an organiser's change of an event means for the people registered for it: a date
cancelled or the whole event called off tells them by their channel (once); more places move
the waiting list up."""

import datetime as dt

import pytest
from django.utils import timezone

from lotse.news import services_events as services
from lotse.news.models import Registration
from lotse.news.recurrence import ONCE, Recurrence
from lotse.news.tests import registrations_support
from lotse.news.tests.registrations_support import fresh, register
from lotse.notifications.models import Message

pytestmark = pytest.mark.django_db

date = registrations_support.date
make_date = registrations_support.make_date


def _told(template: str = "registration_date_cancelled") -> list[str]:
    return sorted(
        Message.objects.filter(template=f"news/{template}").values_list("recipient", flat=True)
    )


def _data(event, **changes) -> dict:
    """The event's own values as the form gives them, with `changes`."""
    start = timezone.localtime(event.starts_at)
    data = {
        "title": event.title,
        "description": event.description,
        "easy_text": "",
        "mode": event.mode,
        "location": None,
        "place_name": event.place_name,
        "street": event.street,
        "postcode": event.postcode,
        "city": event.city,
        "access_details": "",
        "is_free": True,
        "cost": "",
        "step_free": True,
        "picture_alt": "",
        "contact_phone": event.contact_phone,
        "skip_holidays": True,
        "registration_required": True,
        "capacity": event.capacity,
        "waiting_list": True,
        "day": start.date(),
        "start_time": start.time(),
        "end_time": (start + dt.timedelta(hours=2)).time(),
        "recurrence": Recurrence(kind=ONCE),
    }
    return data | changes


def test_cancelling_a_date_tells_who_registered_and_who_waits(date, provider_staff):
    for n in range(3):
        register(date, name=f"Gast {n}")
    register(date, name="Anna Berg")  # waiting

    services.event_date_cancel(
        actor=provider_staff, event=date.event, occurrence=date, reason="Die Leiterin ist krank."
    )

    assert _told() == [
        "anna.berg@example.org",
        "gast.0@example.org",
        "gast.1@example.org",
        "gast.2@example.org",
    ]
    message = Message.objects.filter(template="news/registration_date_cancelled").first()
    assert message is not None
    assert "Die Leiterin ist krank." in message.body


def test_calling_off_the_event_tells_them_once_even_when_changed_again(date, provider_staff):
    register(date, name="Anna Berg")
    services.event_date_cancel(
        actor=provider_staff, event=date.event, occurrence=date, reason="Raum belegt"
    )

    services.event_cancel(actor=provider_staff, event=date.event, reason="Der Treff endet.")

    assert _told() == ["anna.berg@example.org"]


def test_calling_off_the_whole_event_tells_everyone(date, provider_staff):
    register(date, name="Anna Berg")
    caller, _token = register(date, name="Otto Kurz", channel="phone", phone="0561 1111", email="")

    services.event_cancel(actor=provider_staff, event=date.event, reason="Der Treff endet.")

    assert _told() == ["anna.berg@example.org"]
    caller.refresh_from_db()
    assert caller.call_reason == Registration.CallReason.CANCELLED


def test_more_places_move_the_waiting_list_up(date, provider_staff):
    for n in range(3):
        register(date, name=f"Gast {n}")
    first, _ = register(date, name="Anna Berg")
    second, _ = register(date, name="Bernd Cremer")
    event = date.event

    services.event_update(
        actor=provider_staff, event=event, area=event.area, data=_data(event, capacity=4)
    )

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (
        Registration.Status.CONFIRMED,
        Registration.Status.WAITING,
    )
    assert _told("registration_promoted") == ["anna.berg@example.org"]
    assert fresh(date).places_taken == 4


def test_no_limit_any_more_moves_everyone_up(date, provider_staff):
    for n in range(3):
        register(date, name=f"Gast {n}")
    register(date, name="Anna Berg")
    register(date, name="Bernd Cremer")
    event = date.event

    services.event_update(
        actor=provider_staff, event=event, area=event.area, data=_data(event, capacity=None)
    )

    assert not Registration.objects.filter(status=Registration.Status.WAITING).exists()
    assert fresh(date).places_taken == 5


def test_a_change_that_leaves_the_places_tells_nobody(date, provider_staff):
    for n in range(4):
        register(date, name=f"Gast {n}")
    event = date.event

    services.event_update(
        actor=provider_staff, event=event, area=event.area, data=_data(event, title="Treff")
    )

    assert _told("registration_promoted") == []
    assert _told() == []
    assert Registration.objects.filter(status=Registration.Status.WAITING).count() == 1


def test_moving_a_date_tells_them_the_new_time_and_moving_it_back_again(date, provider_staff):
    register(date, name="Anna Berg")
    caller, _token = register(date, name="Otto Kurz", channel="phone", phone="0561 1111", email="")
    event = date.event
    day = timezone.localdate(date.start) + dt.timedelta(days=1)

    services.event_date_move(
        actor=provider_staff,
        event=event,
        occurrence=date,
        day=day,
        start_time=dt.time(15),
        end_time=dt.time(17),
        reason="Der Raum ist belegt.",
    )
    moved = Message.objects.get(template="news/registration_date_moved")
    caller.refresh_from_db()
    services.event_exception_remove(actor=provider_staff, event=event, occurrence=fresh(date))

    assert moved.recipient == "anna.berg@example.org"
    assert "15 Uhr" in moved.body and "Der Raum ist belegt." in moved.body
    assert moved.subject.startswith("Verlegt: Seniorentreff")
    assert caller.call_reason == Registration.CallReason.MOVED
    assert _told("registration_date_moved") == ["anna.berg@example.org"] * 2
    assert _told() == []  # nobody hears of a cancellation
