"""Demo requests for help in every state, for the demo region Kreis Lindenau (load_demo):
through the services, as the multiplier would, so offers, messages and the audit log are
real. `demo_requests_load` is what `manage.py load_demo_volunteer_requests` calls; the demo
helpers' loader may call it too. Uses the region's active helpers; without any it adds three
(with credentials) so that the board has someone to rank."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from lotse.accounts.models import User
from lotse.core.models import Area, Membership, Role
from lotse.people.models import Consent, ContactChannel
from lotse.people.services import person_register
from lotse.volunteers import request_services as services
from lotse.volunteers.models import Credential, Helper, HelperAvailability, HelpRequest, Place

DEMO_REGION = "kreis-lindenau"
MULTIPLIER = "multiplikator@demo.lotse"
HELPER_LOGIN = "helfer@demo.lotse"

PEOPLE = [
    # given, family, birth year, device, topics, place, urgency, language, pass on contact
    ("Erna", "Kowalski", 1938, "iphone", ["messenger", "photos"], Place.HOME, "soon", "de", True),
    ("Mehmet", "Yilmaz", 1946, "android", ["health"], Place.OFFICE, "normal", "tr", True),
    ("Irmgard", "Schulte", 1941, "tablet", ["banking"], Place.HOME, "urgent", "de", False),
    ("Walter", "Brinkmann", 1935, "android", ["scams"], Place.PHONE, "normal", "de", True),
    ("Helga", "Nowak", 1943, "iphone", ["accessibility"], Place.CAFE, "normal", "de", True),
    ("Olga", "Petrova", 1950, "windows", ["forms"], Place.HOME, "soon", "ru", False),
    ("Karl", "Becker", 1939, "iphone", ["shopping"], Place.OFFICE, "normal", "de", True),
]
DEMO_HELPERS = [
    ("Jana", "Lehmann", ["iphone", "android", "tablet"], ["messenger", "photos", "health"], ["de"]),
    ("Emre", "Kaya", ["android", "windows"], ["health", "forms", "scams"], ["de", "tr"]),
    ("Sabine", "Vogt", ["iphone", "tablet", "mac"], ["banking", "accessibility"], ["de", "ru"]),
]


def _demo_helpers(office, quarter, multiplier: User) -> list[Helper]:
    helpers = list(
        Helper.objects.filter(organisation=office, status=Helper.Status.ACTIVE).select_related(
            "person", "user"
        )
    )
    if len(helpers) >= 3:
        return helpers
    login = User.objects.filter(email=HELPER_LOGIN).first()
    today = timezone.localdate()
    for n, (given, family, devices, topics, languages) in enumerate(DEMO_HELPERS):
        person = person_register(
            actor=multiplier,
            organisation=office,
            data={
                "given_name": given,
                "family_name": family,
                "birth_year": 1960 + n * 5,
                "email": f"{given.lower()}.{family.lower()}@demo.lotse",
                "phone": f"0170 55500{n}",
                "contact_channel": ContactChannel.EMAIL,
                "quarter": quarter,
                "postcode": "45657",
            },
            consents=[
                (Consent.Purpose.KEEP, ""),
                (Consent.Purpose.CONTACT, ContactChannel.EMAIL),
                (Consent.Purpose.PASS_ON, ""),
            ],
            given_how=Consent.GivenHow.WRITTEN,
            purpose=services.PURPOSE,
        )
        linked = login if n == 0 and login and not hasattr(login, "helper") else None
        helper = Helper.objects.create(
            person=person,
            user=linked,
            organisation=office,
            region_id=office.region_id,
            home_quarter=quarter,
            devices=devices,
            topics=topics,
            languages=languages,
            home_visits=True,
            radius_km=5,
            phone_help=True,
            status=Helper.Status.ACTIVE,
            latitude=51.6139 + n * 0.004,
            longitude=7.1970 + n * 0.006,
        )
        helper.quarters.add(quarter)
        for kind in (Credential.Kind.POLICE_CERTIFICATE, Credential.Kind.PLEDGE):
            Credential.objects.create(
                helper=helper,
                region_id=helper.region_id,
                kind=kind,
                issued_on=today - dt.timedelta(days=300),
                seen_on=today - dt.timedelta(days=300),
                seen_by=multiplier,
                valid_until=today + dt.timedelta(days=1500),
            )
        for weekday in (0, 2, 4):
            HelperAvailability.objects.create(
                helper=helper,
                region_id=helper.region_id,
                weekday=(weekday + n) % 7,
                start_time=dt.time(9),
                end_time=dt.time(12),
            )
        helpers.append(helper)
    return helpers


@transaction.atomic
def demo_requests_load() -> int:
    """Adds the demo requests once; returns how many it added (0 when they are there)."""
    region = Area.objects.filter(slug=DEMO_REGION).first()
    multiplier = User.objects.filter(email=MULTIPLIER).first()
    if region is None or multiplier is None:
        raise RuntimeError("Erst die Demo-Region laden: manage.py load_demo")
    if HelpRequest.objects.filter(region=region).exists():
        return 0
    membership = Membership.objects.filter(user=multiplier, role=Role.MULTIPLIER).first()
    assert membership is not None
    office = membership.organisation
    quarter = office.coordinates.order_by("name").first()
    if quarter is None:
        raise RuntimeError("Das Büro des Multiplikators koordiniert kein Quartier")
    helpers = _demo_helpers(office, quarter, multiplier)
    made: list[HelpRequest] = []
    for given, family, year, device, topics, place, urgency, language, pass_on in PEOPLE:
        made.append(
            services.help_request_record(
                actor=multiplier,
                organisation=office,
                quarter=quarter,
                person_data={
                    "given_name": given,
                    "family_name": family,
                    "birth_year": year,
                    "phone": f"02361 4040{len(made)}",
                    "email": f"{given.lower()}@demo.lotse",
                    "contact_channel": ContactChannel.EMAIL,
                    "postcode": "45657",
                },
                data={
                    "device": device,
                    "topics": topics,
                    "place": place,
                    "urgency": urgency,
                    "language": language,
                    "free_slots": [{"weekday": 0, "part": "morning"}],
                    "free_times": "Vormittags, nicht am Wochenende",
                },
                consent_pass_on=pass_on,
            )
        )
    open_one, expired, offered, agreed, done, not_done, withdrawn = made

    def fitting(help_request: HelpRequest, count: int = 1) -> list[Helper]:
        """Helpers the offer service accepts for the request (a home visit needs valid
        credentials and the helper's consent to visit), the demo helper's login first."""
        today = timezone.localdate()
        fit = [h for h in helpers if not services.offer_blockers(help_request, h, on_date=today)]
        fit.sort(key=lambda h: h.user is None or h.user.email != HELPER_LOGIN)
        if len(fit) < count:
            raise RuntimeError(f"Zu wenige passende Digital-Helfer für {help_request.person}")
        return fit[:count]

    # An offer that ran out: back on the board with a warning.
    services.help_request_offer(
        actor=multiplier, help_request=expired, helpers=fitting(expired)[-1:]
    )
    services.help_offers_expire(now=timezone.now() + dt.timedelta(hours=49))
    services.help_request_offer(actor=multiplier, help_request=offered, helpers=fitting(offered, 2))
    # Given to the demo helper's login where it fits, a day from now.
    chosen = {}
    for help_request in (agreed, done, not_done):
        chosen[help_request.pk] = fitting(help_request)[0]
    for help_request, helper in (
        (agreed, chosen[agreed.pk]),
        (done, chosen[done.pk]),
        (not_done, chosen[not_done.pk]),
    ):
        [offer] = services.help_request_offer(
            actor=multiplier,
            help_request=help_request,
            helpers=[helper],
        )
        services.help_offer_accept(
            offer=offer, appointment_at=timezone.now() + dt.timedelta(days=1)
        )
    for help_request, helper, solved in (
        (done, chosen[done.pk], "yes"),
        (not_done, chosen[not_done.pk], "no"),
    ):
        if helper.user_id:
            services.help_session_report(
                actor=helper.user,
                help_request=help_request,
                duration_minutes=45,
                solved=solved,
                topics=help_request.topics,
            )
        elif solved == "yes":
            services.help_request_done(actor=multiplier, help_request=help_request)
        else:
            services.help_request_not_done(
                actor=multiplier, help_request=help_request, reason="Gerät zu alt"
            )
    services.help_request_withdraw(
        actor=multiplier, help_request=withdrawn, reason="Der Enkel hilft jetzt."
    )
    assert open_one.state == HelpRequest.State.OPEN
    return len(made)
