from django.urls import path

from lotse.desk import views

app_name = "desk"

urlpatterns = [
    path("bestaetigen/", views.confirm_code, name="confirm_code"),
    path("vermittlungen/eingang/", views.referral_inbox, name="referral_inbox"),
    path(
        "vermittlungen/<uuid:referral_id>/antworten/",
        views.referral_answer,
        name="referral_answer",
    ),
    path(
        "vermittlungen/<uuid:referral_id>/zettel.pdf",
        views.referral_slip,
        name="referral_slip",
    ),
]
