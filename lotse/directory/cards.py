"""Result cards of the search page: what people decide by (issue 16) for one page of offers.

A card's facts (name, provider, address and quarter, cost, step-free, phone, place on the map,
opening rules) change only when the directory does. They are read for a page's offers in seven
small queries without building model objects for offers, places or addresses, and kept in this
process for the current directory version (selectors.directory_version grows with every change
of an offer) and at most ten minutes, so an offer shown again costs no query. What depends on
the moment or the search (next opening, distance, number on the page) is worked out per request;
the next opening for the current minute, once per offer and minute in this process.

Each row carries its card as finished HTML: the facts rendered once per card from
directory/_result_card.html, and the list item around them put together here with format_html.
Rendering twenty cards in the page template took about half of the search page's time (issue 17
§ 7); the template prints the rows as they are.
"""

import datetime as dt
import threading
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass, replace
from decimal import Decimal

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.formats import number_format
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from lotse.directory import hours, selectors
from lotse.directory.models import (
    Accessibility,
    Address,
    Closure,
    Location,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
)

CARD_TEMPLATE = "directory/_result_card.html"
CARD_SECONDS = 600
# Cards kept per process: about 2 KB each, so at most about 10 MB.
CACHE_SIZE = 5000


@dataclass(frozen=True)
class Card:
    """What a result card shows of one offer, for one directory version and language."""

    name: str
    url: str
    provider: str
    text: str
    cost: str
    address: str = ""
    quarter: str = ""
    # None: no place to go to (the offer comes to the person, or is by phone or online).
    step_free: bool | None = None
    phone: str = ""
    phone_link: str = ""
    lat: str = ""
    lon: str = ""
    rules: tuple[Schedule, ...] = ()
    closures: tuple[Closure, ...] = ()
    # The card's facts and text as HTML (directory/_result_card.html), rendered once.
    html: str = ""
    # The title link and provider as HTML (`<a href=…>name</a></h3><p class="org">…</p>`) and,
    # with a place on the map, the list item's data attributes for map.js but its number.
    title_html: str = ""
    data_html: str = ""


_cards: OrderedDict[tuple, Card] = OrderedDict()
_lock = threading.Lock()


def cost_text(cost: str, fee_amount: Decimal | None) -> str:
    """ "kostenlos", "gegen Spende", "5 €", "12,50 €" or "mit Beitrag" (no amount known)."""
    if cost == Service.Cost.FEE and fee_amount is not None:
        places = 0 if fee_amount == fee_amount.to_integral_value() else 2
        return _("%(amount)s €") % {"amount": number_format(fee_amount, places)}
    return str(Service.Cost(cost).label) if cost in Service.Cost.values else cost


