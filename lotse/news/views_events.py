"""Pages of the events themselves: the public list /veranstaltungen/ (a week of the region or a
quarter, with filters, without JavaScript) and an event's page; for staff of the organiser the
list of their events, the form, the event's page with its coming dates (cancel, move, undo),
publishing, withdrawing and calling off; for quarter managers the release queue and the switch
"Veröffentlichungen in <Gebiet> brauchen meine Freigabe"; the pictures."""

import datetime as dt
from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from lotse.core.forms import add_service_errors
from lotse.core.middleware import ActorRequest
from lotse.news import selectors_event_pages as pages
from lotse.news import services_events as services
from lotse.news.forms_events import (
    WHEN,
    EventForm,
    MoveForm,
    ReasonForm,
    ReleaseForm,
    event_initial,
    week_span,
)
from lotse.news.models import Event, PublicationStatus
from lotse.news.occurrences import local_zone
from lotse.news.selectors import access_event
from lotse.news.selectors_events import public_occurrences

PAGE_SIZE = 40
QUARTER_COOKIE = "quartier"  # kept by "Mein Quartier wählen" (lotse.office.finder)
PICTURE_CACHE = "public, max-age=31536000, immutable"


# --- Public --------------------------------------------------------------------------------


def _chosen_quarter(request: ActorRequest):
    """The quarter of `?quartier=` (empty: all), else the one "Mein Quartier wählen" keeps."""
    if "quartier" in request.GET:
        return pages.quarter_by_slug(slug=request.GET["quartier"])
    return pages.quarter_by_slug(slug=request.COOKIES.get(QUARTER_COOKIE, ""))


def _flag(request: ActorRequest, name: str) -> bool:
    return request.GET.get(name, "") in ("1", "on", "ja")


@require_safe
def index(request: ActorRequest) -> HttpResponse:
    """ "Veranstaltungen": the dates of today, this week or next week in the region or a
    quarter, days as headings, filtered by topic, free of charge, step-free, places left."""
    quarter = _chosen_quarter(request)
    region = quarter.region if quarter is not None else None
    if region is None:
        region = pages.list_region(slug=request.GET.get("kreis", ""))
    when = request.GET.get("wann", "")
    when = when if when in dict(WHEN) else "woche"
    topic = pages.topic_by_code(code=request.GET.get("thema", ""))
    flags = {name: _flag(request, name) for name in ("kostenlos", "stufenlos", "plaetze")}
    today = timezone.localdate()
    first, after = week_span(when, today)
    zone = local_zone()
    since = dt.datetime.combine(first, dt.time()).replace(tzinfo=zone)
    until = dt.datetime.combine(after, dt.time()).replace(tzinfo=zone)
    days: list = []
    page = None
    if region is not None:
        dates = public_occurrences(
            region_id=region.pk,
            area=quarter,
            since=since,
            until=until,
            topic_id=topic.pk if topic else None,
            free=flags["kostenlos"],
            step_free=flags["stufenlos"],
            places_left=flags["plaetze"],
        )
        page = Paginator(dates, PAGE_SIZE).get_page(request.GET.get("seite"))
        days = [
            (day, list(items))
            for day, items in groupby(
                page.object_list, key=lambda occ: timezone.localtime(occ.start).date()
            )
        ]
    # The query string without the page, for the page links; without "wann" for the tabs.
    kept = request.GET.copy()
    kept.pop("seite", None)
    without_when = kept.copy()
    without_when.pop("wann", None)
    normal = kept.copy()
    normal.pop("druck", None)
    context = {
        "quarter": quarter,
        "region": region,
        "quarters": pages.quarter_choices(region=region) if region else [],
        "regions": pages.regions(),
        "topics": pages.topic_choices(),
        "topic": topic,
        "when": when,
        "when_choices": WHEN,
        "flags": flags,
        "first": first,
        "last": after - dt.timedelta(days=1),
        "days": days,
        "page": page,
        "query": kept.urlencode(),
        "query_without_when": without_when.urlencode(),
        "query_normal": normal.urlencode(),
        "large_print": request.GET.get("druck") == "gross",
        "today": today,
    }
    return render(request, "news/events_list.html", context)


@require_safe
def detail(request: ActorRequest, event_id) -> HttpResponse:
    event = pages.public_event_get(event_id=event_id)
    context = {
        "event": event,
        "dates": pages.public_dates(event=event),
        "large_print": request.GET.get("druck") == "gross",
    }
    return render(request, "news/events_detail.html", context)


@require_safe
def picture(request: ActorRequest, picture_id) -> HttpResponse:
    """A kept picture: never changes (a new upload is a new picture), so it may be cached long."""
    found = pages.picture_get(picture_id=picture_id)
    response = HttpResponse(bytes(found.data), content_type=found.content_type)
    response["Cache-Control"] = PICTURE_CACHE
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Staff: the organiser's events -----------------------------------------------------------


