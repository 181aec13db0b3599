"""Demo data of "Leben im Quartier" for the demo region Kreis Lindenau (`manage.py
load_demo_news`, after `load_demo` and the other demo loaders).

Every quarter gets its programme from its Quartiersbüro: the weekly Seniorentreff, the weekly
Handy-Café, Gymnastik (3 € each time), the Sonntagscafé on the first Sunday of the month. A few
events happen once: a talk on the grandchild trick with places left, an outing with its places
taken and two people on the waiting list, the region's Seniorenkonferenz, a past talk with
attendance recorded. In Altstadt one Seniorentreff date is cancelled and one Gymnastik date is
moved, each with its reason; Altstadt's manager requires a release before anything new appears
there, so two events and a news item wait for it. News items and noticeboard posts stand in
every state.

Written as rows (the services of the parts are built beside this module; the demo must not
depend on them); the dates come from `occurrences_refresh` like after every change, and each
date's `places_taken` is the sum of its confirmed registrations' places, as the registration
services keep it. All dates are relative to today. Running it again changes nothing."""

import datetime as dt
import hashlib
import random
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from lotse.accounts.models import User
from lotse.core.codes import ALPHABET
from lotse.core.models import Area, Organisation
from lotse.directory.demo_region import OFFICE_ADDRESSES, POSTCODES, PROVIDERS
from lotse.directory.models import TaxonomyTerm
from lotse.news.models import (
    BoardPost,
    BoardReply,
    BoardReport,
    Event,
    EventException,
    NewsPost,
    Occurrence,
    PublicationRule,
    PublicationStatus,
    Registration,
)
from lotse.news.occurrences import local_zone, occurrences_refresh, parse_rule
from lotse.people.models import ContactChannel, Person

REGION = "kreis-lindenau"
OFFICE_LOGIN = "buero@demo.lotse"
MANAGER_LOGIN = "manager@demo.lotse"
RESIDENT_LOGIN = "bewohner@demo.lotse"
# The quarter whose manager releases what is published there (PublicationRule).
RELEASE_QUARTER = "Altstadt"
PUBLISHED = PublicationStatus.PUBLISHED
IN_REVIEW = PublicationStatus.IN_REVIEW
CONFIRMED = Registration.Status.CONFIRMED
WAITING = Registration.Status.WAITING
# Registrations that hold their places: confirmed, and after the date those who came or not.
HOLDING = (CONFIRMED, Registration.Status.ATTENDED, Registration.Status.NO_SHOW)


@dataclass(frozen=True)
class Weekly:
    """A regular event of every quarter; `days` per quarter index picks the weekday."""

    title: str
    description: str
    rrule: str
    start: dt.time
    minutes: int
    topics: tuple[str, ...]
    cost: str = ""
    easy_text: str = ""
    skip_holidays: bool = True


PROGRAMME = [
    Weekly(
        "Seniorentreff",
        "Kaffee, Kuchen und Gespräche. Sie können einfach vorbeikommen, auch zum ersten Mal. "
        "Einmal im Monat erzählt jemand vom Quartiersbüro, was es Neues gibt.",
        "FREQ=WEEKLY;BYDAY=TU",
        dt.time(14),
        120,
        ("Seniorentreff", "Begegnung"),
        easy_text="Jeden Dienstag treffen sich Menschen aus dem Quartier. "
        "Es gibt Kaffee und Kuchen. Sie können einfach kommen.",
    ),
    Weekly(
        "Handy-Café",
        "Ehrenamtliche Digital-Helferinnen und -Helfer zeigen Ihnen Ihr Handy oder Tablet: "
        "telefonieren, Fotos schicken, WhatsApp, Termine beim Arzt buchen. Bringen Sie Ihr "
        "Gerät und, wenn Sie haben, Ihre Passwörter mit.",
        "FREQ=WEEKLY;BYDAY=TH",
        dt.time(14),
        120,
        ("Handy und Smartphone", "Digitales"),
    ),
    Weekly(
        "Gymnastik im Sitzen",
        "Bewegung für Muskeln und Gleichgewicht, im Sitzen und am Stuhl. Eine Übungsleiterin "
        "zeigt jede Übung. Bitte bequeme Kleidung mitbringen.",
        "FREQ=WEEKLY;BYDAY=TH",
        dt.time(10),
        60,
        ("Bewegung und Sport", "Gesundheit"),
        cost="3 € pro Termin",
    ),
    Weekly(
        "Sonntagscafé",
        "Am ersten Sonntag im Monat: Kaffee, selbst gebackener Kuchen und Zeit zum Reden. "
        "Für alle, denen der Sonntag sonst lang wird.",
        "FREQ=MONTHLY;BYDAY=1SU",
        dt.time(14, 30),
        150,
        ("Begegnung",),
        cost="Kaffee und Kuchen 2 €",
        skip_holidays=False,
    ),
]
# Not every quarter meets on the same day: the Handy-Café moves to Wednesday or Friday
# mornings outside Altstadt (Altstadt's is the digital helpers' café on Thursday afternoons).
HANDY_CAFE_ELSEWHERE = [
    ("FREQ=WEEKLY;BYDAY=WE", dt.time(10)),
    ("FREQ=WEEKLY;BYDAY=FR", dt.time(10)),
]

