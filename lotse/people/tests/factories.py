"""Test data of people (factory_boy): a person held by an organisation, in its region."""

import factory
from factory.django import DjangoModelFactory

from lotse.core.tests.factories import OrganisationFactory
from lotse.people.models import Consent, Person


class PersonFactory(DjangoModelFactory[Person]):
    class Meta:
        model = Person

    organisation = factory.SubFactory(OrganisationFactory)
    region = factory.SelfAttribute("organisation.region")
    given_name = "Erna"
    family_name = "Müller"
    birth_year = 1938


class ConsentFactory(DjangoModelFactory[Consent]):
    class Meta:
        model = Consent

    person = factory.SubFactory(PersonFactory)
    region = factory.SelfAttribute("person.region")
    purpose = Consent.Purpose.KEEP
    given_how = Consent.GivenHow.WRITTEN
    recorded_by = factory.SubFactory("lotse.accounts.tests.factories.UserFactory")
