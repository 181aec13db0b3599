from django.urls import path

from lotse.accounts import views_region as views

app_name = "admin_region"
urlpatterns = [
    path("", views.admin_home, name="home"),
    path("organisationen/neu/", views.organisation_new, name="organisation_new"),
    path(
        "organisationen/<uuid:organisation_id>/",
        views.organisation_edit,
        name="organisation_edit",
    ),
    path(
        "organisationen/<uuid:organisation_id>/administration-einladen/",
        views.organisation_invite,
        name="organisation_invite",
    ),
    path("gebiete/neu/", views.area_new, name="area_new"),
    path("gebiete/<uuid:area_id>/", views.area_edit, name="area_edit"),
    path("gebiete/<uuid:area_id>/loeschen/", views.area_delete, name="area_delete"),
]
