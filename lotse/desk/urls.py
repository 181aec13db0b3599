from django.urls import path

from lotse.desk.views.inquiries import (
    brief_contact_new,
    inquiry_assign,
    inquiry_close,
    inquiry_dashboard,
    inquiry_detail,
    inquiry_digital_help,
    inquiry_edit,
    inquiry_follow_up,
    inquiry_followed_up,
    inquiry_new,
)
from lotse.desk.views.referrals import (
    confirm_code,
    inquiry_refer,
    referral_answer,
    referral_inbox,
    referral_slip,
    referral_withdraw,
)
from lotse.desk.views.unmet_needs import unmet_need_new
from lotse.desk.views.web_inquiries import web_inquiry, web_inquiry_sent

app_name = "desk"

urlpatterns = [
    path("anliegen/", inquiry_dashboard, name="inquiry_dashboard"),
    path("anliegen/neu/", inquiry_new, name="inquiry_new"),
    path("anliegen/kurzkontakt/", brief_contact_new, name="brief_contact_new"),
    path("anliegen/<uuid:inquiry_id>/", inquiry_detail, name="inquiry_detail"),
    path("anliegen/<uuid:inquiry_id>/zuweisen/", inquiry_assign, name="inquiry_assign"),
    path(
        "anliegen/<uuid:inquiry_id>/wiedervorlage/",
        inquiry_follow_up,
        name="inquiry_follow_up",
    ),
    path("anliegen/<uuid:inquiry_id>/abschliessen/", inquiry_close, name="inquiry_close"),
    path(
        "anliegen/<uuid:inquiry_id>/digitalhilfe/",
        inquiry_digital_help,
        name="inquiry_digital_help",
    ),
    path("anliegen/<uuid:inquiry_id>/bearbeiten/", inquiry_edit, name="inquiry_edit"),
    path("anliegen/<uuid:inquiry_id>/vermitteln/", inquiry_refer, name="inquiry_refer"),
    path(
        "anliegen/<uuid:inquiry_id>/nachgefragt/",
        inquiry_followed_up,
        name="inquiry_followed_up",
    ),
    path(
        "anliegen/<uuid:inquiry_id>/fehlendes-angebot/",
        unmet_need_new,
        name="unmet_need_new",
    ),
    path("bestaetigen/", confirm_code, name="confirm_code"),
    # "Ich brauche Hilfe bei …" to an office: at the office's address, which people know.
    path("buero/<slug:office_slug>/anliegen/", web_inquiry, name="web_inquiry"),
    path(
        "buero/<slug:office_slug>/anliegen/gesendet/",
        web_inquiry_sent,
        name="web_inquiry_sent",
    ),
    path("vermittlungen/eingang/", referral_inbox, name="referral_inbox"),
    path(
        "vermittlungen/<uuid:referral_id>/antworten/",
        referral_answer,
        name="referral_answer",
    ),
    path(
        "vermittlungen/<uuid:referral_id>/zurueckziehen/",
        referral_withdraw,
        name="referral_withdraw",
    ),
    path(
        "vermittlungen/<uuid:referral_id>/zettel.pdf",
        referral_slip,
        name="referral_slip",
    ),
]
