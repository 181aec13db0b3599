"""The region's "this week" page of events on PostgreSQL (issue 20), in a fresh database
`lotse_bench_events` (dropped and created at the start, dropped again at the end unless --keep;
--database-server names another server).

1. Migrates, then bulk-loads (COPY; no services, no audit entries) a region with --quarters
   quarters in three municipalities, an office per quarter and 20 providers, 15 topics, and
   --events events: a third recurring (weekly, every two weeks, monthly on a weekday; begun up
   to a year ago), the rest one-off, spread over a year around today; most for a quarter, some
   for a municipality or the region; a third with registration and 10 to 40 places; 5 % not
   published. Their dates are what `occurrences_refresh` keeps: `event_dates` (the same rule,
   holidays and horizon) per event, written by COPY; a sample of events is refreshed
   afterwards and must stay unchanged. Places taken are set at random (some dates full)
   without registration rows: the page reads only the count.
2. Times, through Django's test client after a warm-up, --runs requests each (p50, p95, max):
   - `events_week_p95_ms`: the region's week page `/veranstaltungen/` (the view
     `events:list`: `public_occurrences` for the week, 40 dates a page grouped by day, inside
     base.html, through the real middleware) with varied quarters and filters (free,
     step-free, places left, topic). "Diese Woche" is the rest of the current week, so on a
     Sunday one day; the figure asks for "Nächste Woche" (`wann=naechste`), a whole week,
     which is what "diese Woche" shows on a Monday;
   - one quarter's week, and the region's week with "mit freien Plätzen";
   - the quarter page's panel (`week_dates`) and the search's events (`events_matching`);
   - the horizon task once nothing is due and one day later.

Prints the figures, and as its last line one JSON object.
"""

import argparse
import datetime as dt
import functools
import json
import os
import random
import sys
import time
import uuid
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
NAME = "lotse_bench_events"
SERVER = "postgres://postgres@127.0.0.1:5432"
TARGET_WEEK_P95_MS = 50
# The query of `/veranstaltungen/` for a quarter and the filters.
PAGE_QUERY = {
    "quarter": "quartier",
    "free": "kostenlos",
    "step_free": "stufenlos",
    "places_left": "plaetze",
    "topic": "thema",
    "when": "wann",
}
WHOLE_WEEK = "naechste"


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--quarters", type=int, default=30)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--database-server", default=SERVER)
    parser.add_argument("--keep", action="store_true", help="Datenbank danach nicht löschen")
    return parser.parse_args()


ARGS = _arguments()
with psycopg.connect(f"{ARGS.database_server}/postgres", autocommit=True) as _conn:
    _conn.execute(f"DROP DATABASE IF EXISTS {NAME} WITH (FORCE)")
    _conn.execute(f"CREATE DATABASE {NAME}")
os.environ["DATABASE_URL"] = f"{ARGS.database_server}/{NAME}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECRET_KEY", "bench-secret-key-not-for-production")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
os.environ.setdefault("LOTSE_PAGE_CACHE_SECONDS", "0")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from pg_copy import copy_plain, copy_rows, percentile  # noqa: E402

from lotse.core.models import Area, Organisation  # noqa: E402
from lotse.directory.models import TOPICS as TOPIC_TAXONOMY  # noqa: E402
from lotse.directory.models import Taxonomy, TaxonomyTerm  # noqa: E402
from lotse.news import occurrences  # noqa: E402
from lotse.news.forms_events import week_span  # noqa: E402
from lotse.news.models import Event, Occurrence, PublicationStatus  # noqa: E402
from lotse.news.occurrences import HORIZON_DAYS, event_dates, occurrences_refresh  # noqa: E402
from lotse.news.panels_events import events_matching, week_dates  # noqa: E402
from lotse.news.selectors_events import public_occurrences  # noqa: E402
from lotse.news.tasks_events import occurrences_horizon_move  # noqa: E402

