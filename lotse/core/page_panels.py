"""Panels that other apps add to the directory's public pages, so that directory imports none of
them (the import contract): an app registers, in its AppConfig.ready, a function that returns
the panels for an offer or a quarter; directory renders each panel's template with its context.
Example: volunteers shows the next dates of a Handy-Café on its offer's page and the quarter's.
Beside the results of a resident's search, apps show what else matches the words (events)."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID


@dataclass(frozen=True)
class Panel:
    template: str
    context: dict[str, Any] = field(default_factory=dict)


OfferPanels = Callable[[UUID], list[Panel]]
QuarterPanels = Callable[[Any], list[Panel]]
# (the words searched for, the quarter the search is limited to or None)
SearchPanels = Callable[[str, Any], list[Panel]]

_offer: dict[str, OfferPanels] = {}
_quarter: dict[str, QuarterPanels] = {}
_search: dict[str, SearchPanels] = {}


def offer_panel_register(key: str, panels: OfferPanels) -> None:
    _offer[key] = panels


def quarter_panel_register(key: str, panels: QuarterPanels) -> None:
    _quarter[key] = panels


def search_panel_register(key: str, panels: SearchPanels) -> None:
    _search[key] = panels


def offer_panels(offer_id: UUID) -> list[Panel]:
    """The panels of every app for the offer's page, in the order of the apps' keys."""
    return [panel for key in sorted(_offer) for panel in _offer[key](offer_id)]


def quarter_panels(area: Any) -> list[Panel]:
    """The panels of every app for a quarter's page (an Area of kind quarter)."""
    return [panel for key in sorted(_quarter) for panel in _quarter[key](area)]


def search_panels(text: str, area: Any = None) -> list[Panel]:
    """The panels of every app beside the results of a search for `text` (limited to `area`,
    an Area, when the search is)."""
    return [panel for key in sorted(_search) for panel in _search[key](text, area)]
