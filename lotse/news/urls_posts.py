"""Addresses of the part "Aktuelles"."""

from django.urls import path

from lotse.news import views_posts

app_name = "news"

urlpatterns = [
    path("", views_posts.index, name="list"),
    path("verwalten/", views_posts.index, name="staff_list"),
]
