"""Addresses of the part "registrations" under /veranstaltungen/ (namespace "events")."""

urlpatterns: list = []
