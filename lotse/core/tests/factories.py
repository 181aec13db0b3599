"""Test data of core (factory_boy): areas, organisations and memberships.

`RegionFactory.create()` is a region of its own; `QuarterFactory.create(parent__parent=region)`
a quarter of a municipality of that region; `OrganisationFactory.create(region=region)` a
provider there. The other apps' factories (accounts, people, directory) build on these.
`.create()` rather than calling the class: it is typed to return the model."""

import factory
from factory.django import DjangoModelFactory

from lotse.core.models import Area, Membership, Organisation, Role


class RegionFactory(DjangoModelFactory[Area]):
    class Meta:
        model = Area
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    name = "Kreis Test"
    slug = "kreis-test"
    kind = Area.Kind.REGION

    @factory.post_generation
    def is_its_own_region(area: Area, create: bool, extracted: object, **kwargs: object) -> None:
        """Every area names its region; a region names itself."""
        if area.region_id != area.pk:
            area.region = area
            if create:
                area.save(update_fields=["region"])


class MunicipalityFactory(DjangoModelFactory[Area]):
    class Meta:
        model = Area
        django_get_or_create = ("slug",)

    name = "Teststadt"
    slug = "teststadt"
    kind = Area.Kind.MUNICIPALITY
    parent = factory.SubFactory(RegionFactory)
    region = factory.SelfAttribute("parent")


class QuarterFactory(DjangoModelFactory[Area]):
    class Meta:
        model = Area
        django_get_or_create = ("slug",)

    name = "Altstadt"
    slug = "altstadt"
    kind = Area.Kind.QUARTER
    parent = factory.SubFactory(MunicipalityFactory)
    region = factory.SelfAttribute("parent.region")


class OrganisationFactory(DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Träger {n}")
    region = factory.SubFactory(RegionFactory)


class MembershipFactory(DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    user = factory.SubFactory("lotse.accounts.tests.factories.UserFactory")
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.PROVIDER_STAFF
