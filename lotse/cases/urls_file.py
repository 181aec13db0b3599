"""Addresses of the case work's file part (included by lotse/cases/urls.py): opening a case,
the overview, the assessment, the journal and the network."""

from django.urls import path

from lotse.cases import views_file

urlpatterns = [
    path("neu/", views_file.case_new, name="case_new"),
    path(
        "neu/anliegen/<uuid:inquiry_id>/",
        views_file.case_new_from_inquiry,
        name="case_new_from_inquiry",
    ),
    path("<uuid:case_id>/", views_file.case_detail, name="case_detail"),
    path("<uuid:case_id>/einschaetzung/", views_file.assessment_list, name="assessment_list"),
    path("<uuid:case_id>/einschaetzung/neu/", views_file.assessment_new, name="assessment_new"),
    path("<uuid:case_id>/journal/", views_file.journal, name="journal"),
    path("<uuid:case_id>/journal/neu/", views_file.journal_new, name="journal_new"),
    path("<uuid:case_id>/netzwerk/", views_file.network, name="network"),
    path("<uuid:case_id>/netzwerk/neu/", views_file.network_new, name="network_new"),
    path(
        "<uuid:case_id>/netzwerk/<uuid:contact_id>/",
        views_file.network_edit,
        name="network_edit",
    ),
    path(
        "<uuid:case_id>/netzwerk/<uuid:contact_id>/entfernen/",
        views_file.network_remove,
        name="network_remove",
    ),
]
