"""Addresses of the part "Veranstaltungen"."""

from django.urls import path

from lotse.news import views_events

app_name = "events"

urlpatterns = [
    path("", views_events.index, name="list"),
    path("verwalten/", views_events.index, name="staff_list"),
]
