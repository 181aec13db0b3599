"""Addresses of the case work's team part (included by lotse/cases/urls.py): caseloads,
handover, covers."""

from django.urls import path

from lotse.cases import views_team

urlpatterns = [
    path("", views_team.caseload, name="caseload"),
    path("team/", views_team.team_caseload, name="team_caseload"),
    path("vertretungen/", views_team.cover_list, name="cover_list"),
    path("vertretungen/neu/", views_team.cover_new, name="cover_new"),
    path("vertretungen/<uuid:cover_id>/beenden/", views_team.cover_end_view, name="cover_end"),
    path("<uuid:case_id>/uebergabe/", views_team.handover, name="handover"),
    path("<uuid:case_id>/team/", views_team.team_edit, name="team_edit"),
]
