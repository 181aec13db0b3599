"""Addresses of the part "Pinnwand (Biete / Suche)"."""

from django.urls import path

from lotse.news import views_board

app_name = "board"

POST = "<uuid:boardpost_id>/"
STAFF = "verwalten/<uuid:boardpost_id>/"

urlpatterns = [
    path("", views_board.index, name="list"),
    path("neu/", views_board.new, name="new"),
    path(POST, views_board.detail, name="detail"),
    path(f"{POST}antworten/", views_board.reply, name="reply"),
    path(f"{POST}melden/", views_board.report, name="report"),
    path(f"{POST}verlaengern/", views_board.renew, name="renew"),
    path(f"{POST}zurueckziehen/", views_board.withdraw, name="withdraw"),
    path("verwalten/", views_board.queue, name="queue"),
    path("verwalten/fuer-person/", views_board.staff_new, name="staff_new"),
    path(STAFF, views_board.review, name="review"),
    path(f"{STAFF}veroeffentlichen/", views_board.publish, name="publish"),
    path(f"{STAFF}ablehnen/", views_board.reject, name="reject"),
    path(f"{STAFF}entfernen/", views_board.remove, name="remove"),
    path(f"{STAFF}meldungen-erledigt/", views_board.reports_dismiss, name="reports_dismiss"),
    path(f"{STAFF}weitergegeben/", views_board.passed_on, name="passed_on"),
]
