"""Search latency benchmark. Prints figures, and as its last line one JSON object with them.

Usage: DATABASE_URL=... python scripts/bench.py --offers N   (the database must be empty or
already hold the generated offers; the script generates what is missing).
"""

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from lotse.directory.models import Service  # noqa: E402
from lotse.directory.selectors import SearchFilters, offer_search  # noqa: E402

QUERIES = [
    SearchFilters(text="Seniorentreff"),
    SearchFilters(text="Hilfe beim Einkaufen"),
    SearchFilters(text="Senoirentreff"),
    SearchFilters(text="Pflegeberatung", free=True),
    SearchFilters(text="Chor", topic="kultur"),
    SearchFilters(text="Fahrdienst Arzt"),
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--offers", type=int, required=True)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    missing = args.offers - Service.objects.count()
    if missing > 0:
        started = time.monotonic()
        call_command("generate_directory", offers=missing)
        print(f"generated {missing} offers in {time.monotonic() - started:.1f} s")
    now = timezone.localtime()
    timings = []
    for _ in range(args.rounds):
        for filters in QUERIES:
            t0 = time.perf_counter()
            offer_search(filters=filters, now=now)
            timings.append((time.perf_counter() - t0) * 1000)
    timings.sort()
    p50 = statistics.median(timings)
    p95 = timings[int(len(timings) * 0.95) - 1]
    vendor = connection.vendor
    print(f"{vendor} {Service.objects.count()} offers: search p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    print(
        json.dumps(
            {
                f"search_{vendor}_p50_ms": round(p50, 1),
                f"search_{vendor}_p95_ms": round(p95, 1),
                "offers": args.offers,
                "date": dt.date.today().isoformat(),
            }
        )
    )


if __name__ == "__main__":
    main()
