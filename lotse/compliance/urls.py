from django.urls import path

from lotse.compliance import views, views_rights

app_name = "compliance"

urlpatterns = [
    path("hinweise/", views.privacy_notice, name="privacy_notice"),
    path("verzeichnis/", views.processing_record, name="processing_record"),
    path("verzeichnis.pdf", views.processing_record_pdf, name="processing_record_pdf"),
    path("aufbewahrung/", views.retention, name="retention"),
    path("aufbewahrung/probelauf/", views.retention_dry_run_view, name="retention_dry_run"),
    path(
        "aufbewahrung/<uuid:retention_run_id>/freigeben/",
        views.retention_release,
        name="retention_release",
    ),
    path(
        "aufbewahrung/<uuid:retention_run_id>/fortsetzen/",
        views.retention_resume,
        name="retention_resume",
    ),
    # A person's rights: the Art. 15 export and the Art. 17 erasure.
    path("personen/<uuid:person_id>/auskunft/", views_rights.subject_access, name="subject_access"),
    path(
        "personen/<uuid:person_id>/auskunft.json",
        views_rights.subject_access_json,
        name="subject_access_json",
    ),
    path(
        "personen/<uuid:person_id>/auskunft.pdf",
        views_rights.subject_access_pdf,
        name="subject_access_pdf",
    ),
    path("personen/<uuid:person_id>/loeschen/", views_rights.person_erase, name="person_erase"),
]