def _load(ids: list[uuid.UUID], today: dt.date) -> dict[uuid.UUID, Card]:
    """The cards of these offers: seven queries however many offers."""
    offers = {
        row[0]: row
        for row in Service.objects.filter(id__in=ids).values_list(
            "id", "name", "description", "cost", "fee_amount", "organization__name"
        )
    }
    rules: dict[uuid.UUID, list[Schedule]] = {i: [] for i in offers}
    for rule in Schedule.objects.filter(service_id__in=list(offers)).only(
        "service_id", "freq", "byday", "opens_at", "closes_at", "valid_from", "valid_to"
    ):
        if rule.service_id:
            rules[rule.service_id].append(rule)
    closures: dict[uuid.UUID, list[Closure]] = {i: [] for i in offers}
    for closure in Closure.objects.filter(service_id__in=list(offers), ends_on__gte=today).only(
        "service_id", "starts_on", "ends_on"
    ):
        closures[closure.service_id].append(closure)
    places: dict[uuid.UUID, list[tuple]] = {i: [] for i in offers}
    for service_id, location_id, latitude, longitude, kind in (
        ServiceAtLocation.objects.filter(service_id__in=list(offers))
        .order_by("id")
        .values_list(
            "service_id",
            "location_id",
            "location__latitude",
            "location__longitude",
            "location__location_type",
        )
    ):
        places[service_id].append((location_id, latitude, longitude, kind))
    location_ids = {place[0] for found in places.values() for place in found}
    addresses: dict[uuid.UUID, tuple[str, str]] = {}
    for location_id, street, postcode, city, quarter in (
        Address.objects.filter(location_id__in=location_ids)
        .order_by("address_1")
        .values_list("location_id", "address_1", "postal_code", "city", "location__quarter__name")
    ):
        line = ", ".join(part for part in (street, f"{postcode} {city}".strip()) if part)
        addresses.setdefault(location_id, (line, quarter or ""))
    step_free = set(
        Accessibility.objects.filter(
            location_id__in=location_ids, feature=Accessibility.Feature.STEP_FREE
        ).values_list("location_id", flat=True)
    )
    phones: dict[uuid.UUID, str] = {}
    # The offer's own phone, else one of its places'. Two plain conditions in one query each:
    # "service or place" in one query made SQLite read every phone (11 ms of a 50 ms page).
    for service_id, number in (
        Phone.objects.filter(service_id__in=list(offers))
        .order_by("number")
        .values_list("service_id", "number")
    ):
        phones.setdefault(service_id, number)
    place_phones: dict[uuid.UUID, str] = {}
    wanted = {p[0] for i, found in places.items() if i not in phones for p in found}
    if wanted:
        for location_id, number in (
            Phone.objects.filter(location_id__in=wanted, service__isnull=True)
            .order_by("number")
            .values_list("location_id", "number")
        ):
            place_phones.setdefault(location_id, number)
    cards = {}
    for offer_id, (_id, name, description, cost, fee, provider) in offers.items():
        found = places[offer_id]
        with_address = next((p for p in found if p[0] in addresses), None)
        address, quarter = addresses[with_address[0]] if with_address else ("", "")
        physical = [p for p in found if p[3] == Location.Kind.PHYSICAL]
        mapped = next((p for p in found if p[1] is not None and p[2] is not None), None)
        phone = phones.get(offer_id) or next(
            (place_phones[p[0]] for p in found if p[0] in place_phones), ""
        )
        cards[offer_id] = Card(
            name=name,
            url=reverse("directory:offer", args=[offer_id]),
            provider=provider,
            text=Truncator(description).words(25),
            cost=cost_text(cost, fee),
            address=address,
            quarter=quarter,
            step_free=any(p[0] in step_free for p in physical) if physical else None,
            phone=phone,
            # Phones dial the digits, not the spaces and slashes people write.
            phone_link="".join(ch for ch in phone if ch.isdigit() or ch == "+"),
            lat=f"{mapped[1]:.6f}" if mapped else "",
            lon=f"{mapped[2]:.6f}" if mapped else "",
            rules=tuple(rules[offer_id]),
            closures=tuple(closures[offer_id]),
        )
        card = cards[offer_id]
        cards[offer_id] = replace(
            card,
            html=render_to_string(CARD_TEMPLATE, {"card": card}),
            title_html=format_html(
                '<a href="{}">{}</a></h3><p class="org">{}</p>', card.url, card.name, card.provider
            ),
            data_html=format_html(
                ' data-lat="{}" data-lon="{}" data-name="{}" data-url="{}"',
                card.lat,
                card.lon,
                card.name,
                card.url,
            )
            if card.lat
            else "",
        )
    return cards


