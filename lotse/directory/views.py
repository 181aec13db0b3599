import re
import unicodedata

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lotse.core.middleware import ActorRequest
from lotse.core.models import Area
from lotse.core.navigation import local_url
from lotse.core.page_cache import public_page
from lotse.core.page_panels import Panel, offer_panels, quarter_panels, search_panels
from lotse.core.permissions import require
from lotse.core.selectors import area_get, own_organisation_get
from lotse.directory import cards, hours, selectors, services
from lotse.directory.forms import (
    DAYS,
    RADIUS_CHOICES,
    SORT_CHOICES,
    LocationForm,
    OfferForm,
    ScheduleForm,
    ScheduleFormSet,
    SearchForm,
)
from lotse.directory.interop.importer import import_region_list
from lotse.directory.interop.review import placeholder_review_list
from lotse.directory.models import LANGUAGES, TARGET_GROUPS
from lotse.directory.search.query import shorten

STAFF_PAGE_SIZE = 50
# Filters that sit in the collapsed "Weitere Filter" box on the search page.
MORE_FILTERS = ("zielgruppe", "sprache", "wochentag", "sortierung")


def _words_summary(form: SearchForm, result: selectors.SearchResult | None) -> dict:
    """What the results page says about the words: which were used, which typos were corrected
    (the query as searched and as typed), whether the text was shortened or no offer holds
    every word."""
    if result is None:
        return {}
    typed = unicodedata.normalize("NFKC", shorten(form.cleaned_data["q"])[0])
    corrected = typed
    for correction in result.corrections:
        corrected = re.sub(
            rf"(?<!\w){re.escape(correction.typed)}(?!\w)",
            correction.shown,
            corrected,
            flags=re.IGNORECASE,
        )
    shown = {w.lower(): w for w in re.findall(r"\w+", typed)}
    shown |= {c.typed: c.shown for c in result.corrections}
    return {
        "used_words": [shown.get(w, w) for w in result.used],
        "corrected_query": corrected if result.corrections else "",
        "typed_query": typed if result.corrections else "",
        "shortened": result.shortened,
        "partial": result.partial,
        "complete": result.complete,
    }


@public_page(version=selectors.directory_version)
def home(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    area = area_get(slug=slug) if slug else None
    # On the start page, the quarter kept by "Mein Quartier wählen": its offers first.
    chosen = None if area else selectors.quarter_by_slug(slug=request.COOKIES.get("quartier", ""))
    return render(
        request,
        "directory/home.html",
        {
            "area": area,
            "topics": selectors.topic_list(),
            "form": SearchForm(),
            "open_today_area": area or chosen,
            "open_today": selectors.open_today_list(area=area or chosen, now=timezone.localtime()),
            # What other apps show for the quarter (the next Handy-Café dates …).
            "panels": quarter_panels(area or chosen) if (area or chosen) else [],
        },
    )


# The <option> tags of the search form's lists: {(list, version, language, chosen): html}.
_option_tags: dict[tuple, str] = {}


def _options(name: str, choices, chosen: object, *, version: object = None) -> str:
    """The <option> tags of one of the search form's lists, the chosen one selected. Kept per
    list, directory version (topics), language and choice: a loop over about 70 options in the
    template took a tenth of the page's time (issue 17 § 7)."""
    chosen = "" if chosen is None else str(chosen)
    key = (name, version, get_language(), chosen)
    found = _option_tags.get(key)
    if found is None:
        found = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (value, mark_safe(" selected") if str(value) == chosen else "", label)
                for value, label in choices
            ),
        )
        if len(_option_tags) > 1000:  # odd values typed into the address; a bound all the same
            _option_tags.clear()
        _option_tags[key] = found
    return found


def _quarter_filter(slug: str) -> Area | None:
    """The area a search from a quarter's page is limited to, if the slug names one."""
    try:
        return area_get(slug=slug[:80]) if slug else None
    except Http404:
        return None


