"""The Kümmerer caseload on PostgreSQL (issue 19), in a fresh database `lotse_bench_cases`
(dropped and created at the start, dropped again at the end unless --keep; --database-server
names another server).

1. Migrates, loads the demo region "Kreis Lindenau", then bulk-loads (COPY, and INSERT … SELECT
   generate_series for the journal; no services, no audit entries) into the office that
   employs kuemmerer@demo.lotse: --navigators Kümmerer (kuemmerer@ among them), --cases open
   case files spread evenly over them and over two sites (every stage: first contact,
   assessment, plan, implementation with reviews due, overdue and not yet due) and --closed
   closed ones, each of a person of its own; an opening event, one or two assessments with
   eight ratings, two or three goals, three actions (some overdue), two network contacts and,
   for older cases, a review per case; every tenth case with a colleague on its team; one
   current cover; and --journal journal entries over the last two years (one encrypted note,
   stored as the app stores it, reused). `last_contact_at` is set from the journal.
2. `caseload_p95_ms`: the caseload page `/begleitungen/` (`cases:caseload`, whatever it shows
   at the time) as kuemmerer@demo.lotse, who carries about --cases / --navigators open cases,
   through Django's test client after a login with the second factor, --runs times after a
   warm-up; p50, p95 and max.

Prints the figures, and as its last line one JSON object.
"""

import argparse
import base64
import datetime as dt
import hashlib
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
NAME = "lotse_bench_cases"
SERVER = "postgres://postgres@127.0.0.1:5432"
TARGET_CASELOAD_P95_MS = 150


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--navigators", type=int, default=50)
    parser.add_argument("--cases", type=int, default=5_000)
    parser.add_argument("--closed", type=int, default=1_000)
    parser.add_argument("--journal", type=int, default=1_000_000)
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
# As scripts/bench/run.py passes them, so the script also runs on its own.
os.environ.setdefault(
    "LOTSE_FERNET_KEYS",
    base64.urlsafe_b64encode(hashlib.sha256(b"bench-fernet").digest()).decode(),
)
os.environ.setdefault("LOTSE_AUDIT_KEYS", hashlib.sha256(b"bench-audit").hexdigest())
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

import django  # noqa: E402

django.setup()

from allauth.account.internal.flows.login import (  # noqa: E402
    AUTHENTICATION_METHODS_SESSION_KEY,
)
from allauth.mfa.models import Authenticator  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from pg_copy import copy_plain, copy_rows, percentile  # noqa: E402

from lotse.accounts.models import User  # noqa: E402
from lotse.accounts.services import user_create  # noqa: E402
from lotse.cases.models import (  # noqa: E402
    Action,
    Assessment,
    AssessmentRating,
    CaseEvent,
    CaseFile,
    Cover,
    Goal,
    JournalEntry,
    LifeArea,
    NetworkContact,
    Review,
    Stage,
)
from lotse.core.crypto import encrypt  # noqa: E402
from lotse.core.models import Area, Membership, Role  # noqa: E402
from lotse.people.models import Person  # noqa: E402

NAVIGATOR = "kuemmerer@demo.lotse"
GIVEN = "Erna Karl Hildegard Heinz Ursula Günter Ingrid Horst Renate Werner Gertrud Manfred".split()
FAMILY = "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Krüger".split()
GOALS = [
    "Ich möchte wieder allein einkaufen gehen.",
    "Ich möchte in meiner Wohnung bleiben können.",
    "Ich möchte wissen, ob mir ein Pflegegrad zusteht.",
    "Ich möchte wieder unter Leute kommen.",
]
OPEN_STAGES = [
    Stage.FIRST_CONTACT,
    Stage.ASSESSMENT,
    Stage.PLAN,
    Stage.IMPLEMENTATION,
    Stage.IMPLEMENTATION,
    Stage.IMPLEMENTATION,
    Stage.IMPLEMENTATION,
    Stage.IMPLEMENTATION,
]


