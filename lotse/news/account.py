"""What news adds to the pages of accounts (lotse.accounts.registry)."""

from typing import Any

from lotse.accounts.registry import role_samples_register
from lotse.news.models import BoardPost, Event, NewsPost


def role_samples(world: dict[str, Any]) -> dict[str, Any]:
    """An event and a news item of the catalogue's organisation and a noticeboard post, all for
    its quarter (unsaved: the rules read only their ids and area)."""
    organisation, region, quarter = world["organisation"], world["region"], world["quarter"]
    return {
        "event": Event(organisation=organisation, region=region, area=quarter),
        "newspost": NewsPost(organisation=organisation, region=region, area=quarter),
        "boardpost": BoardPost(region=region, area=quarter),
    }


def register() -> None:
    role_samples_register("news", role_samples)
