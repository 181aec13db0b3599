"""Loads the fictional demo region Kreis Lindenau. Running it again changes nothing."""

import datetime as dt
import random

from django.core.management.base import BaseCommand
from django.db import transaction

from lotse.accounts.services import user_create
from lotse.core.models import Area, Membership, Organisation, Role
from lotse.directory.demo_region import (
    MUNICIPALITIES,
    OFFERS,
    OFFICE_CARRIERS,
    POSTCODES,
    PROVIDERS,
    QUARTER_CENTRES,
)
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
LANGUAGE_NAMES = {"de": "Deutsch", "tr": "Türkisch", "ru": "Russisch", "ar": "Arabisch"}
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
PROVIDER_USERS = [
    ("pflegestuetzpunkt@demo.lotse", "pflegestuetzpunkt"),
    ("nachbarschaft@demo.lotse", "nachbarn-nord"),
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
        for email, provider in PROVIDER_USERS:
            self.stdout.write(
                f"  {email}  ({Role.PROVIDER_STAFF.label}, {PROVIDERS[provider].name})"
            )

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
        quarters = {}
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
                quarters[q] = Area.objects.create(
                    name=q, slug=slug, kind=Area.Kind.QUARTER, parent=muni, region=region
                )
        offices = []
        for quarter_name, carrier in OFFICE_CARRIERS.items():
            office = Organisation.objects.create(
                kind=Organisation.Kind.OFFICE,
                name=f"Quartiersbüro {quarter_name} ({carrier})",
                region=region,
                email=f"buero-{quarters[quarter_name].slug}@demo.lotse",
            )
            office.coordinates.add(quarters[quarter_name])
            offices.append(office)
        providers = {
            key: Organisation.objects.create(
                kind=Organisation.Kind.PROVIDER, name=p.name, region=region, email=p.email
            )
            for key, p in PROVIDERS.items()
        }
        subterms = {term.name: term for term in TaxonomyTerm.objects.filter(parent__isnull=False)}
        groups_by_code = {term.code: term for term in group_terms}
        locations: dict[tuple[str, str], Location] = {}
        today = dt.date.today()
        for offer in OFFERS:
            quarter = quarters[offer.quarter]
            assert quarter.parent is not None  # every quarter lies in a municipality
            town = quarter.parent.name
            provider = providers[offer.provider]
            service = Service.objects.create(
                organization=provider,
                name=offer.name,
                description=offer.description,
                email=PROVIDERS[offer.provider].email,
                cost=offer.cost,
                fee_amount=offer.fee,
                recognised_45a=offer.recognised_45a,
                reach=offer.reach,
                staffing=offer.staffing,
                last_verified_at=today - dt.timedelta(days=rng.randint(0, 400)),
            )
            service.terms.add(top_terms[offer.topic], groups_by_code[offer.group])
            if offer.subtopic:
                service.terms.add(subterms[offer.subtopic])
            location = locations.get((offer.provider, offer.place))
            if location is None:
                lat, lon = QUARTER_CENTRES[offer.quarter]
                location = locations[(offer.provider, offer.place)] = Location.objects.create(
                    organization=provider,
                    name=offer.place,
                    quarter=quarter,
                    latitude=lat + rng.uniform(-0.006, 0.006),
                    longitude=lon + rng.uniform(-0.008, 0.008),
                    transportation=f"Bus {rng.choice([12, 14, 21, 35])} bis Haltestelle "
                    f"{offer.street.rstrip('0123456789 ')}.",
                )
                Address.objects.create(
                    location=location,
                    address_1=offer.street,
                    city=town,
                    postal_code=POSTCODES[town],
                )
                if offer.step_free:
                    Accessibility.objects.create(
                        location=location, feature=Accessibility.Feature.STEP_FREE
                    )
            ServiceAtLocation.objects.create(service=service, location=location)
            Phone.objects.create(service=service, number=PROVIDERS[offer.provider].phone)
            for code in offer.languages:
                Language.objects.create(service=service, code=code, name=LANGUAGE_NAMES[code])
            for days, opens, closes in offer.hours:
                monthly = days[0].isdigit()
                Schedule.objects.create(
                    service=service,
                    freq=Schedule.Freq.MONTHLY if monthly else Schedule.Freq.WEEKLY,
                    byday=days,
                    opens_at=dt.time(opens),
                    closes_at=dt.time(closes),
                )
            search_index_service(service=service)
        for email, role in DEMO_USERS:
            user = user_create(email=email, password=DEMO_PASSWORD, name=str(Role(role).label))
            Membership.objects.create(user=user, organisation=offices[0], role=role)
        # Two providers answer referrals themselves, so the closed loop shows a second
        # organisation on the platform.
        for email, key in PROVIDER_USERS:
            user = user_create(email=email, password=DEMO_PASSWORD, name=providers[key].name)
            Membership.objects.create(
                user=user, organisation=providers[key], role=Role.PROVIDER_STAFF
            )