def _organisations(request: ActorRequest):
    organisations = pages.writable_organisations(actor=request.actor)
    if not organisations:
        raise PermissionDenied
    return organisations


@login_required
@require_safe
def staff_list(request: ActorRequest) -> HttpResponse:
    organisations = _organisations(request)
    events = Paginator(pages.staff_event_list(actor=request.actor), pages.STAFF_PAGE_SIZE)
    context = {
        "events": events.get_page(request.GET.get("seite")),
        "organisations": organisations,
        "may_release": request.user.has_perm("news.view_release_queue"),
    }
    return render(request, "news/events_staff_list.html", context)


def _event_form(request: ActorRequest, *, organisations, organisation, event: Event | None):
    return EventForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        organisations=organisations,
        areas=pages.area_choices(organisation=organisation),
        locations=pages.location_choices(organisation=organisation),
        topics=pages.topic_choices(),
        target_groups=pages.target_group_choices(),
        has_picture=bool(event and event.picture_id),
        initial=event_initial(event) if event else _new_initial(organisation),
    )


def _new_initial(organisation) -> dict:
    return {"day": timezone.localdate() + dt.timedelta(days=1), "organisation": organisation.pk}


def _service_errors(form: EventForm, exc: ValidationError) -> None:
    add_service_errors(
        form,
        exc,
        recurrence="repeat",
        is_free="cost_kind",
        skip_holidays="on_holidays",
        ends_at="end_time",
        starts_at="day",
    )


