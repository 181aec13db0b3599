"""Addresses of the events themselves: the public list and page, staff editing and release."""

from django.urls import path

from lotse.news import views_events

urlpatterns = [
    path("", views_events.index, name="list"),
    path("<uuid:event_id>/", views_events.detail, name="detail"),
    path("bild/<uuid:picture_id>/", views_events.picture, name="picture"),
    path("verwalten/", views_events.staff_list, name="staff_list"),
    path("verwalten/neu/", views_events.staff_new, name="staff_new"),
    path("verwalten/<uuid:event_id>/", views_events.staff_detail, name="staff_detail"),
    path("verwalten/<uuid:event_id>/bearbeiten/", views_events.staff_edit, name="staff_edit"),
    path(
        "verwalten/<uuid:event_id>/veroeffentlichen/",
        views_events.staff_publish,
        name="staff_publish",
    ),
    path(
        "verwalten/<uuid:event_id>/zurueckziehen/",
        views_events.staff_withdraw,
        name="staff_withdraw",
    ),
    path("verwalten/<uuid:event_id>/absagen/", views_events.staff_cancel, name="staff_cancel"),
    path(
        "verwalten/<uuid:event_id>/termine/<uuid:occurrence_id>/absagen/",
        views_events.staff_date_cancel,
        name="staff_date_cancel",
    ),
    path(
        "verwalten/<uuid:event_id>/termine/<uuid:occurrence_id>/verlegen/",
        views_events.staff_date_move,
        name="staff_date_move",
    ),
    path(
        "verwalten/<uuid:event_id>/termine/<uuid:occurrence_id>/wie-geplant/",
        views_events.staff_date_restore,
        name="staff_date_restore",
    ),
    path("freigabe/", views_events.release_queue, name="release_queue"),
    path("freigabe/regel/", views_events.release_rule, name="release_rule"),
    path("freigabe/<uuid:event_id>/", views_events.release_event, name="release_event"),
]
