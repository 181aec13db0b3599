from django.urls import path

from lotse.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.message_overview, name="message_overview"),
    path("briefe/", views.letter_list, name="letter_list"),
    path("briefe/<uuid:batch_id>/briefe.pdf", views.letter_batch, name="letter_batch"),
]