def cards_for(ids: list[uuid.UUID], *, version: object, today: dt.date) -> dict[uuid.UUID, Card]:
    """The cards of these offers, from this process's copy when the directory has not changed
    since they were read; the others in one go."""
    language = translation.get_language()
    # At most CARD_SECONDS old as well: a provider's or quarter's new name does not change the
    # directory version (it reaches the search index only with the offer's next change).
    period = int(time.time() // CARD_SECONDS)
    keys = {i: (version, period, language, i) for i in ids}
    with _lock:
        found = {i: _cards[k] for i, k in keys.items() if k in _cards}
        for key in (keys[i] for i in found):
            _cards.move_to_end(key)
    missing = [i for i in ids if i not in found]
    if missing:
        loaded = _load(missing, today)
        with _lock:
            for offer_id, card in loaded.items():
                _cards[keys[offer_id]] = card
            while len(_cards) > CACHE_SIZE:
                _cards.popitem(last=False)
        found |= loaded
    return found


_terms: dict[tuple, tuple[list[tuple[str, str]], list[tuple[str, str]]]] = {}
# The next opening of the offers shown in the current minute: {(version, language, id): text}.
_statuses: dict[tuple, str] = {}
_status_minute: dt.datetime | None = None


def term_choices(*, version: object) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(code, name) of the topics and of the target groups for the search form, read once per
    directory version and ten minutes (two queries a page before)."""
    key = (version, int(time.time() // CARD_SECONDS))
    with _lock:
        found = _terms.get(key)
    if found is None:
        found = (
            [(t.code, t.name) for t in selectors.topic_list()],
            [(t.code, t.name) for t in selectors.target_group_list()],
        )
        with _lock:
            _terms.clear()
            _terms[key] = found
    return found


def clear() -> None:
    """Forgets every card and term (tests)."""
    with _lock:
        _cards.clear()
        _terms.clear()
        _statuses.clear()


def _status(key: tuple, card: Card, minute: dt.datetime) -> str:
    """The card's next opening as of this minute (opening hours are whole minutes), worked out
    once per offer and minute in this process."""
    global _status_minute
    found = _statuses.get(key) if minute == _status_minute else None
    if found is None:
        found = hours.status_text(list(card.rules), list(card.closures), minute)
        with _lock:
            if minute != _status_minute:
                _statuses.clear()
                _status_minute = minute
            _statuses[key] = found
    return found


def _row_html(card: Card, *, number: int, status: str, distance: str, map_view: bool) -> str:
    """The list item of one result (the search page's `<ol class="results">`): the card's
    ready-made parts and the escaped texts of this request."""
    data = f'{card.data_html} data-number="{number}"' if card.lat else ""
    pin = f'<span class="pin-number" aria-hidden="true">{number}</span> ' if map_view else ""
    far = f'<p class="distance">{escape(distance)}</p>' if distance else ""
    return mark_safe(
        f'<li class="card"{data}><h3>{pin if card.lat else ""}{card.title_html}'
        f'<p class="status">{escape(status)}</p>{far}{card.html}</li>'
    )


def result_rows(
    ids: list[uuid.UUID],
    *,
    distances: dict[uuid.UUID, float],
    now: dt.datetime,
    first: int,
    version: object,
    map_view: bool = False,
) -> list[dict]:
    """One dict per card, in the page's order, with the card's list item as `html`; `first` is
    the number of the page's first result (the map's pins carry the same numbers, shown in the
    list with `map_view`). An offer archived since the search read its id has no card and is
    left out."""
    found = cards_for(ids, version=version, today=now.date())
    minute = now.replace(second=0, microsecond=0)
    language = translation.get_language()
    rows = []
    number = first
    for offer_id in ids:
        card = found.get(offer_id)
        if card is None:
            continue
        distance = distances.get(offer_id)
        status = _status((version, language, offer_id), card, minute)
        distance_text = (
            _("etwa %(km)s km entfernt") % {"km": number_format(distance, 1)}
            if distance is not None
            else ""
        )
        rows.append(
            {
                "id": offer_id,
                "card": card,
                "number": number,
                "status": status,
                "distance": distance_text,
                "html": _row_html(
                    card, number=number, status=status, distance=distance_text, map_view=map_view
                ),
            }
        )
        number += 1
    return rows
