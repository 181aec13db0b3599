"""A small rate limit for public forms: so many tries per client address in a window.

The counters live in Django's cache; with `REDIS_URL` every app server shares them."""

from django.core.cache import cache
from django.http import HttpRequest


def _client_address(request: HttpRequest) -> str:
    # REMOTE_ADDR: behind a proxy the server must be set up to put the client's address there.
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def try_allowed(request: HttpRequest, scope: str, *, tries: int, seconds: int) -> bool:
    """Counts one try of this address in `scope`; False once it has used up its `tries` in
    the window of `seconds`, which starts with its first try."""
    key = f"throttle:{scope}:{_client_address(request)}"
    cache.add(key, 0, seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, seconds)
        count = 1
    return count <= tries
