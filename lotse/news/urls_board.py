"""Addresses of the part "Pinnwand (Biete / Suche)"."""

from django.urls import path

from lotse.news import views_board

app_name = "board"

urlpatterns = [
    path("", views_board.index, name="list"),
    path("verwalten/", views_board.index, name="queue"),
]
