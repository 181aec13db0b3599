"""What events show on the directory's public pages (lotse.core.page_panels): "Diese Woche in
<Quartier>" on the quarter's page, and up to three events that match a resident's search on the
search page. The directory renders the panels without knowing events (the import contract).

The search looks at the dates of the next four weeks only, and at most SEARCH_WORDS words of the
query, each by its stem (the directory's German normalisation: "Seniorentreffs" finds
"Seniorentreff"), in the title, the description and the topics' names. An event whose title
matches comes first, then the next date. The work is bounded: one pass over the published
events that can have a date in those weeks (at most SEARCH_EVENTS of them are kept, those with
the word in the title first), then at most two queries for their next dates (SEARCH_ROWS rows
each)"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, IntegerField, Q, When
from django.utils import timezone

from lotse.core.models import Area
from lotse.core.page_panels import Panel, quarter_panel_register, search_panel_register
from lotse.directory.search.text import word_stem, words
from lotse.news.models import Event, Occurrence, PublicationStatus
from lotse.news.rules import area_chain
from lotse.news.selectors_events import public_occurrences

# The quarter's page: the dates of today and the six days after it, at most this many.
WEEK_DAYS = 7
WEEK_COUNT = 8
# The search page: at most this many events, from the dates of the next SEARCH_DAYS days.
SEARCH_COUNT = 3
SEARCH_DAYS = 28
SEARCH_WORDS = 4
# A stem shorter than this matches too much ("an", "tag").
MIN_STEM = 3
# Dates read to find SEARCH_COUNT different events (an event with many dates fills some).
SEARCH_ROWS = 40
# Events looked at for their next dates, those with a word in their title first: a common
# word ("Treff") matches hundreds; their dates are found per event, so this bounds the work.
SEARCH_EVENTS = 200
SEARCH_SLACK = dt.timedelta(days=31)


def _local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def week_dates(*, area: Area, now: dt.datetime | None = None) -> tuple[list[Occurrence], bool]:
    """The published dates for the quarter (and the areas above it) from now to the end of the
    seventh day, the first WEEK_COUNT of them, and whether there are more."""
    now = now or timezone.now()
    until = _local_midnight(timezone.localdate(now) + dt.timedelta(days=WEEK_DAYS))
    region_id = area.pk if area.kind == Area.Kind.REGION else area.region_id
    dates = list(
        public_occurrences(region_id=region_id, area=area, since=now, until=until)[: WEEK_COUNT + 1]
    )
    return dates[:WEEK_COUNT], len(dates) > WEEK_COUNT


def search_stems(text: str) -> list[str]:
    """The stems of the first SEARCH_WORDS words of `text` that say something."""
    stems: list[str] = []
    for word in words(text):
        stem = word_stem(word)
        if len(stem) >= MIN_STEM and stem not in stems:
            stems.append(stem)
        if len(stems) == SEARCH_WORDS:
            break
    return stems


@dataclass(frozen=True)
class Found:
    """An event that matches a search, with its next date."""

    occurrence: Occurrence
    event: Event


def events_matching(
    *, text: str, area: Area | None = None, now: dt.datetime | None = None
) -> list[Found]:
    """Up to SEARCH_COUNT published events whose title, description or topic holds a word of
    `text`, each with its next date that takes place within SEARCH_DAYS days; in `area` (a
    quarter: with the events of its municipality and the region) when given. Events with a
    word in their title come first."""
    stems = search_stems(text)
    if not stems:
        return []
    now = now or timezone.now()
    topics = Event.topics.through.objects
    in_title, elsewhere = Q(), Q()
    for stem in stems:
        # The topics are few: the events of a matching topic are one semi-join.
        topic = topics.filter(taxonomyterm__name__icontains=stem).values("event_id")
        in_title |= Q(title__icontains=stem)
        elsewhere |= Q(description__icontains=stem) | Q(pk__in=topic)
    until = now + dt.timedelta(days=SEARCH_DAYS)
    # Only events that can have a date in the window are read (a one-off event by its first
    # date, give or take a month for a date moved since), before their text is compared.
    events = Event.objects.filter(
        ~Q(rrule="") | Q(starts_at__gte=now - SEARCH_SLACK),
        status=PublicationStatus.PUBLISHED,
        starts_at__lt=until + SEARCH_SLACK,
    )
    if area is not None:
        region_id = area.pk if area.kind == Area.Kind.REGION else area.region_id
        events = events.filter(region_id=region_id, area_id__in=area_chain(area))
    # One pass over the events (their text is short); a word in the title ranks first.
    matching = (
        events.filter(in_title | elsewhere)
        .annotate(title_hit=Case(When(in_title, then=1), default=0, output_field=IntegerField()))
        .order_by("-title_hit", "pk")
        .values_list("pk", "title_hit")[:SEARCH_EVENTS]
    )
    ranked: dict[int, list] = {1: [], 0: []}
    for pk, title_hit in matching:
        ranked[title_hit].append(pk)
    # Their next dates, found per event through the index on (event, start).
    upcoming = Occurrence.objects.filter(
        is_public=True,
        status=Occurrence.Status.SCHEDULED,
        start__gte=now,
        start__lt=until,
    ).select_related("event", "event__location", "event__area")
    found: dict[object, Found] = {}
    for ids in (ranked[1], ranked[0]):
        if not ids:
            continue
        dates = upcoming.filter(event_id__in=ids).order_by("start", "event__title")
        for occurrence in dates[:SEARCH_ROWS]:
            if occurrence.event_id not in found:
                found[occurrence.event_id] = Found(occurrence=occurrence, event=occurrence.event)
            if len(found) == SEARCH_COUNT:
                return list(found.values())
    return list(found.values())


def quarter_panels(area: Area) -> list[Panel]:
    dates, more = week_dates(area=area)
    if not dates:
        return []
    return [Panel("news/panel_quarter_week.html", {"area": area, "dates": dates, "more": more})]


def search_panels(text: str, area: Area | None) -> list[Panel]:
    found = events_matching(text=text, area=area)
    if not found:
        return []
    return [Panel("news/panel_search_events.html", {"found": found, "area": area})]


def register() -> None:
    quarter_panel_register("news_events", quarter_panels)
    search_panel_register("news_events", search_panels)
