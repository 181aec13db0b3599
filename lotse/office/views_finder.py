"""Finding the way to an office: the list of every Quartiersbüro (/buero/) and "Mein Quartier
wählen" (/quartier/), which keeps the chosen quarter in a cookie for the home page."""

import re

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from lotse.office import finder

# A year, like the display settings' cookies.
COOKIE_SECONDS = 365 * 24 * 3600
# People write "45 657" or "D-45657"; only the digits count (UI_GUIDE § 5).
NOT_DIGITS = re.compile(r"\D")


def office_list(request: HttpRequest) -> HttpResponse:
    return render(request, "office/office_list.html", {"cards": finder.office_cards()})


def _remember(slug: str) -> HttpResponse:
    response = HttpResponseRedirect(reverse("directory:quarter_home", kwargs={"slug": slug}))
    response.set_cookie(
        finder.QUARTER_COOKIE, slug, max_age=COOKIE_SECONDS, samesite="Lax", httponly=True
    )
    return response


def quarter_choose(request: HttpRequest) -> HttpResponse:
    """Plain GET links and a GET form, so it works without JavaScript: `?wahl=<slug>` keeps a
    quarter and opens its page, `?wahl=` forgets it, `?plz=` finds the quarters of a postcode."""
    if "wahl" in request.GET:
        quarter = finder.quarter_by_slug(slug=request.GET["wahl"][:80])
        if quarter is not None:
            return _remember(quarter.slug)
        response = HttpResponseRedirect(reverse("directory:home"))
        response.delete_cookie(finder.QUARTER_COOKIE, samesite="Lax")
        return response
    error = ""
    found = None
    postcode = ""
    if "plz" in request.GET:
        postcode = NOT_DIGITS.sub("", request.GET["plz"])[:20]
        if not postcode:
            error = _("Geben Sie Ihre Postleitzahl ein")
        elif len(postcode) != 5:
            error = _("Die Postleitzahl muss 5 Ziffern haben")
        else:
            found = finder.quarters_for_postcode(postcode=postcode)
            if len(found) == 1:
                return _remember(found[0].slug)
    context = {
        "error": error,
        "postcode": postcode if not error else request.GET.get("plz", "")[:20],
        "found": found,
        "quarters": finder.quarter_list(),
        "chosen": finder.quarter_by_slug(slug=request.COOKIES.get(finder.QUARTER_COOKIE, "")[:80]),
    }
    return render(request, "office/quarter_choose.html", context, status=200)
