"""Loads the fictional demo region Kreis Lindenau. Running it again changes nothing."""

import datetime as dt
import random

from django.core.management.base import BaseCommand
from django.db import transaction

from lotse.accounts.services import user_create
from lotse.core.models import Area, Membership, Organisation, Role
from lotse.directory.models import (
    Accessibility,
    Address,
    Language,
    Location,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from lotse.directory.services import search_index_service

TOPICS = {
    "gesundheit": ("Gesundheit", ["Arztbesuch", "Bewegung und Sport"]),
    "pflege": ("Pflege", ["Pflegeberatung", "Tagespflege"]),
    "hilfsmittel": ("Hilfsmittel", ["Rollator und Rollstuhl"]),
    "beratung": ("Beratung", ["Sozialberatung", "Wohnberatung"]),
    "kultur": ("Kultur", ["Lesen und Vorlesen", "Musik"]),
    "freizeit": ("Freizeit", ["Ausflüge", "Spiele"]),
    "begegnung": ("Begegnung", ["Seniorentreff", "Mittagstisch"]),
    "ehrenamt": ("Ehrenamt", ["Besuchsdienst"]),
    "dienstleistungen": ("Dienstleistungen", ["Haushaltshilfe"]),
    "einkaufen": ("Einkaufen und Versorgung", ["Einkaufshilfe", "Essen auf Rädern"]),
    "wohnen": ("Wohnen", ["Wohnungsanpassung"]),
    "mobilitaet": ("Mobilität", ["Fahrdienst"]),
    "digitales": ("Digitales", ["Handy und Smartphone"]),
    "recht-finanzen": ("Recht und Finanzen", ["Rente und Grundsicherung"]),
    "trauer-krisen": ("Trauer und Krisen", ["Trauerbegleitung"]),
}
TARGET_GROUPS = {
    "aeltere": "ältere Menschen",
    "hochaltrige": "Hochaltrige 80+",
    "pflegebeduerftige": "Pflegebedürftige",
    "demenz": "Menschen mit Demenz",
    "angehoerige": "Angehörige",
    "migration": "Menschen mit Migrationsgeschichte",
    "behinderung": "Menschen mit Behinderung",
    "familien": "Familien",
}
MUNICIPALITIES = {
    "Lindenau": ["Altstadt", "Nordviertel", "Am Park"],
    "Birkenfeld": ["Birkenfeld-Mitte", "Heide", "Sonnenhang"],
    "Erlenbach": ["Erlenbach-Dorf", "Mühlental"],
}
POSTCODES = {"Lindenau": "45657", "Birkenfeld": "45659", "Erlenbach": "45665"}
CENTRES = {"Lindenau": (51.614, 7.197), "Birkenfeld": (51.600, 7.220), "Erlenbach": (51.630, 7.170)}
CARRIERS = ["AWO", "Caritas", "DRK", "Diakonie", "Nachbarschaftsverein", "Seniorenbeirat"]
STREETS = ["Hauptstraße", "Kirchplatz", "Lindenallee", "Bahnhofstraße", "Gartenweg", "Schulstraße"]
OFFER_TEXTS = [
    (
        "Demenzcafé",
        "begegnung",
        "Menschen mit Demenz und ihre Angehörigen treffen sich bei Kaffee und Musik.",
    ),
    (
        "Hilfe beim Einkaufen",
        "einkaufen",
        "Ehrenamtliche gehen mit Ihnen einkaufen oder bringen Ihnen die Einkäufe nach Hause.",
    ),
    (
        "Seniorentreff",
        "begegnung",
        "Ein offener Treff mit Kaffee, Kuchen und Gesprächen. Neue Gäste sind willkommen.",
    ),
    ("Mittagstisch", "begegnung", "Gemeinsam zu Mittag essen. Ein warmes Essen kostet wenig."),
    (
        "Pflegeberatung",
        "pflege",
        "Wir beraten Sie und Ihre Angehörigen zu Pflegegrad, Pflegegeld und Entlastung.",
    ),
    ("Handy-Sprechstunde", "digitales", "Digital-Helfer erklären Ihnen Ihr Smartphone in Ruhe."),
    ("Fahrdienst zum Arzt", "mobilitaet", "Wir fahren Sie zum Arzt und wieder nach Hause."),
    ("Seniorengymnastik", "gesundheit", "Sanfte Bewegung im Sitzen und Stehen, für alle geeignet."),
    (
        "Besuchsdienst",
        "ehrenamt",
        "Ehrenamtliche besuchen Sie zu Hause, zum Reden, Vorlesen oder Spazierengehen.",
    ),
    ("Wohnberatung", "wohnen", "Wir beraten Sie, wie Ihre Wohnung sicher und ohne Stufen wird."),
    ("Sozialberatung", "recht-finanzen", "Hilfe bei Anträgen, Rente, Grundsicherung und Wohngeld."),
    (
        "Trauercafé",
        "trauer-krisen",
        "Ein geschützter Ort für Menschen, die einen lieben Menschen verloren haben.",
    ),
    ("Vorlesenachmittag", "kultur", "In der Bücherei wird vorgelesen, danach gibt es Tee."),
    ("Spielenachmittag", "freizeit", "Karten, Brettspiele und gute Gesellschaft."),
    (
        "Haushaltshilfe",
        "dienstleistungen",
        "Unterstützung im Haushalt, anerkannt nach § 45a SGB XI.",
    ),
    ("Rollator-Training", "hilfsmittel", "Sicher unterwegs mit dem Rollator: Übungen im Alltag."),
]
DEMO_PASSWORD = "demo-passwort-2026"
# One login per role; all belong to the first quarter's office, which also provides offers.
DEMO_USERS = [
    ("bewohner@demo.lotse", Role.RESIDENT),
    ("angehoerige@demo.lotse", Role.RELATIVE),
    ("helfer@demo.lotse", Role.HELPER),
    ("multiplikator@demo.lotse", Role.MULTIPLIER),
    ("buero@demo.lotse", Role.OFFICE_STAFF),
    ("kuemmerer@demo.lotse", Role.CARE_NAVIGATOR),
    ("provider@demo.lotse", Role.PROVIDER_STAFF),
    ("manager@demo.lotse", Role.MANAGER),
    ("kreis@demo.lotse", Role.REGION_COORDINATOR),
    ("forschung@demo.lotse", Role.RESEARCHER),
    ("admin@demo.lotse", Role.ADMINISTRATOR),
]


class Command(BaseCommand):
    help = "Lädt die Demo-Region Kreis Lindenau mit Angeboten und Demo-Anmeldungen."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        if Area.objects.filter(slug="kreis-lindenau").exists():
            self.stdout.write("Die Demo-Region ist schon geladen.")
        else:
            self._load()
        self.stdout.write(f"Demo-Anmeldungen (Passwort: {DEMO_PASSWORD}):")
        for email, role in DEMO_USERS:
            self.stdout.write(f"  {email}  ({Role(role).label})")

    def _load(self) -> None:
        rng = random.Random(2026)
        region = Area.objects.create(
            name="Kreis Lindenau", slug="kreis-lindenau", kind=Area.Kind.REGION
        )
        region.region = region
        region.save()
        topics = Taxonomy.objects.create(name="Themen")
        groups = Taxonomy.objects.create(name="Zielgruppen")
        top_terms = {}
        for code, (name, subs) in TOPICS.items():
            top_terms[code] = TaxonomyTerm.objects.create(taxonomy=topics, code=code, name=name)
            for sub in subs:
                TaxonomyTerm.objects.create(
                    taxonomy=topics,
                    parent=top_terms[code],
                    code=f"{code}-{len(sub)}-{sub[:3].lower()}",
                    name=sub,
                )
        group_terms = [
            TaxonomyTerm.objects.create(taxonomy=groups, code=c, name=n)
            for c, n in TARGET_GROUPS.items()
        ]
        quarters = []
        for muni_name, quarter_names in MUNICIPALITIES.items():
            muni = Area.objects.create(
                name=muni_name,
                slug=muni_name.lower(),
                kind=Area.Kind.MUNICIPALITY,
                parent=region,
                region=region,
            )
            for q in quarter_names:
                slug = q.lower().replace(" ", "-").replace("ü", "ue").replace("ä", "ae")
                quarters.append(
                    Area.objects.create(
                        name=q, slug=slug, kind=Area.Kind.QUARTER, parent=muni, region=region
                    )
                )
        organisations = []
        for i in range(60):
            quarter = quarters[i % len(quarters)]
            carrier = CARRIERS[i % len(CARRIERS)]
            is_office = i < len(quarters)
            org = Organisation.objects.create(
                kind=Organisation.Kind.OFFICE if is_office else Organisation.Kind.PROVIDER,
                name=f"Quartiersbüro {quarter.name} ({carrier})"
                if is_office
                else f"{carrier} {quarter.name}"
                + (f" {i // len(quarters) + 1}" if i >= len(quarters) else ""),
                region=region,
                email=f"kontakt{i}@demo.lotse",
            )
            if is_office:
                org.coordinates.add(quarter)
            organisations.append((org, quarter))
        today = dt.date.today()
        for n in range(300):
            org, quarter = organisations[n % len(organisations)]
            name, topic, text = OFFER_TEXTS[n % len(OFFER_TEXTS)]
            assert quarter.parent is not None  # every quarter lies in a municipality
            town = quarter.parent.name
            service = Service.objects.create(
                organization=org,
                name=f"{name} {quarter.name}" + (f" ({n // 120 + 1})" if n >= 120 else ""),
                description=text,
                cost=rng.choice(
                    [Service.Cost.FREE, Service.Cost.FREE, Service.Cost.DONATION, Service.Cost.FEE]
                ),
                fee_amount=rng.choice([3, 5, 12.5]) if n % 4 == 3 else None,
                recognised_45a=topic == "dienstleistungen",
                reach=Service.Reach.GO
                if topic in {"einkaufen", "ehrenamt"}
                else Service.Reach.COME,
                staffing=rng.choice(list(Service.Staffing)),
                last_verified_at=today - dt.timedelta(days=rng.randint(0, 500)),
            )
            service.terms.add(top_terms[topic], rng.choice(group_terms))
            lat, lon = CENTRES[town]
            location = Location.objects.create(
                organization=org,
                name=f"Begegnungsstätte {quarter.name}",
                quarter=quarter,
                latitude=lat + rng.uniform(-0.02, 0.02),
                longitude=lon + rng.uniform(-0.02, 0.02),
                transportation="Bus 12 bis Haltestelle Marktplatz.",
            )
            Address.objects.create(
                location=location,
                address_1=f"{rng.choice(STREETS)} {rng.randint(1, 80)}",
                city=town,
                postal_code=POSTCODES[town],
            )
            if n % 2 == 0:
                Accessibility.objects.create(
                    location=location, feature=Accessibility.Feature.STEP_FREE
                )
            ServiceAtLocation.objects.create(service=service, location=location)
            Phone.objects.create(
                service=service,
                number=f"02361 {rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
            )
            Language.objects.create(service=service, code="de", name="Deutsch")
            if n % 5 == 0:
                Language.objects.create(service=service, code="tr", name="Türkisch")
            if n % 3 == 0:
                Schedule.objects.create(
                    service=service,
                    freq=Schedule.Freq.MONTHLY,
                    byday="1WE",
                    opens_at=dt.time(10),
                    closes_at=dt.time(12),
                )
            else:
                Schedule.objects.create(
                    service=service,
                    byday="MO,TU,WE,TH,FR",
                    opens_at=dt.time(9),
                    closes_at=dt.time(12),
                )
                Schedule.objects.create(
                    service=service, byday="TU,TH", opens_at=dt.time(14), closes_at=dt.time(16)
                )
            search_index_service(service=service)
        for email, role in DEMO_USERS:
            user = user_create(email=email, password=DEMO_PASSWORD, name=str(Role(role).label))
            Membership.objects.create(user=user, organisation=organisations[0][0], role=role)
