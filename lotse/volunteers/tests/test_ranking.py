"""The ranking of helpers for a request: the pure function over facts, and the database half."""

import datetime as dt
import uuid
from typing import Any

import pytest

from lotse.volunteers import ranking
from lotse.volunteers.models import Helper, HelpSession
from lotse.volunteers.ranking import HelperFacts, RequestFacts, exclusion, rank
from lotse.volunteers.tests.requests_fixtures import (
    coordinating_office,
    make_helper,
    make_request,
    person,
)

QUARTER = uuid.uuid4()
OTHER_QUARTER = uuid.uuid4()
KASSEL = (51.3127, 9.4797)
# About 1.2 km east of KASSEL.
NEARBY = (51.3127, 9.4969)


def request_facts(**fields: Any) -> RequestFacts:
    values: dict[str, Any] = {
        "person_label": "Erna K.",
        "device": "iphone",
        "topics": ("messenger",),
        "language": "de",
        "place": "home",
        "quarter_id": QUARTER,
        "point": KASSEL,
        "slots": (),
    }
    return RequestFacts(**(values | fields))


def helper_facts(name: str = "Hans", **fields: Any) -> HelperFacts:
    values: dict[str, Any] = {
        "id": uuid.uuid4(),
        "name": name,
        "devices": ("iphone",),
        "topics": ("messenger",),
        "languages": ("de",),
        "home_visits": True,
        "radius_km": 5,
        "phone_help": True,
        "home_quarter_id": QUARTER,
        "point": NEARBY,
        "credentials_valid": True,
    }
    return HelperFacts(**(values | fields))


def test_rank_gives_the_reasons_in_german_in_the_order_of_the_issue():
    # Given a Turkish-speaking person with an iPhone and a helper who helped her before
    facts = request_facts(language="tr")
    helper = helper_facts(languages=("de", "tr"), helped_before=True)

    # When
    [ranked] = rank(facts, [helper])

    # Then
    assert ranked.reasons == [
        "kennt iPhone",
        "kennt sich aus mit Nachrichten und Videoanrufe",
        "spricht Türkisch",
        "1,2 km",
        "hat Erna K. schon geholfen",
    ]


def test_rank_puts_the_helper_who_helped_before_first():
    # Given two equal helpers, one of whom helped the person before
    stranger = helper_facts("Anna")
    known = helper_facts("Bert", helped_before=True)

    # When
    ranked = rank(request_facts(), [stranger, known])

    # Then
    assert [r.name for r in ranked] == ["Bert", "Anna"]


def test_rank_prefers_language_skill_time_and_less_load():
    # Given helpers who differ in one thing each
    facts = request_facts(language="ru", slots=((0, "morning"),))
    plain = helper_facts("Plain")
    russian = helper_facts("Russian", languages=("de", "ru"))
    free_monday = helper_facts("Monday", windows=((0, dt.time(9), dt.time(11)),))
    busy = helper_facts("Busy", open_assignments=2)

    # When
    ranked = rank(facts, [plain, busy, free_monday, russian])

    # Then
    assert [r.name for r in ranked] == ["Russian", "Monday", "Plain", "Busy"]
    assert "hat Montag vormittags Zeit" in ranked[1].reasons
    assert "hat schon 2 offene Einsätze" in ranked[3].reasons


def test_rank_orders_by_distance_when_points_are_equal():
    near = helper_facts("Near", point=NEARBY)
    far = helper_facts("Far", point=(51.3127, 9.5400), radius_km=10)

    ranked = rank(request_facts(), [far, near])

    assert [r.name for r in ranked] == ["Near", "Far"]


