"""Reads for finding an office: every Quartiersbüro with today's consultation hours, the office
of a quarter, and the quarter for a postcode ("Mein Quartier wählen")."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID

from django.db.models import Avg, Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lotse.core.models import Area
from lotse.directory.geo import distance_km, postcode_point
from lotse.directory.hours import format_day, format_time, grouped_lines, intervals_on
from lotse.directory.models import Address, Location
from lotse.office.models import ConsultationHour, Office, OfficeClosure

# How far ahead "Nächste Sprechstunde" looks when an office has none today.
LOOK_AHEAD_DAYS = 60
# The cookie that keeps the chosen quarter (named in the privacy notice).
QUARTER_COOKIE = "quartier"


@dataclass(frozen=True)
class OfficeCard:
    """What the office list, the quarter page and the help page show of one office."""

    office: Office
    today: str  # today's consultation hours, or the next ones, in words
    hour_lines: list[str]  # the weekly hours as sentences

    @property
    def phone_link(self) -> str:
        """For `tel:` links: phones dial the digits, not the spaces and slashes people write."""
        return "".join(ch for ch in self.office.phone if ch.isdigit() or ch == "+")


def _offices() -> QuerySet[Office]:
    today = timezone.localdate()
    return Office.objects.select_related("quarter__parent").prefetch_related(
        Prefetch("hours", queryset=ConsultationHour.objects.all()),
        Prefetch("closures", queryset=OfficeClosure.objects.filter(ends_on__gte=today)),
    )


def today_text(*, office: Office, now: dt.datetime | None = None) -> str:
    """ "Heute Sprechstunde: 9 Uhr bis 12 Uhr" or "Heute keine Sprechstunde. Die nächste:
    Montag, 7. Dezember, 9 Uhr bis 12 Uhr"; uses the hours and closures loaded with the office."""
    now = now or timezone.localtime()
    rules = [hour.as_rule() for hour in office.hours.all()]
    closures = [closure.as_closure() for closure in office.closures.all()]
    spans = [
        _("%(start)s bis %(end)s") % {"start": format_time(start), "end": format_time(end)}
        for start, end in intervals_on(rules, closures, now.date())
        if end > now.time()
    ]
    if spans:
        return _("Heute Sprechstunde: %(spans)s") % {"spans": _(" und ").join(spans)}
    for offset in range(1, LOOK_AHEAD_DAYS):
        day = now.date() + dt.timedelta(days=offset)
        found = intervals_on(rules, closures, day)
        if found:
            start, end = found[0]
            when = _("morgen") if offset == 1 else format_day(day)
            return _("Heute keine Sprechstunde mehr. Die nächste: %(when)s, %(span)s") % {
                "when": when,
                "span": _("%(start)s bis %(end)s")
                % {"start": format_time(start), "end": format_time(end)},
            }
    return _("Zurzeit keine festen Sprechstunden. Bitte rufen Sie an.")


def _card(office: Office, now: dt.datetime) -> OfficeCard:
    return OfficeCard(
        office=office,
        today=today_text(office=office, now=now),
        hour_lines=grouped_lines([hour.as_rule() for hour in office.hours.all()]),
    )


def office_cards(*, now: dt.datetime | None = None) -> list[OfficeCard]:
    """Every office, by name, with today's hours: three queries however many offices."""
    now = now or timezone.localtime()
    return [_card(office, now) for office in _offices()]


def office_card_for_quarter(*, quarter: Area, now: dt.datetime | None = None) -> OfficeCard | None:
    """The office of a quarter (the first by name if there are several), or None."""
    office = _offices().filter(quarter=quarter).first()
    return _card(office, now or timezone.localtime()) if office else None


def offices_of(*, organisation_ids: Iterable[UUID]) -> list[Office]:
    """The offices the given organisations run, by name (for the staff menu and for the office
    names on "Mein Konto")."""
    return list(Office.objects.filter(organisation_id__in=list(organisation_ids)))


def office_name_for(
    *, offices: list[Office], organisation_id: UUID, quarter_id: UUID | None
) -> str:
    """The name of the Quartiersbüro that an organisation runs in a quarter (its first office
    by name when none is in that quarter), "" when it runs none; `offices` as offices_of."""
    own = [office for office in offices if office.organisation_id == organisation_id]
    in_quarter = [office for office in own if office.quarter_id == quarter_id]
    chosen = (in_quarter or own)[:1]
    return chosen[0].name if chosen else ""


def quarter_list() -> list[Area]:
    """Every quarter with its municipality, by the municipality's name and then its own
    (for "Mein Quartier wählen")."""
    quarters = Area.objects.filter(kind=Area.Kind.QUARTER).select_related("parent")
    return list(quarters.order_by("parent__name", "name"))


def quarter_by_slug(*, slug: str) -> Area | None:
    return Area.objects.filter(kind=Area.Kind.QUARTER, slug=slug).select_related("parent").first()


# Quarters offered for a postcode without a place of its own in the directory: the nearest few.
NEAREST = 3


def quarters_for_postcode(*, postcode: str) -> list[Area]:
    """The quarters that lie in a postcode: those with an office or an offer's address there.
    When none does, the quarters nearest to the postcode's centre (by the offers' places);
    an unknown postcode gives none."""
    office_quarters = Office.objects.filter(postcode=postcode).values("quarter_id")
    address_quarters = (
        Address.objects.filter(postal_code=postcode, location__quarter__isnull=False)
        .values("location__quarter_id")
        .distinct()
    )
    quarters = Area.objects.filter(kind=Area.Kind.QUARTER).select_related("parent")
    found = list(quarters.filter(id__in=office_quarters) | quarters.filter(id__in=address_quarters))
    if found:
        return sorted(found, key=lambda area: area.name)
    point = postcode_point(postcode)
    if point is None:
        return []
    # One centre per quarter (the mean of its places), so the work does not grow with offers.
    centres = (
        Location.objects.filter(
            quarter__kind=Area.Kind.QUARTER, latitude__isnull=False, longitude__isnull=False
        )
        .values("quarter_id")
        .annotate(latitude=Avg("latitude"), longitude=Avg("longitude"))
        .order_by()
    )
    nearest = {
        row["quarter_id"]: distance_km(point, (float(row["latitude"]), float(row["longitude"])))
        for row in centres
    }
    chosen = sorted(nearest, key=nearest.__getitem__)[:NEAREST]
    by_id = {area.id: area for area in quarters.filter(id__in=chosen)}
    return [by_id[quarter_id] for quarter_id in chosen if quarter_id in by_id]