# Registrations: (name, places, status, extra fields).
type People = list[tuple[str, int, str, dict[str, str]]]
TALK_PEOPLE: People = [
    ("Gertrud Hartmann", 2, CONFIRMED, {}),
    ("Heinz Krüger", 1, CONFIRMED, {"email": "heinz.krueger@example.org"}),
    ("Ursula Lange", 2, CONFIRMED, {"phone": "02361 55 81 20"}),
    ("Werner Schmitz", 1, CONFIRMED, {}),
    ("Inge Vogel", 2, CONFIRMED, {"email": "inge.vogel@example.org"}),
]
OUTING_PEOPLE: People = [
    ("Marianne Kaiser", 2, CONFIRMED, {"email": "marianne.kaiser@example.org"}),
    ("Klaus Jansen", 1, CONFIRMED, {"phone": "02361 44 10 92"}),
    ("Edith Peters", 2, CONFIRMED, {}),
    (
        "Rudolf Möller",
        1,
        CONFIRMED,
        {
            "booker_name": "Sabine Möller",
            "booker_relation": "Tochter",
            "booker_email": "sabine.moeller@example.org",
        },
    ),
    ("Helga Busch", 2, CONFIRMED, {"phone": "02361 47 33 08"}),
    ("Lothar Ahrens", 1, CONFIRMED, {}),
    ("Christa Hoffmann", 2, CONFIRMED, {"email": "christa.hoffmann@example.org"}),
    ("Erwin Schulze", 1, CONFIRMED, {}),
    ("Waltraud Fischer", 1, WAITING, {"phone": "02361 43 21 70"}),
    ("Alfred Meyer", 2, WAITING, {"email": "alfred.meyer@example.org"}),
]
OUTING_CAPACITY = 12
CONFERENCE_PEOPLE: People = [
    ("Brigitte Schröder", 1, CONFIRMED, {"email": "b.schroeder@example.org"}),
    ("Günter Neumann", 2, CONFIRMED, {}),
    ("Elfriede Braun", 1, CONFIRMED, {"phone": "02364 20 11 45"}),
]
PAST_TALK_PEOPLE: People = [
    ("Gisela Zimmermann", 1, Registration.Status.ATTENDED, {}),
    ("Manfred Hofmann", 2, Registration.Status.ATTENDED, {}),
    ("Renate Kemper", 1, Registration.Status.NO_SHOW, {}),
    ("Dieter Lohmann", 1, Registration.Status.CANCELLED, {}),
]


@dataclass
class World:
    region: Area
    quarters: dict[str, Area]
    offices: dict[str, Organisation]
    providers: dict[str, Organisation]
    office_user: User
    manager: User
    resident: User | None
    terms: dict[str, TaxonomyTerm]
    today: dt.date
    now: dt.datetime
    registrations: int = 0
    codes: random.Random = field(default_factory=lambda: random.Random(2026))


def _at(day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=local_zone())


