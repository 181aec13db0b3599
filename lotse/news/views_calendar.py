"""Pages of the part "calendar and print": the calendar feeds and how to subscribe to them, the
Wochenplan (PDF) and the page that chooses it, and the e-mail digest (subscribe, confirm,
unsubscribe). All public: events are public data; the digest's links carry their own token."""

import datetime as dt
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_safe

from lotse.core.forms import add_service_errors
from lotse.core.models import Area
from lotse.core.pdf import pdf_response
from lotse.core.throttle import try_allowed
from lotse.news import ical, services_digest, weekplan
from lotse.news.forms_digest import DigestSubscribeForm
from lotse.office import finder

# Feeds: calendar apps and proxies may keep a copy this long.
FEED_MAX_AGE = 15 * 60
# The Wochenplan: a PDF costs the server a second or two, so one address may ask for this
# many in this many seconds; browsers and proxies may keep one for PLAN_MAX_AGE.
PLAN_TRIES = 40
PLAN_SECONDS = 10 * 60
PLAN_MAX_AGE = 5 * 60


def _chosen_quarter(request: HttpRequest) -> Area | None:
    """The quarter of `?quartier=`, else the one kept by "Mein Quartier wählen"."""
    if "quartier" in request.GET:
        slug = request.GET["quartier"]
    else:
        slug = request.COOKIES.get(finder.QUARTER_COOKIE, "")
    return finder.quarter_by_slug(slug=slug[:80]) if slug else None


# Calendar feeds (GET and HEAD: calendar apps ask with both) ------------------------------------


