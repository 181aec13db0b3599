"""Reads of the event pages: staff lists and choices, an event's coming dates, the release
queue and rules, the public page of an event, the region and quarter of the public list, and
pictures. The protected fetcher of an event is `lotse.news.selectors.access_event`."""

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from lotse.core.models import Area, Organisation, Role
from lotse.core.permissions import Actor
from lotse.core.rules import EDITOR_ROLES, memberships_of
from lotse.directory.models import TARGET_GROUPS, TOPICS, Address, Location, TaxonomyTerm
from lotse.news.models import (
    Event,
    EventException,
    Occurrence,
    Picture,
    PublicationRule,
    PublicationStatus,
)
from lotse.news.rules import REVIEW_ROLES, area_chain

STAFF_PAGE_SIZE = 50


# Stands for an id that is no UUID: it matches nothing.
NO_ID = uuid.UUID(int=0)


def _uuid(value: Any) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except (ValueError, TypeError, AttributeError):
        return NO_ID


# --- Staff -----------------------------------------------------------------------------------


def writable_organisations(*, actor: Actor) -> list[Organisation]:
    """The organisations the actor may create events for (their own, as staff)."""
    if actor is None:
        return []
    seen: dict[uuid.UUID, Organisation] = {}
    for membership in memberships_of(actor):
        organisation = membership.organisation
        if organisation.pk not in seen and actor.has_perm("news.add_event", organisation):
            seen[organisation.pk] = organisation
    return sorted(seen.values(), key=lambda o: o.name)


def staff_event_list(*, actor: Actor) -> QuerySet[Event]:
    """The events of the actor's organisations (as staff), newest first; a region
    coordinator sees their region's."""
    if actor is None:
        return Event.objects.none()
    memberships = memberships_of(actor)
    organisation_ids = [m.organisation_id for m in memberships if m.role in EDITOR_ROLES]
    region_ids = [
        m.organisation.region_id for m in memberships if m.role == Role.REGION_COORDINATOR
    ]
    return (
        Event.objects.filter(Q(organisation_id__in=organisation_ids) | Q(region_id__in=region_ids))
        .select_related("organisation", "area")
        .order_by("-created_at")
    )


