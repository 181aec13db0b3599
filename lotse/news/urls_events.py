"""Addresses under /veranstaltungen/, one module per part: the events themselves (public list
and page, staff editing, release), registrations (online, by staff, waiting list, cancelling,
participant list), and calendar and print (feeds, Wochenplan, e-mail digest)."""

from lotse.news import urls_calendar, urls_event_pages, urls_registrations

app_name = "events"

urlpatterns = [
    *urls_registrations.urlpatterns,
    *urls_calendar.urlpatterns,
    *urls_event_pages.urlpatterns,
]