def _navigators(office) -> list[User]:
    navigators = [User.objects.get(email=NAVIGATOR)]
    for n in range(1, ARGS.navigators):
        user = user_create(email=f"kuemmerer-bench-{n}@demo.lotse", name=f"Kümmerer {n}")
        navigators.append(user)
    Membership.objects.bulk_create(
        Membership(user=user, organisation=office, role=Role.CARE_NAVIGATOR)
        for user in navigators[1:]
    )
    return navigators


def seed(rng: random.Random) -> dict:  # noqa: PLR0915 (one pass over the cases, on purpose)
    now = timezone.now()
    today = timezone.localdate()
    region = Area.objects.get(slug="kreis-lindenau")
    office = Membership.objects.get(user__email=NAVIGATOR, role=Role.CARE_NAVIGATOR).organisation
    sites = list(
        Area.objects.filter(
            region=region, kind=Area.Kind.QUARTER, name__in=["Altstadt", "Nordviertel"]
        )
    )
    navigators = _navigators(office)
    note = encrypt("Hausbesuch: Einkauf besprochen, Antrag auf Pflegegrad ist gestellt.")

    persons, cases, events, assessments, ratings = [], [], [], [], []
    goals, actions, network, reviews, team = [], [], [], [], []
    total = ARGS.cases + ARGS.closed
    for n in range(total):
        is_open = n < ARGS.cases
        responsible = navigators[n % len(navigators)]
        site = sites[(n // len(navigators)) % 2]
        person_id = uuid.uuid4()
        persons.append(
            {
                "id": person_id,
                "organisation_id": office.pk,
                "region_id": region.pk,
                "given_name": rng.choice(GIVEN),
                "family_name": rng.choice(FAMILY),
                "birth_year": rng.randint(1930, 1955),
                "phone": f"05231 {rng.randint(100_000, 999_999)}",
                "quarter_id": site.pk,
                "contact_channel": "phone",
                "created_at": now,
                "updated_at": now,
            }
        )
        stage = rng.choice(OPEN_STAGES) if is_open else Stage.CLOSED
        opened = today - dt.timedelta(days=rng.randint(5, 700))
        closed_on = None
        if not is_open:
            closed_on = min(today, opened + dt.timedelta(days=rng.randint(60, 400)))
        next_review = None
        if stage == Stage.IMPLEMENTATION:
            # A third overdue or due, the rest later.
            next_review = today + dt.timedelta(days=rng.randint(-40, 60))
        case_id = uuid.uuid4()
        cases.append(
            {
                "id": case_id,
                "organisation_id": office.pk,
                "region_id": region.pk,
                "site_id": site.pk,
                "number": n + 1,
                "person_id": person_id,
                "responsible_id": responsible.pk,
                "opened_on": opened,
                "source": CaseFile.Source.DIRECT,
                "reason": rng.choice(CaseFile.Reason.values),
                "reason_note": "Nach dem Schlaganfall allein zu Hause.",
                "stage": stage,
                "next_review_on": next_review,
                "closed_on": closed_on,
                "closing_reason": CaseFile.ClosingReason.GOALS_REACHED if closed_on else "",
                "created_by_id": responsible.pk,
                "created_at": now,
                "updated_at": now,
            }
        )
        if n % 10 == 3:
            team.append((case_id, navigators[(n + 1) % len(navigators)].pk))
        events.append(
            {
                "id": uuid.uuid4(),
                "case_file_id": case_id,
                "kind": CaseEvent.Kind.OPENED,
                "actor_id": responsible.pk,
                "to_user_id": responsible.pk,
                "at": now,
            }
        )
        if stage == Stage.FIRST_CONTACT:
            continue
        for k in range(1 if stage != Stage.CLOSED and opened > today - dt.timedelta(90) else 2):
            assessment_id = uuid.uuid4()
            assessments.append(
                {
                    "id": assessment_id,
                    "case_file_id": case_id,
                    "assessed_on": opened + dt.timedelta(days=7 + 56 * k),
                    "recorded_by_id": responsible.pk,
                    "created_at": now,
                }
            )
            ratings += [
                {
                    "assessment_id": assessment_id,
                    "area": area,
                    "level": rng.randint(0, 3),
                    "note": "Braucht Hilfe beim Einkaufen." if area == LifeArea.EVERYDAY else "",
                }
                for area in LifeArea.values
            ]
            if k == 1:
                reviews.append(
                    {
                        "id": uuid.uuid4(),
                        "case_file_id": case_id,
                        "reviewed_on": opened + dt.timedelta(days=63),
                        "what_changed": "Einkaufen klappt mit der Nachbarschaftshilfe.",
                        "assessment_id": assessment_id,
                        "recorded_by_id": responsible.pk,
                        "created_at": now,
                    }
                )
        for role, name in (("relative", "Sabine (Tochter)"), ("doctor", "Praxis Dr. Tewes")):
            network.append(
                {
                    "id": uuid.uuid4(),
                    "case_file_id": case_id,
                    "role": role,
                    "name": name,
                    "phone": "0171 4455667",
                    "may_contact": True,
                    "agreed_on": opened,
                    "created_at": now,
                    "updated_at": now,
                }
            )
        if stage == Stage.ASSESSMENT:
            continue
        goal_ids = []
        for position in range(rng.randint(2, 3)):
            goal_ids.append(uuid.uuid4())
            goals.append(
                {
                    "id": goal_ids[-1],
                    "case_file_id": case_id,
                    "text": rng.choice(GOALS),
                    "position": position,
                    "status": Goal.Status.REACHED if closed_on else Goal.Status.OPEN,
                    "created_at": now,
                    "updated_at": now,
                }
            )
        if stage == Stage.PLAN:
            continue
        for k in range(3):
            due = today + dt.timedelta(days=rng.randint(-30, 45))
            done = closed_on is not None or (due < today and rng.random() < 0.7)
            actions.append(
                {
                    "id": uuid.uuid4(),
                    "case_file_id": case_id,
                    "goal_id": goal_ids[k % len(goal_ids)],
                    "kind": Action.Kind.TASK,
                    "title": "Antrag auf Pflegegrad stellen",
                    "doer": Action.Doer.NAVIGATOR,
                    "due_on": due,
                    "status": Action.Status.DONE if done else Action.Status.OPEN,
                    "done_on": min(due, today) if done else None,
                    "created_by_id": responsible.pk,
                    "created_at": now,
                    "updated_at": now,
                }
            )
    copy_rows(Person, persons)
    copy_rows(CaseFile, cases)
    copy_plain(CaseFile.team.through._meta.db_table, ["casefile_id", "user_id"], team)
    copy_rows(CaseEvent, events)
    copy_rows(Assessment, assessments)
    copy_rows(AssessmentRating, ratings)
    copy_rows(Goal, goals)
    copy_rows(Action, actions)
    copy_rows(NetworkContact, network)
    copy_rows(Review, reviews)
    Cover.objects.create(
        organisation=office,
        region=region,
        absent=navigators[1],
        covering=navigators[2],
        starts_on=today - dt.timedelta(days=2),
        ends_on=today + dt.timedelta(days=12),
        created_by=navigators[0],
    )
    journal_started = time.monotonic()
    with connection.cursor() as cursor:
        # Each case's row number, so that generate_series can spread the entries over them.
        cursor.execute(
            "CREATE TEMP TABLE bench_case AS SELECT id, responsible_id, opened_on, "
            "row_number() OVER (ORDER BY number) AS n FROM cases_casefile"
        )
        cursor.execute("CREATE UNIQUE INDEX ON bench_case (n)")
        kinds = "ARRAY['home_visit','phone','phone','office','video','with_others','written']"
        cursor.execute(
            f"""
            INSERT INTO {JournalEntry._meta.db_table}
                (id, case_file_id, kind, happened_at, minutes, note, author_id, created_at)
            SELECT gen_random_uuid(), c.id, ({kinds})[1 + (g %% 7)],
                   %(now)s - ((g * 7919) %% 730) * interval '1 day'
                           - ((g * 31) %% 600) * interval '1 minute',
                   5 * (1 + (g %% 24)), %(note)s, c.responsible_id, %(now)s
            FROM generate_series(0::bigint, %(count)s - 1) AS g
            JOIN bench_case c ON c.n = 1 + (g %% %(cases)s)
            """,
            {"now": now, "note": note, "count": ARGS.journal, "cases": total},
        )
        cursor.execute(
            f"""
            UPDATE {CaseFile._meta.db_table} AS c SET last_contact_at = j.last
            FROM (SELECT case_file_id, max(happened_at) AS last
                  FROM {JournalEntry._meta.db_table} GROUP BY case_file_id) AS j
            WHERE j.case_file_id = c.id
            """
        )
        cursor.execute("ANALYZE")
    journal_s = time.monotonic() - journal_started
    return {"navigator": navigators[0], "journal_s": journal_s}


def measure_caseload(navigator: User) -> dict:
    Authenticator.objects.get_or_create(
        user=navigator, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "x"}}
    )
    client = Client()
    client.force_login(navigator)
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": time.time(), "email": navigator.email},
        {"method": "mfa", "at": time.time(), "id": 0, "type": "totp"},
    ]
    session.save()
    url = reverse("cases:caseload")
    timings = []
    size = 0
    for n in range(ARGS.runs + 20):
        started = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, response.status_code
        size = len(response.content)
        if n >= 20:  # warm-up
            timings.append(elapsed)
    timings.sort()
    p50, p95 = percentile(timings, 0.50), percentile(timings, 0.95)
    print(
        f"{url} (Testclient, {size} Bytes): {len(timings)} Aufrufe, p50 {p50:.1f} ms, "
        f"p95 {p95:.1f} ms, max {timings[-1]:.1f} ms",
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
    navigator = data["navigator"]
    counts = {
        "navigators": ARGS.navigators,
        "open_cases": CaseFile.objects.exclude(stage=Stage.CLOSED).count(),
        "closed_cases": CaseFile.objects.filter(stage=Stage.CLOSED).count(),
        "journal_entries": JournalEntry.objects.count(),
        "goals": Goal.objects.count(),
        "actions": Action.objects.count(),
        "assessments": Assessment.objects.count(),
        "navigator_open_cases": CaseFile.objects.filter(responsible=navigator)
        .exclude(stage=Stage.CLOSED)
        .count(),
    }
    print(
        f"Datenbank in {prepare_s:.1f} s angelegt; {counts['navigators']} Kümmerer, "
        f"{counts['open_cases']} laufende und {counts['closed_cases']} abgeschlossene "
        f"Begleitungen, {counts['journal_entries']} Journaleinträge (davon "
        f"{data['journal_s']:.1f} s), {counts['goals']} Ziele, {counts['actions']} Maßnahmen, "
        f"{counts['assessments']} Einschätzungen in {seed_s:.1f} s geladen; {NAVIGATOR} "
        f"begleitet {counts['navigator_open_cases']}",
        flush=True,
    )
    caseload = measure_caseload(navigator)
    connection.close()
    if not ARGS.keep:
        with psycopg.connect(f"{ARGS.database_server}/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {NAME} WITH (FORCE)")
    print(
        json.dumps(
            {
                **counts,
                "seed_s": round(seed_s, 1),
                "journal_insert_s": round(data["journal_s"], 1),
                "caseload": caseload,
                "caseload_p95_ms": caseload["p95_ms"],
                "caseload_p95_le_150_ms": caseload["p95_ms"] <= TARGET_CASELOAD_P95_MS,
            }
        ),
        flush=True,
    )


if __name__ == "__main__":
    main()
