"""Whole-page cache for the public pages that anonymous visitors read most (home, search, offer).

A page is kept for at most LOTSE_PAGE_CACHE_SECONDS and only for the minute in which it was
made: offer pages and results say "Jetzt geöffnet", which changes with the clock. The key holds
everything the page depends on besides the data (address, language, text size, contrast, chosen
quarter, htmx or not) and a data version that the view names, so a change of an offer shows at once.
Logged-in staff and visitors with a session or pending messages always get a fresh page.
"""

import functools
import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone

from lotse.core.middleware import ActorRequest

# Response headers worth keeping; middleware adds the security headers on the way out.
_KEPT_HEADERS = ("Content-Type", "Content-Language", "Vary")
# Cookies that make a page personal: the session (logged in) and flash messages.
_PRIVATE_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")


def _key(request: ActorRequest, version: object) -> str:
    parts = [
        request.get_full_path(),
        getattr(request, "LANGUAGE_CODE", ""),
        "htmx" if request.htmx else "",
        request.COOKIES.get("textgroesse", ""),
        request.COOKIES.get("kontrast", ""),
        # The quarter kept by "Mein Quartier wählen" (the start page shows its office).
        request.COOKIES.get("quartier", ""),
        str(version),
        timezone.now().strftime("%Y%m%d%H%M"),
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"page:{digest}"


def public_page(*, version: Callable[[], object]):
    """Caches a view's 200 answers to anonymous GET requests; `version` returns a value that
    changes whenever the data behind the page does."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request: ActorRequest, *args, **kwargs) -> HttpResponse:
            seconds = settings.LOTSE_PAGE_CACHE_SECONDS
            if (
                not seconds
                or request.method != "GET"
                or any(name in request.COOKIES for name in _PRIVATE_COOKIES)
            ):
                return view(request, *args, **kwargs)
            key = _key(request, version())
            kept = cache.get(key)
            if kept is not None:
                headers, content = kept
                return HttpResponse(content, headers=headers)
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.cookies and not response.streaming:
                headers = {k: v for k, v in response.items() if k in _KEPT_HEADERS}
                cache.set(key, (headers, response.content), seconds)
            return response

        return wrapper

    return decorate
