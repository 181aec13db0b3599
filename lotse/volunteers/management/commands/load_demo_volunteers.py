"""Digital helpers for the demo region (`load_demo`): about 40 helpers of the Quartiersbüros in
every status, with weekly times and credentials (some due within 60 days, one run out), three
multipliers (multiplikator@demo.lotse and two more) and helfer@demo.lotse linked to an active
helper. Running it again changes nothing."""

import datetime as dt
import random
import uuid

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from lotse.accounts.models import User
from lotse.accounts.services import user_create
from lotse.core.models import Membership, Organisation, Role
from lotse.people.matching import digits, fold
from lotse.people.models import Consent, ContactChannel, Person
from lotse.volunteers.models import (
    Credential,
    Device,
    Helper,
    HelperAvailability,
    HelperStatusChange,
    Topic,
)
from lotse.volunteers.services import police_certificate_valid_until

# The demo logins' password (lotse.directory's load_demo, which volunteers may not import).
DEMO_PASSWORD = "demo-passwort-2026"
HELPER_LOGIN = "helfer@demo.lotse"
MULTIPLIERS = [
    "multiplikator@demo.lotse",
    "multiplikatorin2@demo.lotse",
    "multiplikator3@demo.lotse",
]
GIVEN = [
    "Anke", "Bernd", "Cem", "Doris", "Emil", "Fatma", "Gerd", "Helga", "Ilse", "Jonas",
    "Karin", "Lars", "Meral", "Nina", "Olaf", "Petra", "Rainer", "Sabine", "Timo", "Ursula",
]  # fmt: skip
FAMILY = [
    "Albers", "Brandt", "Demir", "Engel", "Fischer", "Graf", "Hoffmann", "Iversen", "Jung",
    "Krause", "Lange", "Meyer", "Nowak", "Ott", "Peters", "Richter", "Schulz", "Tews",
]  # fmt: skip
# How many helpers of each status (40 in all).
STATUSES = [
    (Helper.Status.ACTIVE, 22),
    (Helper.Status.INTERESTED, 5),
    (Helper.Status.TALKING, 4),
    (Helper.Status.QUALIFYING, 4),
    (Helper.Status.PAUSED, 3),
    (Helper.Status.LEFT, 2),
]
DAY_PARTS = [(dt.time(9), dt.time(12)), (dt.time(14), dt.time(17)), (dt.time(17), dt.time(20))]


