"""Addresses of the events themselves: the public list and page, staff editing and release."""

from django.urls import path

from lotse.news import views_events

urlpatterns = [
    path("", views_events.index, name="list"),
    path("verwalten/", views_events.index, name="staff_list"),
]
