"""The demo region reads like a real directory: each offer once, by distinct providers."""

import io
import re

from django.core.management import call_command

from lotse.core.models import Organisation
from lotse.directory.demo_region import OFFERS, PROVIDERS
from lotse.directory.models import Service


def test_each_demo_offer_is_there_once_with_its_own_text(db):
    call_command("load_demo", stdout=io.StringIO())

    names = list(Service.objects.values_list("name", flat=True))
    descriptions = list(Service.objects.values_list("description", flat=True))
    assert len(names) == len(OFFERS) == len(set(names))
    assert len(set(descriptions)) == len(descriptions)
    assert not [name for name in names if re.search(r"\(\d+\)$", name)]


def test_loading_the_demo_twice_changes_nothing(db):
    call_command("load_demo", stdout=io.StringIO())
    before = (Service.objects.count(), Organisation.objects.count())

    call_command("load_demo", stdout=io.StringIO())

    assert (Service.objects.count(), Organisation.objects.count()) == before


def test_every_demo_provider_offers_something_and_two_have_staff(db):
    call_command("load_demo", stdout=io.StringIO())

    used = {offer.provider for offer in OFFERS}
    with_staff = Organisation.objects.filter(
        kind=Organisation.Kind.PROVIDER, memberships__isnull=False
    ).distinct()
    assert used == set(PROVIDERS)
    assert with_staff.count() >= 2