@pytest.mark.parametrize(
    ("fields", "why"),
    [
        ({"status": Helper.Status.PAUSED}, "nicht aktiv"),
        ({"devices": ("android",)}, "kennt das Gerät nicht"),
        ({"home_visits": False}, "macht keine Hausbesuche"),
        ({"credentials_valid": False}, "Nachweise für Hausbesuche fehlen oder sind abgelaufen"),
        ({"radius_km": 1}, "wohnt weiter weg, als sie oder er fahren möchte"),
        (
            {"point": None, "home_quarter_id": OTHER_QUARTER},
            "hilft nicht in diesem Quartier",
        ),
    ],
)
def test_home_visit_excludes_who_may_not_go(fields, why):
    # Given a home visit and a helper lacking one thing
    helper = helper_facts(**fields)

    # When / then
    assert exclusion(request_facts(), helper) == why
    assert rank(request_facts(), [helper]) == []


def test_phone_help_needs_neither_credentials_nor_nearness():
    facts = request_facts(place="phone", point=KASSEL)
    helper = helper_facts(credentials_valid=False, home_visits=False, point=(53.55, 9.99))

    [ranked] = rank(facts, [helper])

    assert "km" not in ranked.why


def test_phone_request_excludes_who_does_not_help_on_the_phone():
    assert exclusion(request_facts(place="phone"), helper_facts(phone_help=False))


def test_rank_keeps_at_most_the_limit():
    helpers = [helper_facts(f"H{i}") for i in range(30)]

    assert len(rank(request_facts(), helpers, limit=5)) == 5


# --- the database half ----------------------------------------------------------------------


@pytest.fixture
def world(region, quarter, multiplier):
    office = coordinating_office(region, quarter)
    erna = person(office, quarter)
    return office, erna


def test_helper_ranking_leaves_out_a_helper_whose_certificate_expired(world, quarter, multiplier):
    # Given two helpers, one with an expired police certificate, and a home-visit request
    office, erna = world
    valid = make_helper(office, quarter, name="Gültig", seen_by=multiplier)
    make_helper(office, quarter, name="Abgelaufen", seen_by=multiplier, expired=True)
    help_request = make_request(office, quarter, erna)

    # When
    ranked = ranking.helper_ranking(help_request)

    # Then
    assert [r.helper_id for r in ranked] == [valid.pk]


def test_helper_ranking_offers_the_expired_helper_for_phone_help(world, quarter, multiplier):
    office, erna = world
    expired = make_helper(office, quarter, name="Abgelaufen", seen_by=multiplier, expired=True)
    help_request = make_request(office, quarter, erna, place="phone")

    assert [r.helper_id for r in ranking.helper_ranking(help_request)] == [expired.pk]


def test_helper_ranking_counts_load_and_history(world, quarter, multiplier):
    # Given a helper who helped Erna before and has one accepted request open
    office, erna = world
    helper = make_helper(office, quarter, name="Treu", seen_by=multiplier)
    earlier = make_request(office, quarter, erna, state="done", assigned_helper=helper)
    HelpSession.objects.create(
        request=earlier,
        helper=helper,
        region_id=helper.region_id,
        duration_minutes=30,
        solved="yes",
    )
    other = person(office, quarter, given_name="Otto")
    make_request(office, quarter, other, state="agreed", assigned_helper=helper)
    help_request = make_request(office, quarter, erna)

    # When
    [ranked] = ranking.helper_ranking(help_request)

    # Then
    assert "hat Erna K. schon geholfen" in ranked.reasons
    assert "hat schon einen offenen Einsatz" in ranked.reasons


def test_helper_ranking_ignores_other_regions_and_inactive_helpers(
    world, quarter, multiplier, outsider
):
    office, erna = world
    make_helper(office, quarter, name="Pause", seen_by=multiplier, status=Helper.Status.TALKING)
    help_request = make_request(office, quarter, erna)

    assert ranking.helper_ranking(help_request) == []


def test_postcode_point_knows_german_postcodes_and_refuses_nonsense():
    assert ranking.postcode_point("34117") is not None
    assert ranking.postcode_point("3411\x00") is None
    assert ranking.postcode_point("99999999999") is None
