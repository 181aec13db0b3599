"""Addresses of the part "Aktuelles"."""

from django.urls import path

from lotse.news import views_posts

app_name = "news"

urlpatterns = [
    path("", views_posts.index, name="list"),
    path("atom/", views_posts.feed, name="feed"),
    path("<uuid:newspost_id>/", views_posts.detail, name="detail"),
    path("verwalten/", views_posts.staff_list, name="staff_list"),
    path("verwalten/neu/", views_posts.staff_new, name="staff_new"),
    path("verwalten/<uuid:newspost_id>/", views_posts.staff_edit, name="staff_edit"),
    path(
        "verwalten/<uuid:newspost_id>/veroeffentlichen/",
        views_posts.staff_publish,
        name="staff_publish",
    ),
    path(
        "verwalten/<uuid:newspost_id>/zurueckziehen/",
        views_posts.staff_withdraw,
        name="staff_withdraw",
    ),
    path("freigabe/", views_posts.release_queue, name="release_queue"),
    path("freigabe/<uuid:newspost_id>/", views_posts.release, name="release"),
]
