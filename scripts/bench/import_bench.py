"""Import speed on one database (the one DATABASE_URL names): `import_10k_s`.

Migrates, then writes an HSDS 3.0 JSON list of 10,000 services (each with its organisation,
one location with an address, one or two schedules and a phone; 500 organisations) into a
temporary file and runs `manage.py import_directory` on it (timed), into the region
"bench-import", whose earlier data is removed first. Then runs the same file again, which
changes nothing (timed too). The ids are new on every run, so the first run always creates.
Prints the figures, and as its last line one JSON object. Target: at most 60 s on PostgreSQL.
"""

import argparse
import io
import json
import os
import random
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from lotse.core.models import Area, Organisation  # noqa: E402
from lotse.directory.models import Location, Service, ServiceAtLocation  # noqa: E402

REGION = "bench-import"
TARGET_SECONDS = 60
# (city, postcode, latitude, longitude)
CITIES = [
    ("Berlin", "10115", 52.53, 13.38),
    ("Hamburg", "20095", 53.55, 10.00),
    ("München", "80331", 48.14, 11.57),
    ("Köln", "50667", 50.94, 6.96),
    ("Recklinghausen", "45657", 51.61, 7.20),
    ("Leipzig", "04109", 51.34, 12.37),
]
KINDS = [
    ("Seniorentreff", "Offener Treff mit Kaffee, Kuchen und Gesprächen."),
    ("Mittagstisch", "Gemeinsames Mittagessen in netter Runde."),
    ("Pflegeberatung", "Beratung zu Pflegegrad, Pflegegeld und Entlastung für Angehörige."),
    ("Handysprechstunde", "Digital-Helfer erklären Smartphone und Tablet."),
    ("Besuchsdienst", "Ehrenamtliche besuchen einsame Menschen zu Hause."),
]
SCHEDULES = [
    [("MO,TU,WE,TH,FR", "09:00", "12:00")],
    [("TU,TH", "14:00", "17:00"), ("WE", "10:00", "12:00")],
    [("1WE", "15:00", "17:00")],
]


def services(count: int, organisations: int) -> list[dict]:
    rng = random.Random(7)
    orgs = [
        {"id": str(uuid.uuid4()), "name": f"Träger {n}", "description": "Ein Träger."}
        for n in range(organisations)
    ]
    result = []
    for n in range(count):
        kind, text = KINDS[n % len(KINDS)]
        city, postcode, lat, lon = CITIES[n % len(CITIES)]
        service_id, location_id = str(uuid.uuid4()), str(uuid.uuid4())
        rules = SCHEDULES[n % len(SCHEDULES)]
        result.append(
            {
                "id": service_id,
                "name": f"{kind} {city} {n}",
                "description": text,
                "status": "active",
                "fees_description": "kostenlos",
                "organization": orgs[n % organisations],
                "phones": [{"id": str(uuid.uuid4()), "number": f"0{rng.randint(201, 9999)} 12345"}],
                "schedules": [
                    {
                        "id": str(uuid.uuid4()),
                        "freq": "MONTHLY" if byday[0].isdigit() else "WEEKLY",
                        "byday": byday,
                        "opens_at": opens,
                        "closes_at": closes,
                    }
                    for byday, opens, closes in rules
                ],
                "service_at_locations": [
                    {
                        "id": str(uuid.uuid4()),
                        "location": {
                            "id": location_id,
                            "location_type": "physical",
                            "name": f"Bürgerhaus {city} {n}",
                            "latitude": round(lat + rng.uniform(-0.05, 0.05), 6),
                            "longitude": round(lon + rng.uniform(-0.05, 0.05), 6),
                            "addresses": [
                                {
                                    "id": str(uuid.uuid4()),
                                    "address_1": f"Hauptstraße {n % 120 + 1}",
                                    "city": city,
                                    "postal_code": postcode,
                                    "state_province": "",
                                    "country": "DE",
                                    "address_type": "physical",
                                }
                            ],
                        },
                    }
                ],
            }
        )
    return result


def clear_region(region: Area) -> None:
    """Removes what earlier runs imported into the bench region."""
    services = Service.objects.filter(organization__region=region)
    locations = Location.objects.filter(organization__region=region)
    ServiceAtLocation.objects.filter(location__in=locations).delete()
    services.delete()
    locations.delete()
    Organisation.objects.filter(region=region).delete()


def run(path: Path) -> tuple[float, str]:
    out = io.StringIO()
    started = time.monotonic()
    call_command("import_directory", str(path), region=REGION, stdout=out)
    return time.monotonic() - started, out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--services", type=int, default=10_000)
    parser.add_argument("--organisations", type=int, default=500)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    region, _ = Area.objects.get_or_create(
        slug=REGION, defaults={"name": "Kreis Import-Messung", "kind": Area.Kind.REGION}
    )
    clear_region(region)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "services.json"
        path.write_text(
            json.dumps(services(args.services, args.organisations), ensure_ascii=False),
            encoding="utf-8",
        )
        size_mb = path.stat().st_size / 1e6
        print(
            f"Datenbank: {connection.vendor}, Datei: {args.services} Angebote, {size_mb:.1f} MB",
            flush=True,
        )
        first, report = run(path)
        print(report.split("Hinweise:")[0].rstrip(), flush=True)
        print(f"Import: {first:.1f} s (Ziel: höchstens {TARGET_SECONDS} s)", flush=True)
        again, report = run(path)
        print(f"Zweiter Lauf derselben Datei (ändert nichts): {again:.1f} s", flush=True)
    print(json.dumps({"import_10k_s": round(first, 1), "import_10k_again_s": round(again, 1)}))


if __name__ == "__main__":
    main()
