"""Demo data of the group formats, for the demo region Kreis Lindenau (`load_demo`): a weekly
Handy-Café at the Quartiersbüro Altstadt with helper shifts (past ones, for the hours, and the
next weeks with some gaps), the "Handy-Sprechstunde" in Heide with its offer's page showing the
dates, and one finished qualification course with three participants and their certificates.

It uses the helpers the demo already has (`load_demo_helpers`, if loaded) and adds a few of its
own when there are not enough. Called by the command `load_demo_groups`; running it again
changes nothing."""

import datetime as dt

from django.apps import apps
from django.utils import timezone

from lotse.accounts.models import User
from lotse.core.models import Organisation
from lotse.people.models import Person
from lotse.volunteers import services_groups
from lotse.volunteers.models import Cafe, CafeShift, Course, Credential, Helper
from lotse.volunteers.selectors_groups import cafe_dates, weekly_dates

REGION = "kreis-lindenau"
MULTIPLIER = "multiplikator@demo.lotse"
HELPER = "helfer@demo.lotse"
# Helpers of the demo's own, added when the office has fewer active ones than this.
WANTED_HELPERS = 4
OWN_HELPERS = [("Anna", "Becker"), ("Hakan", "Yılmaz"), ("Irina", "Wolf"), ("Peter", "Lange")]
LEARNERS = [("Jonas", "Brandt"), ("Selin", "Kaya"), ("Marta", "Nowak")]


def _helper(office: Organisation, given: str, family: str, status: str, user=None) -> Helper:
    quarter = office.coordinates.first()
    person = Person.objects.create(
        organisation=office,
        region_id=office.region_id,
        given_name=given,
        family_name=family,
        birth_year=1958,
        quarter=quarter,
    )
    helper = Helper.objects.create(
        person=person,
        organisation=office,
        region_id=office.region_id,
        home_quarter=quarter,
        status=status,
        user=user,
        devices=["android", "iphone"],
        topics=["messenger", "photos", "scams"],
        languages=["de"],
    )
    if quarter is not None:
        helper.quarters.add(quarter)
    return helper


def _pledge(helper: Helper, seen_by: User, on: dt.date) -> None:
    Credential.objects.create(
        helper=helper,
        region_id=helper.region_id,
        kind=Credential.Kind.PLEDGE,
        issued_on=on,
        seen_on=on,
        seen_by=seen_by,
    )


