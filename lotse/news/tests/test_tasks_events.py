"""The daily task that moves the dates of recurring events on (lotse/news/tasks_events.py)."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from lotse.news import tasks_events
from lotse.news.models import Event, Occurrence, PublicationStatus
from lotse.news.occurrences import HORIZON_DAYS, occurrences_refresh
from lotse.news.tasks_events import occurrences_horizon_move
from lotse.news.tests.conftest import BERLIN

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=BERLIN)
WEEK = dt.timedelta(weeks=1)


def _last(event: Event) -> dt.datetime:
    return event.occurrences.order_by("-original_start").values_list("start", flat=True)[0]


@pytest.fixture
def weekly(make_event):
    """Weekly published events (Tuesdays 14:00, no holidays skipped), dates derived on NOW."""

    def make(count: int = 1, **fields) -> list[Event]:
        events = []
        for n in range(count):
            values = {
                "title": f"Treff {n}",
                "rrule": "FREQ=WEEKLY;BYDAY=TU",
                "skip_holidays": False,
                **fields,
            }
            event = make_event(**values)
            occurrences_refresh(event, now=NOW)
            events.append(event)
        return events

    return make


def test_a_week_later_every_recurring_published_event_has_its_dates_a_week_further(
    weekly, make_event
):
    # Given weekly events whose dates reach the horizon of NOW, a draft one, and a one-off
    events = weekly(3)
    (draft,) = weekly(1, status=PublicationStatus.DRAFT)
    one_off = make_event(title="Vortrag")
    occurrences_refresh(one_off, now=NOW)
    horizon = NOW + dt.timedelta(days=HORIZON_DAYS)
    assert all(_last(event) <= horizon for event in events)
    draft_last = _last(draft)

    # When the task runs a week later
    refreshed = occurrences_horizon_move(now=NOW + WEEK)

    # Then the published recurring events have their date of the new week, the others not
    assert refreshed == 3
    for event in events:
        assert _last(event) > horizon
        assert _last(event) <= horizon + WEEK
    assert _last(draft) == draft_last
    assert one_off.occurrences.count() == 1


def test_a_second_run_on_the_same_day_refreshes_nothing(weekly, monkeypatch):
    weekly(2)
    occurrences_horizon_move(now=NOW + WEEK)
    calls = []
    monkeypatch.setattr(
        tasks_events, "occurrences_refresh", lambda event, now: calls.append(event.pk)
    )

    assert occurrences_horizon_move(now=NOW + WEEK) == 0
    assert calls == []


def test_a_run_killed_half_way_leaves_each_event_whole_and_the_next_run_goes_on(
    weekly, monkeypatch
):
    # Given five events, in batches of two, and a run that dies at the fourth
    events = weekly(5)
    counts = {event.pk: event.occurrences.count() for event in events}
    refreshed: list = []
    real_refresh = tasks_events.occurrences_refresh

    def dying(event, now):
        if len(refreshed) == 3:
            raise RuntimeError("worker killed")
        real_refresh(event, now=now)
        refreshed.append(event.pk)

    monkeypatch.setattr(tasks_events, "occurrences_refresh", dying)
    with pytest.raises(RuntimeError):
        occurrences_horizon_move(now=NOW + WEEK, batch=2)

    # Then the first three have their new date and the others are as they were
    ordered = sorted(counts)
    for pk in ordered[:3]:
        assert Occurrence.objects.filter(event_id=pk).count() == counts[pk] + 1
    for pk in ordered[3:]:
        assert Occurrence.objects.filter(event_id=pk).count() == counts[pk]

    # When the task runs again, it refreshes only the two left
    monkeypatch.setattr(tasks_events, "occurrences_refresh", real_refresh)
    assert occurrences_horizon_move(now=NOW + WEEK, batch=2) == 2
    for pk in ordered:
        assert Occurrence.objects.filter(event_id=pk).count() == counts[pk] + 1


def test_an_event_whose_rule_has_ended_is_left_alone(weekly):
    (event,) = weekly(1, rrule="FREQ=WEEKLY;BYDAY=TU;COUNT=3")

    assert occurrences_horizon_move(now=NOW + WEEK) == 0
    assert event.occurrences.count() == 3


def test_a_published_event_without_rows_gets_them(make_event):
    event = make_event(rrule="FREQ=MONTHLY;BYDAY=1WE", skip_holidays=False)

    assert occurrences_horizon_move(now=NOW) == 1
    assert event.occurrences.count() >= 13


def test_the_command_runs_the_task_at_once_or_enqueues_it(make_event):
    event = make_event(rrule="FREQ=WEEKLY;BYDAY=TU", skip_holidays=False)
    out = io.StringIO()

    call_command("events_horizon", "--sofort", stdout=out)
    call_command("events_horizon", stdout=out)

    assert "Termine von 1 Veranstaltungen fortgeschrieben." in out.getvalue()
    assert "Fortschreiben der Termine eingeplant" in out.getvalue()
    assert event.occurrences.exists()
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "lotse.news.tasks_events.move_event_horizon"