TITLES = [
    "Seniorentreff", "Handy-Café", "Gymnastik im Sitzen", "Sonntagscafé", "Mittagstisch",
    "Spielenachmittag", "Chor der Älteren", "Gedächtnistraining", "Spaziergang im Park",
    "Erzählcafé", "Tanzen im Sitzen", "Computerkurs", "Sprechstunde Rente", "Lesekreis",
    "Frühstückstreff", "Kaffeeklatsch", "Yoga auf dem Stuhl", "Stricktreff", "Skatrunde",
    "Vortrag Enkeltrick", "Ausflug", "Kino am Nachmittag", "Erste Hilfe", "Wandergruppe",
]  # fmt: skip
TOPICS = [
    "Begegnung", "Bewegung und Sport", "Gesundheit", "Digitales", "Kultur", "Musik", "Beratung",
    "Recht und Finanzen", "Ausflüge", "Spiele", "Lesen und Vorlesen", "Pflege", "Ehrenamt",
    "Essen", "Wohnen",
]  # fmt: skip
WORDS = ["Gymnastik", "Handy", "Seniorentreff", "Enkeltrick", "Chor", "Ausflug", "Yoga", "Kino"]
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def _world(rng: random.Random) -> dict:
    region = Area.objects.create(name="Kreis Bench", slug="kreis-bench", kind=Area.Kind.REGION)
    region.region = region
    region.save()
    quarters = []
    municipalities = []
    for m in range(3):
        muni = Area.objects.create(
            name=f"Stadt {m + 1}",
            slug=f"stadt-{m + 1}",
            kind=Area.Kind.MUNICIPALITY,
            parent=region,
            region=region,
        )
        municipalities.append(muni)
    for q in range(ARGS.quarters):
        quarters.append(
            Area.objects.create(
                name=f"Quartier {q + 1}",
                slug=f"quartier-{q + 1}",
                kind=Area.Kind.QUARTER,
                parent=municipalities[q % 3],
                region=region,
            )
        )
    offices = [
        Organisation.objects.create(
            kind=Organisation.Kind.OFFICE, name=f"Quartiersbüro {q.name}", region=region
        )
        for q in quarters
    ]
    providers = [
        Organisation.objects.create(
            kind=Organisation.Kind.PROVIDER, name=f"Träger {n + 1}", region=region
        )
        for n in range(20)
    ]
    taxonomy = Taxonomy.objects.create(name=TOPIC_TAXONOMY)
    topics = [
        TaxonomyTerm.objects.create(taxonomy=taxonomy, code=f"thema-{n}", name=name)
        for n, name in enumerate(TOPICS)
    ]
    return {
        "region": region,
        "municipalities": municipalities,
        "quarters": quarters,
        "offices": offices,
        "providers": providers,
        "topics": topics,
    }