def area_choices(*, organisation: Organisation) -> QuerySet[Area]:
    """The region of the organisation, its municipalities and quarters: region first, then
    municipalities, then quarters, each by name."""
    order = Case(
        When(kind=Area.Kind.REGION, then=Value(0)),
        When(kind=Area.Kind.MUNICIPALITY, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return (
        Area.objects.filter(region_id=organisation.region_id)
        .annotate(kind_order=order)
        .order_by("kind_order", "name")
    )


def location_choices(*, organisation: Organisation) -> QuerySet[Location]:
    return (
        Location.objects.filter(organization=organisation, location_type=Location.Kind.PHYSICAL)
        .prefetch_related("addresses")
        .order_by("name")
    )


def location_of(*, organisation: Organisation, location_id: Any) -> Location | None:
    """The organisation's location with this id; ValidationError for any other."""
    if location_id is None:
        return None
    found = location_choices(organisation=organisation).filter(pk=_uuid(location_id)).first()
    if found is None:
        raise ValidationError({"location": _("Wählen Sie einen Ort Ihrer Organisation")})
    return found


def topic_choices() -> QuerySet[TaxonomyTerm]:
    return TaxonomyTerm.objects.filter(taxonomy__name=TOPICS).select_related("taxonomy")


def target_group_choices() -> QuerySet[TaxonomyTerm]:
    return TaxonomyTerm.objects.filter(taxonomy__name=TARGET_GROUPS).select_related("taxonomy")


def terms_by_ids(*, ids: list[Any], taxonomy: str) -> list[TaxonomyTerm]:
    """Terms of the taxonomy with these ids; ValidationError when one is not."""
    wanted = {_uuid(value) for value in ids}
    if NO_ID in wanted:
        raise ValidationError(_("Wählen Sie Einträge aus der Liste"))
    found = list(
        TaxonomyTerm.objects.filter(pk__in=wanted, taxonomy__name=taxonomy).select_related(
            "taxonomy"
        )
    )
    if len(found) != len(wanted):
        raise ValidationError(_("Wählen Sie Einträge aus der Liste"))
    return found


def area_in_region(*, area_id: Any, organisation: Organisation) -> Area:
    area = Area.objects.filter(pk=_uuid(area_id), region_id=organisation.region_id).first()
    if area is None:
        raise ValidationError({"area": _("Wählen Sie ein Gebiet aus der Liste")})
    return area


def event_dates(*, event: Event, since: dt.datetime | None = None, limit: int = 12) -> list:
    """The event's coming dates (those that start or were to start from `since` on) with the
    exception of each, as (occurrence, exception or None)."""
    since = since or timezone.now()
    dates = list(
        event.occurrences.filter(Q(start__gte=since) | Q(original_start__gte=since)).order_by(
            "start"
        )[:limit]
    )
    exceptions = {
        exc.original_start: exc
        for exc in EventException.objects.filter(
            event=event, original_start__in=[occ.original_start for occ in dates]
        )
    }
    return [(occ, exceptions.get(occ.original_start)) for occ in dates]


def occurrence_of(*, event: Event, occurrence_id: Any) -> Occurrence:
    found = event.occurrences.filter(pk=_uuid(occurrence_id)).first()
    if found is None:
        raise Http404
    return found


def event_terms(*, event: Event) -> dict[str, list[TaxonomyTerm]]:
    return {"topics": list(event.topics.all()), "target_groups": list(event.target_groups.all())}


# --- Release ---------------------------------------------------------------------------------


def _review_memberships(actor: Actor) -> list:
    if actor is None:
        return []
    return [m for m in memberships_of(actor) if m.role in REVIEW_ROLES]


def rule_areas(*, actor: Actor) -> list[tuple[Area, bool]]:
    """The areas whose publication rule the actor may set, with whether a release is required
    there now: the areas their memberships name, or their region and its municipalities and
    quarters."""
    areas: dict[uuid.UUID, Area] = {}
    for membership in _review_memberships(actor):
        named = list(membership.areas.all())
        if named:
            candidates = named
        else:
            candidates = list(area_choices(organisation=membership.organisation))
        for area in candidates:
            if area.pk not in areas and actor is not None:
                if actor.has_perm("news.set_publication_rule", area):
                    areas[area.pk] = area
    required = set(
        PublicationRule.objects.filter(area_id__in=areas, review_required=True).values_list(
            "area_id", flat=True
        )
    )
    return [(area, area.pk in required) for area in areas.values()]


def rule_area_get(*, actor: Actor, area_id: Any) -> Area:
    """An area of the actor's rules (404 for any other)."""
    wanted = _uuid(area_id)
    for area, _required in rule_areas(actor=actor):
        if area.pk == wanted:
            return area
    raise Http404


def release_queue(*, actor: Actor) -> list[Event]:
    """Events waiting for the actor's release, oldest first."""
    region_ids = {m.organisation.region_id for m in _review_memberships(actor)}
    waiting = (
        Event.objects.filter(status=PublicationStatus.IN_REVIEW, region_id__in=region_ids)
        .select_related("organisation", "area", "area__parent")
        .order_by("updated_at")
    )
    return [
        event
        for event in waiting
        if actor is not None and actor.has_perm("news.release_event", event)
    ]


# --- Public ----------------------------------------------------------------------------------


def public_event_get(*, event_id: Any) -> Event:
    """A published event (also one called off as a whole); 404 for any other."""
    found = (
        Event.objects.filter(pk=_uuid(event_id), status=PublicationStatus.PUBLISHED)
        .select_related("organisation", "area", "location")
        .prefetch_related(
            "topics",
            "target_groups",
            Prefetch("location__addresses", queryset=Address.objects.all()),
        )
        .first()
    )
    if found is None:
        raise Http404
    return found


def public_dates(*, event: Event, limit: int = 12) -> list[Occurrence]:
    """The next dates of a published event, cancelled and moved ones with their reason."""
    return list(
        event.occurrences.filter(is_public=True, end__gte=timezone.now()).order_by("start")[:limit]
    )


def picture_get(*, picture_id: Any) -> Picture:
    found = Picture.objects.filter(pk=_uuid(picture_id)).only("data", "content_type").first()
    if found is None:
        raise Http404
    return found


def regions() -> QuerySet[Area]:
    return Area.objects.filter(kind=Area.Kind.REGION).order_by("name")


def list_region(*, slug: str = "") -> Area | None:
    """The region of the public list without a chosen quarter: the one named (`?kreis=`), the
    only one, or the first with published events."""
    all_regions = regions()
    if slug:
        named = all_regions.filter(slug=slug[:80]).first()
        if named is not None:
            return named
    first_two = list(all_regions[:2])
    if len(first_two) < 2:  # one region (most installations): nothing to look up
        return first_two[0] if first_two else None
    with_events = all_regions.filter(
        pk__in=Event.objects.filter(status=PublicationStatus.PUBLISHED).values("region_id")
    )
    return with_events.first() or all_regions.first()


def quarter_choices(*, region: Area) -> QuerySet[Area]:
    return Area.objects.filter(region=region, kind=Area.Kind.QUARTER).order_by("name")


def quarter_by_slug(*, slug: str) -> Area | None:
    slug = slug[:80]
    return Area.objects.filter(kind=Area.Kind.QUARTER, slug=slug).first() if slug else None


def topic_by_code(*, code: str) -> TaxonomyTerm | None:
    code = code[:80]
    return topic_choices().filter(code=code).first() if code else None


def is_in_chain(*, area: Area, of: Area) -> bool:
    return area.pk in area_chain(of)