def _on_or_after(day: dt.date, weekday: int) -> dt.date:
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def _world() -> World | None:
    region = Area.objects.filter(slug=REGION).first()
    office_user = User.objects.filter(email=OFFICE_LOGIN).first()
    manager = User.objects.filter(email=MANAGER_LOGIN).first()
    if region is None or office_user is None or manager is None:
        return None
    quarters = {
        area.name: area
        for area in Area.objects.filter(region=region, kind=Area.Kind.QUARTER).select_related(
            "parent"
        )
    }
    offices: dict[str, Organisation] = {}
    for organisation in Organisation.objects.filter(
        region=region, kind=Organisation.Kind.OFFICE
    ).prefetch_related("coordinates"):
        quarter = organisation.coordinates.first()
        if quarter is not None:
            offices[quarter.name] = organisation
    providers: dict[str, Organisation] = {}
    for key, provider in PROVIDERS.items():
        found = Organisation.objects.filter(region=region, name=provider.name).first()
        if found is not None:
            providers[key] = found
    terms = {term.name: term for term in TaxonomyTerm.objects.all()}
    now = timezone.now()
    return World(
        region=region,
        quarters=quarters,
        offices=offices,
        providers=providers,
        office_user=office_user,
        manager=manager,
        resident=User.objects.filter(email=RESIDENT_LOGIN).first(),
        terms=terms,
        today=timezone.localdate(now),
        now=now,
    )


def _office_place(world: World, quarter: Area) -> dict:
    street, phone = OFFICE_ADDRESSES[quarter.name]
    town = quarter.parent.name if quarter.parent else quarter.name
    return {
        "place_name": f"Quartiersbüro {quarter.name}",
        "street": street,
        "postcode": POSTCODES.get(town, ""),
        "city": town,
        "contact_phone": phone,
        "step_free": True,
    }


def _event(world: World, *, topics: tuple[str, ...] = (), **fields) -> Event:
    status = fields.setdefault("status", PUBLISHED)
    if status == PUBLISHED:
        fields.setdefault("published_at", world.now - dt.timedelta(days=60))
    fields.setdefault("region", world.region)
    fields.setdefault("created_by", world.office_user)
    event = Event(**fields)
    event.full_clean()
    event.save()
    event.topics.set([world.terms[name] for name in topics if name in world.terms])
    if "ältere Menschen" in world.terms:
        event.target_groups.set([world.terms["ältere Menschen"]])
    occurrences_refresh(event, now=world.now)
    return event


def _rule_date_after(event: Event, moment: dt.datetime) -> dt.datetime:
    """The first date the event's rule gives after `moment` (aware, local)."""
    rule = parse_rule(event.rrule, first_start=event.starts_at)
    local = timezone.localtime(moment, local_zone()).replace(tzinfo=None)
    found = rule.after(local)
    assert found is not None
    return found.replace(tzinfo=local_zone())


def _programme(world: World) -> dict[str, dict[str, Event]]:
    """The regular events of every quarter, started eight weeks ago."""
    events: dict[str, dict[str, Event]] = {}
    first_day = world.today - dt.timedelta(weeks=8)
    for index, (name, quarter) in enumerate(sorted(world.quarters.items())):
        organisation = world.offices.get(name)
        if organisation is None:
            continue
        events[name] = {}
        for item in PROGRAMME:
            rrule, start = item.rrule, item.start
            if item.title == "Handy-Café" and name != "Altstadt":
                rrule, start = HANDY_CAFE_ELSEWHERE[index % 2]
            place = _office_place(world, quarter)
            if item.title.startswith("Gymnastik"):
                place["place_name"] = f"Bewegungsraum im Quartiersbüro {name}"
            starts_at = _at(first_day, start)
            # The rule's first date is the event's first date.
            probe = Event(rrule=rrule, starts_at=starts_at)
            first = _rule_date_after(probe, starts_at - dt.timedelta(seconds=1))
            events[name][item.title] = _event(
                world,
                organisation=organisation,
                area=quarter,
                title=item.title,
                description=item.description,
                easy_text=item.easy_text if name == "Altstadt" else "",
                topics=item.topics,
                is_free=not item.cost,
                cost=item.cost,
                starts_at=first,
                ends_at=first + dt.timedelta(minutes=item.minutes),
                rrule=rrule,
                skip_holidays=item.skip_holidays,
                **place,
            )
    return events


