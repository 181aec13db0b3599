from django.urls import path

from lotse.people import views

app_name = "people"

urlpatterns = [
    path("", views.person_list, name="person_list"),
    path("neu/", views.person_new, name="person_new"),
    path("<uuid:person_id>/", views.person_detail, name="person_detail"),
    path("<uuid:person_id>/einwilligung/", views.consent_new, name="consent_new"),
    path(
        "<uuid:person_id>/einwilligung/<uuid:consent_id>/widerrufen/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
]
