import json
import re
import uuid
from collections.abc import Callable, Iterator

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django_htmx.middleware import HtmxDetails

from lotse.core import request_log
from lotse.core.permissions import Actor
from lotse.core.text_input import MESSAGE, REQUEST_MESSAGE, any_forbidden, json_has_forbidden

# A request id from the proxy or load balancer is kept if it looks like one (a UUID, hex, or a
# similar token); anything else, which could smuggle text into the log, is replaced.
REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")
FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}


class ActorRequest(HttpRequest):
    """A request after ActorMiddleware: views that read `request.actor` annotate with this."""

    actor: Actor
    # From django-htmx's HtmxMiddleware: true when htmx sent the request, with its details.
    htmx: HtmxDetails


class ActorMiddleware:
    """Gives every request `request.actor`: the user, or None when nobody is logged in."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        request.actor = user if user.is_authenticated else None  # type: ignore[attr-defined]
        return self.get_response(request)


class RequestIdMiddleware:
    """The first middleware: gives the request an id (the caller's `X-Request-ID` if well
    formed, else a new one), which every log record written while it runs carries
    (request_log.py) and the answer names in its own `X-Request-ID` header."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get("X-Request-ID", "")
        request_id = given if REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
        with request_log.request_context(request_id=request_id, request=request):
            response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response


class TextInputMiddleware:
    """Refuses every request whose path, query string, cookies, form fields or JSON body hold
    a NUL character or a lone surrogate (text_input.py), before any view or form sees it: 400
    with a German page, in the JSON API `{"detail": …}` (422 for a JSON body, as the API's
    other refusals of a field's content)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if any_forbidden(_texts(request)):
            return _refusal(request, status=400)
        if _json_body_forbidden(request):
            return _refusal(request, status=422)
        return self.get_response(request)


def _texts(request: HttpRequest) -> Iterator[str]:
    yield request.path_info
    for key, values in request.GET.lists():
        yield key
        yield from values
    for key, value in request.COOKIES.items():
        yield key
        yield value
    if request.method == "POST" and request.content_type in FORM_TYPES:
        for key, values in request.POST.lists():
            yield key
            yield from values
        for _field, uploads in request.FILES.lists():
            yield from (upload.name or "" for upload in uploads)


def _json_body_forbidden(request: HttpRequest) -> bool:
    """Whether the body, read as JSON, holds a forbidden character. The JSON API parses a body
    whatever its content type says, so every body that is not a form is read; one that is not
    JSON is left to the view, which answers it."""
    if request.content_type in FORM_TYPES or request.method in {"GET", "HEAD", "OPTIONS"}:
        return False
    body = request.body
    if not body:
        return False
    try:
        document = json.loads(body)
    except (ValueError, RecursionError):
        return False
    return json_has_forbidden(document)


def _refusal(request: HttpRequest, *, status: int) -> HttpResponse:
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": str(MESSAGE)}, status=status)
    page = render_to_string(
        "core/bad_input.html", {"message": REQUEST_MESSAGE, "language": get_language()}
    )
    return HttpResponseBadRequest(page)
