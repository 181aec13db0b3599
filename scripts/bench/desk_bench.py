"""The office's figures on PostgreSQL (the database DATABASE_URL names; run.py passes a fresh
`lotse_bench_desk`).

1. Migrates, loads the demo region "Kreis Lindenau" (8 Quartiersbüros, 29 providers, 46
   offers) and bulk-loads with COPY (no services, no audit entries) --persons persons,
   --inquiries inquiries and --referrals referrals of its offices: three years of work, the
   first office holding 30 %, older inquiries mostly closed, open ones with follow-ups (some
   due), referrals in every status, overdue ones expired with an alert for the office.
2. Starts gunicorn (run.py's, DEBUG off) and logs staff in over HTTP with password and
   authenticator code, as a browser does.
3. The office dashboard `/anliegen/` of the first office: --requests requests one after the
   other after a warm-up; p50 and p95.
4. POST /api/v1/desk/inquiries with wrk over --threads connections (each its own staff
   session and CSRF token, staff of all eight offices) for --seconds: inquiries that arrived
   in the database per second.

Prints the figures, and as its last line one JSON object.
"""

import argparse
import datetime as dt
import http.cookiejar
import json
import math
import os
import random
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from allauth.mfa.totp.internal.auth import (  # noqa: E402
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from pg_copy import copy_plain, copy_rows, percentile  # noqa: E402
from run import gunicorn, wrk  # noqa: E402

from lotse.accounts.services import user_create  # noqa: E402
from lotse.core.codes import ALPHABET  # noqa: E402
from lotse.core.models import Membership, Organisation, Role  # noqa: E402
from lotse.desk.models import Inquiry, Referral  # noqa: E402
from lotse.directory.models import Service  # noqa: E402
from lotse.directory.selectors import topic_list  # noqa: E402
from lotse.people.matching import digits, fold, fold_street  # noqa: E402
from lotse.people.models import Person  # noqa: E402

PASSWORD = "bench-passwort-2026"
DAYS = 3 * 365
# The first office holds this share of the region's work; the other seven share the rest.
FIRST_OFFICE_SHARE = 0.30
CHANNELS = [
    ("phone", 50),
    ("walk_in", 25),
    ("email", 10),
    ("home_visit", 7),
    ("web", 5),
    ("outreach", 2),
    ("event", 1),
]
GIVEN = "Erna Karl Hildegard Heinz Ursula Günter Ingrid Horst Renate Werner Gisela Manfred".split()
FAMILY = "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Koch".split()
STREETS = ["Marktstraße", "Kirchweg", "Am Bahnhof", "Lindenallee", "Schulstraße", "Gartenweg"]
TEXTS = [
    "Sucht Hilfe beim Einkaufen, seit der Hüft-OP geht es schlecht.",
    "Fragt nach einem Mittagstisch in der Nähe.",
    "Tochter ruft an: Mutter ist viel allein, sucht Besuchsdienst.",
    "Braucht eine Fahrt zum Arzt am Donnerstag.",
    "Möchte Beratung zur Pflegestufe.",
    "Interessiert sich für den Seniorentreff und die Gymnastik.",
    "Fragt nach Hilfe mit dem neuen Smartphone.",
    "Wohnung ist nicht mehr passend, sucht Wohnberatung.",
]


# 1. Data ---------------------------------------------------------------------------------------


def short_code(number: int) -> str:
    symbols = ""
    for _ in range(8):
        number, digit = divmod(number, len(ALPHABET))
        symbols += ALPHABET[digit]
    return f"{symbols[:4]}-{symbols[4:]}"


def staff_user(email: str, office: Organisation) -> tuple[Any, str]:
    """A member of the office's staff with password and an activated authenticator app."""
    user = user_create(email=email, password=PASSWORD, name=email.split("@")[0])
    Membership.objects.create(user=user, organisation=office, role=Role.OFFICE_STAFF)
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return user, secret


def office_weights(count: int) -> list[float]:
    return [FIRST_OFFICE_SHARE] + [(1 - FIRST_OFFICE_SHARE) / (count - 1)] * (count - 1)


def inquiry_status(rng: random.Random, age_days: int) -> str:
    if age_days < 14:
        table = [("open", 50), ("in_progress", 30), ("waiting", 15), ("closed", 5)]
    elif age_days < 90:
        table = [("open", 10), ("in_progress", 10), ("waiting", 10), ("closed", 70)]
    else:
        table = [("open", 1), ("in_progress", 1), ("waiting", 1), ("closed", 97)]
    return rng.choices([s for s, _w in table], [w for _s, w in table])[0]


def referral_status(rng: random.Random, inquiry_open: bool, overdue: bool) -> str:
    if not inquiry_open:  # closing needs every referral ended
        return rng.choices(["completed", "declined", "withdrawn"], [70, 15, 15])[0]
    if overdue:
        # Past their answer date: mostly answered; "requested" ones wait for tonight's worker.
        table = [
            ("completed", 40),
            ("declined", 10),
            ("withdrawn", 10),
            ("in_progress", 15),
            ("accepted", 10),
            ("requested", 3),
            ("expired", 12),
        ]
        return rng.choices([s for s, _w in table], [w for _s, w in table])[0]
    return rng.choices(["requested", "accepted", "in_progress"], [60, 25, 15])[0]


def seed(args: argparse.Namespace) -> dict:
    """The region's three years; returns the offices, their staff logins and persons."""
    rng = random.Random(2026)
    offices = list(Organisation.objects.filter(kind=Organisation.Kind.OFFICE).order_by("name"))
    weights = office_weights(len(offices))
    quarter_of: dict[uuid.UUID, Any] = {o.pk: o.coordinates.first() for o in offices}
    logins: dict[uuid.UUID, list[tuple[str, str]]] = {}
    staff: dict[uuid.UUID, list[int]] = {}
    for number, office in enumerate(offices):
        # One login more than the API clients need: the dashboard's (an authenticator code
        # counts once, so two logins of one user in the same 30 seconds would fail).
        for k in range(math.ceil(args.threads / len(offices)) + 1):
            email = f"buero{number}-{k}@bench.lotse"
            user, secret = staff_user(email, office)
            logins.setdefault(office.pk, []).append((email, secret))
            staff.setdefault(office.pk, []).append(user.pk)
    now = timezone.now()
    today = timezone.localdate()

    persons: list[dict[str, Any]] = []
    for _ in range(args.persons):
        office = rng.choices(offices, weights)[0]
        given, family = rng.choice(GIVEN), rng.choice(FAMILY)
        street = f"{rng.choice(STREETS)} {rng.randint(1, 90)}"
        phone = f"02361 {rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
        persons.append(
            {
                "id": uuid.uuid4(),
                "organisation_id": office.pk,
                "region_id": office.region_id,
                "given_name": given,
                "family_name": family,
                "birth_year": rng.randint(1925, 1960),
                "phone": phone,
                "street": street,
                "postcode": "45600",
                "city": "Lindenau",
                "quarter_id": quarter_of[office.pk].pk,
                "languages": ["de"],
                "search_name": fold(f"{given} {family}"),
                "search_phone": digits(phone),
                "search_street": fold_street(street),
                "created_at": now - dt.timedelta(days=rng.randint(0, DAYS)),
                "updated_at": now,
            }
        )
    copy_rows(Person, persons)
    persons_of: dict[uuid.UUID, list[dict]] = {}
    for row in persons:
        persons_of.setdefault(row["organisation_id"], []).append(row)

    topics = list(topic_list().values_list("id", flat=True))
    inquiries: list[dict[str, Any]] = []
    topic_rows = []
    for _ in range(args.inquiries):
        office = rng.choices(offices, weights)[0]
        created = now - dt.timedelta(days=rng.random() * DAYS)
        age = (now - created).days
        status = inquiry_status(rng, age)
        person: dict[str, Any] | None = (
            rng.choice(persons_of[office.pk]) if rng.random() < 0.75 else None
        )
        follow_up = None
        if status != "closed" and rng.random() < 0.25:
            follow_up = created.date() + dt.timedelta(days=rng.randint(1, 21))
        inquiry: dict[str, Any] = {
            "id": uuid.uuid4(),
            "organisation_id": office.pk,
            "region_id": office.region_id,
            "quarter_id": person["quarter_id"] if person else quarter_of[office.pk].pk,
            "channel": rng.choices([c for c, _w in CHANNELS], [w for _c, w in CHANNELS])[0],
            "person_id": person["id"] if person else None,
            "contact_name": "" if person or rng.random() < 0.5 else "Anrufer",
            "description": rng.choice(TEXTS),
            "minutes_spent": rng.randint(3, 60),
            "status": status,
            "assigned_to_id": rng.choice(staff[office.pk]) if rng.random() < 0.6 else None,
            "follow_up_on": follow_up,
            "follow_up_outcome": follow_up is not None and rng.random() < 0.2,
            "created_by_id": rng.choice(staff[office.pk]),
            "created_at": created,
            "updated_at": created,
            "closed_at": created + dt.timedelta(days=rng.randint(0, 30))
            if status == "closed"
            else None,
        }
        inquiries.append(inquiry)
        for term in rng.sample(topics, rng.randint(1, 2)):
            topic_rows.append((inquiry["id"], term))
    copy_rows(Inquiry, inquiries)
    copy_plain("desk_inquiry_topics", ["inquiry_id", "taxonomyterm_id"], topic_rows)

    services = list(Service.objects.values_list("id", "organization_id"))
    referrals = []
    for number, inquiry in enumerate(rng.choices(inquiries, k=args.referrals)):
        service_id, provider_id = rng.choice(services)
        created = inquiry["created_at"] + dt.timedelta(hours=rng.randint(0, 72))
        due = created.date() + dt.timedelta(days=7)
        status = referral_status(rng, inquiry["status"] != "closed", due < today)
        ended = status in ("completed", "declined", "withdrawn")
        answered = status not in ("requested", "expired", "withdrawn")
        referrals.append(
            {
                "id": uuid.uuid4(),
                "inquiry_id": inquiry["id"],
                "organisation_id": inquiry["organisation_id"],
                "region_id": inquiry["region_id"],
                "person_id": inquiry["person_id"],
                "service_id": service_id,
                "receiving_organisation_id": provider_id,
                "status": status,
                "short_code": short_code(number),
                "answer_due": due,
                "succeeded": (rng.random() < 0.8) if status == "completed" else None,
                "office_alert_at": created + dt.timedelta(days=8) if status == "expired" else None,
                "created_by_id": inquiry["created_by_id"],
                "created_at": created,
                "updated_at": created,
                "answered_at": created + dt.timedelta(days=2) if answered else None,
                "closed_at": created + dt.timedelta(days=10) if ended else None,
            }
        )
    copy_rows(Referral, referrals)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "offices": offices,
        "logins": logins,
        "persons_of": {k: [p["id"] for p in v] for k, v in persons_of.items()},
        "topics": list(topic_list().values_list("code", flat=True)),
    }