def _feed_response(
    request: HttpRequest, feed: ical.Feed, *, filename: str = ""
) -> HttpResponseBase:
    """The feed, or 304 when the calendar app's copy (ETag, Last-Modified) is current."""
    last_modified = int(feed.last_modified.timestamp()) if feed.last_modified else None
    response: HttpResponseBase | None = get_conditional_response(
        request, etag=feed.etag, last_modified=last_modified
    )
    if response is None:
        response = HttpResponse(feed.body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = f"public, max-age={FEED_MAX_AGE}"
    response["ETag"] = feed.etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def ical_area(request: HttpRequest, slug: str) -> HttpResponseBase:
    area = ical.area_by_slug(slug=slug)
    return _feed_response(request, ical.area_feed(area=area))


@require_safe
def ical_organisation(request: HttpRequest, organisation_id) -> HttpResponseBase:
    organisation = ical.organisation_get(organisation_id=organisation_id)
    return _feed_response(request, ical.organisation_feed(organisation=organisation))


@require_safe
def ical_event(request: HttpRequest, event_id) -> HttpResponseBase:
    """ "In meinen Kalender": the event (all its dates) as a file for the calendar app."""
    event = ical.public_event_get(event_id=event_id)
    return _feed_response(request, ical.event_feed(event=event), filename="veranstaltung.ics")


def _webcal(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(("webcal", *parts[1:]))


@require_GET
def calendar_help(request: HttpRequest) -> HttpResponse:
    """How to see the quarter's events in one's own calendar app, in plain steps."""
    quarter = _chosen_quarter(request)
    context: dict[str, object] = {"quarter": quarter, "quarters": finder.quarter_list()}
    if quarter is not None:
        url = request.build_absolute_uri(reverse("events:ical_area", args=[quarter.slug]))
        context |= {"feed_url": url, "webcal_url": _webcal(url)}
    return render(request, "news/calendar_help.html", context)


# Der Wochenplan ---------------------------------------------------------------------------------


@require_GET
def weekplan_choose(request: HttpRequest) -> HttpResponse:
    """The quarter, then this or next week or month as a PDF to print."""
    quarter = _chosen_quarter(request)
    today = timezone.localdate()
    first_of_month = today.replace(day=1)
    following = (first_of_month + dt.timedelta(days=32)).replace(day=1)
    periods = [
        (weekplan.week_period(today), _("Diese Woche")),
        (weekplan.week_period(today + dt.timedelta(days=7)), _("Nächste Woche")),
        (weekplan.month_period(today.year, today.month), _("Dieser Monat")),
        (weekplan.month_period(following.year, following.month), _("Nächster Monat")),
    ]
    context = {
        "quarter": quarter,
        "quarters": finder.quarter_list(),
        "periods": periods,
        "office": finder.office_card_for_quarter(quarter=quarter) if quarter else None,
    }
    return render(request, "news/weekplan_choose.html", context)


def _footer_text(plan: weekplan.Plan) -> str:
    """The line at the foot of every page, inside a CSS string: no quotes, backslashes or
    line breaks (the names come from data)."""
    if plan.office is None:
        text = plan.title
    else:
        text = f"{plan.office.office.name} · Telefon {plan.office.office.phone}"
    return "".join(ch for ch in text if ch not in '"\\<>\r\n')


@require_safe
def weekplan_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    quarter = finder.quarter_by_slug(slug=slug[:80])
    if quarter is None:
        raise Http404
    try:
        period = weekplan.period_parse(
            woche=request.GET.get("woche"),
            monat=request.GET.get("monat"),
            today=timezone.localdate(),
        )
    except weekplan.PeriodError as exc:
        context = {"quarter": quarter, "message": str(exc)}
        return render(request, "news/weekplan_bad.html", context, status=400)
    if not try_allowed(request, "events:weekplan", tries=PLAN_TRIES, seconds=PLAN_SECONDS):
        return render(request, "news/weekplan_bad.html", {"quarter": quarter}, status=429)
    plan = weekplan.weekplan_build(area=quarter, period=period)
    context = {"plan": plan, "footer": _footer_text(plan), "site_url": settings.LOTSE_SITE_URL}
    response = pdf_response(
        "news/weekplan_pdf.html",
        context,
        request=request,
        filename=f"wochenplan-{quarter.slug}-{period.filename}.pdf",
        inline=True,
    )
    # Public data, the same for everyone: a copy may be kept for a few minutes.
    response["Cache-Control"] = f"public, max-age={PLAN_MAX_AGE}"
    return response


# The e-mail digest ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def digest_subscribe(request: HttpRequest) -> HttpResponse:
    quarters = finder.quarter_list()
    chosen = _chosen_quarter(request) or (quarters[0] if len(quarters) == 1 else None)
    form = DigestSubscribeForm(
        request.POST if request.method == "POST" else None,
        quarters=quarters,
        initial={"quarter": chosen.slug} if chosen else None,
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        status = form.refusal(request, "events:digest", phone=settings.LOTSE_CONTACT_PHONE)
        if not status:
            try:
                services_digest.digest_subscribe(
                    area=form.cleaned_data["quarter"], email=form.cleaned_data["email"]
                )
            except ValidationError as exc:
                add_service_errors(form, exc, area="quarter")
            else:
                return redirect("events:digest_sent")
    return render(request, "news/digest_subscribe.html", {"form": form}, status=status or 200)


@require_GET
def digest_sent(request: HttpRequest) -> HttpResponse:
    """The same answer for a new, a waiting and a confirmed address."""
    return render(request, "news/digest_sent.html", {"days": services_digest.CONFIRM_DAYS})


@require_http_methods(["GET", "POST"])
def digest_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link of the confirmation mail shows a button: mail programs that open links to
    check them must not confirm for the person."""
    subscription = services_digest.subscription_by_token(token=token)
    if request.method == "POST" and subscription is not None:
        try:
            subscription = services_digest.digest_confirm(token=token)
        except ValidationError as exc:
            context = {"message": exc.messages[0]}
            return render(request, "news/digest_confirm.html", context, status=404)
        return render(request, "news/digest_confirm.html", {"confirmed": subscription})
    if subscription is None:
        return render(request, "news/digest_confirm.html", {"invalid": True}, status=404)
    if subscription.confirmed_at is not None:
        return render(request, "news/digest_confirm.html", {"confirmed": subscription})
    return render(request, "news/digest_confirm.html", {"subscription": subscription})


# Mail programs unsubscribe with a POST of "List-Unsubscribe=One-Click" (RFC 8058), without a
# CSRF token; the signed link is the proof.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def digest_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "POST":
        area = services_digest.digest_unsubscribe(token=token)
        return render(request, "news/digest_unsubscribe.html", {"done": True, "area": area})
    subscription = services_digest.subscription_by_unsubscribe_token(token=token)
    context = {"subscription": subscription, "done": subscription is None}
    return render(request, "news/digest_unsubscribe.html", context)