def seed(rng: random.Random, world: dict) -> dict:
    """Events and their dates, written by COPY."""
    now = timezone.now()
    today = timezone.localdate()
    zone = occurrences.local_zone()
    # Every event's holidays are the same few years: built once, not per event.
    occurrences._holiday_names = functools.cache(occurrences._holiday_names)
    until = now + dt.timedelta(days=HORIZON_DAYS)
    region = world["region"]
    events, links = [], []
    recurring = ARGS.events // 3
    for n in range(ARGS.events):
        draw = rng.random()
        if draw < 0.85:
            index = rng.randrange(len(world["quarters"]))
            area, organisation = world["quarters"][index], world["offices"][index]
        else:
            area = region if draw > 0.95 else rng.choice(world["municipalities"])
            organisation = rng.choice(world["providers"])
        if draw < 0.4:
            organisation = rng.choice(world["providers"])
        hour = rng.choice([9, 10, 10, 14, 14, 15, 16, 18])
        minutes = rng.choice([60, 90, 120, 120, 180])
        if n < recurring:
            day = today - dt.timedelta(days=rng.randint(0, 365))
            kind = n % 3
            weekday = rng.choice(DAYS)
            rule = [
                f"FREQ=WEEKLY;BYDAY={weekday}",
                f"FREQ=WEEKLY;INTERVAL=2;BYDAY={weekday}",
                f"FREQ=MONTHLY;BYDAY={rng.randint(1, 4)}{weekday}",
            ][kind]
        else:
            day = today + dt.timedelta(days=rng.randint(-60, 305))
            rule = ""
        starts_at = dt.datetime.combine(day, dt.time(hour), tzinfo=zone)
        registration = rng.random() < 0.33
        is_free = rng.random() < 0.6
        status = PublicationStatus.PUBLISHED if rng.random() < 0.95 else PublicationStatus.DRAFT
        row = {
            "id": uuid.uuid4(),
            "organisation_id": organisation.pk,
            "region_id": region.pk,
            "area_id": area.pk,
            "title": f"{rng.choice(TITLES)} {area.name}",
            "description": "Kaffee, Gespräche und Neues aus dem Quartier. Alle sind willkommen.",
            "mode": Event.Mode.IN_PERSON,
            "place_name": f"Treffpunkt {area.name}",
            "street": f"Hauptstraße {rng.randint(1, 120)}",
            "postcode": "45657",
            "city": "Bench",
            "is_free": is_free,
            "cost": "" if is_free else "3 € pro Termin",
            "step_free": rng.choice([True, True, False, None]),
            "starts_at": starts_at,
            "ends_at": starts_at + dt.timedelta(minutes=minutes),
            "rrule": rule,
            "skip_holidays": True,
            "registration_required": registration,
            "capacity": rng.randint(10, 40) if registration else None,
            "waiting_list": True,
            "status": status,
            "published_at": now if status == PublicationStatus.PUBLISHED else None,
            "created_at": now,
            "updated_at": now,
        }
        events.append(row)
        for topic in rng.sample(world["topics"], rng.randint(1, 2)):
            links.append((row["id"], topic.pk))
    copy_rows(Event, events)
    copy_plain(Event.topics.through._meta.db_table, ["event_id", "taxonomyterm_id"], links)
    dates: list[dict] = []
    total = 0
    for row in events:
        event = Event(**{k: v for k, v in row.items() if k not in ("created_at", "updated_at")})
        # No exceptions yet: event_dates reads them through the prefetch cache, not a query.
        event._prefetched_objects_cache = {"exceptions": []}  # type: ignore[attr-defined]
        capacity = row["capacity"]
        for date in event_dates(event, until=until):
            taken = 0
            if capacity and not date.cancelled:
                taken = capacity if rng.random() < 0.2 else rng.randint(0, capacity - 1)
            state = Occurrence.Status.CANCELLED if date.cancelled else Occurrence.Status.SCHEDULED
            dates.append(
                {
                    "id": uuid.uuid4(),
                    "event_id": row["id"],
                    "region_id": region.pk,
                    "area_id": row["area_id"],
                    "is_public": row["status"] == PublicationStatus.PUBLISHED,
                    "original_start": date.original_start,
                    "start": date.start,
                    "end": date.end,
                    "status": state,
                    "note": date.note,
                    "places_taken": taken,
                }
            )
        if len(dates) >= 50_000:
            copy_rows(Occurrence, dates)
            total += len(dates)
            dates = []
    if dates:
        copy_rows(Occurrence, dates)
        total += len(dates)
    with connection.cursor() as cursor:
        # As autovacuum does after a load: statistics, and the visibility map that lets the
        # week be counted from the index alone.
        cursor.execute("VACUUM ANALYZE")
    return {"events": len(events), "recurring": recurring, "dates": total}