def _exceptions(world: World, events: dict[str, dict[str, Event]]) -> None:
    """Altstadt: the next Seniorentreff after tomorrow is cancelled, the Gymnastik date after
    the next one is moved to the Friday."""
    altstadt = events.get("Altstadt")
    if not altstadt:
        return
    treff = altstadt["Seniorentreff"]
    cancelled = _rule_date_after(treff, world.now + dt.timedelta(days=1))
    EventException.objects.create(
        event=treff,
        original_start=cancelled,
        kind=EventException.Kind.CANCELLED,
        reason="Die Begegnungsstätte wird an diesem Tag gestrichen.",
    )
    occurrences_refresh(treff, now=world.now)
    gymnastics = altstadt["Gymnastik im Sitzen"]
    moved = _rule_date_after(gymnastics, _rule_date_after(gymnastics, world.now))
    EventException.objects.create(
        event=gymnastics,
        original_start=moved,
        kind=EventException.Kind.MOVED,
        new_start=moved + dt.timedelta(days=1),
        new_end=moved + dt.timedelta(days=1, hours=1),
        reason="Der Raum ist am Donnerstag belegt, wir turnen am Freitag.",
    )
    occurrences_refresh(gymnastics, now=world.now)


def _code(world: World) -> str:
    symbols = "".join(world.codes.choice(ALPHABET) for _ in range(8))
    return f"{symbols[:4]}-{symbols[4:]}"


def _register(world: World, event: Event, people: list, **common) -> None:
    """Registrations for the event's first date, and the date's places taken."""
    occurrence = event.occurrences.order_by("start").first()
    assert occurrence is not None
    for name, places, status, extra in people:
        world.registrations += 1
        token = f"demo-registration-{world.registrations}"
        values = {
            "occurrence": occurrence,
            "event": event,
            "region": world.region,
            "name": name,
            "places": places,
            "status": status,
            "channel": ContactChannel.EMAIL
            if extra.get("email") or extra.get("booker_email")
            else ContactChannel.PHONE,
            "cancel_token_hash": hashlib.sha256(token.encode()).hexdigest(),
            "short_code": _code(world),
            **common,
            **extra,
        }
        Registration.objects.create(**values)
    taken = Registration.objects.filter(occurrence=occurrence, status__in=HOLDING).aggregate(
        places=Sum("places")
    )["places"]
    Occurrence.objects.filter(pk=occurrence.pk).update(places_taken=taken or 0)


def _staff_person(world: World) -> Person | None:
    """A person the Altstadt office holds (from the other demo loaders, if they ran)."""
    office = world.offices.get("Altstadt")
    if office is None:
        return None
    return (
        Person.objects.filter(organisation=office, anonymised_at__isnull=True)
        .order_by("family_name", "given_name", "pk")
        .first()
    )


