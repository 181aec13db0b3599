"""The Atom feed (RFC 4287) of the current news, for the region or one quarter, made with
feedgen. Each entry's author is the organisation that wrote it; ids are tag-free `urn:uuid:`
of the news item, so a reader recognises an entry after a change of its address."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from feedgen.feed import FeedGenerator  # type: ignore[import-untyped]

from lotse.core.links import site_link
from lotse.core.models import Area
from lotse.news.models import NewsPost


def _query(area: Area | None) -> str:
    return f"?quartier={area.slug}" if area is not None else ""


def news_feed(*, posts: list[NewsPost], area: Area | None, now: dt.datetime | None = None) -> bytes:
    """The feed document (UTF-8) of `posts` (newest first)."""
    now = now or timezone.now()
    query = _query(area)
    feed = FeedGenerator()
    feed.id(site_link(reverse("news:feed") + query))
    title = _("Aktuelles")
    feed.title(f"{title} – {area.name}" if area is not None else f"{title} – Quartierslotse")
    feed.subtitle(_("Neuigkeiten aus dem Quartier"))
    feed.link(href=site_link(reverse("news:feed") + query), rel="self", type="application/atom+xml")
    feed.link(href=site_link(reverse("news:list") + query), rel="alternate", type="text/html")
    feed.language("de")
    feed.author({"name": "Quartierslotse"})
    # The newest change of an entry, or now for an empty feed.
    feed.updated(max((post.updated_at for post in posts), default=now))
    # feedgen puts the entry added last first: add the oldest first.
    for post in reversed(posts):
        entry = feed.add_entry()
        entry.id(post.id.urn)
        entry.title(post.title)
        entry.link(href=site_link(reverse("news:detail", args=[post.id])), rel="alternate")
        entry.author({"name": post.organisation.name})
        entry.published(post.publish_at)
        entry.updated(max(post.updated_at, post.publish_at))
        entry.content(post.body, type="text")
    return feed.atom_str(pretty=True)
