"""Bulk-generates realistic German offers for benchmarks: batched INSERTs, no per-row logic."""

import datetime as dt
import random
import time
import uuid

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from lotse.core.models import Area, Organisation
from lotse.directory.models import (
    Address,
    Lexeme,
    Location,
    Phone,
    Schedule,
    SearchEntry,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from lotse.directory.text import index_tokens

KINDS = [
    ("Seniorentreff", "Offener Treff mit Kaffee und Gesprächen für ältere Menschen."),
    ("Einkaufshilfe", "Ehrenamtliche helfen beim Einkaufen und bringen die Einkäufe nach Hause."),
    ("Mittagstisch", "Gemeinsames Mittagessen in netter Runde."),
    ("Pflegeberatung", "Beratung zu Pflegegrad, Pflegegeld und Entlastung für Angehörige."),
    ("Handysprechstunde", "Digital-Helfer erklären Smartphone und Tablet."),
    ("Fahrdienst", "Fahrten zum Arzt, zur Apotheke und zum Friedhof."),
    ("Seniorengymnastik", "Sanfte Bewegung und Sturzprävention."),
    ("Besuchsdienst", "Ehrenamtliche besuchen einsame Menschen zu Hause."),
    ("Wohnberatung", "Beratung zur barrierefreien Wohnungsanpassung."),
    ("Demenzcafé", "Begegnung für Menschen mit Demenz und ihre Angehörigen."),
    ("Trauergruppe", "Begleitung für Trauernde in der Gruppe."),
    ("Rentenberatung", "Hilfe bei Rentenanträgen und Grundsicherung."),
    ("Gedächtnistraining", "Spielerische Übungen für ein gutes Gedächtnis."),
    ("Spieleabend", "Karten- und Brettspiele in geselliger Runde."),
    ("Chor", "Gemeinsames Singen bekannter Volkslieder."),
]
PLACES = [
    "Lindenhof",
    "Kirchplatz",
    "Marktstraße",
    "Am Park",
    "Rathaus",
    "Bürgerhaus",
    "Stadtteilzentrum",
]
CITIES = [
    ("Lindenau", "45657"),
    ("Birkenfeld", "45659"),
    ("Erlenbach", "45665"),
    ("Recklinghausen", "45657"),
]


class Command(BaseCommand):
    help = "Erzeugt viele Angebote mit echtem deutschem Wortschatz für Messungen."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--offers", type=int, required=True)
        parser.add_argument("--batch", type=int, default=5000)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, offers: int, batch: int, seed: int, **options) -> None:
        if not Organisation.objects.exists():
            call_command("load_demo", stdout=self.stdout)
        rng = random.Random(seed)
        region = Area.objects.filter(kind=Area.Kind.REGION).first()
        quarters = list(Area.objects.filter(kind=Area.Kind.QUARTER, region=region))
        terms = list(TaxonomyTerm.objects.filter(parent=None))
        org_count = max(1, offers // 5)
        orgs = [
            Organisation(name=f"Träger {i} {rng.choice(PLACES)}", region=region)
            for i in range(org_count)
        ]
        Organisation.objects.bulk_create(orgs, batch_size=batch)
        docs = {i: " ".join(index_tokens(f"{name} {text}")) for i, (name, text) in enumerate(KINDS)}
        Lexeme.objects.bulk_create(
            [Lexeme(term=t) for d in docs.values() for t in set(d.split())], ignore_conflicts=True
        )
        started = time.monotonic()
        through = Service.terms.through
        today = dt.date.today()
        for start in range(0, offers, batch):
            rows = min(batch, offers - start)
            services, locations, addresses, sals, phones, schedules, entries, links = (
                [],
                [],
                [],
                [],
                [],
                [],
                [],
                [],
            )
            for n in range(start, start + rows):
                k = n % len(KINDS)
                name, text = KINDS[k]
                org = orgs[n % org_count]
                quarter = quarters[n % len(quarters)] if quarters else None
                city, plz = CITIES[n % len(CITIES)]
                service = Service(
                    id=uuid.uuid4(),
                    organization_id=org.id,
                    name=f"{name} {rng.choice(PLACES)} {n}",
                    description=text,
                    last_verified_at=today - dt.timedelta(days=n % 500),
                    cost=Service.Cost.FREE if n % 3 else Service.Cost.DONATION,
                )
                location = Location(
                    id=uuid.uuid4(),
                    organization_id=org.id,
                    name=rng.choice(PLACES),
                    quarter=quarter,
                    latitude=51.6 + rng.uniform(-0.3, 0.3),
                    longitude=7.2 + rng.uniform(-0.3, 0.3),
                )
                term = terms[n % len(terms)] if terms else None
                flags = [f"_t_{term.code}"] if term else []
                if quarter:
                    flags.append(f"_a_{quarter.slug}")
                if service.cost == Service.Cost.FREE:
                    flags.append("_kostenlos")
                services.append(service)
                locations.append(location)
                addresses.append(
                    Address(
                        location=location,
                        address_1=f"{rng.choice(PLACES)} {n % 90 + 1}",
                        city=city,
                        postal_code=plz,
                    )
                )
                sals.append(ServiceAtLocation(service=service, location=location))
                phones.append(Phone(service=service, number=f"02361 {n % 900 + 100} {n % 90 + 10}"))
                schedules.append(
                    Schedule(
                        service=service,
                        byday="MO,WE,FR",
                        opens_at=dt.time(9),
                        closes_at=dt.time(12),
                    )
                )
                entries.append(
                    SearchEntry(
                        service=service,
                        document=f" {docs[k]} {city.lower()} {' '.join(flags)} ",
                        latitude=location.latitude,
                        longitude=location.longitude,
                    )
                )
                if term:
                    links.append(through(service_id=service.id, taxonomyterm_id=term.id))
            with transaction.atomic():
                Service.objects.bulk_create(services, batch_size=batch)
                Location.objects.bulk_create(locations, batch_size=batch)
                for model, objs in (
                    (Address, addresses),
                    (ServiceAtLocation, sals),
                    (Phone, phones),
                    (Schedule, schedules),
                    (SearchEntry, entries),
                    (through, links),
                ):
                    model.objects.bulk_create(objs, batch_size=batch)
            done = start + rows
            if done % (batch * 20) == 0 or done == offers:
                self.stdout.write(f"{done} Angebote erzeugt ({time.monotonic() - started:.0f} s)")