def _one_offs(world: World) -> None:
    altstadt, nord = world.quarters.get("Altstadt"), world.quarters.get("Nordviertel")
    if altstadt is None or nord is None or "Altstadt" not in world.offices:
        return
    office = world.offices["Altstadt"]
    place = _office_place(world, altstadt)
    talk_day = world.today + dt.timedelta(days=9)
    talk = _event(
        world,
        organisation=office,
        area=altstadt,
        title="Vortrag: Vorsicht, Enkeltrick!",
        description="Eine Polizistin erklärt, wie Betrüger am Telefon und an der Tür "
        "vorgehen, und wie Sie sich schützen. Mit Zeit für Fragen.",
        topics=("Recht und Finanzen", "Beratung"),
        starts_at=_at(talk_day, dt.time(15)),
        ends_at=_at(talk_day, dt.time(16, 30)),
        registration_required=True,
        capacity=40,
        **place,
    )
    _register(world, talk, TALK_PEOPLE)
    # One of them registered by the office for a caller it knows.
    person = _staff_person(world)
    if person is not None:
        _register(
            world,
            talk,
            [(f"{person.given_name} {person.family_name}", 1, CONFIRMED, {})],
            person=person,
            registered_by=world.office_user,
        )

    outing_day = _on_or_after(world.today + dt.timedelta(days=14), 2)
    provider = world.providers.get("awo-lindenau", office)
    outing = _event(
        world,
        organisation=provider,
        area=nord,
        title="Ausflug zum Baldeneysee",
        description="Mit dem Bus an den See: Spaziergang am Ufer (auch kurze Wege), "
        "Kaffee und Kuchen im Seecafé, zurück gegen 17 Uhr. Der Bus hat eine Rampe.",
        topics=("Ausflüge", "Freizeit"),
        place_name="Abfahrt am Nordring, Haltestelle Kirche",
        street="Nordring 30",
        postcode="45657",
        city="Lindenau",
        contact_phone=PROVIDERS["awo-lindenau"].phone,
        is_free=False,
        cost="15 € für Bus, Kaffee und Kuchen",
        step_free=True,
        starts_at=_at(outing_day, dt.time(9)),
        ends_at=_at(outing_day, dt.time(17)),
        registration_required=True,
        capacity=OUTING_CAPACITY,
        waiting_list=True,
    )
    _register(world, outing, OUTING_PEOPLE)

    conference_day = _on_or_after(world.today + dt.timedelta(days=21), 3)
    organiser = world.providers.get("seniorenbeirat", office)
    conference = _event(
        world,
        organisation=organiser,
        area=world.region,
        title="Seniorenkonferenz Kreis Lindenau",
        description="Was brauchen ältere Menschen im Kreis? Vorträge zu Wohnen, Pflege und "
        "Mobilität, danach Gespräche an Thementischen. Mit Mittagessen.",
        topics=("Beratung", "Begegnung"),
        place_name="Stadthalle Lindenau",
        street="Am Markt 5",
        postcode="45657",
        city="Lindenau",
        contact_phone=PROVIDERS["seniorenbeirat"].phone,
        step_free=True,
        starts_at=_at(conference_day, dt.time(10)),
        ends_at=_at(conference_day, dt.time(15)),
        registration_required=True,
        capacity=120,
    )
    _register(world, conference, CONFERENCE_PEOPLE)

    past_day = world.today - dt.timedelta(days=20)
    past = _event(
        world,
        organisation=office,
        area=altstadt,
        title="Vortrag: Sicher zu Hause – Stürze vermeiden",
        description="Eine Physiotherapeutin zeigt, wo zu Hause Stolperfallen sind und welche "
        "Übungen das Gleichgewicht stärken.",
        topics=("Gesundheit",),
        starts_at=_at(past_day, dt.time(15)),
        ends_at=_at(past_day, dt.time(16, 30)),
        registration_required=True,
        capacity=25,
        **place,
    )
    _register(world, past, PAST_TALK_PEOPLE)

    # More to do this week and next elsewhere.
    for quarter_name, days, title, description, topics, extra in (
        (
            "Birkenfeld-Mitte",
            4,
            "Kino am Nachmittag: „Honig im Kopf“",
            "Ein Film über eine Familie und die Demenz des Großvaters. Mit Popcorn und Zeit "
            "zum Reden danach.",
            ("Kultur",),
            {},
        ),
        (
            "Erlenbach-Dorf",
            12,
            "Erste Hilfe auffrischen",
            "Was tun, wenn jemand stürzt oder umfällt? Das DRK übt mit Ihnen die wichtigsten "
            "Handgriffe, ganz ohne Prüfung.",
            ("Gesundheit",),
            {"registration_required": True, "capacity": 15},
        ),
    ):
        quarter = world.quarters.get(quarter_name)
        if quarter is None or quarter_name not in world.offices:
            continue
        day = world.today + dt.timedelta(days=days)
        event = _event(
            world,
            organisation=world.offices[quarter_name],
            area=quarter,
            title=title,
            description=description,
            topics=topics,
            starts_at=_at(day, dt.time(15)),
            ends_at=_at(day, dt.time(17)),
            **_office_place(world, quarter),
            **extra,
        )
        if extra.get("registration_required"):
            _register(world, event, [("Josef Oberländer", 1, CONFIRMED, {})])


