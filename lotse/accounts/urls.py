from allauth.account import views as allauth_views
from django.urls import path

from lotse.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.overview, name="overview"),
    # German addresses for the two pages everyone sees; the rest are allauth's (config/urls.py).
    path("anmelden/", allauth_views.login, name="login"),
    path("abmelden/", allauth_views.logout, name="logout"),
    # allauth's address, answered by our view (lockout per address); it comes first.
    path("login/code/confirm/", views.confirm_login_code, name="confirm_login_code"),
    path("weiter/", views.after_mfa_setup, name="after_mfa_setup"),
    path("angemeldet-bleiben/", views.keepalive, name="keepalive"),
    path("einladung/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("mitarbeitende/", views.members, name="members"),
    path("mitarbeitende/einladen/", views.invitation_new, name="invitation_new"),
    path("rollen/", views.roles, name="roles"),
    path(
        "mitarbeitende/rolle/<uuid:membership_id>/",
        views.membership_edit,
        name="membership_edit",
    ),
    path(
        "mitarbeitende/rolle/<uuid:membership_id>/entfernen/",
        views.membership_remove,
        name="membership_remove",
    ),
    path(
        "mitarbeitende/<uuid:user_id>/zweiten-faktor-zuruecksetzen/",
        views.mfa_reset,
        name="mfa_reset",
    ),
]
