from django.conf import settings
from django.http import HttpRequest

from lotse.accounts.middleware import IDLE_LIMITED


def session_timeout(request: HttpRequest) -> dict[str, int]:
    """For staff sessions: when the page warns before the idle logout (base.html)."""
    session = getattr(request, "session", None)
    if session is None or not session.get(IDLE_LIMITED):
        return {}
    return {
        "idle_seconds": settings.LOTSE_STAFF_IDLE_SECONDS,
        "idle_warning_seconds": settings.LOTSE_IDLE_WARNING_SECONDS,
    }