def dashboard_counts(office: Organisation) -> dict:
    today = timezone.localdate()
    open_inquiries = Inquiry.objects.filter(organisation=office).exclude(status="closed")
    return {
        "inquiries": Inquiry.objects.filter(organisation=office).count(),
        "referrals": Referral.objects.filter(organisation=office).count(),
        "open": open_inquiries.count(),
        "follow_ups_due": open_inquiries.filter(follow_up_on__lte=today).count(),
        "alerts": Referral.objects.filter(
            organisation=office, office_alert_at__isnull=False
        ).count(),
    }


# 2. HTTP as a browser --------------------------------------------------------------------------


class Browser:
    """One person's browser: cookies, the CSRF token from its cookie, redirects followed."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def csrf_token(self) -> str:
        return next(c.value or "" for c in self.jar if c.name == "csrftoken")

    def request(
        self, path: str, *, form: dict | None = None, payload: dict | None = None
    ) -> tuple[int, bytes]:
        data, headers = None, {}
        if form is not None:
            data = urllib.parse.urlencode(form).encode()
        elif payload is not None:
            data, headers["Content-Type"] = json.dumps(payload).encode(), "application/json"
        if data is not None:
            headers["X-CSRFToken"] = self.csrf_token()
        request = urllib.request.Request(self.base + path, data=data, headers=headers)
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()

    def log_in(self, email: str, secret: str) -> None:
        """Password, then the authenticator's code, as on the login pages."""
        self.request(reverse("accounts:login"))
        self.request(reverse("accounts:login"), form={"login": email, "password": PASSWORD})
        code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
        self.request(reverse("mfa_authenticate"), form={"code": code})
        # Without a complete login the account page redirects to the login page.
        with self.opener.open(self.base + "/konto/", timeout=30) as response:
            if response.status != 200 or urllib.parse.urlsplit(response.geturl()).path != "/konto/":
                raise SystemExit(f"Anmeldung von {email} fehlgeschlagen ({response.geturl()})")


