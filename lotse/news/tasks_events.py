"""The daily task that moves the dates of recurring events on: `Occurrence` rows are kept up to
HORIZON_DAYS ahead (lotse.news.occurrences), so each day one more day of every recurring
published event needs its rows.

Resumable and safe to run twice or at the same time: events are taken in batches by id, each
refreshed in its own transaction under its row lock, and an event whose rows already reach the
horizon is skipped (its rule gives no date after its last row up to the horizon). A run killed
half-way leaves every event either refreshed or as it was; the next run skips those done and
goes on with the rest. Scheduled from cron through `manage.py events_horizon`
(docs/operations.md)."""

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.tasks import task
from django.utils import timezone

from lotse.news.models import Event, PublicationStatus
from lotse.news.occurrences import HORIZON_DAYS, local_zone, occurrences_refresh, parse_rule

BATCH = 200


def horizon_reached(event: Event, *, last_original: dt.datetime | None, until: dt.datetime) -> bool:
    """The event's rows already hold every date its rule gives up to `until`: the rule's next
    date after the last row is later (or there is none). A rule that cannot be read counts as
    reached: there is nothing to add."""
    if last_original is None:
        return False
    try:
        rule = parse_rule(event.rrule, first_start=event.starts_at)
    except ValueError:
        return True
    zone = local_zone()
    after = rule.after(timezone.localtime(last_original, zone).replace(tzinfo=None))
    return after is None or after.replace(tzinfo=zone) > until


def _refresh(event_id, *, now: dt.datetime, until: dt.datetime) -> bool:
    """Refreshes one event under its row lock, unless a concurrent run did it meanwhile."""
    with transaction.atomic():
        event = (
            Event.objects.select_for_update()
            .filter(pk=event_id, status=PublicationStatus.PUBLISHED)
            .exclude(rrule="")
            .first()
        )
        if event is None:
            return False
        last = event.occurrences.aggregate(last=Max("original_start"))["last"]
        if horizon_reached(event, last_original=last, until=until):
            return False
        occurrences_refresh(event, now=now)
        return True


def occurrences_horizon_move(*, now: dt.datetime | None = None, batch: int = BATCH) -> int:
    """Refreshes every recurring published event whose rows do not yet reach the horizon;
    returns how many it refreshed."""
    now = now or timezone.now()
    until = now + dt.timedelta(days=HORIZON_DAYS)
    recurring = (
        Event.objects.filter(status=PublicationStatus.PUBLISHED)
        .exclude(rrule="")
        .annotate(last_original=Max("occurrences__original_start"))
        .only("id", "rrule", "starts_at")
        .order_by("id")
    )
    refreshed = 0
    after = None
    while True:
        page = recurring if after is None else recurring.filter(id__gt=after)
        events = list(page[:batch])
        if not events:
            break
        for event in events:
            last = event.last_original
            if horizon_reached(event, last_original=last, until=until):
                continue
            refreshed += _refresh(event.pk, now=now, until=until)
        after = events[-1].pk
    return refreshed


@task
def move_event_horizon() -> int:
    """Daily: moves the dates of the recurring events on (see the module text)."""
    return occurrences_horizon_move()
