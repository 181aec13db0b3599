"""The digital helpers' figures on PostgreSQL, in a fresh database `lotse_bench_volunteers`
(dropped and created at the start; --database-url names another server).

1. Migrates, loads the demo region "Kreis Lindenau" and adds --quarters quarters to it (a
   district of 600,000 people has a few hundred), then bulk-loads with COPY (no services, no
   audit entries): --helpers helpers (a person each; devices, topics, languages; 60 % active,
   half of them visiting people at home, a third helping by phone), two weekly time windows
   each, a police certificate and a pledge each (5 % of the certificates expired), --sessions
   past sessions (history, continuity), and --requests open requests of the first office's
   region (15 % offered, some with an offer that ran out), each of a person of its own.
2. `helper_rank_p95_ms`: `ranking.helper_ranking` (the function the request page and the API
   call) for --rank-runs random open requests of every place (home, office, café, phone),
   after a warm-up; p50 and p95.
3. `dispatch_board_p95_ms`: the board page `/digitalhilfe/vermittlung/` as the multiplier
   (all requests are the first office's) through Django's test client, first page and random
   later pages (`?seite=`), --board-runs times after a warm-up; p50 and p95.

Prints the figures, and as its last line one JSON object.
"""

import argparse
import datetime as dt
import json
import math
import os
import random
import sys
import time
import uuid
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
NAME = "lotse_bench_volunteers"
SERVER = "postgres://postgres@127.0.0.1:5432"


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--helpers", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=5_000)
    parser.add_argument("--sessions", type=int, default=100_000)
    parser.add_argument("--quarters", type=int, default=200)
    parser.add_argument("--rank-runs", type=int, default=200)
    parser.add_argument("--board-runs", type=int, default=200)
    parser.add_argument("--database-server", default=SERVER)
    return parser.parse_args()


ARGS = _arguments()
with psycopg.connect(f"{ARGS.database_server}/postgres", autocommit=True) as _conn:
    _conn.execute(f"DROP DATABASE IF EXISTS {NAME} WITH (FORCE)")
    _conn.execute(f"CREATE DATABASE {NAME}")
os.environ["DATABASE_URL"] = f"{ARGS.database_server}/{NAME}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECRET_KEY", "bench-secret-key-not-for-production")

import django  # noqa: E402

django.setup()

from allauth.account.internal.flows.login import (  # noqa: E402
    AUTHENTICATION_METHODS_SESSION_KEY,
)
from allauth.mfa.models import Authenticator  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402
from pg_copy import copy_plain, copy_rows, percentile  # noqa: E402

from lotse.accounts.models import User  # noqa: E402
from lotse.core.models import Area, Membership  # noqa: E402
from lotse.people.models import Person  # noqa: E402
from lotse.volunteers import ranking  # noqa: E402
from lotse.volunteers.models import (  # noqa: E402
    LANGUAGES,
    Credential,
    Device,
    Helper,
    HelperAvailability,
    HelpOffer,
    HelpRequest,
    HelpSession,
    Place,
    Topic,
)

GIVEN = "Erna Karl Hildegard Heinz Ursula Günter Ingrid Horst Renate Werner Jana Emre".split()
FAMILY = "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Kaya Nowak".split()
DEVICES = [d for d in Device.values if d != "other"]
TOPICS = [t for t in Topic.values if t != "other"]
OTHER_LANGUAGES = [code for code, _name in LANGUAGES if code != "de"]


def _person(rng: random.Random, office, quarter, now) -> dict:
    return {
        "id": uuid.uuid4(),
        "organisation_id": office.pk,
        "region_id": office.region_id,
        "given_name": rng.choice(GIVEN),
        "family_name": rng.choice(FAMILY),
        "birth_year": rng.randint(1930, 2000),
        "phone": f"0170 {rng.randint(1_000_000, 9_999_999)}",
        "quarter_id": quarter.pk,
        "contact_channel": "email",
        "created_at": now,
        "updated_at": now,
    }


