"""Builders for the request tests: a coordinated quarter, helpers with credentials, requests."""

import datetime as dt

from django.utils import timezone

from lotse.core.models import Area, Organisation
from lotse.people.models import Consent, ContactChannel, Person
from lotse.volunteers.models import Credential, Helper, HelperAvailability, HelpRequest


def coordinating_office(region: Area, quarter: Area) -> Organisation:
    office = Organisation.objects.filter(name="Quartiersbüro Altstadt", region=region).first()
    if office is None:
        office = Organisation.objects.create(
            name="Quartiersbüro Altstadt",
            kind=Organisation.Kind.OFFICE,
            email="buero@altstadt.test",
            region=region,
        )
    office.coordinates.add(quarter)
    return office


def person(organisation: Organisation, quarter: Area | None, **fields) -> Person:
    values = {
        "given_name": "Erna",
        "family_name": "Kaiser",
        "birth_year": 1940,
        "phone": "0561 123456",
        "email": "erna@example.org",
        "postcode": "34117",
        "street": "Hauptstraße 5",
        "city": "Kassel",
        "contact_channel": ContactChannel.EMAIL,
        **fields,
    }
    return Person.objects.create(
        organisation=organisation, region_id=organisation.region_id, quarter=quarter, **values
    )


def consent(p: Person, purpose: str, channel: str = "") -> Consent:
    return Consent.objects.create(
        person=p,
        region_id=p.region_id,
        purpose=purpose,
        channel=channel,
        given_how=Consent.GivenHow.ONLINE,
        given_at=timezone.now(),
    )


def make_helper(
    organisation: Organisation,
    quarter: Area,
    *,
    name: str = "Hans",
    seen_by=None,
    user=None,
    credentials: bool = True,
    expired: bool = False,
    status: str = Helper.Status.ACTIVE,
    **fields,
) -> Helper:
    p = person(
        organisation,
        quarter,
        given_name=name,
        family_name="Helfer",
        email=f"{name.lower()}@helfer.test",
        phone=fields.pop("phone", "0170 1112223"),
    )
    consent(p, Consent.Purpose.CONTACT, ContactChannel.EMAIL)
    values = {
        "devices": ["iphone", "android"],
        "topics": ["messenger", "banking"],
        "languages": ["de"],
        "home_visits": True,
        "radius_km": 10,
        "phone_help": True,
        "latitude": 51.3127,
        "longitude": 9.4797,
        **fields,
    }
    helper = Helper.objects.create(
        person=p,
        user=user,
        organisation=organisation,
        region_id=organisation.region_id,
        home_quarter=quarter,
        status=status,
        **values,
    )
    helper.quarters.add(quarter)
    if credentials and seen_by is not None:
        today = timezone.localdate()
        issued = today - dt.timedelta(days=400)
        for kind in (Credential.Kind.POLICE_CERTIFICATE, Credential.Kind.PLEDGE):
            Credential.objects.create(
                helper=helper,
                region_id=helper.region_id,
                kind=kind,
                issued_on=issued,
                seen_on=issued,
                seen_by=seen_by,
                valid_until=(
                    today - dt.timedelta(days=1)
                    if expired and kind == Credential.Kind.POLICE_CERTIFICATE
                    else today + dt.timedelta(days=900)
                ),
            )
    HelperAvailability.objects.create(
        helper=helper,
        region_id=helper.region_id,
        weekday=0,
        start_time=dt.time(9),
        end_time=dt.time(12),
    )
    return helper


def make_request(
    organisation: Organisation, quarter: Area | None, p: Person, **fields
) -> HelpRequest:
    values = {
        "device": "iphone",
        "topics": ["messenger"],
        "place": "home",
        "latitude": 51.3127,
        "longitude": 9.4797,
        **fields,
    }
    return HelpRequest.objects.create(
        organisation=organisation,
        region_id=organisation.region_id,
        quarter=quarter,
        person=p,
        **values,
    )