# 3. and 4. Measurements ------------------------------------------------------------------------


def measure_dashboard(base: str, login: tuple[str, str], requests: int) -> dict:
    browser = Browser(base)
    browser.log_in(*login)
    for _ in range(20):
        browser.request("/anliegen/")
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        status, body = browser.request("/anliegen/")
        timings.append((time.perf_counter() - started) * 1000)
        if status != 200:
            raise SystemExit(f"/anliegen/ antwortet {status}")
    timings.sort()
    p50, p95 = percentile(timings, 0.50), percentile(timings, 0.95)
    print(
        f"/anliegen/: {requests} Aufrufe nacheinander, p50 {p50:.1f} ms, p95 {p95:.1f} ms, "
        f"max {timings[-1]:.1f} ms, {len(body) // 1024} KB",
        flush=True,
    )
    return {"p50_ms": round(p50, 1), "p95_ms": round(p95, 1), "max_ms": round(timings[-1], 1)}


def inquiry_payload(rng: random.Random, persons: list[uuid.UUID], topics: list[str]) -> dict:
    staff_channels = [(c, w) for c, w in CHANNELS if c != "web"]  # web: residents only
    payload = {
        "channel": rng.choices([c for c, _w in staff_channels], [w for _c, w in staff_channels])[0],
        "topics": rng.sample(topics, rng.randint(1, 2)),
        "description": rng.choice(TEXTS),
        "minutes_spent": rng.randint(3, 30),
    }
    if rng.random() < 0.75:
        payload["person"] = str(rng.choice(persons))
    if rng.random() < 0.3:
        payload["follow_up_on"] = str(timezone.localdate() + dt.timedelta(days=rng.randint(1, 14)))
    return payload