def seed(rng: random.Random) -> dict:
    now = timezone.now()
    today = timezone.localdate()
    region = Area.objects.get(slug="kreis-lindenau")
    multiplier = User.objects.get(email="multiplikator@demo.lotse")
    office = Membership.objects.get(user=multiplier).organisation
    municipality = Area.objects.filter(region=region, kind=Area.Kind.MUNICIPALITY).first()
    quarters = list(Area.objects.filter(region=region, kind=Area.Kind.QUARTER))
    for n in range(ARGS.quarters - len(quarters)):
        quarters.append(
            Area.objects.create(
                name=f"Bench-Quartier {n}",
                slug=f"bench-quartier-{n}",
                kind=Area.Kind.QUARTER,
                parent=municipality,
                region=region,
            )
        )
    office.coordinates.add(*quarters)
    # Quarter centres on a grid of about 30 × 30 km.
    centres = {q.pk: (51.50 + rng.uniform(0, 0.27), 7.00 + rng.uniform(0, 0.43)) for q in quarters}

    persons, helpers, helper_quarters, windows, credentials = [], [], [], [], []
    for _n in range(ARGS.helpers):
        quarter = rng.choice(quarters)
        person = _person(rng, office, quarter, now)
        persons.append(person)
        lat, lon = centres[quarter.pk]
        home_visits = rng.random() < 0.5
        status = (
            Helper.Status.ACTIVE
            if rng.random() < 0.6
            else rng.choice([Helper.Status.INTERESTED, Helper.Status.PAUSED, Helper.Status.LEFT])
        )
        helper_id = uuid.uuid4()
        helpers.append(
            {
                "id": helper_id,
                "person_id": person["id"],
                "organisation_id": office.pk,
                "region_id": region.pk,
                "home_quarter_id": quarter.pk,
                "devices": rng.sample(DEVICES, rng.randint(1, 3)),
                "topics": rng.sample(TOPICS, rng.randint(2, 4)),
                "languages": ["de", *rng.sample(OTHER_LANGUAGES, rng.choice([0, 0, 0, 1]))],
                "home_visits": home_visits,
                "radius_km": rng.randint(2, 10) if home_visits else 0,
                "phone_help": rng.random() < 0.33,
                "status": status,
                "paused_until": today + dt.timedelta(days=30)
                if status == Helper.Status.PAUSED
                else None,
                "latitude": lat + rng.uniform(-0.01, 0.01),
                "longitude": lon + rng.uniform(-0.015, 0.015),
                "created_at": now,
                "updated_at": now,
            }
        )
        helper_quarters.append((helper_id, quarter.pk))
        if rng.random() < 0.3:
            helper_quarters.append((helper_id, rng.choice(quarters).pk))
        for weekday in rng.sample(range(7), 2):
            start = rng.choice([9, 14, 17])
            windows.append(
                {
                    "id": uuid.uuid4(),
                    "helper_id": helper_id,
                    "region_id": region.pk,
                    "weekday": weekday,
                    "start_time": dt.time(start),
                    "end_time": dt.time(start + 3),
                }
            )
        issued = today - dt.timedelta(days=rng.randint(30, 1500))
        expired = rng.random() < 0.05
        for kind in (Credential.Kind.POLICE_CERTIFICATE, Credential.Kind.PLEDGE):
            credentials.append(
                {
                    "id": uuid.uuid4(),
                    "helper_id": helper_id,
                    "region_id": region.pk,
                    "kind": kind,
                    "issued_on": issued,
                    "seen_on": issued,
                    "seen_by_id": multiplier.pk,
                    "valid_until": (today - dt.timedelta(days=3))
                    if expired and kind == Credential.Kind.POLICE_CERTIFICATE
                    else issued + dt.timedelta(days=5 * 365),
                    "created_at": now,
                }
            )
    copy_rows(Person, persons)
    copy_rows(Helper, helpers)
    through = Helper.quarters.through._meta.db_table
    copy_plain(through, ["helper_id", "area_id"], list(dict.fromkeys(helper_quarters)))
    copy_rows(HelperAvailability, windows)
    copy_rows(Credential, credentials)

    # Requests: the open ones to rank, and done ones with a session each (history).
    request_persons, requests, offers, sessions = [], [], [], []
    active = [h for h in helpers if h["status"] == Helper.Status.ACTIVE]
    places = [Place.HOME, Place.HOME, Place.OFFICE, Place.CAFE, Place.PHONE]
    for n in range(ARGS.requests + ARGS.sessions):
        quarter = rng.choice(quarters)
        person = _person(rng, office, quarter, now)
        request_persons.append(person)
        is_open = n < ARGS.requests
        lat, lon = centres[quarter.pk]
        state = HelpRequest.State.DONE
        if is_open:
            state = HelpRequest.State.OFFERED if rng.random() < 0.15 else HelpRequest.State.OPEN
        created = now - dt.timedelta(minutes=rng.randint(0, 60 * 24 * (60 if is_open else 700)))
        request_id = uuid.uuid4()
        helper = rng.choice(active)
        requests.append(
            {
                "id": request_id,
                "organisation_id": office.pk,
                "region_id": region.pk,
                "quarter_id": quarter.pk,
                "person_id": person["id"],
                "topics": rng.sample(TOPICS, rng.randint(1, 2)),
                "device": rng.choice(DEVICES),
                "language": "de" if rng.random() < 0.85 else rng.choice(OTHER_LANGUAGES),
                "place": rng.choice(places),
                "urgency": rng.choice(["normal", "normal", "soon", "urgent"]),
                "free_slots": [
                    {"weekday": rng.randint(0, 6), "part": rng.choice(list(ranking.DAY_PARTS))}
                ],
                "state": state,
                "assigned_helper_id": None if is_open else helper["id"],
                "created_at": created,
                "updated_at": created,
                "latitude": lat,
                "longitude": lon,
            }
        )
        if is_open and (state == HelpRequest.State.OFFERED or rng.random() < 0.05):
            offers.append(
                {
                    "id": uuid.uuid4(),
                    "request_id": request_id,
                    "helper_id": helper["id"],
                    "region_id": region.pk,
                    "token": uuid.uuid4().hex,
                    "sms_code": f"{rng.randrange(1_000_000):06d}",
                    "state": HelpOffer.State.OFFERED
                    if state == HelpRequest.State.OFFERED
                    else HelpOffer.State.EXPIRED,
                    "offered_at": created,
                    "expires_at": created + dt.timedelta(hours=48),
                }
            )
        if not is_open:
            sessions.append(
                {
                    "id": uuid.uuid4(),
                    "request_id": request_id,
                    "helper_id": helper["id"],
                    "region_id": region.pk,
                    "date": created.date(),
                    "duration_minutes": rng.randint(20, 120),
                    "topics": requests[-1]["topics"],
                    "solved": rng.choice(["yes", "yes", "partly", "no"]),
                    "created_at": created,
                }
            )
    copy_rows(Person, request_persons)
    copy_rows(HelpRequest, requests)
    copy_rows(HelpOffer, offers)
    copy_rows(HelpSession, sessions)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"multiplier": multiplier, "office": office}


