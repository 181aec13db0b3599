from django.urls import path

from lotse.privacy import views

app_name = "privacy"

# The compliance app shares /datenschutz/ (verzeichnis/…, aufbewahrung/…): ours is personen/….
urlpatterns = [
    path("personen/<uuid:person_id>/auskunft/", views.subject_access, name="subject_access"),
    path(
        "personen/<uuid:person_id>/auskunft.json",
        views.subject_access_json,
        name="subject_access_json",
    ),
    path(
        "personen/<uuid:person_id>/auskunft.pdf",
        views.subject_access_pdf,
        name="subject_access_pdf",
    ),
    path("personen/<uuid:person_id>/loeschen/", views.person_erase, name="person_erase"),
]