def check_consistent(rng: random.Random, sample: int = 30) -> int:
    """Refreshing a sample of the loaded events (recurring ones among them) changes none of
    their dates: the bulk load is what occurrences_refresh keeps."""
    ids = list(Event.objects.order_by("?").values_list("id", flat=True)[:sample])
    ids += list(Event.objects.exclude(rrule="").values_list("id", flat=True)[:sample])
    for event in Event.objects.filter(id__in=ids):
        fields = ("original_start", "start", "end", "status", "note", "is_public")
        before = list(event.occurrences.order_by("original_start").values_list(*fields))
        occurrences_refresh(event)
        after = list(event.occurrences.order_by("original_start").values_list(*fields))
        if before != after:
            raise SystemExit(f"Termine von {event.pk} weichen von occurrences_refresh ab")
    return len(ids)


def _timed(label: str, calls: list, run) -> dict:
    """Runs `run(call)` for each call after ten warm-up calls; p50, p95, max in ms of wall
    time, and p50, p95 of this process's CPU time (view, ORM and templates without the
    waiting: on a busy machine the wall time mostly measures the others) and of the time spent
    in the database (wall time of its queries)."""
    for call in calls[:10]:
        run(call)
    timings, cpu, database = [], [], []
    spent = [0.0]

    def timed_query(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent[0] += time.perf_counter() - started

    with connection.execute_wrapper(timed_query):
        for call in calls:
            spent[0] = 0.0
            started, started_cpu = time.perf_counter(), time.process_time()
            run(call)
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
            database.append(spent[0] * 1000)
    timings.sort()
    cpu.sort()
    database.sort()
    p50, p95 = percentile(timings, 0.50), percentile(timings, 0.95)
    print(
        f"{label}: {len(timings)} Aufrufe, p50 {p50:.1f} ms, p95 {p95:.1f} ms, "
        f"max {timings[-1]:.1f} ms; CPU p50 {percentile(cpu, 0.5):.1f} ms, "
        f"p95 {percentile(cpu, 0.95):.1f} ms; Datenbank p95 {percentile(database, 0.95):.1f} ms",
        flush=True,
    )
    return {
        "p50_ms": round(p50, 1),
        "p95_ms": round(p95, 1),
        "max_ms": round(timings[-1], 1),
        "cpu_p50_ms": round(percentile(cpu, 0.5), 1),
        "cpu_p95_ms": round(percentile(cpu, 0.95), 1),
        "database_p95_ms": round(percentile(database, 0.95), 1),
    }


def _queries(rng: random.Random, world: dict) -> list[dict]:
    """The request mix: the region or a quarter, with no filter or one or two of them."""
    mix = []
    for n in range(ARGS.runs):
        query: dict[str, str] = {PAGE_QUERY["when"]: WHOLE_WEEK}
        if n % 2:
            query[PAGE_QUERY["quarter"]] = rng.choice(world["quarters"]).slug
        for key in ("free", "step_free", "places_left"):
            if rng.random() < 0.2:
                query[PAGE_QUERY[key]] = "1"
        if rng.random() < 0.15:
            query[PAGE_QUERY["topic"]] = rng.choice(world["topics"]).code
        mix.append(query)
    return mix


def measure(rng: random.Random, world: dict) -> dict:
    client = Client()
    mix = _queries(rng, world)
    size = {}

    def get(url: str):
        def run(query: dict) -> None:
            response = client.get(url, query)
            assert response.status_code == 200, (url, query, response.status_code)
            size[url] = len(response.content)

        return run

    page_url = reverse("events:list")
    page = _timed(f"{page_url} ganze Woche (Region und Quartiere, Filter)", mix, get(page_url))
    # The page shows the week: its first date's title is on it.
    first_day, after = week_span(WHOLE_WEEK, timezone.localdate())
    since = timezone.make_aware(dt.datetime.combine(first_day, dt.time.min))
    first = public_occurrences(
        region_id=world["region"].pk,
        since=since,
        until=timezone.make_aware(dt.datetime.combine(after, dt.time.min)),
    ).first()
    shown = client.get(page_url, {PAGE_QUERY["when"]: WHOLE_WEEK}).content.decode()
    if first is None or first.event.title not in shown:
        raise SystemExit(f"{page_url} zeigt den ersten Termin der Woche nicht")
    quarter = world["quarters"][0]
    one_quarter = _timed(
        f"{page_url} Woche {quarter.name}",
        [{PAGE_QUERY["quarter"]: quarter.slug, PAGE_QUERY["when"]: WHOLE_WEEK}] * ARGS.runs,
        get(page_url),
    )
    places = _timed(
        f"{page_url} Woche, mit freien Plätzen",
        [{PAGE_QUERY["places_left"]: "1", PAGE_QUERY["when"]: WHOLE_WEEK}] * ARGS.runs,
        get(page_url),
    )
    quarters = list(Area.objects.filter(kind=Area.Kind.QUARTER).select_related("parent__parent"))
    panel = _timed(
        "Quartiersseite: Diese Woche (week_dates)",
        [rng.choice(quarters) for _ in range(ARGS.runs)],
        lambda area: week_dates(area=area),
    )
    search = _timed(
        "Suche: Veranstaltungen zu den Wörtern (events_matching)",
        [rng.choice(WORDS) for _ in range(ARGS.runs)],
        lambda word: events_matching(text=word),
    )
    search_quarter = _timed(
        "Suche in einem Quartier (events_matching mit Gebiet)",
        [(rng.choice(WORDS), rng.choice(quarters)) for _ in range(ARGS.runs)],
        lambda call: events_matching(text=call[0], area=call[1]),
    )
    print(f"Seitengröße {page_url}: {size.get(page_url, 0)} Bytes", flush=True)
    return {
        "week": page,
        "one_quarter": one_quarter,
        "places_left": places,
        "quarter_panel": panel,
        "search": search,
        "search_quarter": search_quarter,
    }


def measure_horizon() -> dict:
    started = time.monotonic()
    nothing = occurrences_horizon_move()
    noop_s = time.monotonic() - started
    started = time.monotonic()
    moved = occurrences_horizon_move(now=timezone.now() + dt.timedelta(days=1))
    day_s = time.monotonic() - started
    print(
        f"Horizont-Aufgabe: ohne Fälliges {noop_s:.1f} s ({nothing} erneuert), einen Tag "
        f"später {day_s:.1f} s ({moved} Veranstaltungen erneuert)",
        flush=True,
    )
    return {"noop_s": round(noop_s, 1), "next_day_s": round(day_s, 1), "next_day_events": moved}


def main() -> None:
    rng = random.Random(2026)
    started = time.monotonic()
    call_command("migrate", verbosity=0)
    world = _world(rng)
    counts = seed(rng, world)
    seed_s = time.monotonic() - started
    checked = check_consistent(rng)
    print(
        f"Datenbank mit {counts['events']} Veranstaltungen ({counts['recurring']} "
        f"wiederkehrend) und {counts['dates']} Terminen in {seed_s:.1f} s angelegt; "
        f"{checked} davon mit occurrences_refresh geprüft: unverändert",
        flush=True,
    )
    figures = measure(rng, world)
    horizon = measure_horizon()
    connection.close()
    if not ARGS.keep:
        with psycopg.connect(f"{ARGS.database_server}/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {NAME} WITH (FORCE)")
    print(
        json.dumps(
            {
                **counts,
                "quarters": ARGS.quarters,
                "seed_s": round(seed_s, 1),
                **figures,
                "horizon": horizon,
                "load": " ".join(Path("/proc/loadavg").read_text().split()[:3]),
                "events_week_p95_ms": figures["week"]["p95_ms"],
                "events_week_p95_le_50_ms": figures["week"]["p95_ms"] <= TARGET_WEEK_P95_MS,
            }
        ),
        flush=True,
    )


if __name__ == "__main__":
    main()
