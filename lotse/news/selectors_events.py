"""Public reads of events: the dates of a week (or any span) for the region or a quarter, with
the filters residents use. The week page, the quarter's panel, the search, the Wochenplan, the
digest and the feeds all read dates here."""

import datetime as dt

from django.db.models import F, Q, QuerySet

from lotse.core.models import Area
from lotse.news.models import Occurrence
from lotse.news.rules import area_chain


def week_start(day: dt.date) -> dt.date:
    """The Monday of the week of `day`."""
    return day - dt.timedelta(days=day.weekday())


def public_occurrences(
    *,
    region_id,
    area: Area | None = None,
    since: dt.datetime,
    until: dt.datetime,
    topic_id=None,
    free: bool = False,
    step_free: bool = False,
    places_left: bool = False,
) -> QuerySet[Occurrence]:
    """The published dates that begin in [since, until), in order, cancelled ones included (they
    carry their reason). With `area`, the dates of events for that area and the areas above it
    (a quarter's list shows the municipality's and the region's events too)."""
    dates = Occurrence.objects.filter(
        region_id=region_id, is_public=True, start__gte=since, start__lt=until
    )
    if area is not None:
        dates = dates.filter(area_id__in=area_chain(area))
    if topic_id is not None:
        dates = dates.filter(event__topics=topic_id)
    if free:
        dates = dates.filter(event__is_free=True)
    if step_free:
        dates = dates.filter(event__step_free=True)
    if places_left:
        dates = dates.filter(
            Q(event__capacity__isnull=True) | Q(places_taken__lt=F("event__capacity")),
            event__registration_required=True,
            status=Occurrence.Status.SCHEDULED,
        )
    return dates.select_related("event", "event__location", "event__area").order_by(
        "start", "event__title"
    )
