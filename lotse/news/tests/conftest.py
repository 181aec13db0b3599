import datetime as dt
import zoneinfo

import pytest

from lotse.news.models import Event, PublicationStatus

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


@pytest.fixture
def make_event(provider_org, quarter):
    """An event of AWO Altstadt in the quarter; keyword arguments override the fields."""

    def make(**fields) -> Event:
        start = fields.pop("starts_at", dt.datetime(2026, 12, 1, 14, 0, tzinfo=BERLIN))
        values = {
            "organisation": provider_org,
            "region_id": provider_org.region_id,
            "area": quarter,
            "title": "Seniorentreff",
            "description": "Kaffee, Kuchen und Gespräche.",
            "street": "Kirchplatz 1",
            "postcode": "45657",
            "city": "Recklinghausen",
            "starts_at": start,
            "ends_at": start + dt.timedelta(hours=2),
            "status": PublicationStatus.PUBLISHED,
        }
        values.update(fields)
        return Event.objects.create(**values)

    return make
