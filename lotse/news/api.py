"""The staff JSON API of the app (/api/v1/news): events and registrations. The public gets the
calendar (iCalendar) and news (Atom) feeds instead, as pages."""

from lotse.news import api_events, api_registrations  # noqa: F401  (operations on the router)
from lotse.news.api_router import router

__all__ = ["router"]
