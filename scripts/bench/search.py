"""Search latency on one database (the one DATABASE_URL names).

Migrates, generates offers until the database holds --offers of them (timed), builds the tantivy
copy of the index (search/cache.py, timed), then calls `selectors.offer_search` as the search
page calls it (the page's offer ids; the cards come from lotse/directory/cards.py and their cost
is in the page figures of run.py) with a mix of queries: single words, two words, typos, filters
(topic, free, area, postcode radius, open now). The mix runs three times: with the tantivy copy,
as a running server searches; the same with the offers read, as the desk's search asks; and on
the database alone, as search does while the copy is missing or rebuilt.
Then WORST, texts crafted to make a search slow (long words of linking sounds, 5,000 letters,
hundreds of words, many typos, NUL bytes, odd Unicode), each through the page's search and the
HSDS API's (`hsds.selectors.service_page`, the first page of 50); `worst_ms` is the slowest
median of those.
Prints figures per query, and as its last line one JSON object.
"""

import argparse
import datetime as dt
import json
import math
import os
import statistics
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from directory_data import generate_directory  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from lotse.core.warmup import freeze_loaded_objects  # noqa: E402
from lotse.directory.geo import postcode_point  # noqa: E402
from lotse.directory.hsds.params import Paging, ServiceFilters  # noqa: E402
from lotse.directory.hsds.selectors import service_page  # noqa: E402
from lotse.directory.models import SearchEntry, Service  # noqa: E402
from lotse.directory.search import cache as search_cache  # noqa: E402
from lotse.directory.selectors import SearchFilters, offer_search  # noqa: E402

COLOGNE = postcode_point("50667")
BERLIN = postcode_point("10115")
QUERIES = {
    "Wort: Seniorentreff": SearchFilters(text="Seniorentreff"),
    "Wort: Mittagstisch": SearchFilters(text="Mittagstisch"),
    "Wort: Demenz": SearchFilters(text="Demenz"),
    "Wort: Chor": SearchFilters(text="Chor"),
    "zwei Wörter: Hilfe Einkaufen": SearchFilters(text="Hilfe beim Einkaufen"),
    "zwei Wörter: Fahrdienst Arzt": SearchFilters(text="Fahrdienst Arzt"),
    "zwei Wörter: Gymnastik Senioren": SearchFilters(text="Gymnastik für Senioren"),
    "Tippfehler: Senoirentreff": SearchFilters(text="Senoirentreff"),
    "Tippfehler: Pflegebratung": SearchFilters(text="Pflegebratung"),
    "Tippfehler: Mittagstsich": SearchFilters(text="Mittagstsich"),
    "Thema + Wort": SearchFilters(text="Treff", topic="begegnung"),
    "kostenlos + Wort": SearchFilters(text="Pflegeberatung", free=True),
    "Gebiet + Wort": SearchFilters(text="Seniorentreff", area="md-berlin"),
    "Quartier ohne Wort": SearchFilters(area="md-koeln-nord"),
    "PLZ 50667 10 km + Wort": SearchFilters(text="Seniorentreff", near=COLOGNE, radius_km=10),
    "PLZ 10115 5 km ohne Wort": SearchFilters(near=BERLIN, radius_km=5),
    "Thema + kostenlos + stufenlos": SearchFilters(topic="pflege", free=True, barrier_free=True),
    "jetzt offen + Wort": SearchFilters(text="Seniorentreff", open_now=True),
}

# Texts crafted to cost a search the most (tests/test_search_worst.py has the same kinds).
WORST = {
    "Fugen, 81 Zeichen": "q" + "senioren" * 10,
    "Fugen, 97 Zeichen": "q" + "senioren" * 12,
    "Fugen, 5000 Zeichen": ("senioren" * 700)[:5000],
    "ein Buchstabe 5000-mal": "a" * 5000,
    "alle Fugen": "pflege" + "sens" * 40 + "eshilfe",
    "Teile, 40 Zeichen": "seniorentreffhilfeberatungpflegedienstes",
    "500 Wörter": " ".join(["Seniorentreff", "Pflegebratung", "Einkaufshilfe"] * 170),
    "2000 unbekannte Wörter": " ".join(f"xq{i}zz" for i in range(2000)),
    "viele Tippfehler": " ".join(["Pflegebratung", "Senoirentreff", "Mittagstsich", "Apoteke"] * 5),
    "häufige Wörter, keins passt allen": "Hilfe Beratung Senioren Treff Pflege Kurs Café Dienst",
    "NUL-Bytes": "Hilfe\x00Einkauf\x00" * 400,
    "Unicode": "ß" * 3000 + " Ｓｅｎｉｏｒｅｎ e\u0301\u200b\ufeff " + "ü" * 2000,
    "große Zahl": "9" * 5000,
    "Präfix": "pflege " * 30,
}
WORST_RUNS = 5


