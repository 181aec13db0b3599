"""The demo region's programme (issue 20): every quarter's regular events, one-off events with
places left and with a full waiting list, a cancelled and a moved date, events waiting for a
release, news items and noticeboard posts in every state; loaded in `make run`'s order, once."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone

from lotse.core.models import Area
from lotse.news.models import (
    BoardPost,
    BoardReply,
    Event,
    EventException,
    NewsPost,
    Occurrence,
    PublicationRule,
    PublicationStatus,
    Registration,
)
from lotse.news.occurrences import occurrences_refresh
from lotse.news.panels_events import week_dates

pytestmark = pytest.mark.django_db

MAKE_RUN = [
    "load_demo",
    "load_demo_offices",
    "load_demo_volunteers",
    "load_demo_volunteer_requests",
    "load_demo_groups",
    "load_demo_cases",
    "load_demo_news",
]
REGULAR = {"Seniorentreff", "Handy-Café", "Gymnastik im Sitzen", "Sonntagscafé"}


def _load(*commands: str) -> str:
    out = io.StringIO()
    for command in commands:
        call_command(command, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo loaded once for the module (loading takes a few seconds), rolled back after."""
    with django_db_blocker.unblock():
        from django.db import transaction

        atomic = transaction.atomic()
        atomic.__enter__()
        output = _load(*MAKE_RUN)
        again = _load("load_demo_news")
        yield {"output": output, "again": again}
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


def test_every_quarter_has_its_weekly_and_monthly_programme(demo):
    # Given the demo loaded in `make run`'s order
    quarters = Area.objects.filter(region__slug="kreis-lindenau", kind=Area.Kind.QUARTER)

    # Then each quarter has the four regular events, published, with dates ahead
    assert quarters.count() == 8
    for quarter in quarters:
        events = Event.objects.filter(area=quarter, status=PublicationStatus.PUBLISHED)
        assert REGULAR <= set(events.values_list("title", flat=True)), quarter.name
        for event in events.filter(title__in=REGULAR):
            assert event.occurrences.filter(start__gt=timezone.now()).count() >= 10
    gymnastics = Event.objects.filter(title="Gymnastik im Sitzen").first()
    assert gymnastics is not None
    assert (gymnastics.is_free, gymnastics.cost) == (False, "3 € pro Termin")
    sunday = Event.objects.filter(title="Sonntagscafé").first()
    assert sunday is not None and sunday.rrule == "FREQ=MONTHLY;BYDAY=1SU"
    assert all(
        timezone.localtime(start).weekday() == 6 and timezone.localtime(start).day <= 7
        for start in sunday.occurrences.values_list("start", flat=True)
    )


def test_the_outing_is_full_with_two_on_the_waiting_list_and_the_talk_has_places_left(demo):
    outing = Event.objects.get(title="Ausflug zum Baldeneysee")
    date = outing.occurrences.get()
    talk = Event.objects.get(title="Vortrag: Vorsicht, Enkeltrick!")
    talk_date = talk.occurrences.get()

    assert date.places_taken == outing.capacity
    assert date.registrations.filter(status=Registration.Status.WAITING).count() == 2
    assert 0 < talk_date.places_taken < (talk.capacity or 0)
    assert Event.objects.filter(title="Seniorenkonferenz Kreis Lindenau", area__kind="region")


def test_places_taken_match_the_confirmed_registrations(demo):
    for occurrence in Occurrence.objects.filter(registrations__isnull=False).distinct():
        held = occurrence.registrations.filter(
            status__in=["confirmed", "attended", "no_show"]
        ).aggregate(places=Sum("places"))["places"]
        assert occurrence.places_taken == held, occurrence.event.title


def test_altstadt_shows_a_cancelled_and_a_moved_date_with_their_reasons(demo):
    cancelled = EventException.objects.get(kind=EventException.Kind.CANCELLED)
    moved = EventException.objects.get(kind=EventException.Kind.MOVED)

    cancelled_date = cancelled.event.occurrences.get(original_start=cancelled.original_start)
    moved_date = moved.event.occurrences.get(original_start=moved.original_start)
    assert cancelled_date.status == Occurrence.Status.CANCELLED
    assert cancelled_date.note == cancelled.reason
    assert moved_date.start == moved.original_start + dt.timedelta(days=1)
    assert moved_date.note == moved.reason
    assert {cancelled.event.area.name, moved.event.area.name} == {"Altstadt"}
    # The cancellation falls into the quarter page's week.
    altstadt = Area.objects.get(slug="altstadt")
    assert cancelled_date in week_dates(area=altstadt)[0]


def test_altstadt_requires_a_release_and_two_events_and_a_news_item_wait_for_it(demo):
    rule = PublicationRule.objects.get()
    waiting = Event.objects.filter(status=PublicationStatus.IN_REVIEW)

    assert rule.area.name == "Altstadt" and rule.review_required
    assert waiting.count() == 2
    assert not Occurrence.objects.filter(event__in=waiting, is_public=True).exists()
    assert NewsPost.objects.filter(area=rule.area, status=PublicationStatus.IN_REVIEW).exists()


def test_news_and_noticeboard_posts_stand_in_every_state(demo):
    now = timezone.now()
    news = NewsPost.objects.all()
    posts = BoardPost.objects.all()

    assert news.filter(status="published", publish_at__lte=now, expires_at__isnull=True)
    assert news.filter(status="published", publish_at__gt=now)  # scheduled
    assert news.filter(status="published", expires_at__lt=now)  # expired
    assert news.filter(status="in_review") and news.filter(status="withdrawn")
    assert set(posts.values_list("status", flat=True)) >= {
        "submitted",
        "published",
        "rejected",
        "removed",
        "expired",
    }
    assert posts.get(status="removed").reports.filter(handled_at__isnull=False).exists()
    assert BoardReply.objects.filter(status="relayed").exists()
    assert BoardReply.objects.filter(status="for_office").exists()


def test_the_demo_loads_once_and_its_dates_are_what_the_rules_give(demo):
    # A second run changes nothing and says so
    assert "schon geladen" in demo["again"]
    assert Event.objects.filter(title="Seniorentreff").count() == 8

    # And the dates are those occurrences_refresh keeps (refreshing changes nothing)
    event = Event.objects.get(title="Seniorentreff", area__slug="altstadt")
    before = list(event.occurrences.order_by("start").values_list("start", "status", "note"))
    occurrences_refresh(event)
    after = list(event.occurrences.order_by("start").values_list("start", "status", "note"))
    assert before == after
