from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme


def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


def display_settings(request: HttpRequest) -> HttpResponse:
    """Sets text size and contrast from plain links, so it works without JavaScript."""
    back = request.GET.get("zurueck", "/")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = "/"
    response = HttpResponseRedirect(back)
    year = 365 * 24 * 3600
    if request.GET.get("textgroesse") in {"normal", "gross"}:
        response.set_cookie("textgroesse", request.GET["textgroesse"], max_age=year, samesite="Lax")
    if request.GET.get("kontrast") in {"normal", "hoch"}:
        response.set_cookie("kontrast", request.GET["kontrast"], max_age=year, samesite="Lax")
    return response