@login_required
@require_http_methods(["GET", "POST"])
def staff_new(request: ActorRequest) -> HttpResponse:
    organisations = _organisations(request)
    organisation = organisations[0]
    if len(organisations) > 1 and request.method == "POST":
        chosen = request.POST.get("organisation", "")
        organisation = next((o for o in organisations if str(o.pk) == chosen), organisation)
    form = _event_form(request, organisations=organisations, organisation=organisation, event=None)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(
                actor=request.actor,
                organisation=organisation,
                area=form.cleaned_data["area"],
                data=form.event_data(),
                picture=form.cleaned_data.get("picture"),
            )
        except ValidationError as exc:
            _service_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Die Veranstaltung ist gespeichert. Sie ist noch nicht öffentlich: "
                    "Veröffentlichen Sie sie, wenn alles stimmt."
                ),
            )
            return redirect("events:staff_detail", event_id=event.pk)
    context = {"form": form, "organisation": organisation, "event": None}
    return render(request, "news/events_staff_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def staff_edit(request: ActorRequest, event_id) -> HttpResponse:
    event = access_event(request.actor, event_id)
    form = _event_form(
        request, organisations=[event.organisation], organisation=event.organisation, event=event
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(
                actor=request.actor,
                event=event,
                area=form.cleaned_data["area"],
                data=form.event_data(),
                picture=form.cleaned_data.get("picture"),
            )
        except ValidationError as exc:
            _service_errors(form, exc)
        else:
            messages.success(request, _("Die Änderungen sind gespeichert."))
            return redirect("events:staff_detail", event_id=event.pk)
    context = {"form": form, "organisation": event.organisation, "event": event}
    return render(request, "news/events_staff_form.html", context)


@login_required
@require_safe
def staff_detail(request: ActorRequest, event_id) -> HttpResponse:
    event = access_event(request.actor, event_id)
    context = {
        "event": event,
        "dates": pages.event_dates(event=event),
        "terms": pages.event_terms(event=event),
        "Status": PublicationStatus,
    }
    return render(request, "news/events_staff_detail.html", context)


def _say(request: ActorRequest, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


@login_required
@require_POST
def staff_publish(request: ActorRequest, event_id) -> HttpResponse:
    event = access_event(request.actor, event_id)
    try:
        event = services.event_publish(actor=request.actor, event=event)
    except ValidationError as exc:
        _say(request, exc)
    else:
        if event.status == PublicationStatus.PUBLISHED:
            messages.success(request, _("Die Veranstaltung ist jetzt öffentlich."))
        else:
            messages.success(
                request,
                _(
                    "Die Veranstaltung wartet jetzt auf die Freigabe durch das Quartiersbüro. "
                    "Danach ist sie öffentlich."
                ),
            )
    return redirect("events:staff_detail", event_id=event.pk)


@login_required
@require_POST
def staff_withdraw(request: ActorRequest, event_id) -> HttpResponse:
    event = access_event(request.actor, event_id)
    try:
        services.event_withdraw(actor=request.actor, event=event)
    except ValidationError as exc:
        _say(request, exc)
    else:
        messages.success(
            request, _("Die Veranstaltung ist zurückgezogen und nicht mehr öffentlich.")
        )
    return redirect("events:staff_detail", event_id=event.pk)


@login_required
@require_http_methods(["GET", "POST"])
def staff_cancel(request: ActorRequest, event_id) -> HttpResponse:
    """Calling off the whole event, with a confirmation page (UI_GUIDE § 4)."""
    event = access_event(request.actor, event_id)
    form = ReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_cancel(
                actor=request.actor, event=event, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Die Veranstaltung ist abgesagt. Alle Termine zeigen den Grund.")
            )
            return redirect("events:staff_detail", event_id=event.pk)
    return render(request, "news/events_staff_cancel.html", {"event": event, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def staff_date_cancel(request: ActorRequest, event_id, occurrence_id) -> HttpResponse:
    event = access_event(request.actor, event_id)
    occurrence = pages.occurrence_of(event=event, occurrence_id=occurrence_id)
    form = ReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_date_cancel(
                actor=request.actor,
                event=event,
                occurrence=occurrence,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Der Termin fällt aus. Das steht jetzt auch öffentlich."))
            return redirect("events:staff_detail", event_id=event.pk)
    context = {"event": event, "occurrence": occurrence, "form": form}
    return render(request, "news/events_staff_date_cancel.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def staff_date_move(request: ActorRequest, event_id, occurrence_id) -> HttpResponse:
    event = access_event(request.actor, event_id)
    occurrence = pages.occurrence_of(event=event, occurrence_id=occurrence_id)
    start = timezone.localtime(occurrence.start)
    end = timezone.localtime(occurrence.end)
    form = MoveForm(
        request.POST if request.method == "POST" else None,
        initial={"day": start.date(), "start_time": start.time(), "end_time": end.time()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.event_date_move(
                actor=request.actor, event=event, occurrence=occurrence, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Der Termin ist verlegt. Das steht jetzt auch öffentlich."))
            return redirect("events:staff_detail", event_id=event.pk)
    context = {"event": event, "occurrence": occurrence, "form": form}
    return render(request, "news/events_staff_date_move.html", context)


@login_required
@require_POST
def staff_date_restore(request: ActorRequest, event_id, occurrence_id) -> HttpResponse:
    event = access_event(request.actor, event_id)
    occurrence = pages.occurrence_of(event=event, occurrence_id=occurrence_id)
    try:
        services.event_exception_remove(actor=request.actor, event=event, occurrence=occurrence)
    except ValidationError as exc:
        _say(request, exc)
    else:
        messages.success(request, _("Der Termin findet wieder wie geplant statt."))
    return redirect("events:staff_detail", event_id=event.pk)


# --- Release by the quarter manager --------------------------------------------------------


@login_required
@require_safe
def release_queue(request: ActorRequest) -> HttpResponse:
    """ "Zur Freigabe": events waiting in the manager's areas, and the switch per area."""
    if not request.user.has_perm("news.view_release_queue"):
        raise PermissionDenied
    context = {
        "queue": pages.release_queue(actor=request.actor),
        "areas": pages.rule_areas(actor=request.actor),
    }
    return render(request, "news/events_release_queue.html", context)


@login_required
@require_POST
def release_rule(request: ActorRequest) -> HttpResponse:
    if not request.user.has_perm("news.view_release_queue"):
        raise PermissionDenied
    area = pages.rule_area_get(actor=request.actor, area_id=request.POST.get("gebiet"))
    required = request.POST.get("freigabe") == "ja"
    try:
        services.publication_rule_set(actor=request.actor, area=area, review_required=required)
    except ValidationError as exc:
        _say(request, exc)
    else:
        if required:
            messages.success(
                request,
                _("Veröffentlichungen in %(area)s brauchen jetzt Ihre Freigabe.")
                % {"area": area.name},
            )
        else:
            messages.success(
                request,
                _("Veröffentlichungen in %(area)s erscheinen jetzt ohne Freigabe.")
                % {"area": area.name},
            )
    return redirect("events:release_queue")


@login_required
@require_http_methods(["GET", "POST"])
def release_event(request: ActorRequest, event_id) -> HttpResponse:
    event = access_event(request.actor, event_id, perm="news.release_event")
    form = ReleaseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        release = form.cleaned_data["decision"] == "release"
        try:
            services.event_release(
                actor=request.actor, event=event, release=release, note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if release:
                messages.success(request, _("Freigegeben. Die Veranstaltung ist jetzt öffentlich."))
            else:
                messages.success(
                    request, _("Die Veranstaltung ist an den Veranstalter zurückgeschickt.")
                )
            return redirect("events:release_queue")
    context = {
        "event": event,
        "form": form,
        "dates": pages.event_dates(event=event, limit=5),
        "waiting": event.status == PublicationStatus.IN_REVIEW,
    }
    return render(request, "news/events_release.html", context)
