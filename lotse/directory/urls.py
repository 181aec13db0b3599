from django.urls import path

from lotse.directory import views, views_export, views_import

app_name = "directory"
urlpatterns = [
    path("", views.home, name="home"),
    path("quartier/<slug:slug>/", views.home, name="quarter_home"),
    path("suche/", views.search, name="search"),
    path("angebot/<uuid:offer_id>/", views.offer_detail, name="offer"),
    path("angebot/<uuid:offer_id>/merken/", views.offer_save, name="offer_save"),
    path("angebot/<uuid:offer_id>/nicht-mehr-merken/", views.offer_unsave, name="offer_unsave"),
    path("mitarbeit/angebote/", views.staff_offers, name="staff_offers"),
    path("mitarbeit/angebote/export.csv", views_export.offers_csv, name="staff_offers_csv"),
    path("mitarbeit/angebote/export.xlsx", views_export.offers_xlsx, name="staff_offers_xlsx"),
    path("mitarbeit/angebote/neu/", views.staff_offer_new, name="staff_offer_new"),
    path("mitarbeit/angebote/<uuid:offer_id>/", views.staff_offer_edit, name="staff_offer_edit"),
    path(
        "mitarbeit/angebote/<uuid:offer_id>/archivieren/",
        views.staff_offer_archive,
        name="staff_offer_archive",
    ),
    path(
        "mitarbeit/angebote/<uuid:offer_id>/zeiten/",
        views.staff_offer_hours,
        name="staff_offer_hours",
    ),
    path("mitarbeit/orte/", views.staff_locations, name="staff_locations"),
    path("mitarbeit/orte/neu/", views.staff_location_new, name="staff_location_new"),
    path(
        "mitarbeit/orte/<uuid:location_id>/",
        views.staff_location_edit,
        name="staff_location_edit",
    ),
    path("mitarbeit/import/", views_import.staff_import, name="staff_import"),
    path(
        "mitarbeit/import/platzhalter/<uuid:review_id>/geprueft/",
        views_import.staff_placeholder_reviewed,
        name="staff_placeholder_reviewed",
    ),
]
