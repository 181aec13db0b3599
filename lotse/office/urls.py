from django.urls import path

from lotse.office import views, views_finder, views_manage, views_visit

app_name = "office"

# The token and code pages come first: "termin", "termine" and "absagen" cannot be office
# slugs (models.RESERVED_SLUGS).
urlpatterns = [
    path("", views_finder.office_list, name="office_list"),
    path("termin/<str:token>/", views.confirmation, name="confirmation"),
    path("termin/<str:token>/absagen/", views.cancel_by_token, name="cancel_by_token"),
    path("termin/<str:token>/kalender.ics", views.calendar_file, name="calendar_file"),
    path("absagen/", views.cancel_by_code, name="cancel_by_code"),
    path("mein-termin/<uuid:appointment_id>/absagen/", views.own_cancel, name="own_cancel"),
    path("termine/<uuid:appointment_id>/bestaetigt/", views.staff_confirm, name="staff_confirm"),
    path("termine/<uuid:appointment_id>/absagen/", views.staff_cancel, name="staff_cancel"),
    path("termine/<uuid:appointment_id>/vermerken/", views.staff_mark, name="staff_mark"),
    # Keeping the offices themselves ("verwalten" is reserved too).
    path("verwalten/", views_manage.manage_list, name="manage_list"),
    path("verwalten/neu/", views_manage.manage_new, name="manage_new"),
    path("<slug:office_slug>/", views.office_detail, name="office_detail"),
    path("<slug:office_slug>/termin/", views.slot_choose, name="slot_choose"),
    path("<slug:office_slug>/termin/buchen/", views.book, name="book"),
    path("<slug:office_slug>/termine/", views.staff_day, name="staff_day"),
    path("<slug:office_slug>/termine/buchen/", views.staff_book, name="staff_book"),
    path("<slug:office_slug>/termine/besuch/", views_visit.staff_visit, name="staff_visit"),
    path("<slug:office_slug>/zeiten/", views.staff_hours, name="staff_hours"),
    path("<slug:office_slug>/zeiten/sprechstunde/", views.staff_hour_add, name="staff_hour_add"),
    path(
        "<slug:office_slug>/zeiten/sprechstunde/<uuid:hour_id>/entfernen/",
        views.staff_hour_remove,
        name="staff_hour_remove",
    ),
    path(
        "<slug:office_slug>/zeiten/schliesszeit/",
        views.staff_closure_add,
        name="staff_closure_add",
    ),
    path(
        "<slug:office_slug>/zeiten/schliesszeit/<uuid:closure_id>/entfernen/",
        views.staff_closure_remove,
        name="staff_closure_remove",
    ),
    path("<slug:office_slug>/angaben/", views_manage.manage_edit, name="manage_edit"),
    path("<slug:office_slug>/angaben/termine/", views_manage.manage_booking, name="manage_booking"),
]