def demo_groups_load(*, today: dt.date | None = None) -> bool:
    """Loads the demo's cafés, shifts and course; False when there is nothing to do (no demo
    region, or already loaded)."""
    today = today or timezone.localdate()
    multiplier = User.objects.filter(email=MULTIPLIER).first()
    if multiplier is None or Cafe.objects.filter(region__slug=REGION).exists():
        return False
    office = multiplier.memberships.get().organisation
    quarter = office.coordinates.first()
    if quarter is None:
        return False
    long_ago = today - dt.timedelta(days=400)

    helper_user = User.objects.filter(email=HELPER).first()
    if helper_user is not None and not Helper.objects.filter(user=helper_user).exists():
        own = _helper(office, *OWN_HELPERS[0], Helper.Status.ACTIVE, user=helper_user)
        _pledge(own, multiplier, long_ago)
    active = list(Helper.objects.filter(organisation=office, status=Helper.Status.ACTIVE))
    for given, family in OWN_HELPERS[1:]:
        if len(active) >= WANTED_HELPERS:
            break
        helper = _helper(office, given, family, Helper.Status.ACTIVE)
        _pledge(helper, multiplier, long_ago)
        active.append(helper)
    active.sort(key=lambda h: (h.user_id is None, str(h.pk)))

    # The weekly Handy-Café at the Quartiersbüro, Thursday afternoons, two helpers wanted.
    cafe = services_groups.cafe_create(
        actor=multiplier,
        organisation=office,
        quarter=quarter,
        data={
            "name": f"Handy-Café {quarter.name}",
            "address": f"Quartiersbüro {quarter.name}, großer Raum",
            "weekday": 3,
            "start_time": dt.time(14),
            "end_time": dt.time(16),
            "starts_on": today - dt.timedelta(days=120),
            "helpers_wanted": 2,
        },
    )
    # Past shifts (for the hours): two helpers every week, taking turns.
    past = weekly_dates(
        weekday=cafe.weekday,
        starts_on=cafe.starts_on,
        ends_on=today - dt.timedelta(days=1),
        after=cafe.starts_on,
        count=30,
    )
    for n, day in enumerate(past):
        for helper in (active[n % len(active)], active[(n + 1) % len(active)]):
            CafeShift.objects.get_or_create(
                cafe=cafe,
                helper=helper,
                date=day,
                defaults={"region_id": cafe.region_id, "minutes": cafe.minutes()},
            )
    # The next weeks: the first fully staffed, then one helper, then gaps.
    upcoming = cafe_dates(cafe=cafe, after=today, count=8)
    plan = {0: active[:2], 1: active[1:2], 3: active[2:4], 5: active[3:4]}
    for index, helpers in plan.items():
        for helper in helpers:
            services_groups.shift_assign(
                actor=multiplier, cafe=cafe, helper=helper, date=upcoming[index]
            )
    services_groups.cafe_date_cancel(
        actor=multiplier, cafe=cafe, date=upcoming[6], reason="Der Raum wird renoviert."
    )

    # The "Handy-Sprechstunde" offer in Heide is such a café too: its page shows the dates.
    # (The offer is looked up by name through the app registry: volunteers does not import
    # directory.)
    service = apps.get_model("directory", "Service").objects.filter(name="Handy-Sprechstunde")
    heide_office = Organisation.objects.filter(
        region=office.region, kind=Organisation.Kind.OFFICE, coordinates__slug="heide"
    ).first()
    heide = heide_office.coordinates.first() if heide_office is not None else None
    if service.exists() and heide_office is not None and heide is not None:
        Cafe.objects.create(
            organisation=heide_office,
            region_id=heide_office.region_id,
            quarter=heide,
            name="Handy-Sprechstunde",
            address="Bürgerhaus Heide, Raum 2, Heideweg 10",
            service=service.first(),
            weekday=1,
            start_time=dt.time(15),
            end_time=dt.time(17),
            starts_on=today - dt.timedelta(days=60),
        )

    # A finished course: three sessions in the past, three new helpers, all there each time.
    course = services_groups.course_create(
        actor=multiplier,
        organisation=office,
        title="Grundkurs Digital-Helfer",
        content=[
            "Die eigene Rolle als Digital-Helferin oder Digital-Helfer",
            "Smartphone und Tablet erklären: Android und iPhone",
            "Nachrichten, Videoanrufe und Fotos",
            "Schutz vor Betrug am Telefon und im Internet",
            "Datenschutz und Verschwiegenheit",
        ],
    )
    sessions = [
        services_groups.course_session_add(
            actor=multiplier,
            course=course,
            date=today - dt.timedelta(days=7 * weeks),
            start_time=dt.time(10),
            end_time=dt.time(13),
            place=f"Quartiersbüro {quarter.name}",
        )
        for weeks in (5, 4, 3)
    ]
    participants = []
    for given, family in LEARNERS:
        learner = _helper(office, given, family, Helper.Status.QUALIFYING)
        _pledge(learner, multiplier, today - dt.timedelta(days=40))
        participants.append(
            services_groups.course_participant_add(actor=multiplier, course=course, helper=learner)
        )
    for session in sessions:
        services_groups.attendance_set(actor=multiplier, session=session, present=participants)
    for participant in participants:
        services_groups.course_complete(actor=multiplier, participant=participant)
    assert Course.objects.filter(pk=course.pk).exists()
    return True