def _in_review(world: World) -> None:
    """Altstadt's manager releases what is published there; two events wait for it."""
    altstadt = world.quarters.get(RELEASE_QUARTER)
    if altstadt is None:
        return
    PublicationRule.objects.update_or_create(
        area=altstadt, defaults={"review_required": True, "set_by": world.manager}
    )
    provider = world.providers.get("awo-lindenau", world.offices.get(RELEASE_QUARTER))
    library = world.providers.get("buecherei", provider)
    first = _on_or_after(world.today + dt.timedelta(days=3), 0)
    _event(
        world,
        status=IN_REVIEW,
        organisation=provider,
        area=altstadt,
        title="Spielenachmittag",
        description="Rommé, Mensch ärgere dich nicht und Doppelkopf. Spiele sind da.",
        topics=("Spiele", "Begegnung"),
        place_name="AWO-Begegnungsstätte",
        street="Kirchplatz 3",
        postcode="45657",
        city="Lindenau",
        starts_at=_at(first, dt.time(15)),
        ends_at=_at(first, dt.time(17)),
        rrule="FREQ=WEEKLY;BYDAY=MO",
    )
    reading = world.today + dt.timedelta(days=17)
    _event(
        world,
        status=IN_REVIEW,
        organisation=library,
        area=altstadt,
        title="Lesung: Geschichten aus Lindenau",
        description="Lindenauerinnen und Lindenauer lesen vor, was sie in ihrem Viertel "
        "erlebt haben. Mit großer Schrift zum Mitlesen.",
        topics=("Lesen und Vorlesen", "Kultur"),
        place_name="Stadtbücherei Lindenau",
        street="Marktstraße 8",
        postcode="45657",
        city="Lindenau",
        starts_at=_at(reading, dt.time(16)),
        ends_at=_at(reading, dt.time(17, 30)),
    )


def _news(world: World) -> None:
    now = world.now
    for name, quarter in sorted(world.quarters.items()):
        organisation = world.offices.get(name)
        if organisation is None:
            continue
        NewsPost.objects.create(
            organisation=organisation,
            region=world.region,
            area=quarter,
            title=f"Neue Sprechzeiten im Quartiersbüro {name}",
            body="Ab sofort sind wir auch dienstags von 14 bis 17 Uhr für Sie da. "
            "Kommen Sie vorbei oder rufen Sie an.",
            publish_at=now - dt.timedelta(days=6),
            status=PUBLISHED,
            created_by=world.office_user,
        )
    office = world.offices.get("Altstadt")
    altstadt = world.quarters.get("Altstadt")
    if office is None or altstadt is None:
        return
    NewsPost.objects.create(
        organisation=office,
        region=world.region,
        area=world.region,
        title="Der Bus 185 fährt wieder",
        body="Die Baustelle an der Hauptstraße ist fertig. Der Bus 185 hält wieder an allen "
        "Haltestellen, auch am Friedhof.",
        publish_at=now - dt.timedelta(days=2),
        status=PUBLISHED,
        created_by=world.office_user,
    )
    for title, body, status, publish, expires in (
        (
            "Sommerfest im Quartier",
            "Am Samstag feiern wir auf dem Kirchplatz: Musik, Kuchen und ein Flohmarkt.",
            PUBLISHED,
            now + dt.timedelta(days=5),
            None,
        ),
        (
            "Hitzewarnung: Trinken nicht vergessen",
            "Bei Hitze mindestens 1,5 Liter am Tag trinken. Das Quartiersbüro ist gekühlt.",
            PUBLISHED,
            now - dt.timedelta(days=40),
            now - dt.timedelta(days=30),
        ),
        (
            "Neue Bank am Kirchplatz",
            "Auf Wunsch des Seniorentreffs steht am Kirchplatz eine neue Bank mit Armlehnen.",
            IN_REVIEW,
            now,
            None,
        ),
        (
            "Flohmarkt abgesagt",
            "Der Flohmarkt findet doch statt; diese Meldung ist zurückgezogen.",
            PublicationStatus.WITHDRAWN,
            now - dt.timedelta(days=10),
            None,
        ),
    ):
        NewsPost.objects.create(
            organisation=office,
            region=world.region,
            area=altstadt,
            title=title,
            body=body,
            publish_at=publish,
            expires_at=expires,
            status=status,
            created_by=world.office_user,
            reviewed_by=world.manager if status == PUBLISHED else None,
        )


