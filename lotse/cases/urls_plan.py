"""Addresses of the case work's plan part (included by lotse/cases/urls.py): the help plan,
its PDFs, the reviews, closing and reopening."""

from django.urls import path

from lotse.cases import views_plan as views

CASE = "<uuid:case_id>/"

urlpatterns = [
    path(f"{CASE}hilfeplan/", views.plan_view, name="plan"),
    path(f"{CASE}hilfeplan/ziele/", views.goal_add, name="goal_add"),
    path(f"{CASE}hilfeplan/ziele/<uuid:goal_id>/", views.goal_edit, name="goal_edit"),
    path(
        f"{CASE}hilfeplan/ziele/<uuid:goal_id>/entfernen/",
        views.goal_remove,
        name="goal_remove",
    ),
    path(f"{CASE}hilfeplan/massnahmen/", views.action_add, name="action_add"),
    path(f"{CASE}hilfeplan/vermitteln/", views.action_refer, name="action_refer"),
    path(f"{CASE}hilfeplan/digitalhilfe/", views.action_digital_help, name="action_digital_help"),
    path(
        f"{CASE}hilfeplan/massnahmen/<uuid:action_id>/erledigt/",
        views.action_done,
        name="action_done",
    ),
    path(
        f"{CASE}hilfeplan/massnahmen/<uuid:action_id>/entfaellt/",
        views.action_cancel,
        name="action_cancel",
    ),
    path(f"{CASE}hilfeplan.pdf", views.plan_pdf, name="plan_pdf"),
    path(f"{CASE}zusammenfassung.pdf", views.summary_pdf, name="summary_pdf"),
    path(f"{CASE}ueberpruefungen/", views.review_list, name="review_list"),
    path(f"{CASE}ueberpruefungen/neu/", views.review_new, name="review_new"),
    path(f"{CASE}ueberpruefungen/plan/", views.review_schedule, name="review_schedule"),
    path(f"{CASE}abschliessen/", views.close, name="close"),
    path(f"{CASE}wieder-aufnehmen/", views.reopen, name="reopen"),
    path(f"{CASE}nachgefragt/", views.check_in, name="check_in"),
]
