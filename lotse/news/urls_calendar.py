"""Addresses of the part "calendar" under /veranstaltungen/ (namespace "events")."""

urlpatterns: list = []
