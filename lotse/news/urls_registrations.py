"""Addresses of the part "registrations" under /veranstaltungen/ (namespace "events"): the
public form for a date, the confirmation and cancelling (link, short code, Mein Konto), and the
staff pages of a date's participants."""

from django.urls import path

from lotse.news import views_registrations as views

urlpatterns = [
    path("termin/<uuid:occurrence_id>/anmelden/", views.register, name="register"),
    path("anmeldung/<str:token>/", views.confirmation, name="registration"),
    path(
        "anmeldung/<str:token>/absagen/", views.cancel_by_token, name="registration_cancel_by_token"
    ),
    path("absagen/", views.cancel_by_code, name="cancel"),
    path(
        "meine-anmeldung/<uuid:registration_id>/absagen/",
        views.own_cancel,
        name="registration_own_cancel",
    ),
    # Staff: a date's participants, registering someone, cancelling, attendance, calls.
    path("termin/<uuid:occurrence_id>/teilnehmende/", views.participants, name="participants"),
    path(
        "termin/<uuid:occurrence_id>/teilnehmende.pdf",
        views.participants_pdf,
        name="participants_pdf",
    ),
    path(
        "termin/<uuid:occurrence_id>/jemanden-anmelden/",
        views.staff_register,
        name="staff_register",
    ),
    path(
        "anmeldungen/<uuid:registration_id>/absagen/",
        views.staff_cancel,
        name="registration_staff_cancel",
    ),
    path(
        "anmeldungen/<uuid:registration_id>/vermerken/", views.staff_mark, name="registration_mark"
    ),
    path(
        "anmeldungen/<uuid:registration_id>/angerufen/",
        views.staff_called,
        name="registration_called",
    ),
]
