"""Test data of the directory (factory_boy).

`OfferFactory.create(name=…, organization=…, located__quarter=…)` is an active offer as the
search page shows it: at a location of its organisation (`located__point=(lat, lon)`, step-free with
`located__step_free=True`), with a phone number, open Monday to Friday 9 to 16 Uhr, with the
topics `terms=[…]`, and indexed for search."""

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from lotse.core.models import Area
from lotse.core.tests.factories import OrganisationFactory
from lotse.directory.models import (
    Accessibility,
    Location,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
)
from lotse.directory.services import search_index_service


class LocationFactory(DjangoModelFactory[Location]):
    class Meta:
        model = Location

    organization = factory.SubFactory(OrganisationFactory)
    name = "Treffpunkt"
    latitude = 51.61
    longitude = 7.19


class ServiceFactory(DjangoModelFactory[Service]):
    class Meta:
        model = Service

    organization = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Angebot {n}")
    description = "Ein Angebot."


class PhoneFactory(DjangoModelFactory[Phone]):
    class Meta:
        model = Phone

    service = factory.SubFactory(ServiceFactory)
    number = "02361 12 34 56"


class ScheduleFactory(DjangoModelFactory[Schedule]):
    class Meta:
        model = Schedule

    service = factory.SubFactory(ServiceFactory)
    byday = "MO,TU,WE,TH,FR"
    opens_at = dt.time(9)
    closes_at = dt.time(16)


class OfferFactory(ServiceFactory):
    class Meta:
        skip_postgeneration_save = True

    @factory.post_generation
    def located(
        offer: Service,
        create: bool,
        extracted: object,
        point: tuple[float, float] = (51.61, 7.19),
        quarter: Area | None = None,
        step_free: bool = False,
    ) -> None:
        if not create:
            return
        location = LocationFactory.create(
            organization=offer.organization,
            quarter=quarter,
            latitude=point[0],
            longitude=point[1],
        )
        if step_free:
            Accessibility.objects.create(location=location, feature="stufenlos")
        ServiceAtLocation.objects.create(service=offer, location=location)

    phone = factory.RelatedFactory(PhoneFactory, factory_related_name="service")
    schedule = factory.RelatedFactory(ScheduleFactory, factory_related_name="service")

    @factory.post_generation
    def terms(offer: Service, create: bool, extracted: list | None, **kwargs: object) -> None:
        if create and extracted:
            offer.terms.set(extracted)

    @factory.post_generation
    def indexed(offer: Service, create: bool, extracted: object, **kwargs: object) -> None:
        """Last: the search index reads the rows declared above."""
        if create:
            search_index_service(service=offer)