def _search_summary(form: SearchForm, area: Area | None, topics: list[tuple[str, str]]) -> str:
    """One line saying what was searched for, shown when the form is folded on a phone:
    „Hilfe im Haushalt“, kostenlos, in Altstadt."""
    data = form.cleaned_data
    parts = []
    if data["q"]:
        parts.append(f"„{shorten(data['q'])[0][:60]}“")
    if data["thema"]:
        names = dict(topics)
        parts.append(names.get(data["thema"], data["thema"]))
    if area:
        parts.append(_("in %(name)s") % {"name": area.name})
    if data["plz"]:
        parts.append(str(data["plz"].label))
    for name, label in (
        ("kostenlos", _("kostenlos")),
        ("stufenlos", _("stufenlos")),
        ("jetzt_offen", _("jetzt geöffnet")),
    ):
        if data[name]:
            parts.append(str(label))
    return ", ".join(parts) or _("alle Angebote")


@public_page(version=selectors.directory_version)
def search(request: ActorRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    page = None
    result = None
    near = None
    panels: list[Panel] = []
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["sortierung"] == "entfernung" and not data["plz"]:
            form.add_error(
                "plz", _("Geben Sie eine Postleitzahl ein, um nach Entfernung zu sortieren.")
            )
        elif data["plz"]:
            # The form has already turned the postcode or address into a place.
            near = data["plz"].point
    area = _quarter_filter(request.GET.get("gebiet", ""))
    now = timezone.localtime()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.SearchFilters(
            text=data["q"],
            topic=data["thema"],
            area=data["gebiet"],
            free=data["kostenlos"],
            barrier_free=data["stufenlos"],
            target_group=data["zielgruppe"],
            language=data["sprache"],
            weekday=data["wochentag"],
            open_now=data["jetzt_offen"],
            near=near,
            radius_km=data["umkreis"],
            # With a place the nearest come first unless "Passend zur Suche" is chosen.
            by_distance=near is not None and data["sortierung"] != "passend",
        )
        # The page holds the offers' ids: the cards come from cards.py (kept per version).
        result = selectors.offer_search(
            filters=filters, page=selectors.page_number(data["seite"]), now=now, load_offers=False
        )
        page = result.page
        # What other apps hold for the words (events of the next weeks …).
        panels = search_panels(data["q"], area) if data["q"] else []
    is_htmx = bool(request.htmx)
    template = "directory/search.html#results" if is_htmx else "directory/search.html"
    params = request.GET.copy()
    params.pop("seite", None)
    list_params = params.copy()
    list_params.pop("ansicht", None)
    map_params = list_params.copy()
    map_params["ansicht"] = "karte"
    without_area = params.copy()
    without_area.pop("gebiet", None)
    version = selectors.directory_version()
    topics, target_groups = cards.term_choices(version=version)
    found = bool(page is not None and page.paginator.count)
    rows = (
        cards.result_rows(
            list(page.object_list),
            distances=result.distances_km,
            now=now,
            first=page.start_index(),
            version=version,
            map_view=request.GET.get("ansicht") == "karte",
        )
        if page is not None and result is not None and found
        else []
    )
    context = {
        "form": form,
        "page": page,
        "capped": result.capped if result else False,
        "ignored_words": result.ignored if result else [],
        **_words_summary(form, result),
        "rows": rows,
        "panels": panels,
        "found": found,
        # On a phone the first result belongs on the first screen: with results the form
        # folds into one line with "Suche ändern" (a <details>, no JavaScript needed).
        "folded": found and not form.errors,
        "summary": _search_summary(form, area, topics) if page is not None else "",
        "near": near,
        "by_distance": near is not None and form.cleaned_data.get("sortierung") != "passend",
        "area": area,
        "without_area_query": without_area.urlencode(),
        "topic_options": _options(
            "thema",
            [("", _("Alle Themen")), *topics],
            form["thema"].value(),
            version=version,
        ),
        "target_group_options": _options(
            "zielgruppe",
            [("", _("Für alle")), *target_groups],
            form["zielgruppe"].value(),
            version=version,
        ),
        "language_options": _options(
            "sprache", [("", _("Alle Sprachen"))] + list(LANGUAGES), form["sprache"].value()
        ),
        "radius_options": _options("umkreis", RADIUS_CHOICES, form["umkreis"].value()),
        "weekday_options": _options(
            "wochentag", [("", _("an jedem Tag")), *DAYS], form["wochentag"].value()
        ),
        # "entfernung" (older links) is shown as the default it now is.
        "sort_options": _options(
            "sortierung",
            SORT_CHOICES[:2],
            "" if form["sortierung"].value() == "entfernung" else form["sortierung"].value(),
        ),
        "more_filters_open": any(request.GET.get(name) for name in MORE_FILTERS),
        "query": params.urlencode(),
        "list_query": list_params.urlencode(),
        "map_query": map_params.urlencode(),
        "map_view": request.GET.get("ansicht") == "karte",
        "map_tile_url": settings.LOTSE_MAP_TILES_URL,
        "map_attribution": settings.LOTSE_MAP_ATTRIBUTION,
        "htmx": is_htmx,
    }
    response = render(request, template, context)
    # The same URL answers with the whole page or only the results: caches must keep both.
    patch_vary_headers(response, ["HX-Request"])
    return response


@public_page(version=selectors.directory_version)
def offer_detail(request: HttpRequest, offer_id) -> HttpResponse:
    offer = selectors.offer_get(offer_id=offer_id)
    rules = list(offer.schedules.all())
    closures = list(offer.closures.all())
    context = {
        "offer": offer,
        "status": hours.status_text(rules, closures, timezone.localtime()),
        "hours": hours.grouped_lines(rules),
        "locations": [sal.location for sal in offer.service_at_locations.all()],
        "large_print": request.GET.get("druck") == "gross",
        "today": timezone.localdate(),
        "closures": [c for c in closures if c.ends_on >= timezone.localdate()],
        "target_groups": [t for t in offer.terms.all() if t.taxonomy.name == TARGET_GROUPS],
        "service_areas": list(offer.service_areas.all()),
        # What other apps show on the offer's page (the next dates of a Handy-Café …).
        "panels": offer_panels(offer.id),
        # Only logged-in visitors get this far uncached (the page cache skips sessions).
        "saved": request.user.is_authenticated
        and selectors.service_is_saved(user=request.user, service=offer),
    }
    return render(request, "directory/offer.html", context)


def _resident_login(next_url: str) -> HttpResponse:
    """Residents log in with a code by e-mail (no password), then come back to `next_url`."""
    return redirect_to_login(next_url, login_url=reverse("account_request_login_code"))


@require_http_methods(["GET", "POST"])
def offer_save(request: ActorRequest, offer_id) -> HttpResponse:
    """ "Merken": a logged-in visitor's POST puts the offer on their Merkliste. Anonymous
    visitors follow the link to this page, log in first and then confirm here: the Merkliste
    belongs to the account (on any device, on "Mein Konto"), and the public offer page stays
    the same for everyone (it is cached and carries no form)."""
    offer = selectors.offer_get(offer_id=offer_id)
    here = reverse("directory:offer_save", args=[offer.id])
    if request.actor is None:
        return _resident_login(here)
    if request.method == "POST":
        try:
            services.saved_service_add(user=request.actor, service=offer)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("„%(name)s“ steht jetzt auf Ihrer Merkliste.") % {"name": offer.name}
            )
        return redirect("directory:offer", offer_id=offer.id)
    context = {
        "offer": offer,
        "saved": selectors.service_is_saved(user=request.actor, service=offer),
    }
    return render(request, "directory/offer_save.html", context)


