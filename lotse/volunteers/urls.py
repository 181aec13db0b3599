from django.urls import path

from lotse.volunteers import request_views, views

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
    path("nachweise/", views.credentials_due, name="credentials_due"),
    path("meine-angaben/", views.own_profile, name="own_profile"),
    path("meine-angaben/pause/", views.own_pause, name="own_pause"),
    path("meine-angaben/weiter/", views.own_resume, name="own_resume"),
    # Requests for help (request_views)
    path("anfrage/", request_views.request_new, name="request_new"),
    path("anfrage/danke/", request_views.request_thanks, name="request_thanks"),
    path("anfragen/neu/", request_views.staff_request_new, name="staff_request_new"),
    path("vermittlung/", request_views.board, name="board"),
    path("anfragen/<uuid:request_id>/", request_views.request_detail, name="request_detail"),
    path("anfragen/<uuid:request_id>/anbieten/", request_views.request_offer, name="request_offer"),
    path("anfragen/<uuid:request_id>/erledigt/", request_views.request_done, name="request_done"),
    path(
        "anfragen/<uuid:request_id>/nicht-erledigt/",
        request_views.request_not_done,
        name="request_not_done",
    ),
    path(
        "anfragen/<uuid:request_id>/zurueckziehen/",
        request_views.request_withdraw,
        name="request_withdraw",
    ),
    path(
        "anfragen/<uuid:request_id>/wieder-offen/",
        request_views.request_reopen,
        name="request_reopen",
    ),
    path("einsatz/<str:token>/", request_views.offer_answer, name="offer_answer"),
    path("meine-einsaetze/", request_views.own_assignments, name="own_assignments"),
    path(
        "meine-einsaetze/<uuid:request_id>/bericht/",
        request_views.own_report,
        name="own_report",
    ),
    path("sms/antwort/", request_views.sms_answer, name="sms_answer"),
]