# wrk's requests: each connection in turn takes the next session (cookie and CSRF token) and
# the next of its office's prepared inquiries.
POST_LUA = """
local counter = 0
request = function()
  counter = counter + 1
  local s = sessions[(counter % #sessions) + 1]
  local body = s.bodies[(math.floor(counter / #sessions) % #s.bodies) + 1]
  return wrk.format("POST", "/api/v1/desk/inquiries",
    {["Content-Type"] = "application/json", ["X-CSRFToken"] = s.token, ["Cookie"] = s.cookie},
    body)
end
"""


def lua_string(text: str) -> str:
    # A JSON string without \u escapes is also a Lua string.
    return json.dumps(text, ensure_ascii=False)


def measure_api(base: str, data: dict, threads: int, seconds: float) -> dict:
    """POST /api/v1/desk/inquiries with wrk (the load generator in C, so the measurement costs
    the two CPUs little): `threads` connections, each staff member logged in with their own
    session; counts the inquiries that arrived in the database."""
    offices = data["offices"]
    rng = random.Random(7)
    sessions = []
    for number in range(threads):
        office = offices[number % len(offices)]
        browser = Browser(base)
        browser.log_in(*data["logins"][office.pk][number // len(offices)])
        cookie = "; ".join(f"{c.name}={c.value}" for c in browser.jar)
        bodies = [
            json.dumps(inquiry_payload(rng, data["persons_of"][office.pk], data["topics"]))
            for _ in range(50)
        ]
        token, listed = lua_string(browser.csrf_token()), ", ".join(map(lua_string, bodies))
        sessions.append(
            f"{{cookie = {lua_string(cookie)}, token = {token}, bodies = {{{listed}}}}}"
        )
    before = Inquiry.objects.count()
    connection.close()
    figures = wrk(
        base,
        lua="sessions = {" + ", ".join(sessions) + "}\n" + POST_LUA,
        connections=threads,
        seconds=seconds,
    )
    created = Inquiry.objects.count() - before
    connection.close()
    per_s = created / seconds
    print(
        f"POST /api/v1/desk/inquiries: {threads} Verbindungen, {seconds:.0f} s, {created} "
        f"Anliegen angelegt ({per_s:.0f}/s), {figures['non_2xx']} Fehler, p50 "
        f"{figures['p50_ms']} ms, p99 {figures['p99_ms']} ms",
        flush=True,
    )
    return {
        "per_s": round(per_s, 1),
        "created": created,
        "failed": figures["non_2xx"],
        "p50_ms": figures["p50_ms"],
        "p99_ms": figures["p99_ms"],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--inquiries", type=int, default=100_000)
    parser.add_argument("--referrals", type=int, default=300_000)
    parser.add_argument("--persons", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=200, help="dashboard requests")
    parser.add_argument("--threads", type=int, default=12, help="API clients")
    parser.add_argument("--seconds", type=float, default=20, help="API measurement")
    # Requests mostly wait for PostgreSQL, so more workers than CPUs (gunicorn's 2 × CPUs + 1).
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("desk_bench.py braucht PostgreSQL (DATABASE_URL)")
    started = time.monotonic()
    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    call_command("load_demo_offices", stdout=open(os.devnull, "w"))  # noqa: SIM115
    prepare_s = time.monotonic() - started
    started = time.monotonic()
    data = seed(args)
    seed_s = time.monotonic() - started
    first = data["offices"][0]
    counts = dashboard_counts(first)
    print(
        f"Datenbank in {prepare_s:.1f} s angelegt; {args.inquiries} Anliegen, "
        f"{args.referrals} Vermittlungen, {args.persons} Personen in {seed_s:.1f} s geladen",
        flush=True,
    )
    print(
        f"{first.name}: {counts['inquiries']} Anliegen ({counts['open']} offen, "
        f"{counts['follow_ups_due']} Nachfragen fällig), {counts['referrals']} Vermittlungen "
        f"({counts['alerts']} ohne Antwort)",
        flush=True,
    )
    connection.close()  # the server's workers take over
    with gunicorn(os.environ["DATABASE_URL"], workers=args.workers, warm=["/healthz"]) as base:
        dashboard = measure_dashboard(base, data["logins"][first.pk][-1], args.requests)
        api = measure_api(base, data, args.threads, args.seconds)
    print(
        json.dumps(
            {
                "inquiries": args.inquiries,
                "referrals": args.referrals,
                "seed_s": round(seed_s, 1),
                "first_office": counts,
                "dashboard": dashboard,
                "api": api,
                "gunicorn_workers": args.workers,
                "api_threads": args.threads,
                "api_seconds": args.seconds,
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