class Command(BaseCommand):
    help = "Lädt Digital-Helfer, Multiplikatoren und Nachweise in die Demo-Region."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        offices = list(
            Organisation.objects.filter(
                kind=Organisation.Kind.OFFICE, region__slug="kreis-lindenau"
            )
            .prefetch_related("coordinates")
            .order_by("name")
        )
        if not offices:
            self.stdout.write("Zuerst `load_demo` ausführen.")
            return
        if Helper.objects.filter(region_id=offices[0].region_id).exists():
            self.stdout.write("Die Digital-Helfer der Demo sind schon geladen.")
            return
        first = User.objects.get(email="multiplikator@demo.lotse").memberships.get().organisation
        offices.sort(key=lambda office: office != first)
        multipliers = self._multipliers(offices)
        created = self._helpers(offices, multipliers)
        self.stdout.write(
            f"{created} Digital-Helfer angelegt; Multiplikatoren (Passwort {DEMO_PASSWORD}): "
            + ", ".join(MULTIPLIERS)
        )

    def _multipliers(self, offices: list[Organisation]) -> dict[uuid.UUID, User]:
        """One multiplier per office for the first three offices."""
        by_office = {}
        for email, office in zip(MULTIPLIERS, offices, strict=False):
            user = User.objects.filter(email=email).first()
            if user is None:
                user = user_create(email=email, password=DEMO_PASSWORD, name="Multiplikator/in")
                Membership.objects.create(user=user, organisation=office, role=Role.MULTIPLIER)
            by_office[office.pk] = user
        return by_office

    def _helpers(self, offices: list[Organisation], multipliers: dict[uuid.UUID, User]) -> int:
        rng = random.Random(2026)
        today = timezone.localdate()
        now = timezone.now()
        statuses = [status for status, count in STATUSES for _ in range(count)]
        login = User.objects.filter(email=HELPER_LOGIN).first()
        created = 0
        for number, status in enumerate(statuses):
            office = offices[number % len(offices)]
            quarter = office.coordinates.first()
            if quarter is None:
                continue
            manager = multipliers.get(office.pk) or next(iter(multipliers.values()))
            given, family = GIVEN[number % len(GIVEN)], FAMILY[(number * 7) % len(FAMILY)]
            person = Person.objects.create(
                organisation=office,
                region_id=office.region_id,
                given_name=given,
                family_name=family,
                birth_year=rng.randint(1950, 2004),
                phone=f"02361 55{number:04d}",
                email=f"{given.lower()}.{family.lower()}@demo.lotse",
                quarter=quarter,
                contact_channel=ContactChannel.EMAIL,
                search_name=fold(f"{given} {family}"),
                search_phone=digits(f"02361 55{number:04d}"),
            )
            for purpose, channel in [
                (Consent.Purpose.KEEP, ""),
                (Consent.Purpose.CONTACT, ContactChannel.EMAIL),
                (Consent.Purpose.PASS_ON, ""),
            ]:
                Consent.objects.create(
                    person=person,
                    region_id=office.region_id,
                    purpose=purpose,
                    channel=channel,
                    given_how=Consent.GivenHow.ONLINE,
                )
            helper = Helper.objects.create(
                person=person,
                organisation=office,
                region_id=office.region_id,
                home_quarter=quarter,
                devices=rng.sample(Device.values, rng.randint(1, 3)),
                topics=rng.sample(Topic.values, rng.randint(2, 4)),
                languages=["de"]
                + (["tr"] if number % 7 == 0 else [])
                + (["ru"] if number % 9 == 0 else []),
                # helfer@demo.lotse (number 0) visits people at home.
                home_visits=number % 3 != 0 or number == 0,
                radius_km=rng.choice([2, 3, 5, 8]) if number % 3 != 0 or number == 0 else 0,
                phone_help=number % 2 == 0,
                status=status,
                paused_until=today + dt.timedelta(days=20 + number) if status == "paused" else None,
                is_multiplier_qualified=number % 10 == 1,
            )
            if number == 0 and login is not None:
                helper.user = login
                helper.save(update_fields=["user"])
            for weekday in rng.sample(range(6), 2):
                start, end = rng.choice(DAY_PARTS)
                HelperAvailability.objects.create(
                    helper=helper,
                    region_id=helper.region_id,
                    weekday=weekday,
                    start_time=start,
                    end_time=end,
                )
            HelperStatusChange.objects.create(
                helper=helper,
                region_id=helper.region_id,
                to_status=Helper.Status.INTERESTED,
                effective_on=today - dt.timedelta(days=200),
                changed_at=now - dt.timedelta(days=200),
                reason="Online angemeldet",
            )
            if status != Helper.Status.INTERESTED:
                HelperStatusChange.objects.create(
                    helper=helper,
                    region_id=helper.region_id,
                    from_status=Helper.Status.INTERESTED,
                    to_status=status,
                    effective_on=today - dt.timedelta(days=30),
                    changed_at=now - dt.timedelta(days=30),
                    reason="Demo",
                    changed_by=manager,
                )
            if status in (Helper.Status.ACTIVE, Helper.Status.PAUSED, Helper.Status.LEFT):
                self._credentials(helper, manager, number, today)
            created += 1
        return created

    def _credentials(self, helper: Helper, seen_by: User, number: int, today: dt.date) -> None:
        issued = today - dt.timedelta(days=30 + number * 40)
        Credential.objects.create(
            helper=helper,
            region_id=helper.region_id,
            kind=Credential.Kind.PLEDGE,
            issued_on=issued,
            seen_on=issued,
            seen_by=seen_by,
        )
        if not helper.home_visits:
            return  # no home visits: no police certificate needed
        valid_until = police_certificate_valid_until(issued)
        # Due within 60 days: two in multiplikator@demo.lotse's office (every 8th helper), two
        # elsewhere; one run out, in that office too.
        if number in (2, 4, 8, 10):
            valid_until = today + dt.timedelta(days=5 * number)
        elif number == 16:
            valid_until = today - dt.timedelta(days=3)
        Credential.objects.create(
            helper=helper,
            region_id=helper.region_id,
            kind=Credential.Kind.POLICE_CERTIFICATE,
            issued_on=min(issued, valid_until),
            seen_on=min(issued, valid_until),
            seen_by=seen_by,
            valid_until=valid_until,
        )