def percentile(sorted_values: list[float], share: float) -> float:
    return sorted_values[max(0, math.ceil(share * len(sorted_values)) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--offers", type=int, required=True)
    parser.add_argument("--runs", type=int, default=360, help="measured searches")
    parser.add_argument("--warmup", type=int, default=2, help="warm-up rounds over all queries")
    args = parser.parse_args()
    started = time.monotonic()
    call_command("migrate", verbosity=0)
    migrate_s = time.monotonic() - started
    demo_s = 0.0
    if not Service.objects.exists():
        started = time.monotonic()
        call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        demo_s = time.monotonic() - started
        print(f"{connection.vendor}: Demo-Region in {demo_s:.1f} s geladen", flush=True)
    missing = args.offers - Service.objects.count()
    generate_s = 0.0
    if missing > 0:
        started = time.monotonic()
        generate_directory(offers=missing, verbose=True)
        generate_s = time.monotonic() - started
        print(f"{connection.vendor}: {missing} Angebote in {generate_s:.1f} s erzeugt", flush=True)
    offers = SearchEntry.objects.count()
    started = time.monotonic()
    call_command("search_cache_build")
    # As config/wsgi.py does in each server process before its first request.
    freeze_loaded_objects()
    cache_build_s = time.monotonic() - started
    # One fixed instant (a Tuesday morning, when many offers are open) keeps runs comparable.
    now = dt.datetime(2026, 11, 24, 10, 30, tzinfo=ZoneInfo(settings.TIME_ZONE))
    with_cache = measure(f"{connection.vendor}, mit tantivy-Kopie", offers, now, args)
    with_offers = measure(
        f"{connection.vendor}, mit tantivy-Kopie, Angebote gelesen (wie am Schreibtisch)",
        offers,
        now,
        args,
        load_offers=True,
    )
    worst = measure_worst(f"{connection.vendor}, mit tantivy-Kopie", now)
    settings.LOTSE_SEARCH_INDEX_DIR = ""
    search_cache.reset()
    database_only = measure(f"{connection.vendor}, nur Datenbank", offers, now, args)
    worst_database = measure_worst(f"{connection.vendor}, nur Datenbank", now)
    print(
        json.dumps(
            {
                "vendor": connection.vendor,
                "offers": offers,
                "migrate_s": round(migrate_s, 1),
                "demo_s": round(demo_s, 1),
                "generated": max(missing, 0),
                "generate_s": round(generate_s, 1),
                "search_cache_build_s": round(cache_build_s, 1),
                **with_cache,
                "worst_ms": worst["worst_ms"],
                "worst_per_query_ms": worst["per_query_ms"],
                "with_offers": with_offers,
                "database_only": {**database_only, "worst_ms": worst_database["worst_ms"]},
            },
            ensure_ascii=False,
        )
    )


def measure(
    label: str,
    offers: int,
    now: dt.datetime,
    args: argparse.Namespace,
    *,
    load_offers: bool = False,
) -> dict:
    """The mix of QUERIES as the search page asks it (the page's ids; its cards come from
    lotse/directory/cards.py), or with `load_offers` as the desk asks it (the offers read)."""
    names = list(QUERIES)
    for _ in range(args.warmup):
        for name in names:
            offer_search(filters=QUERIES[name], now=now, load_offers=load_offers)
    timings: list[float] = []
    per_query: dict[str, list[float]] = {name: [] for name in names}
    hits: dict[str, int] = {}
    for i in range(args.runs):
        name = names[i % len(names)]
        t0 = time.perf_counter()
        result = offer_search(filters=QUERIES[name], now=now, load_offers=load_offers)
        ms = (time.perf_counter() - t0) * 1000
        timings.append(ms)
        per_query[name].append(ms)
        hits[name] = result.page.paginator.count
    print(f"{label}, {offers} Angebote im Index, {len(timings)} Suchen:")
    for name in names:
        values = sorted(per_query[name])
        print(
            f"  {name:34} Treffer {hits[name]:>5}  p50 {statistics.median(values):7.1f} ms"
            f"  max {values[-1]:7.1f} ms"
        )
    timings.sort()
    p50, p95, p99 = (percentile(timings, s) for s in (0.50, 0.95, 0.99))
    print(f"  alle: p50 {p50:.1f} ms, p95 {p95:.1f} ms, p99 {p99:.1f} ms", flush=True)
    return {
        "searches": len(timings),
        "p50_ms": round(p50, 1),
        "p95_ms": round(p95, 1),
        "p99_ms": round(p99, 1),
        "per_query_p50_ms": {name: round(statistics.median(per_query[name]), 1) for name in names},
    }


def measure_worst(label: str, now: dt.datetime) -> dict:
    """The median time of each crafted text through both doors, and the slowest of them."""
    per_query: dict[str, float] = {}
    for name, text in WORST.items():
        for door, search in (
            ("Seite", lambda t=text: offer_search(filters=SearchFilters(text=t), now=now)),
            (
                "HSDS",
                lambda t=text: service_page(filters=ServiceFilters(search=t), paging=Paging()),
            ),
        ):
            timings = []
            for _ in range(WORST_RUNS):
                t0 = time.perf_counter()
                search()
                timings.append((time.perf_counter() - t0) * 1000)
            per_query[f"{door}: {name}"] = round(statistics.median(timings), 1)
    slowest = max(per_query, key=per_query.__getitem__)
    print(f"{label}, schlimmste Eingaben ({len(per_query)}, je {WORST_RUNS}-mal, Median):")
    for name, ms in per_query.items():
        print(f"  {name:44} {ms:7.1f} ms")
    print(f"  langsamste: {slowest}, {per_query[slowest]:.1f} ms", flush=True)
    return {"worst_ms": per_query[slowest], "per_query_ms": per_query}


if __name__ == "__main__":
    main()
