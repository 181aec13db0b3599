import datetime as dt

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lotse.core.forms import BarrierReportForm
from lotse.core.navigation import local_url
from lotse.core.services import barrier_report_create
from lotse.core.throttle import try_allowed

# "Erstellung dieser Erklärung": update it whenever the statement is checked again.
ACCESSIBILITY_STATEMENT_DATE = dt.date(2026, 11, 30)
# Barrier reports: this many per client address in this many seconds (as office.views.PUBLIC_*).
REPORT_TRIES = 5
REPORT_SECONDS = 10 * 60


def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


def display_settings(request: HttpRequest) -> HttpResponse:
    """Sets text size, contrast and language from plain links, so it works without JavaScript.

    Links rather than a form: pages then carry no CSRF token, and the public ones can be cached
    whole (page_cache.py); switching the display is no change worth forging.
    """
    back = local_url(request, request.GET.get("zurueck"), "/")
    response = HttpResponseRedirect(back)
    year = 365 * 24 * 3600
    if request.GET.get("textgroesse") in {"normal", "gross"}:
        response.set_cookie("textgroesse", request.GET["textgroesse"], max_age=year, samesite="Lax")
    if request.GET.get("kontrast") in {"normal", "hoch"}:
        response.set_cookie("kontrast", request.GET["kontrast"], max_age=year, samesite="Lax")
    if request.GET.get("sprache") in {code for code, _name in settings.LANGUAGES}:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME, request.GET["sprache"], max_age=year, samesite="Lax"
        )
    return response


def easy_language(request: HttpRequest) -> HttpResponse:
    return render(request, "core/easy_language.html")


def accessibility_statement(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/accessibility_statement.html",
        {
            "statement_date": ACCESSIBILITY_STATEMENT_DATE,
            "site_address": f"{request.scheme}://{request.get_host()}",
        },
    )


@require_http_methods(["GET", "POST"])
def barrier_report(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = BarrierReportForm(request.POST)
        if form.is_valid():
            # A filled-in honeypot gets the same answer as a person, so a bot learns nothing.
            if form.is_spam():
                return _thanks(form)
            # Each report is e-mailed at once: so many per address, as the other public forms
            # (only reports without errors count, so mistyping costs no try).
            if try_allowed(
                request, "core:barrier_report", tries=REPORT_TRIES, seconds=REPORT_SECONDS
            ):
                barrier_report_create(**form.report_data())
                return _thanks(form)
            form.add_error(
                None,
                _(
                    "Wir konnten Ihre Meldung gerade nicht annehmen. Bitte versuchen Sie es in "
                    "10 Minuten noch einmal oder rufen Sie uns an: %(phone)s"
                )
                % {"phone": settings.LOTSE_CONTACT_PHONE},
            )
            return render(request, "core/barrier_report.html", {"form": form}, status=429)
    else:
        form = BarrierReportForm(initial={"page": _reported_page(request)})
    return render(request, "core/barrier_report.html", {"form": form})


def _thanks(form: BarrierReportForm) -> HttpResponse:
    # Redirect after POST: reloading the thank-you page sends nothing again.
    thanks = reverse("barrier_report_thanks")
    return redirect(f"{thanks}?antwort=ja" if form.has_contact() else thanks)


def _reported_page(request: HttpRequest) -> str:
    """The page the footer link was on (`?seite=`): a path on this site, never other text."""
    page = request.GET.get("seite", "")
    if not page.startswith("/") or page.startswith("//"):
        return ""
    if page.startswith(reverse("barrier_report")):
        return ""
    return page[:500]


def barrier_report_thanks(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/barrier_report_thanks.html",
        {"will_answer": request.GET.get("antwort") == "ja"},
    )
