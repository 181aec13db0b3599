import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from directory_data import generate_directory

from lotse.directory.models import (
    Address,
    Lexeme,
    Phone,
    Schedule,
    SearchEntry,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from lotse.directory.search.text import flag
from lotse.directory.selectors import SearchFilters, offer_search
from lotse.directory.services import search_index_service

MONDAY_11 = dt.datetime(2026, 11, 23, 11, 0, tzinfo=ZoneInfo("Europe/Berlin"))


@pytest.fixture
def taxonomies(db) -> None:
    """A few topics and target groups (so the generator does not load the whole demo region);
    the names mix upper and lower case and umlauts, which the term order must survive."""
    topics = Taxonomy.objects.create(name="Themen")
    meeting = TaxonomyTerm.objects.create(taxonomy=topics, code="begegnung", name="Begegnung")
    TaxonomyTerm.objects.create(
        taxonomy=topics, parent=meeting, code="begegnung-13-sen", name="Seniorentreff"
    )
    TaxonomyTerm.objects.create(taxonomy=topics, code="pflege", name="Pflege")
    groups = Taxonomy.objects.create(name="Zielgruppen")
    TaxonomyTerm.objects.create(taxonomy=groups, code="aeltere", name="ältere Menschen")
    TaxonomyTerm.objects.create(taxonomy=groups, code="angehoerige", name="Angehörige")


def _generate(offers: int) -> None:
    generate_directory(offers=offers, batch=20, out=io.StringIO())


def _found(filters: SearchFilters, service_id) -> bool:
    first = offer_search(filters=filters, now=MONDAY_11).page
    for number in first.paginator.page_range:
        page = offer_search(filters=filters, page=number, now=MONDAY_11).page
        if any(s.id == service_id for s in page.object_list):
            return True
    return False


def test_generated_documents_equal_what_the_indexer_writes(taxonomies):
    _generate(50)

    written = dict(SearchEntry.objects.values_list("service_id", "document"))
    assert len(written) == Service.objects.count() == 50
    for service in Service.objects.all():
        search_index_service(service=service)

    assert dict(SearchEntry.objects.values_list("service_id", "document")) == written


def test_generated_offers_have_what_the_offer_page_shows(taxonomies):
    _generate(30)

    for model in (ServiceAtLocation, Address, Phone):
        assert model.objects.count() == 30
    assert Schedule.objects.values("service").distinct().count() == 30
    assert Service.terms.through.objects.count() == 60  # a topic and a target group each
    for lat, lon in SearchEntry.objects.values_list("latitude", "longitude"):
        assert lat is not None and lon is not None
        assert 47 < lat < 55.1 and 5.8 < lon < 15.1
    assert Lexeme.objects.filter(term="senior").exists()


def test_generated_offers_are_found(taxonomies):
    _generate(50)
    service = Service.objects.filter(cost=Service.Cost.FREE)[0]
    document = service.search_entry.document
    area = next(w for w in document.split() if w.startswith(flag("a")))[len(flag("a")) :]

    assert _found(SearchFilters(text=service.name), service.id)
    assert _found(SearchFilters(text=service.name, free=True), service.id)
    assert _found(SearchFilters(topic="begegnung", area=area), service.id) == (
        flag("t", "begegnung") in document
    )
    assert not _found(SearchFilters(text=service.name, area="kreis-anders"), service.id)
