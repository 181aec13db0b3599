"""Demo case files for the demo region Kreis Lindenau (`manage.py load_demo_cases`, after
`load_demo`): three Kümmerer of the first quarter's office at two sites (Altstadt and
Nordviertel) with about sixty accompanied persons in every stage: first contact, assessment,
plan, implementation, review due or overdue, closed; one case handed over, one colleague on
leave covered by kuemmerer@demo.lotse.

Cases are opened through `case_open` (number, opening event and audit as on the page); the
rest (assessments, goals, actions, journal, network, reviews, closing) is written as rows,
because the services for those steps live beside this module and the demo must not depend on
their order; the stage is then derived by `case_stage_refresh` like after every change. A few
tasks are referrals, made as the plan makes them (the desk's referral loop, no inquiry).
All dates are relative to today, so the demo looks the same on any day."""

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from lotse.accounts.models import User
from lotse.accounts.services import user_create
from lotse.cases.models import (
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
from lotse.cases.services import case_open, case_stage_refresh
from lotse.core.models import Area, Membership, Organisation, Role
from lotse.people.models import Consent, ContactChannel, Person
from lotse.people.services import person_register

DEMO_REGION = "kreis-lindenau"
NAVIGATOR = "kuemmerer@demo.lotse"
OFFICE_LOGIN = "buero@demo.lotse"
# The two sites (quarters of the demo region) where the Kümmerer work.
SITES = ("Altstadt", "Nordviertel")
# More Kümmerer of the office that employs kuemmerer@ (same password as the other demo logins).
MORE_NAVIGATORS = [
    ("kuemmerer2@demo.lotse", "Jonas Albers"),
    ("kuemmerer3@demo.lotse", "Leyla Demir"),
]
PURPOSE = "Begleitung"

GIVEN_F = [
    "Anneliese", "Gertrud", "Ingrid", "Ursula", "Hildegard", "Margarete", "Renate", "Elfriede",
    "Brigitte", "Christa", "Waltraud", "Edith", "Marianne", "Rosemarie", "Lieselotte",
    "Helga", "Irmgard", "Inge", "Karin", "Monika", "Erika", "Gisela", "Hannelore", "Ilse",
    "Sieglinde", "Johanna", "Dora", "Frieda", "Käthe", "Ruth",
]  # fmt: skip
GIVEN_M = [
    "Heinz", "Günter", "Manfred", "Horst", "Werner", "Klaus", "Dieter", "Gerhard", "Wolfgang",
    "Hans-Jürgen", "Helmut", "Rudolf", "Siegfried", "Friedrich", "Bernd", "Ernst", "Alfred",
    "Karl-Heinz", "Reinhold", "Erwin", "Lothar", "Egon", "Herbert", "Willi", "Kurt",
    "Hubert", "Norbert", "Rolf", "Volker", "Josef",
]  # fmt: skip
FAMILY = [
    "Hartmann", "Krüger", "Lange", "Schmitz", "Wagner", "Brandt", "Vogel", "Kaiser", "Jansen",
    "Peters", "Möller", "Busch", "Ahrens", "Hoffmann", "Schulze", "Fischer", "Meyer",
    "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Hofmann", "Hartwig", "Kemper",
    "Lohmann", "Niehaus", "Oberländer", "Pohl", "Reuter", "Sander", "Tewes", "Ullrich",
    "Voss", "Wendt", "Westerkamp", "Bergmann", "Dreier", "Engel", "Franke", "Graf", "Heitmann",
    "Ilgner", "Jakobs", "Kampmann", "Lindner", "Marx", "Nolte", "Ostermann", "Pieper",
    "Quast", "Rieke", "Stork", "Thiele", "Uhlig", "Vahle", "Winkler", "Yüksel", "Zierke",
    "Akgün",
]  # fmt: skip
STREETS = [
    "Lindenstraße", "Kirchweg", "Am Markt", "Mühlenstraße", "Gartenweg", "Schulstraße",
    "Bahnhofstraße", "Birkenallee", "Rosenweg", "Hauptstraße",
]  # fmt: skip

# Goals in the person's own words, by life area.
GOALS = [
    (LifeArea.EVERYDAY, "Ich möchte wieder allein einkaufen gehen."),
    (LifeArea.EVERYDAY, "Ich möchte in meiner Wohnung bleiben können."),
    (LifeArea.HEALTH, "Ich will meine Tabletten nicht mehr durcheinanderbringen."),
    (LifeArea.HEALTH, "Ich möchte nach dem Schlaganfall wieder sicher laufen."),
    (LifeArea.MONEY, "Ich möchte wissen, ob mir ein Pflegegrad zusteht."),
    (LifeArea.MONEY, "Die Rechnungen sollen nicht mehr liegen bleiben."),
    (LifeArea.SOCIAL, "Ich möchte wieder unter Leute kommen, nicht nur den Fernseher hören."),
    (LifeArea.SOCIAL, "Ich möchte mit meiner Enkelin wieder telefonieren können."),
    (LifeArea.HOUSING, "Ich will ohne Angst in die Badewanne steigen."),
    (LifeArea.MOBILITY, "Ich möchte selbst zum Arzt kommen, ohne meine Tochter zu fragen."),
    (LifeArea.DIGITAL, "Ich möchte mit dem Handy Fotos von den Enkeln ansehen."),
    (LifeArea.LEGAL, "Es soll geregelt sein, wer für mich entscheidet, wenn ich es nicht kann."),
]
# Tasks for a goal's life area: (what, who does it).
TASKS = {
    LifeArea.EVERYDAY: [
        ("Einkaufshilfe der Nachbarschaftshilfe anfragen", Action.Doer.NAVIGATOR),
        ("Rollator beim Sanitätshaus abholen", Action.Doer.RELATIVE),
    ],
    LifeArea.HEALTH: [
        ("Medikamentenplan mit der Hausarztpraxis abstimmen", Action.Doer.NAVIGATOR),
        ("Wochendosierer in der Apotheke besorgen", Action.Doer.PERSON),
    ],
    LifeArea.MONEY: [
        ("Antrag auf Pflegegrad bei der Pflegekasse stellen", Action.Doer.NAVIGATOR),
        ("Kontoauszüge der letzten drei Monate heraussuchen", Action.Doer.PERSON),
    ],
    LifeArea.SOCIAL: [
        ("Zum Mittagstisch im Seniorentreff mitgehen", Action.Doer.NAVIGATOR),
        ("Besuchsdienst anfragen", Action.Doer.NAVIGATOR),
    ],
    LifeArea.HOUSING: [
        ("Wohnberatung für Haltegriffe im Bad anfragen", Action.Doer.NAVIGATOR),
        ("Vermieter wegen Umbau fragen", Action.Doer.RELATIVE),
    ],
    LifeArea.MOBILITY: [
        ("Fahrdienst für Arzttermine klären", Action.Doer.NAVIGATOR),
        ("Schwerbehindertenausweis mit Merkzeichen G beantragen", Action.Doer.NAVIGATOR),
    ],
    LifeArea.DIGITAL: [
        ("Termin im Handy-Café ausmachen", Action.Doer.PERSON),
        ("Digital-Helfer für einen Hausbesuch anfragen", Action.Doer.NAVIGATOR),
    ],
    LifeArea.LEGAL: [
        ("Vorsorgevollmacht mit der Betreuungsstelle besprechen", Action.Doer.NAVIGATOR),
        ("Formular Vorsorgevollmacht mit den Kindern durchgehen", Action.Doer.RELATIVE),
    ],
}
JOURNAL_NOTES = {
    JournalEntry.Kind.HOME_VISIT: [
        "Hausbesuch. Wohnung aufgeräumt, Kühlschrank fast leer. Einkauf besprochen.",
        "Hausbesuch mit der Tochter. Stimmung besser als beim letzten Mal.",
        "Hausbesuch. Stolperfallen im Flur gezeigt, Teppich wird entfernt.",
        "Hausbesuch. Antrag gemeinsam ausgefüllt und unterschrieben.",
    ],
    JournalEntry.Kind.PHONE: [
        "Anruf: fragt nach dem Stand beim Pflegegrad. Rückruf der Kasse steht aus.",
        "Telefonat, kurz. Alles in Ordnung, Termin bestätigt.",
        "Rückruf: hat sich beim Mittagstisch wohlgefühlt, will wieder hin.",
        "Telefonat: Sorgen wegen der Nebenkostenabrechnung.",
    ],
    JournalEntry.Kind.OFFICE: [
        "Kam ins Quartiersbüro, Unterlagen für den Antrag mitgebracht.",
        "Gespräch im Büro, Hilfeplan durchgesprochen.",
    ],
    JournalEntry.Kind.VIDEO: ["Videogespräch mit dem Sohn in München, Plan abgestimmt."],
    JournalEntry.Kind.WITH_OTHERS: [
        "Gespräch mit der Hausarztpraxis über den Medikamentenplan (Einverständnis liegt vor).",
        "Fallbesprechung mit dem Pflegedienst: Einsätze morgens und abends.",
    ],
    JournalEntry.Kind.WRITTEN: ["Brief an die Pflegekasse geschickt (Widerspruch)."],
}
JOURNAL_KINDS = [
    JournalEntry.Kind.HOME_VISIT,
    JournalEntry.Kind.HOME_VISIT,
    JournalEntry.Kind.PHONE,
    JournalEntry.Kind.PHONE,
    JournalEntry.Kind.PHONE,
    JournalEntry.Kind.OFFICE,
    JournalEntry.Kind.VIDEO,
    JournalEntry.Kind.WITH_OTHERS,
    JournalEntry.Kind.WRITTEN,
]
MINUTES = {
    JournalEntry.Kind.HOME_VISIT: (45, 120),
    JournalEntry.Kind.PHONE: (5, 30),
    JournalEntry.Kind.OFFICE: (30, 60),
    JournalEntry.Kind.VIDEO: (20, 45),
    JournalEntry.Kind.WITH_OTHERS: (15, 60),
    JournalEntry.Kind.WRITTEN: (10, 30),
}
REASON_NOTES: dict[str, str] = {
    CaseFile.Reason.STROKE: "Nach dem Schlaganfall zurück aus der Reha, lebt allein.",
    CaseFile.Reason.ILLNESS: "Herzschwäche, schafft die Treppe kaum noch.",
    CaseFile.Reason.BEREAVEMENT: "Der Ehemann ist im Frühjahr gestorben, er hat alles geregelt.",
    CaseFile.Reason.CARE_NEED: "Die Tochter merkt, dass es allein nicht mehr geht.",
    CaseFile.Reason.DISCHARGE: "Nach Oberschenkelhalsbruch aus dem Klinikum entlassen.",
    CaseFile.Reason.ISOLATION: "Geht seit Monaten kaum aus dem Haus.",
    CaseFile.Reason.MONEY: "Rente reicht nicht, Mahnungen liegen ungeöffnet.",
    CaseFile.Reason.OTHER: "Nachbarin hat sich gemeldet, macht sich Sorgen.",
}
SOURCES = [
    (CaseFile.Source.HOSPITAL, "Klinikum Lindenau, Sozialdienst Frau Berg"),
    (CaseFile.Source.DOCTOR, "Hausarztpraxis Dr. Tewes"),
    (CaseFile.Source.DIRECT, ""),
    (CaseFile.Source.DIRECT, "Die Tochter hat angerufen"),
    (CaseFile.Source.INQUIRY, "Sprechstunde im Quartiersbüro"),
    (CaseFile.Source.OTHER, "Pflegestützpunkt"),
]


@dataclass(frozen=True)
class Plan:
    """What one demo case has gone through."""

    stage: str  # the stage shown today (Stage, REVIEW for due or overdue reviews)
    opened_days_ago: int
    review_offset: int = 0  # implementation/review: days from today to the next review
    closed_days_ago: int = 0
    no_contact_days: int = 0  # last contact this many days ago (0: recent)


def _plans(rng: random.Random) -> list[Plan]:
    plans: list[Plan] = []
    plans += [Plan(Stage.FIRST_CONTACT, rng.randint(1, 10)) for _n in range(7)]
    plans += [Plan(Stage.ASSESSMENT, rng.randint(10, 25)) for _n in range(6)]
    plans += [Plan(Stage.PLAN, rng.randint(20, 40)) for _n in range(6)]
    plans += [
        Plan(
            Stage.IMPLEMENTATION,
            rng.randint(45, 300),
            review_offset=rng.randint(3, 50),
            no_contact_days=rng.choice([0, 0, 0, 35, 48]),
        )
        for _n in range(18)
    ]
    # Reviews due today and overdue by days or weeks.
    plans += [
        Plan(Stage.REVIEW, rng.randint(60, 320), review_offset=-offset)
        for offset in (0, 2, 5, 9, 14, 21, 30, 45, 60, 3)
    ]
    plans += [
        Plan(Stage.CLOSED, opened, closed_days_ago=closed)
        for opened, closed in [(rng.randint(240, 800), 0) for _n in range(14)]
        for closed in [rng.randint(20, min(opened - 150, 500))]
    ]
    return plans


def _day(days_ago: int, hour: int, rng: random.Random) -> dt.datetime:
    today = timezone.localdate()
    moment = dt.datetime.combine(
        today - dt.timedelta(days=days_ago), dt.time(hour, rng.choice([0, 15, 30, 45]))
    )
    return timezone.make_aware(moment)


def _navigators(office: Organisation) -> list[User]:
    """kuemmerer@ and the demo's other Kümmerer, made (with membership) where missing."""
    from lotse.directory.management.commands.load_demo import DEMO_PASSWORD  # noqa: PLC0415

    navigators = [User.objects.get(email=NAVIGATOR)]
    for email, name in MORE_NAVIGATORS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = user_create(email=email, password=DEMO_PASSWORD, name=name)
        Membership.objects.get_or_create(user=user, organisation=office, role=Role.CARE_NAVIGATOR)
        navigators.append(user)
    return navigators


def _person(rng: random.Random, n: int, office: Organisation, quarter: Area, actor: User) -> Person:
    female = n % 3 != 1
    given = (GIVEN_F if female else GIVEN_M)[n % 30]
    family = FAMILY[n % len(FAMILY)]
    return person_register(
        actor=actor,
        organisation=office,
        data={
            "given_name": given,
            "family_name": family,
            "birth_year": rng.randint(1930, 1955),
            "phone": f"05231 7{n:03d}{rng.randint(10, 99)}",
            "street": f"{rng.choice(STREETS)} {rng.randint(1, 60)}",
            "postcode": "45657",
            "city": "Lindenau",
            "quarter": quarter,
            "contact_channel": ContactChannel.PHONE,
        },
        consents=[
            (Consent.Purpose.KEEP, ""),
            (Consent.Purpose.CONTACT, ContactChannel.PHONE),
        ],
        given_how=Consent.GivenHow.WRITTEN,
        purpose=PURPOSE,
    )


def _assess(
    case_file: CaseFile, on: dt.date, by: User, levels: dict[str, int], rng: random.Random
) -> Assessment:
    assessment = Assessment.objects.create(case_file=case_file, assessed_on=on, recorded_by=by)
    notes: dict[str, str] = {
        LifeArea.HEALTH: "Blutdruck schwankt, Hausärztin kennt das.",
        LifeArea.EVERYDAY: "Waschen allein, beim Einkaufen Hilfe nötig.",
        LifeArea.MONEY: "Kein Pflegegrad, Wohngeld nie beantragt.",
        LifeArea.SOCIAL: "Kaum Besuch, Tochter weit weg.",
    }
    AssessmentRating.objects.bulk_create(
        AssessmentRating(
            assessment=assessment, area=area, level=levels[area], note=notes.get(area, "")
        )
        for area in LifeArea.values
    )
    return assessment


def _levels(rng: random.Random) -> dict[str, int]:
    return {area: rng.choice([0, 1, 1, 2, 2, 3]) for area in LifeArea.values}


def _journal(case_file: CaseFile, start: int, end: int, by: User, rng: random.Random) -> None:
    """Contacts from `start` days ago to `end` days ago, every one to three weeks."""
    entries = []
    day = start
    while day >= end:
        kind = rng.choice(JOURNAL_KINDS)
        low, high = MINUTES[kind]
        entries.append(
            JournalEntry(
                case_file=case_file,
                kind=kind,
                happened_at=_day(day, rng.randint(8, 16), rng),
                minutes=rng.randint(low, high) // 5 * 5 or 5,
                note=rng.choice(JOURNAL_NOTES[kind]),
                author=by,
            )
        )
        day -= rng.randint(6, 20)
    if not entries:
        kind = JournalEntry.Kind.PHONE
        entries.append(
            JournalEntry(
                case_file=case_file,
                kind=kind,
                happened_at=_day(end, 10, rng),
                minutes=15,
                note="Erstes Telefonat, Hausbesuch vereinbart.",
                author=by,
            )
        )
    JournalEntry.objects.bulk_create(entries)
    case_file.last_contact_at = max(entry.happened_at for entry in entries)
    case_file.save(update_fields=["last_contact_at", "updated_at"])


def _network(case_file: CaseFile, rng: random.Random, agreed_on: dt.date) -> None:
    family = case_file.person.family_name
    contacts = [
        (NetworkContact.Role.RELATIVE, f"Sabine {family} (Tochter)", "0171 4455667"),
        (NetworkContact.Role.DOCTOR, "Hausarztpraxis Dr. Tewes", "05231 22 11 0"),
        (NetworkContact.Role.NEIGHBOUR, "Frau Ostermann, Nachbarin im 1. Stock", ""),
        (NetworkContact.Role.CARE_SERVICE, "Ambulanter Pflegedienst Lindenau", "05231 90 90 9"),
        (NetworkContact.Role.PHARMACY, "Linden-Apotheke", "05231 34 56 7"),
    ]
    chosen = rng.sample(contacts, rng.randint(1, 3))
    NetworkContact.objects.bulk_create(
        NetworkContact(
            case_file=case_file,
            role=role,
            name=name,
            phone=phone,
            may_contact=may,
            agreed_on=agreed_on if may else None,
            note="Bitte nur nachmittags anrufen." if role == NetworkContact.Role.RELATIVE else "",
        )
        for (role, name, phone), may in zip(chosen, [True, True, False], strict=False)
    )


def _plan(
    case_file: CaseFile, rng: random.Random, by: User, planned: dt.date, with_actions: bool
) -> list[Goal]:
    goals = []
    for position, (area, text) in enumerate(rng.sample(GOALS, rng.randint(1, 3))):
        goals.append(
            Goal.objects.create(case_file=case_file, text=text, area=area, position=position)
        )
    if not with_actions:
        return goals
    today = timezone.localdate()
    for goal in goals:
        for title, doer in rng.sample(TASKS[LifeArea(goal.area)], rng.randint(1, 2)):
            due = planned + dt.timedelta(days=rng.randint(7, 70))
            done = due < today and rng.random() < 0.6
            Action.objects.create(
                case_file=case_file,
                goal=goal,
                title=title,
                doer=doer,
                doer_name="Sabine (Tochter)" if doer == Action.Doer.RELATIVE else "",
                due_on=due,
                status=Action.Status.DONE if done else Action.Status.OPEN,
                done_on=min(due, today) if done else None,
                created_by=by,
            )
    return goals


def _referral(case_file: CaseFile, office_login: User | None, by: User) -> None:
    """One referral as the plan makes it (`action_refer`: the desk's referral loop without an
    inquiry) to an active offer of the region, by the responsible Kümmerer."""
    from lotse.cases.services_plan import action_refer  # noqa: PLC0415
    from lotse.directory.models import Service  # noqa: PLC0415

    service = (
        Service.objects.filter(status=Service.Status.ACTIVE, organization__region=case_file.region)
        .order_by("name")
        .first()
    )
    if office_login is None or service is None:
        return
    action_refer(actor=by, case_file=case_file, goal=case_file.goals.first(), service=service)


def _build(
    plan: Plan,
    case_file: CaseFile,
    by: User,
    rng: random.Random,
    office_login: User | None,
    refer: bool,
) -> None:
    today = timezone.localdate()
    opened = plan.opened_days_ago
    stage = plan.stage
    last_day = plan.closed_days_ago if stage == Stage.CLOSED else 0
    _journal(case_file, opened, max(last_day, plan.no_contact_days), by, rng)
    if stage == Stage.FIRST_CONTACT:
        return
    first = today - dt.timedelta(days=opened - rng.randint(3, 8))
    levels = _levels(rng)
    _assess(case_file, first, by, levels, rng)
    _network(case_file, rng, first)
    if stage == Stage.ASSESSMENT:
        return
    planned = first + dt.timedelta(days=rng.randint(5, 12))
    goals = _plan(case_file, rng, by, planned, with_actions=stage != Stage.PLAN)
    if stage == Stage.PLAN:
        return
    if refer:
        _referral(case_file, office_login, by)
    # Reviews every review_weeks after the plan; the latest with a second assessment showing
    # what changed.
    weeks = dt.timedelta(weeks=case_file.review_weeks)
    reviewed = planned + weeks
    end = today - dt.timedelta(days=last_day) if stage == Stage.CLOSED else today
    previous = None
    while reviewed < end - dt.timedelta(days=3):
        previous = reviewed
        reviewed += weeks
    if previous is not None:
        better = {area: max(0, level - rng.choice([0, 1, 1])) for area, level in levels.items()}
        second = _assess(case_file, previous, by, better, rng)
        Review.objects.create(
            case_file=case_file,
            reviewed_on=previous,
            what_changed="Einkaufen klappt mit der Nachbarschaftshilfe. Sie geht wieder "
            "einmal die Woche zum Mittagstisch.",
            plan_note="Ziel Pflegegrad bleibt; Antrag läuft noch.",
            assessment=second,
            recorded_by=by,
        )
    if stage == Stage.CLOSED:
        closed_on = today - dt.timedelta(days=plan.closed_days_ago)
        reason = rng.choice(
            [
                CaseFile.ClosingReason.GOALS_REACHED,
                CaseFile.ClosingReason.GOALS_REACHED,
                CaseFile.ClosingReason.RESIDENTIAL_CARE,
                CaseFile.ClosingReason.MOVED,
                CaseFile.ClosingReason.DECLINED,
            ]
        )
        for goal in goals:
            goal.status = rng.choice([Goal.Status.REACHED, Goal.Status.REACHED, Goal.Status.PARTLY])
            goal.outcome_note = "Klappt jetzt mit Unterstützung der Familie."
            goal.save(update_fields=["status", "outcome_note", "updated_at"])
        Action.objects.filter(case_file=case_file, status=Action.Status.OPEN).update(
            status=Action.Status.CANCELLED
        )
        case_file.closed_on = closed_on
        case_file.closing_reason = reason
        case_file.closing_note = "Abschlussgespräch beim Hausbesuch, Person ist zufrieden."
        if reason == CaseFile.ClosingReason.GOALS_REACHED:
            case_file.check_in_on = closed_on + dt.timedelta(days=91)
        # Closed together with its date: the database insists on both or neither.
        case_file.stage = Stage.CLOSED
        case_file.save(
            update_fields=[
                "closed_on",
                "closing_reason",
                "closing_note",
                "check_in_on",
                "stage",
                "updated_at",
            ]
        )
        event = CaseEvent.objects.create(
            case_file=case_file, kind=CaseEvent.Kind.CLOSED, actor=by, note=""
        )
        CaseEvent.objects.filter(pk=event.pk).update(at=_day(plan.closed_days_ago, 15, rng))
        return
    # Implementation: the next review lies `review_offset` days from today (past: overdue).
    case_file.next_review_on = today + dt.timedelta(days=plan.review_offset)
    case_file.save(update_fields=["next_review_on", "updated_at"])


@transaction.atomic
def demo_cases_load() -> int:
    """Adds the demo cases once; returns how many it added (0 when they are there)."""
    region = Area.objects.filter(slug=DEMO_REGION).first()
    navigator = User.objects.filter(email=NAVIGATOR).first()
    if region is None or navigator is None:
        raise RuntimeError("Erst die Demo-Region laden: manage.py load_demo")
    membership = Membership.objects.filter(user=navigator, role=Role.CARE_NAVIGATOR).first()
    assert membership is not None
    office = membership.organisation
    navigators = _navigators(office)
    if CaseFile.objects.filter(organisation=office).exists():
        return 0
    sites = [Area.objects.get(region=region, kind=Area.Kind.QUARTER, name=n) for n in SITES]
    office_login = User.objects.filter(email=OFFICE_LOGIN).first()
    rng = random.Random(2019)
    plans = _plans(rng)
    rng.shuffle(plans)
    made: list[CaseFile] = []
    referrals = 0
    for n, plan in enumerate(plans):
        # kuemmerer@ carries about half of the cases, at both sites.
        responsible = navigators[0] if n % 2 == 0 else navigators[1 + (n // 2) % 2]
        site = sites[0] if responsible != navigators[2] and n % 5 else sites[1]
        person = _person(rng, n, office, site, responsible)
        reason = rng.choice(CaseFile.Reason.values)
        source, source_detail = rng.choice(SOURCES)
        case_file = case_open(
            actor=responsible,
            organisation=office,
            person=person,
            site=site,
            reason=reason,
            source=source,
            source_detail=source_detail,
            reason_note=REASON_NOTES[reason],
            responsible=responsible,
            opened_on=timezone.localdate() - dt.timedelta(days=plan.opened_days_ago),
            team=[navigators[1]] if n % 7 == 3 and responsible != navigators[1] else [],
        )
        CaseEvent.objects.filter(case_file=case_file).update(at=_day(plan.opened_days_ago, 9, rng))
        refer = plan.stage in (Stage.IMPLEMENTATION, Stage.REVIEW) and referrals < 3
        referrals += refer
        _build(plan, case_file, responsible, rng, office_login, refer)
        case_stage_refresh(case_file)
        made.append(case_file)
    _handover(made, navigators)
    _cover(office, navigators)
    return len(made)


def _handover(made: list[CaseFile], navigators: list[User]) -> None:
    """A case Jonas Albers opened, handed to kuemmerer@ three weeks ago."""
    from_user, to_user = navigators[1], navigators[0]
    mine = [c for c in made if c.responsible_id == from_user.pk and not c.is_closed]
    case_file = next((c for c in mine if c.stage == Stage.IMPLEMENTATION), mine[0])
    case_file.responsible = to_user
    case_file.save(update_fields=["responsible", "updated_at"])
    event = CaseEvent.objects.create(
        case_file=case_file,
        kind=CaseEvent.Kind.HANDED_OVER,
        actor=from_user,
        from_user=from_user,
        to_user=to_user,
        note="Übergabe, weil ich in Nordviertel übernehme. Tochter ist informiert; "
        "Pflegegrad-Antrag liegt bei der Kasse, Rückmeldung erwartet.",
    )
    CaseEvent.objects.filter(pk=event.pk).update(at=timezone.now() - dt.timedelta(days=21, hours=3))


def _cover(office: Organisation, navigators: list[User]) -> None:
    """Leyla Demir is on leave; kuemmerer@ covers her cases until the end of next week."""
    today = timezone.localdate()
    Cover.objects.create(
        organisation=office,
        region_id=office.region_id,
        absent=navigators[2],
        covering=navigators[0],
        starts_on=today - dt.timedelta(days=3),
        ends_on=today + dt.timedelta(days=11),
        created_by=User.objects.filter(email="manager@demo.lotse").first() or navigators[0],
    )