def measure_ranking(rng: random.Random) -> dict:
    open_ids = list(
        HelpRequest.objects.filter(state=HelpRequest.State.OPEN).values_list("pk", flat=True)
    )
    chosen = rng.sample(open_ids, min(len(open_ids), ARGS.rank_runs + 20))
    requests = {r.pk: r for r in HelpRequest.objects.filter(pk__in=chosen).select_related("person")}
    timings: list[float] = []
    found: list[int] = []
    by_place: dict[str, list[float]] = {}
    for n, request_id in enumerate(chosen):
        help_request = requests[request_id]
        started = time.perf_counter()
        ranked = ranking.helper_ranking(help_request)
        elapsed = (time.perf_counter() - started) * 1000
        if n >= 20:  # warm-up
            timings.append(elapsed)
            found.append(len(ranked))
            by_place.setdefault(help_request.place, []).append(elapsed)
    timings.sort()
    p50, p95 = percentile(timings, 0.50), percentile(timings, 0.95)
    print(
        f"Rangliste: {len(timings)} Anfragen, p50 {p50:.1f} ms, p95 {p95:.1f} ms, "
        f"max {timings[-1]:.1f} ms; im Mittel {sum(found) / len(found):.1f} Vorschläge; "
        + ", ".join(
            f"{place} p95 {percentile(sorted(values), 0.95):.1f} ms"
            for place, values in sorted(by_place.items())
        ),
        flush=True,
    )
    return {"p50_ms": round(p50, 1), "p95_ms": round(p95, 1), "max_ms": round(timings[-1], 1)}


def measure_board(rng: random.Random, multiplier: User) -> dict:
    Authenticator.objects.get_or_create(
        user=multiplier, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "x"}}
    )
    client = Client()
    client.force_login(multiplier)
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": time.time(), "email": multiplier.email},
        {"method": "mfa", "at": time.time(), "id": 0, "type": "totp"},
    ]
    session.save()
    pages = math.ceil(ARGS.requests / 50)
    timings = []
    for n in range(ARGS.board_runs + 10):
        page = 1 if n % 2 == 0 else rng.randint(1, pages)
        started = time.perf_counter()
        response = client.get(f"/digitalhilfe/vermittlung/?seite={page}")
        elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, response.status_code
        if n >= 10:
            timings.append(elapsed)
    timings.sort()
    p50, p95 = percentile(timings, 0.50), percentile(timings, 0.95)
    print(
        f"/digitalhilfe/vermittlung/ ({pages} Seiten, Testclient): {len(timings)} Aufrufe, "
        f"p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {timings[-1]:.1f} ms",
        flush=True,
    )
    return {"p50_ms": round(p50, 1), "p95_ms": round(p95, 1), "max_ms": round(timings[-1], 1)}


def main() -> None:
    rng = random.Random(2026)
    started = time.monotonic()
    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    prepare_s = time.monotonic() - started
    started = time.monotonic()
    data = seed(rng)
    seed_s = time.monotonic() - started
    counts = {
        "helpers": Helper.objects.count(),
        "active": Helper.objects.filter(status=Helper.Status.ACTIVE).count(),
        "open_requests": HelpRequest.objects.filter(
            state__in=[HelpRequest.State.OPEN, HelpRequest.State.OFFERED]
        ).count(),
        "sessions": HelpSession.objects.count(),
        "credentials": Credential.objects.count(),
    }
    print(
        f"Datenbank in {prepare_s:.1f} s angelegt; {counts['helpers']} Helfer "
        f"({counts['active']} aktiv), {counts['credentials']} Nachweise, {counts['sessions']} "
        f"Einsätze, {counts['open_requests']} offene Anfragen in {seed_s:.1f} s geladen",
        flush=True,
    )
    rank = measure_ranking(rng)
    board = measure_board(rng, data["multiplier"])
    print(
        json.dumps(
            {
                **counts,
                "seed_s": round(seed_s, 1),
                "helper_rank": rank,
                "dispatch_board": board,
                "helper_rank_p95_ms": rank["p95_ms"],
                "dispatch_board_p95_ms": board["p95_ms"],
            }
        ),
        flush=True,
    )


if __name__ == "__main__":
    main()
