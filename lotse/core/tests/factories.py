"""Test data of core (factory_boy): areas, organisations and memberships.

`RegionFactory()` is a region of its own; `QuarterFactory(parent__parent=region)` a quarter of
a municipality of that region; `OrganisationFactory(region=region)` a provider there. The other
apps' factories (accounts, people, directory) build on these."""

import factory
from factory.django import DjangoModelFactory

from lotse.core.models import Area, Membership, Organisation, Role


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    name = "Kreis Test"
    slug = "kreis-test"
    kind = Area.Kind.REGION

    @factory.post_generation
    def is_its_own_region(self, create, extracted, **kwargs):
        """Every area names its region; a region names itself."""
        if self.region_id != self.pk:
            self.region = self
            if create:
                self.save(update_fields=["region"])


class MunicipalityFactory(DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ("slug",)

    name = "Teststadt"
    slug = "teststadt"
    kind = Area.Kind.MUNICIPALITY
    parent = factory.SubFactory(RegionFactory)
    region = factory.SelfAttribute("parent")


class QuarterFactory(DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ("slug",)

    name = "Altstadt"
    slug = "altstadt"
    kind = Area.Kind.QUARTER
    parent = factory.SubFactory(MunicipalityFactory)
    region = factory.SelfAttribute("parent.region")


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Träger {n}")
    region = factory.SubFactory(RegionFactory)


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory("lotse.accounts.tests.factories.UserFactory")
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.PROVIDER_STAFF
