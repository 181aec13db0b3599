"""Reads of the part "Aktuelles": the current news of an area (public), one news item, the
organisations a staff member writes for, their news, and the news waiting for a release."""

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from lotse.core.models import Area, Organisation
from lotse.core.permissions import Actor
from lotse.core.rules import has_role, memberships_of
from lotse.news.models import NewsPost, PublicationStatus
from lotse.news.rules import REVIEW_ROLES, area_chain

# The newest this many news on a quarter's page and in a feed.
PANEL_COUNT = 3
FEED_COUNT = 50


def area_by_slug(*, slug: str) -> Area | None:
    """A quarter, municipality or region named in an address (`?quartier=`); None otherwise."""
    slug = slug[:80]
    return Area.objects.filter(slug=slug).select_related("parent").first() if slug else None


def _area_filter(area: Area) -> Q:
    """News that concern `area`: for a quarter its own and those of the areas above it; for a
    municipality also its quarters'; for a region everything in it."""
    if area.kind == Area.Kind.REGION:
        return Q(region_id=area.pk)
    chain = area_chain(area)
    if area.kind == Area.Kind.MUNICIPALITY:
        return Q(area_id__in=chain) | Q(area__parent_id=area.pk)
    return Q(area_id__in=chain)


def current_news(*, area: Area | None = None, now: dt.datetime | None = None) -> QuerySet[NewsPost]:
    """Published news whose time has come and not yet gone, newest first."""
    now = now or timezone.now()
    news = NewsPost.objects.filter(status=PublicationStatus.PUBLISHED, publish_at__lte=now).filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=now)
    )
    if area is not None:
        news = news.filter(_area_filter(area))
    return news.select_related("organisation", "area").order_by("-publish_at", "-created_at")


def public_news_get(*, post_id: uuid.UUID | str, now: dt.datetime | None = None) -> NewsPost:
    """One current news item; 404 for anything else (a draft, an expired one)."""
    try:
        return current_news(now=now).get(pk=post_id)
    except (NewsPost.DoesNotExist, ValidationError, ValueError) as exc:
        raise Http404 from exc


def writing_organisations(*, actor: Actor) -> list[Organisation]:
    """The organisations the actor is a member of and writes news for."""
    if actor is None:
        return []
    organisations = {m.organisation_id: m.organisation for m in memberships_of(actor)}
    return sorted(
        (o for o in organisations.values() if actor.has_perm("news.add_newspost", o)),
        key=lambda o: o.name,
    )


def area_choices(*, organisations: list[Organisation]) -> QuerySet[Area]:
    """The areas news of these organisations may be for: their regions, the municipalities and
    quarters in them."""
    region_ids = {o.region_id for o in organisations}
    return (
        Area.objects.filter(Q(pk__in=region_ids) | Q(region_id__in=region_ids))
        .select_related("parent")
        .order_by("kind", "name")
    )


def staff_news(*, organisations: list[Organisation]) -> QuerySet[NewsPost]:
    """Every news item of these organisations, newest first."""
    return (
        NewsPost.objects.filter(organisation__in=organisations)
        .select_related("organisation", "area")
        .order_by("-publish_at", "-created_at")
    )


def release_queue_allowed(*, actor: Actor) -> bool:
    """The release list is for managers and region coordinators (whose areas decide which news
    they may release)."""
    return actor is not None and has_role(actor, REVIEW_ROLES)


def release_queue(*, actor: Actor) -> list[NewsPost]:
    """News waiting for a release that the actor may release, oldest first."""
    if actor is None:
        return []
    region_ids = {m.organisation.region_id for m in memberships_of(actor)}
    waiting = (
        NewsPost.objects.filter(status=PublicationStatus.IN_REVIEW, region_id__in=region_ids)
        .select_related("organisation", "area", "area__parent")
        .order_by("created_at")
    )
    return [post for post in waiting if actor.has_perm("news.release_newspost", post)]


def quarter_choices() -> list[Area]:
    """Every quarter, by municipality and name, for the filter of the list."""
    return list(
        Area.objects.filter(kind=Area.Kind.QUARTER)
        .select_related("parent")
        .order_by("parent__name", "name")
    )
