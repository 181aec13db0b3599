from django.urls import path

from lotse.people import views

app_name = "people"

urlpatterns = [
    path("", views.person_list, name="person_list"),
    path("neu/", views.person_new, name="person_new"),
    path("<uuid:person_id>/", views.person_detail, name="person_detail"),
    path("<uuid:person_id>/bearbeiten/", views.person_edit, name="person_edit"),
    path("<uuid:person_id>/doppelt/", views.person_duplicates, name="person_duplicates"),
    path(
        "<uuid:person_id>/zusammenfuehren/<uuid:duplicate_id>/",
        views.person_merge,
        name="person_merge",
    ),
    path("<uuid:person_id>/vertretung/", views.proxy_new, name="proxy_new"),
    path(
        "<uuid:person_id>/vertretung/<uuid:proxy_id>/beenden/",
        views.proxy_end,
        name="proxy_end",
    ),
    path("<uuid:person_id>/einwilligung/", views.consent_new, name="consent_new"),
    path(
        "<uuid:person_id>/einwilligung/<uuid:consent_id>/widerrufen/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
]
