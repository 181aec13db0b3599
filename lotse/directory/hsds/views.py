"""The HSDS 3.0 API: open to everyone without a key, readable from any web page (CORS, from
django-cors-headers), read only. Answers are in German, the language of the directory, whatever
the client asks for."""

import functools
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from lotse.directory.hsds import openapi, selectors, serialise
from lotse.directory.hsds.params import (
    InvalidParameter,
    Paging,
    paging_from,
    parse_id,
    search_from,
    service_filters_from,
    term_filters_from,
)
from lotse.directory.hsds.selectors import Found

ALLOWED_METHODS = "GET, HEAD, OPTIONS"


def _json(data: dict, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def _message(status: int, message: str) -> JsonResponse:
    return _json({"message": message}, status=status)


def _not_found() -> JsonResponse:
    return _message(404, _("Nicht gefunden."))


def _hsds(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """OPTIONS names the methods, writes get 405 and bad parameters 400. CORS headers and
    preflight answers come from django-cors-headers (CORS_URLS_REGEX in the settings).

    CSRF protection is left out because nothing here changes anything: writes only get a 405.
    """

    @csrf_exempt
    @functools.wraps(view)
    def answer(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        with translation.override(settings.LANGUAGE_CODE):
            response: HttpResponse
            if request.method == "OPTIONS":
                response = HttpResponse(status=204)
                response["Allow"] = ALLOWED_METHODS
            elif request.method not in ("GET", "HEAD"):
                response = _message(405, _("Diese Schnittstelle kann nur lesen."))
                response["Allow"] = ALLOWED_METHODS
            else:
                try:
                    response = view(request, *args, **kwargs)
                except InvalidParameter as exc:
                    response = _json({"message": exc.message, "parameter": exc.parameter}, 400)
        return response

    return answer


def _page[T](found: Found[T], paging: Paging, item: Callable[[T], dict]) -> JsonResponse:
    contents = [item(row) for row in found.rows]
    return _json(serialise.page(contents=contents, total=found.total, paging=paging))


@_hsds
def api_root(request: HttpRequest) -> HttpResponse:
    return _json(
        serialise.api_info(openapi_url=request.build_absolute_uri(reverse("hsds:openapi")))
    )


@_hsds
def openapi_document(request: HttpRequest) -> HttpResponse:
    """This API's own OpenAPI document (openapi.py)."""
    return _json(openapi.document())


@_hsds
def service_list(request: HttpRequest) -> HttpResponse:
    paging = paging_from(query=request.GET)
    found = selectors.service_page(filters=service_filters_from(query=request.GET), paging=paging)
    return _page(found, paging, lambda s: serialise.service_list_item(service=s))


@_hsds
def service_detail(request: HttpRequest, service_id: str) -> HttpResponse:
    pk = parse_id(value=service_id)
    service = selectors.service_get(service_id=pk) if pk else None
    if service is None:
        return _not_found()
    return _json(serialise.service_full(service=service))


@_hsds
def service_at_location_list(request: HttpRequest) -> HttpResponse:
    paging = paging_from(query=request.GET)
    found = selectors.service_at_location_page(
        filters=service_filters_from(query=request.GET), paging=paging
    )
    return _page(
        found,
        paging,
        lambda sal: serialise.service_at_location_list_item(service_at_location=sal),
    )


@_hsds
def service_at_location_detail(request: HttpRequest, service_at_location_id: str) -> HttpResponse:
    pk = parse_id(value=service_at_location_id)
    found = selectors.service_at_location_get(service_at_location_id=pk) if pk else None
    if found is None:
        return _not_found()
    return _json(serialise.service_at_location_full(service_at_location=found))


@_hsds
def organization_list(request: HttpRequest) -> HttpResponse:
    paging = paging_from(query=request.GET)
    found = selectors.organization_page(search=search_from(query=request.GET), paging=paging)
    return _page(found, paging, lambda o: serialise.organization_list_item(organisation=o))


@_hsds
def organization_detail(request: HttpRequest, organization_id: str) -> HttpResponse:
    pk = parse_id(value=organization_id)
    organisation = selectors.organization_get(organization_id=pk) if pk else None
    if organisation is None:
        return _not_found()
    return _json(serialise.organization_full(organisation=organisation))


@_hsds
def taxonomy_list(request: HttpRequest) -> HttpResponse:
    paging = paging_from(query=request.GET)
    found = selectors.taxonomy_page(search=search_from(query=request.GET), paging=paging)
    return _page(found, paging, lambda t: serialise.taxonomy(taxonomy=t))


@_hsds
def taxonomy_detail(request: HttpRequest, taxonomy_id: str) -> HttpResponse:
    pk = parse_id(value=taxonomy_id)
    taxonomy = selectors.taxonomy_get(taxonomy_id=pk) if pk else None
    if taxonomy is None:
        return _not_found()
    return _json(serialise.taxonomy(taxonomy=taxonomy))


@_hsds
def taxonomy_term_list(request: HttpRequest) -> HttpResponse:
    paging = paging_from(query=request.GET)
    found = selectors.taxonomy_term_page(
        filters=term_filters_from(query=request.GET), paging=paging
    )
    return _page(found, paging, lambda t: serialise.taxonomy_term(term=t))


@_hsds
def taxonomy_term_detail(request: HttpRequest, taxonomy_term_id: str) -> HttpResponse:
    pk = parse_id(value=taxonomy_term_id)
    term = selectors.taxonomy_term_get(taxonomy_term_id=pk) if pk else None
    if term is None:
        return _not_found()
    return _json(serialise.taxonomy_term(term=term))


@_hsds
def unknown(request: HttpRequest) -> HttpResponse:
    """Any other path under /api/hsds/: a JSON 404 that browsers on other sites can read."""
    return _not_found()
