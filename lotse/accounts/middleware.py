import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from lotse.core.rules import is_staff_member

# Session keys: when this login began, the last request, whether the idle limit applies.
STARTED = "lotse_session_started"
LAST_ACTIVITY = "lotse_last_activity"
IDLE_LIMITED = "lotse_idle_limited"
# The last request is written to the session at most this often (seconds): every write is a
# database write of its own, and a few seconds do not matter against 30 idle minutes.
ACTIVITY_STEP = 10


class SessionTimeoutMiddleware:
    """Ends a staff session after 30 idle minutes and every session 10 hours after login.

    Django's own expiry slides with every change of the session, so the absolute limit is
    kept here; the idle warning in the page (static/js/session.js) only helps people stay.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            session = request.session
            now = time.time()
            started = session.setdefault(STARTED, now)
            if IDLE_LIMITED not in session:
                session[IDLE_LIMITED] = bool(is_staff_member(request.user))
            last = session.get(LAST_ACTIVITY, now)
            if now - started > settings.SESSION_COOKIE_AGE:
                return self._end(request, _("Sie waren 10 Stunden angemeldet."))
            if session[IDLE_LIMITED] and now - last > settings.LOTSE_STAFF_IDLE_SECONDS:
                return self._end(request, _("Sie waren 30 Minuten nicht aktiv."))
            if LAST_ACTIVITY not in session or now - last >= ACTIVITY_STEP:
                session[LAST_ACTIVITY] = now
        return self.get_response(request)

    def _end(self, request: HttpRequest, reason: str) -> HttpResponse:
        logout(request)
        # The message outlives the session: Django keeps it in a cookie.
        messages.info(
            request,
            reason
            + " "
            + _("Zum Schutz der Daten haben wir Sie abgemeldet. Bitte melden Sie sich wieder an."),
        )
        return redirect_to_login(request.get_full_path())
