"""Addresses of the part "calendar" under /veranstaltungen/ (namespace "events"): the calendar
feeds and how to subscribe to them, the Wochenplan, and the e-mail digest ("Rundbrief")."""

from django.urls import path

from lotse.news import views_calendar

urlpatterns = [
    path("kalender/", views_calendar.calendar_help, name="calendar_help"),
    path("kalender/<slug:slug>.ics", views_calendar.ical_area, name="ical_area"),
    path(
        "kalender/veranstalter/<uuid:organisation_id>.ics",
        views_calendar.ical_organisation,
        name="ical_organisation",
    ),
    path("<uuid:event_id>/kalender.ics", views_calendar.ical_event, name="ical_event"),
    path("wochenplan/", views_calendar.weekplan_choose, name="weekplan_choose"),
    path("wochenplan/<slug:slug>.pdf", views_calendar.weekplan_pdf, name="weekplan"),
    path("rundbrief/", views_calendar.digest_subscribe, name="digest_subscribe"),
    path("rundbrief/gesendet/", views_calendar.digest_sent, name="digest_sent"),
    path(
        "rundbrief/bestaetigen/<str:token>/",
        views_calendar.digest_confirm,
        name="digest_confirm",
    ),
    path(
        "rundbrief/abbestellen/<str:token>/",
        views_calendar.digest_unsubscribe,
        name="digest_unsubscribe",
    ),
]
