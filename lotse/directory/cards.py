"""Result cards of the search page: what people decide by (issue 16) for one page of offers.

Reads only what the search loaded with its page (`card_schedules`, `card_closures`,
`card_links`, see selectors._offer_page) plus three queries for the whole page (addresses with
their quarters, step-free places, phone numbers), so no query per card. The rows are plain
dicts of ready-made strings: the template prints them without calling back into models.
"""

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.urls import reverse
from django.utils.formats import number_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from lotse.directory import hours
from lotse.directory.models import Accessibility, Address, Location, Phone, Service


@dataclass(frozen=True)
class CardFacts:
    """Where an offer is (the first place with an address) and its quarter, whether it can be
    reached without steps, and a phone number to call."""

    address: str = ""
    quarter: str = ""
    # None: no place to go to (the offer comes to the person, or is by phone or online).
    step_free: bool | None = None
    phone: str = ""
    # The first place with coordinates, for the map.
    location: Location | None = None


def card_facts(offers: list[Service]) -> dict[uuid.UUID, CardFacts]:
    """The facts of each offer's card: three queries for the whole page (a fourth only for
    offers without a phone of their own)."""
    links = {o.id: [sal.location for sal in getattr(o, "card_links", [])] for o in offers}
    location_ids = {place.id for places in links.values() for place in places}
    addresses: dict[uuid.UUID, tuple[str, str]] = {}
    rows = (
        Address.objects.filter(location_id__in=location_ids)
        .order_by("address_1")
        .values_list("location_id", "address_1", "postal_code", "city", "location__quarter__name")
    )
    for location_id, street, postcode, city, quarter in rows:
        line = ", ".join(part for part in (street, f"{postcode} {city}".strip()) if part)
        addresses.setdefault(location_id, (line, quarter or ""))
    step_free = set(
        Accessibility.objects.filter(
            location_id__in=location_ids, feature=Accessibility.Feature.STEP_FREE
        ).values_list("location_id", flat=True)
    )
    service_phones: dict[uuid.UUID, str] = {}
    for service_id, number in (
        Phone.objects.filter(service_id__in=list(links))
        .order_by("number")
        .values_list("service_id", "number")
    ):
        service_phones.setdefault(service_id, number)
    # A place's phone only for offers without their own: one more query only then. (One query
    # with "service or place" made SQLite read every phone: 11 ms of a 50 ms page.)
    place_phones: dict[uuid.UUID, str] = {}
    wanted = {p.id for i, places in links.items() if i not in service_phones for p in places}
    if wanted:
        for location_id, number in (
            Phone.objects.filter(location_id__in=wanted, service__isnull=True)
            .order_by("number")
            .values_list("location_id", "number")
        ):
            place_phones.setdefault(location_id, number)
    facts = {}
    for offer_id, places in links.items():
        with_address = next((p for p in places if p.id in addresses), None)
        address, quarter = addresses[with_address.id] if with_address else ("", "")
        physical = [p for p in places if p.location_type == Location.Kind.PHYSICAL]
        facts[offer_id] = CardFacts(
            address=address,
            quarter=quarter,
            step_free=any(p.id in step_free for p in physical) if physical else None,
            phone=service_phones.get(offer_id)
            or next((place_phones[p.id] for p in places if p.id in place_phones), ""),
            location=next((p for p in places if p.latitude is not None), None),
        )
    return facts


def cost_text(offer: Service) -> str:
    """ "kostenlos", "gegen Spende", "5 €", "12,50 €" or "mit Beitrag" (no amount known)."""
    if offer.cost == Service.Cost.FEE and offer.fee_amount is not None:
        amount: Decimal = offer.fee_amount
        places = 0 if amount == amount.to_integral_value() else 2
        return _("%(amount)s €") % {"amount": number_format(amount, places)}
    return str(offer.get_cost_display())


def result_rows(
    offers: list[Service], *, distances: dict[uuid.UUID, float], now: dt.datetime, first: int
) -> list[dict]:
    """One dict per card, in the page's order; `first` is the number of the page's first
    result (the map's pins carry the same numbers)."""
    facts = card_facts(offers)
    rows = []
    for number, offer in enumerate(offers, start=first):
        fact = facts.get(offer.id, CardFacts())
        distance = distances.get(offer.id)
        location = fact.location
        rows.append(
            {
                "offer": offer,
                "url": reverse("directory:offer", args=[offer.id]),
                "provider": offer.organization.name,
                "text": Truncator(offer.description).words(25),
                "number": number,
                "status": hours.status_text(
                    getattr(offer, "card_schedules", []), getattr(offer, "card_closures", []), now
                ),
                "address": fact.address,
                "quarter": fact.quarter,
                "distance": (
                    _("etwa %(km)s km entfernt") % {"km": number_format(distance, 1)}
                    if distance is not None
                    else ""
                ),
                "cost": cost_text(offer),
                "step_free": fact.step_free,
                "phone": fact.phone,
                # Phones dial the digits, not the spaces and slashes people write.
                "phone_link": "".join(ch for ch in fact.phone if ch.isdigit() or ch == "+"),
                "lat": f"{location.latitude:.6f}" if location else "",
                "lon": f"{location.longitude:.6f}" if location else "",
            }
        )
    return rows