@require_POST
def offer_unsave(request: ActorRequest, offer_id) -> HttpResponse:
    """Takes an offer off the Merkliste (also one archived since), then back to the page the
    form came from: the offer or "Mein Konto"."""
    if request.actor is None:
        return _resident_login(reverse("accounts:overview"))
    removed = services.saved_service_remove(user=request.actor, service_id=offer_id)
    if removed:
        messages.success(request, _("Das Angebot ist nicht mehr auf Ihrer Merkliste."))
    back = local_url(request, request.POST.get("zurueck"), reverse("accounts:overview"))
    return redirect(back)


@login_required
def staff_offers(request: ActorRequest) -> HttpResponse:
    require(request.actor, "directory.add_offer")
    mine = Paginator(selectors.offer_list_for(actor=request.actor), STAFF_PAGE_SIZE)
    offers = mine.get_page(request.GET.get("seite"))
    queue = selectors.review_queue(today=timezone.localdate(), actor=request.actor)
    return render(
        request,
        "directory/staff_offers.html",
        {
            "queue": queue[:50],
            "offers": offers,
            "may_import": bool(request.actor and import_region_list(actor=request.actor)),
            # Organisations an import made as placeholders, for those who import.
            "placeholders": (
                placeholder_review_list(actor=request.actor)[:50] if request.actor else []
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def staff_offer_edit(request: ActorRequest, offer_id) -> HttpResponse:
    offer = selectors.access_offer(request.actor, offer_id)
    form = OfferForm(request.POST if request.method == "POST" else None, instance=offer)
    if request.method == "POST" and form.is_valid():
        # is_valid() wrote the form's values into the instance; the service compares with the
        # stored ones to record what changed.
        offer.refresh_from_db()
        try:
            services.offer_update(actor=request.actor, service=offer, data=form.service_data())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Das Angebot ist gespeichert."))
            return redirect("directory:staff_offer_edit", offer_id=offer.id)
    return render(request, "directory/staff_offer_form.html", {"form": form, "offer": offer})


@login_required
@require_http_methods(["GET", "POST"])
def staff_offer_new(request: ActorRequest) -> HttpResponse:
    organisation = own_organisation_get(actor=request.actor)
    if organisation is None:
        raise PermissionDenied
    form = OfferForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            offer = services.offer_create(
                actor=request.actor, organisation=organisation, data=form.service_data()
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Das Angebot ist angelegt."))
            return redirect("directory:staff_offer_edit", offer_id=offer.id)
    return render(request, "directory/staff_offer_form.html", {"form": form, "offer": None})


@login_required
@require_http_methods(["GET", "POST"])
def staff_offer_archive(request: ActorRequest, offer_id) -> HttpResponse:
    offer = selectors.access_offer(request.actor, offer_id)
    if request.method == "POST":
        try:
            services.offer_archive(actor=request.actor, service=offer)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("„%(name)s“ ist archiviert.") % {"name": offer.name})
        return redirect("directory:staff_offers")
    return render(request, "directory/staff_offer_archive.html", {"offer": offer})


@login_required
def staff_locations(request: ActorRequest) -> HttpResponse:
    require(request.actor, "directory.add_offer")
    locations = selectors.location_list_for(actor=request.actor)
    return render(request, "directory/staff_locations.html", {"locations": locations})


def _location_form_page(request: ActorRequest, *, location, organisation) -> HttpResponse:
    initial = LocationForm.initial_for(location) if location else None
    form = LocationForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        organisation=organisation,
    )
    if request.method == "POST" and form.is_valid():
        try:
            if location:
                services.location_update(
                    actor=request.actor, location=location, data=form.cleaned_data
                )
            else:
                location = services.location_create(
                    actor=request.actor, organisation=organisation, data=form.cleaned_data
                )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Der Ort ist gespeichert."))
            return redirect("directory:staff_location_edit", location_id=location.id)
    return render(
        request, "directory/staff_location_form.html", {"form": form, "location": location}
    )


@login_required
@require_http_methods(["GET", "POST"])
def staff_location_edit(request: ActorRequest, location_id) -> HttpResponse:
    location = selectors.access_location(request.actor, location_id)
    return _location_form_page(request, location=location, organisation=location.organization)


@login_required
@require_http_methods(["GET", "POST"])
def staff_location_new(request: ActorRequest) -> HttpResponse:
    organisation = own_organisation_get(actor=request.actor)
    if organisation is None:
        raise PermissionDenied
    return _location_form_page(request, location=None, organisation=organisation)


@login_required
@require_http_methods(["GET", "POST"])
def staff_offer_hours(request: ActorRequest, offer_id) -> HttpResponse:
    offer = selectors.access_offer(request.actor, offer_id)
    initial = [ScheduleForm.initial_for(rule) for rule in offer.schedules.all()]
    formset = ScheduleFormSet(
        request.POST if request.method == "POST" else None, initial=initial, prefix="zeit"
    )
    error = None
    if request.method == "POST" and formset.is_valid():
        try:
            services.offer_hours_set(
                actor=request.actor, service=offer, rules=[f.cleaned_data for f in formset]
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("Die Öffnungszeiten sind gespeichert."))
            return redirect("directory:staff_offer_edit", offer_id=offer.id)
    return render(
        request,
        "directory/staff_offer_hours.html",
        {"offer": offer, "formset": formset, "error": error},
    )