def _board(world: World) -> None:
    altstadt, nord = world.quarters.get("Altstadt"), world.quarters.get("Nordviertel")
    if altstadt is None or nord is None:
        return
    staff, resident = world.office_user, world.resident
    reviewed = {"reviewed_by": staff, "reviewed_at": world.now - dt.timedelta(days=3)}
    visible_until = world.today + dt.timedelta(days=25)

    def post(area: Area, kind: str, title: str, body: str, status: str, **fields) -> BoardPost:
        values = {
            "region": world.region,
            "area": area,
            "kind": kind,
            "title": title,
            "body": body,
            "status": status,
            "display_name": f"Frau B. aus {area.name}",
            "author": resident,
            "contact_email": "bewohner@demo.lotse",
            **fields,
        }
        return BoardPost.objects.create(**values)

    post(
        altstadt,
        BoardPost.Kind.SEEK,
        "Suche: Hilfe beim Einkaufen",
        "Ich suche jemanden, der samstags mit mir zum Markt geht und die Tasche trägt.",
        BoardPost.Status.SUBMITTED,
    )
    offer = post(
        altstadt,
        BoardPost.Kind.OFFER,
        "Biete: Begleitung zum Einkauf dienstags",
        "Ich gehe dienstags vormittags einkaufen und nehme gern jemanden mit.",
        BoardPost.Status.PUBLISHED,
        expires_on=visible_until,
        display_name="Herr W. aus Altstadt",
        **reviewed,
    )
    BoardReply.objects.create(
        post=offer,
        region=world.region,
        sender_name="Hildegard Ahrens",
        sender_email="h.ahrens@example.org",
        text="Das wäre schön! Ich wohne in der Lindenstraße und komme gern mit.",
        status=BoardReply.Status.RELAYED,
        handled_at=world.now - dt.timedelta(days=1),
    )
    walk = post(
        nord,
        BoardPost.Kind.SEEK,
        "Suche: jemanden, der mit mir spazieren geht",
        "Ich gehe mit dem Rollator langsam, aber gern. Am liebsten nachmittags im Park.",
        BoardPost.Status.PUBLISHED,
        expires_on=visible_until,
        display_name="Frau S. aus Nordviertel",
        author=None,
        contact_email="",
        person=_staff_person(world),
        posted_by_staff=staff,
        **reviewed,
    )
    BoardReply.objects.create(
        post=walk,
        region=world.region,
        sender_name="Jonas Brandt",
        sender_phone="0171 2233445",
        text="Ich gehe jeden Nachmittag mit meinem Hund im Park. Gern zusammen!",
        status=BoardReply.Status.FOR_OFFICE,
    )
    post(
        altstadt,
        BoardPost.Kind.OFFER,
        "Biete: Versicherungen günstig",
        "Ich berate Sie zu allen Versicherungen, rufen Sie mich an.",
        BoardPost.Status.REJECTED,
        display_name="Herr M. aus Altstadt",
        review_note="Gewerbliche Angebote sind auf der Pinnwand nicht erlaubt.",
        **reviewed,
    )
    removed = post(
        nord,
        BoardPost.Kind.OFFER,
        "Biete: Hilfe im Garten",
        "Ich helfe im Garten, 20 € die Stunde.",
        BoardPost.Status.REMOVED,
        display_name="Herr K. aus Nordviertel",
        expires_on=visible_until,
        review_note="Nach einer Meldung entfernt: Bezahlte Arbeit ist hier nicht erlaubt.",
        **reviewed,
    )
    BoardReport.objects.create(
        post=removed,
        region=world.region,
        reason="Das ist ein bezahltes Angebot.",
        handled_at=world.now - dt.timedelta(days=1),
        handled_by=staff,
    )
    post(
        altstadt,
        BoardPost.Kind.OFFER,
        "Biete: Rollator zu verschenken",
        "Gut erhaltener Rollator, abzuholen in der Altstadt.",
        BoardPost.Status.EXPIRED,
        expires_on=world.today - dt.timedelta(days=3),
        display_name="Frau P. aus Altstadt",
        **reviewed,
    )


@transaction.atomic
def demo_news_load() -> int:
    """Loads the demo's events, news and noticeboard; returns how many events it made (0:
    nothing to do, the demo region is missing or its events are already there)."""
    world = _world()
    if world is None or Event.objects.filter(region=world.region).exists():
        return 0
    events = _programme(world)
    _exceptions(world, events)
    _one_offs(world)
    _in_review(world)
    _news(world)
    _board(world)
    return Event.objects.filter(region=world.region).count()
