from django.urls import path

from lotse.desk import views

app_name = "desk"

urlpatterns = [
    path("anliegen/", views.inquiry_dashboard, name="inquiry_dashboard"),
    path("anliegen/neu/", views.inquiry_new, name="inquiry_new"),
    path("anliegen/kurzkontakt/", views.brief_contact_new, name="brief_contact_new"),
    path("anliegen/<uuid:inquiry_id>/", views.inquiry_detail, name="inquiry_detail"),
    path("anliegen/<uuid:inquiry_id>/zuweisen/", views.inquiry_assign, name="inquiry_assign"),
    path(
        "anliegen/<uuid:inquiry_id>/wiedervorlage/",
        views.inquiry_follow_up,
        name="inquiry_follow_up",
    ),
    path("anliegen/<uuid:inquiry_id>/abschliessen/", views.inquiry_close, name="inquiry_close"),
    path("anliegen/<uuid:inquiry_id>/bearbeiten/", views.inquiry_edit, name="inquiry_edit"),
    path("anliegen/<uuid:inquiry_id>/vermitteln/", views.inquiry_refer, name="inquiry_refer"),
    path(
        "anliegen/<uuid:inquiry_id>/nachgefragt/",
        views.inquiry_followed_up,
        name="inquiry_followed_up",
    ),
    path(
        "anliegen/<uuid:inquiry_id>/fehlendes-angebot/",
        views.unmet_need_new,
        name="unmet_need_new",
    ),
    path("bestaetigen/", views.confirm_code, name="confirm_code"),
    # "Ich brauche Hilfe bei …" to an office: at the office's address, which people know.
    path("buero/<slug:office_slug>/anliegen/", views.web_inquiry, name="web_inquiry"),
    path(
        "buero/<slug:office_slug>/anliegen/gesendet/",
        views.web_inquiry_sent,
        name="web_inquiry_sent",
    ),
    path("vermittlungen/eingang/", views.referral_inbox, name="referral_inbox"),
    path(
        "vermittlungen/<uuid:referral_id>/antworten/",
        views.referral_answer,
        name="referral_answer",
    ),
    path(
        "vermittlungen/<uuid:referral_id>/zurueckziehen/",
        views.referral_withdraw,
        name="referral_withdraw",
    ),
    path(
        "vermittlungen/<uuid:referral_id>/zettel.pdf",
        views.referral_slip,
        name="referral_slip",
    ),
]
