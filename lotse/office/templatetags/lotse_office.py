"""Offices on other apps' pages (the home page of a quarter, the help page) without those apps
importing the office app: `{% office_cards as cards %}`, `{% quarter_office_card area as card %}`,
`{% chosen_quarter as quarter %}` (the quarter kept by "Mein Quartier wählen"),
`{% postcode_office_card "45657" as card %}` (the search page's help when nothing was found),
`{% visit_offices person as offices %}` (the person page's links to book a visit)."""

from django import template

from lotse.core.models import Area
from lotse.office import finder, selectors
from lotse.office.models import Office

register = template.Library()


@register.simple_tag
def office_cards() -> list[finder.OfficeCard]:
    return finder.office_cards()


@register.simple_tag
def quarter_office_card(area: Area | None) -> finder.OfficeCard | None:
    if area is None or area.kind != Area.Kind.QUARTER:
        return None
    return finder.office_card_for_quarter(quarter=area)


@register.simple_tag(takes_context=True)
def chosen_quarter(context: template.Context) -> Area | None:
    request = context.get("request")
    slug = request.COOKIES.get(finder.QUARTER_COOKIE, "") if request is not None else ""
    return finder.quarter_by_slug(slug=slug[:80]) if slug else None


@register.simple_tag
def postcode_office_card(postcode: str) -> finder.OfficeCard | None:
    """The office of the first quarter in this postcode that has one (by the quarter's name),
    or None; anything but 5 digits gives None."""
    postcode = "".join(str(postcode or "").split())
    if len(postcode) != 5 or not postcode.isascii() or not postcode.isdigit():
        return None
    for quarter in finder.quarters_for_postcode(postcode=postcode):
        card = finder.office_card_for_quarter(quarter=quarter)
        if card is not None:
            return card
    return None


@register.simple_tag(takes_context=True)
def visit_offices(context: template.Context, person) -> list[Office]:
    """The offices of the person's organisation in which the viewing staff member may book a
    visit for them (the person page links to each)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or person is None:
        return []
    return selectors.visit_offices(actor=user, organisation_id=person.organisation_id)
