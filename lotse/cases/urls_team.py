"""Addresses of the case work's team part (included by lotse/cases/urls.py): caseloads,
handover, covers."""

from django.urls import path

from lotse.cases import views_team

urlpatterns = [
    path("", views_team.caseload, name="caseload"),
]
