from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from lotse.core.selectors import area_get, organisation_list_for
from lotse.directory import hours, selectors, services
from lotse.directory.forms import OfferForm, SearchForm
from lotse.directory.geo import postcode_point


def home(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    area = area_get(slug=slug) if slug else None
    return render(
        request,
        "directory/home.html",
        {"area": area, "topics": selectors.topic_list(), "form": SearchForm()},
    )


def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    page = None
    near = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["plz"]:
            near = postcode_point(data["plz"])
            if near is None:
                form.add_error("plz", "Diese Postleitzahl kennen wir nicht. Bitte prüfen Sie sie.")
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.SearchFilters(
            text=data["q"],
            topic=data["thema"],
            area=data["gebiet"],
            free=data["kostenlos"],
            barrier_free=data["stufenlos"],
            language=data["sprache"],
            open_now=data["jetzt_offen"],
            near=near,
            radius_km=data["umkreis"],
        )
        page = selectors.offer_search(
            filters=filters, page=data["seite"] or 1, now=timezone.localtime()
        )
    template = (
        "directory/search.html#results"
        if request.headers.get("HX-Request")
        else "directory/search.html"
    )
    return render(
        request,
        template,
        {
            "form": form,
            "page": page,
            "topics": selectors.topic_list(),
            "query": request.GET.urlencode(),
        },
    )


def offer_detail(request: HttpRequest, offer_id) -> HttpResponse:
    offer = selectors.offer_get(offer_id=offer_id)
    rules = list(offer.schedules.all())
    closures = list(offer.closures.all())
    context = {
        "offer": offer,
        "status": hours.status_text(rules, closures, timezone.localtime()),
        "hours": hours.weekly_lines(rules),
        "locations": [sal.location for sal in offer.service_at_locations.all()],
        "large_print": request.GET.get("druck") == "gross",
        "today": timezone.localdate(),
    }
    return render(request, "directory/offer.html", context)


@login_required
def staff_offers(request: HttpRequest) -> HttpResponse:
    queue = selectors.review_queue(today=timezone.localdate())
    return render(request, "directory/staff_offers.html", {"queue": queue[:50]})


@login_required
@require_http_methods(["GET", "POST"])
def staff_offer_edit(request: HttpRequest, offer_id) -> HttpResponse:
    offer = selectors.access_offer(request.actor, offer_id)
    form = OfferForm(request.POST or None, instance=offer)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        offer.refresh_from_db()
        try:
            services.offer_update(actor=request.actor, service=offer, data=data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Das Angebot ist gespeichert.")
            return redirect("directory:staff_offer_edit", offer_id=offer.id)
    return render(request, "directory/staff_offer_form.html", {"form": form, "offer": offer})


@login_required
@require_http_methods(["GET", "POST"])
def staff_offer_new(request: HttpRequest) -> HttpResponse:
    organisations = organisation_list_for(actor=request.actor)
    if not organisations:
        raise PermissionDenied
    form = OfferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            offer = services.offer_create(
                actor=request.actor, organisation=organisations[0], data=form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Das Angebot ist angelegt.")
            return redirect("directory:staff_offer_edit", offer_id=offer.id)
    return render(request, "directory/staff_offer_form.html", {"form": form, "offer": None})


@login_required
@require_http_methods(["GET", "POST"])
def staff_offer_archive(request: HttpRequest, offer_id) -> HttpResponse:
    offer = selectors.access_offer(request.actor, offer_id)
    if request.method == "POST":
        try:
            services.offer_archive(actor=request.actor, service=offer)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"„{offer.name}“ ist archiviert.")
        return redirect("directory:staff_offers")
    return render(request, "directory/staff_offer_archive.html", {"offer": offer})
