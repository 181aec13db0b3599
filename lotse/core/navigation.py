"""Where a page sends people back to: `?zurueck=`, `?next=`, `?weiter=` and the like."""

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def local_url(request: HttpRequest, url: str | None, default: str) -> str:
    """`url` if it leads to a page of this site, else `default`: a link can never send
    someone to another site."""
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return url
    return default
