"""What volunteers shows on the directory's public pages (lotse.core.page_panels): the next
dates of a Handy-Café on the page of the offer it is linked to and on its quarter's page."""

from uuid import UUID

from lotse.core.page_panels import Panel, offer_panel_register, quarter_panel_register
from lotse.volunteers.selectors_groups import cafes_of_offer, public_cafes


def offer_panels(offer_id: UUID) -> list[Panel]:
    cafes = cafes_of_offer(service_id=offer_id)
    return [Panel("volunteers/groups/panel_offer.html", {"cafes": cafes})] if cafes else []


def quarter_panels(area) -> list[Panel]:
    cafes = public_cafes(quarter=area, count=3).get(area, [])
    return [Panel("volunteers/groups/panel_quarter.html", {"cafes": cafes})] if cafes else []


def register() -> None:
    offer_panel_register("volunteers", offer_panels)
    quarter_panel_register("volunteers", quarter_panels)
