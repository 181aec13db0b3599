"""Issue 16: the answer to "Hat es geklappt?" and the closing note are shown on the inquiry;
an inquiry given to a colleague notifies them."""

import pytest
from django.utils import timezone

from lotse.core.models import AuditEntry
from lotse.desk.models import Inquiry
from lotse.desk.services.inquiries import inquiry_assign, inquiry_create, inquiry_update
from lotse.notifications.models import Message


@pytest.fixture
def logged_in(client, with_totp):
    def log_in(user):
        with_totp(user)
        client.force_login(user)
        return client

    return log_in


def _page(inquiry: Inquiry) -> str:
    return f"/anliegen/{inquiry.id}/"


def test_the_follow_up_answer_is_shown_on_the_inquiry(logged_in, office_staff, inquiry):
    inquiry_update(actor=office_staff, inquiry=inquiry, data={"follow_up_on": timezone.localdate()})
    client = logged_in(office_staff)

    response = client.post(
        f"{_page(inquiry)}nachgefragt/",
        {
            "nachgefragt-answer": "partly",
            "nachgefragt-note": "Einkaufshilfe kommt, Fahrdienst nicht.",
        },
    )
    page = client.get(_page(inquiry)).text

    assert response.status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.follow_up_answer == Inquiry.FollowUpAnswer.PARTLY
    assert inquiry.followed_up_at is not None
    assert "Nachgefragt: Hat es geklappt?" in page
    assert "Zum Teil" in page
    assert "Einkaufshilfe kommt, Fahrdienst nicht." in page
    assert AuditEntry.objects.get(verb="inquiry.followed_up").note == "partly"


def test_a_wrong_follow_up_answer_is_named_and_changes_nothing(logged_in, office_staff, inquiry):
    inquiry_update(actor=office_staff, inquiry=inquiry, data={"follow_up_on": timezone.localdate()})
    client = logged_in(office_staff)

    response = client.post(f"{_page(inquiry)}nachgefragt/", {"nachgefragt-answer": "vielleicht"})

    assert response.status_code == 200
    assert "Wählen Sie eine der Antworten" in response.text
    inquiry.refresh_from_db()
    assert inquiry.follow_up_on == timezone.localdate()
    assert inquiry.followed_up_at is None


def test_the_closing_note_is_shown_on_the_inquiry(logged_in, office_staff, inquiry):
    client = logged_in(office_staff)

    client.post(f"{_page(inquiry)}abschliessen/", {"abschluss-note": "Tochter übernimmt."})
    page = client.get(_page(inquiry)).text

    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.CLOSED
    assert inquiry.closing_note == "Tochter übernimmt."
    assert "Bemerkung zum Abschluss" in page
    assert "Tochter übernimmt." in page
    assert AuditEntry.objects.get(verb="inquiry.closed").note == "mit Bemerkung"


def test_assigning_a_colleague_sends_them_a_link_without_personal_data(
    logged_in, office_staff, manager, inquiry, settings
):
    settings.LOTSE_SITE_URL = "https://quartierslotse.example"
    client = logged_in(office_staff)

    response = client.post(f"{_page(inquiry)}zuweisen/", {"assigned_to": str(manager.public_id)})

    assert response.status_code == 302
    message = Message.objects.get(template="desk/inquiry_assigned")
    assert message.recipient == manager.email
    assert f"https://quartierslotse.example/anliegen/{inquiry.id}/" in message.body
    text = message.subject + message.body
    for personal in ("Erna", "Müller", "Einkaufen", "Hüft"):
        assert personal not in text
    assert message.person is None


def test_no_message_for_taking_an_inquiry_oneself_or_to_nobody(office_staff, manager, inquiry):
    inquiry_assign(actor=office_staff, inquiry=inquiry, user=office_staff)
    inquiry_assign(actor=office_staff, inquiry=inquiry, user=None)

    assert not Message.objects.exists()


def test_a_second_assignment_to_the_same_colleague_sends_nothing_new(
    office_staff, manager, inquiry
):
    inquiry_assign(actor=office_staff, inquiry=inquiry, user=manager)
    inquiry_assign(actor=office_staff, inquiry=inquiry, user=manager)

    assert Message.objects.count() == 1


def test_an_inquiry_recorded_for_a_colleague_notifies_them(office_staff, manager, office):
    inquiry_create(
        actor=office_staff, organisation=office, channel=Inquiry.Channel.PHONE, assigned_to=manager
    )

    assert Message.objects.get().recipient == manager.email
