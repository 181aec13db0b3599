import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from lotse.core.models import AuditEntry
from lotse.directory.selectors import SearchFilters, offer_search
from lotse.directory.services import offer_hours_set
from lotse.directory.tests.test_search import MONDAY_11


def rule(days, opens=10, closes=12, week=""):
    return {"days": days, "week": week, "opens_at": dt.time(opens), "closes_at": dt.time(closes)}


EMPTY: dict = {"days": [], "week": "", "opens_at": None, "closes_at": None}


def test_hours_replace_the_old_rules_and_feed_the_weekday_filter(make_offer, provider_staff):
    offer = make_offer("Chor")

    offer_hours_set(
        actor=provider_staff,
        service=offer,
        rules=[rule(["SA"]), rule(["WE"], week="1"), EMPTY],
    )

    assert sorted(offer.schedules.values_list("byday", "freq")) == [
        ("1WE", "MONTHLY"),
        ("SA", "WEEKLY"),
    ]
    assert AuditEntry.objects.filter(verb="offer.hours_set").exists()
    on_saturday = offer_search(filters=SearchFilters(weekday="SA"), now=MONDAY_11).page
    on_monday = offer_search(filters=SearchFilters(weekday="MO"), now=MONDAY_11).page
    assert [s.name for s in on_saturday] == ["Chor"]
    assert list(on_monday) == []


@pytest.mark.parametrize(
    "bad", [rule(["MO"], 12, 10), rule([], 9, 10), {**rule(["MO"]), "closes_at": None}]
)
def test_incomplete_or_reversed_hours_change_nothing(make_offer, provider_staff, bad):
    offer = make_offer("Chor")

    with pytest.raises(ValidationError):
        offer_hours_set(actor=provider_staff, service=offer, rules=[bad])

    assert offer.schedules.get().byday == "MO,TU,WE,TH,FR"


def test_hours_page_saves_and_outsider_gets_404(client, make_offer, provider_staff, outsider):
    offer = make_offer("Chor")
    client.force_login(provider_staff)
    url = f"/mitarbeit/angebote/{offer.id}/zeiten/"
    form = {
        "zeit-TOTAL_FORMS": "1",
        "zeit-INITIAL_FORMS": "0",
        "zeit-0-days": ["TU", "TH"],
        "zeit-0-week": "",
        "zeit-0-opens_at": "14:00",
        "zeit-0-closes_at": "16:30",
    }

    shown = client.get(url)
    reversed_times = client.post(url, {**form, "zeit-0-closes_at": "13:00"})
    saved = client.post(url, form)

    assert "Montag" in shown.content.decode()
    assert "Das Ende muss nach dem Beginn liegen" in reversed_times.content.decode()
    assert saved.status_code == 302
    assert offer.schedules.get().byday == "TU,TH"
    client.force_login(outsider)
    assert client.get(url).status_code == 404
