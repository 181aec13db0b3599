from django.urls import path

from lotse.volunteers import views

app_name = "volunteers"

urlpatterns = [
    path("", views.start, name="start"),
    path("helfer-werden/", views.sign_up, name="sign_up"),
    path("helfer-werden/danke/", views.sign_up_thanks, name="sign_up_thanks"),
    path("helfer/", views.helper_list, name="helper_list"),
    path("helfer/neu/", views.helper_new, name="helper_new"),
    path("helfer/<uuid:helper_id>/", views.helper_detail, name="helper_detail"),
    path("helfer/<uuid:helper_id>/status/", views.helper_status, name="helper_status"),
    path("helfer/<uuid:helper_id>/nachweis/", views.credential_new, name="credential_new"),
    path("helfer/<uuid:helper_id>/bearbeiten/", views.helper_edit, name="helper_edit"),
    path("helfer/<uuid:helper_id>/konto/", views.helper_user, name="helper_user"),
    path("nachweise/", views.credentials_due, name="credentials_due"),
    path("meine-angaben/", views.own_profile, name="own_profile"),
    path("meine-angaben/pause/", views.own_pause, name="own_pause"),
    path("meine-angaben/weiter/", views.own_resume, name="own_resume"),
]
