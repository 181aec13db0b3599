from django.urls import path

from lotse.compliance import views

app_name = "compliance"

# `privacy` shares the prefix /datenschutz/ and uses personen/…
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
]
