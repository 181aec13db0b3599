from django.urls import path

from lotse.volunteers import request_views, views, views_groups

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

# Group formats and training (lotse/volunteers/views_groups.py).
urlpatterns += [
    path("handy-cafe/", views_groups.cafe_public, name="cafe_public"),
    path("handy-cafe/planung/", views_groups.cafe_list, name="cafe_list"),
    path("handy-cafe/planung/neu/", views_groups.cafe_new, name="cafe_new"),
    path("handy-cafe/planung/<uuid:cafe_id>/", views_groups.cafe_detail, name="cafe_detail"),
    path(
        "handy-cafe/planung/<uuid:cafe_id>/einteilen/",
        views_groups.cafe_assign,
        name="cafe_assign",
    ),
    path(
        "handy-cafe/planung/<uuid:cafe_id>/ausfall/",
        views_groups.cafe_cancel_date,
        name="cafe_cancel_date",
    ),
    path(
        "handy-cafe/planung/<uuid:cafe_id>/schicht/<uuid:shift_id>/austragen/",
        views_groups.cafe_shift_remove,
        name="cafe_shift_remove",
    ),
    path("meine-schichten/", views_groups.own_shifts, name="own_shifts"),
    path("meine-schichten/eintragen/", views_groups.own_shift_sign_up, name="own_shift_sign_up"),
    path(
        "meine-schichten/<uuid:shift_id>/austragen/",
        views_groups.own_shift_cancel,
        name="own_shift_cancel",
    ),
    path("meine-schichten/bestaetigung/", views_groups.own_recognition, name="own_recognition"),
    path(
        "helfer/<uuid:helper_id>/bestaetigung/",
        views_groups.helper_recognition,
        name="helper_recognition",
    ),
    path("kurse/", views_groups.course_list, name="course_list"),
    path("kurse/neu/", views_groups.course_new, name="course_new"),
    path("kurse/<uuid:course_id>/", views_groups.course_detail, name="course_detail"),
    path(
        "kurse/<uuid:course_id>/termine/",
        views_groups.course_session_add,
        name="course_session_add",
    ),
    path(
        "kurse/<uuid:course_id>/teilnehmende/",
        views_groups.course_participant_add,
        name="course_participant_add",
    ),
    path(
        "kurse/<uuid:course_id>/termine/<uuid:session_id>/anwesenheit/",
        views_groups.course_attendance,
        name="course_attendance",
    ),
    path(
        "kurse/<uuid:course_id>/teilnehmende/<uuid:participant_id>/abschluss/",
        views_groups.course_complete,
        name="course_complete",
    ),
    path(
        "kurse/<uuid:course_id>/teilnehmende/<uuid:participant_id>/bescheinigung/",
        views_groups.course_certificate,
        name="course_certificate",
    ),
]
