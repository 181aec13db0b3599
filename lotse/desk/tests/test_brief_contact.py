"""A Kurzkontakt is counted in one step; a walk-in visit is recorded from the dashboard; entry
pages put the cursor in the first field and saving focuses the message."""

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from lotse.core.models import AuditEntry
from lotse.desk import selectors
from lotse.desk.models import Inquiry
from lotse.desk.services.inquiries import inquiry_brief_record

PAGE = "/anliegen/kurzkontakt/"


@pytest.fixture
def logged_in(client, with_totp):
    def log_in(user):
        with_totp(user)
        client.force_login(user)
        return client

    return log_in


def test_brief_contact_is_counted_closed_without_person_or_text(office_staff, office, topic):
    inquiry = inquiry_brief_record(
        actor=office_staff,
        organisation=office,
        channel=Inquiry.Channel.PHONE,
        topic=topic,
        minutes_spent=4,
    )

    inquiry.refresh_from_db()
    assert inquiry.brief
    assert inquiry.status == Inquiry.Status.CLOSED and inquiry.closed_at is not None
    assert (inquiry.person, inquiry.description, inquiry.minutes_spent) == (None, "", 4)
    assert [t.code for t in inquiry.topics.all()] == ["einkaufen"]
    assert AuditEntry.objects.filter(verb="inquiry.brief", target_id=str(inquiry.id)).exists()
    assert selectors.brief_contact_count(organisation=office) == 1
    # It counts, but does not wait among the open inquiries
    assert not selectors.inquiry_list(organisation=office).exists()


def test_brief_contact_needs_the_desk_role(provider_staff, office, topic):
    with pytest.raises(PermissionDenied):
        inquiry_brief_record(
            actor=provider_staff,
            organisation=office,
            channel=Inquiry.Channel.PHONE,
            topic=topic,
            minutes_spent=4,
        )

    assert not Inquiry.objects.exists()


def test_brief_contact_from_the_web_is_refused(office_staff, office, topic):
    with pytest.raises(ValidationError):
        inquiry_brief_record(
            actor=office_staff,
            organisation=office,
            channel=Inquiry.Channel.WEB,
            topic=topic,
            minutes_spent=4,
        )

    assert not Inquiry.objects.exists()


def test_brief_contacts_of_yesterday_are_not_counted_today(office_staff, office, topic):
    inquiry_brief_record(
        actor=office_staff,
        organisation=office,
        channel=Inquiry.Channel.PHONE,
        topic=topic,
        minutes_spent=4,
        contacted_at=timezone.now() - dt.timedelta(days=1, hours=1),
    )

    assert selectors.brief_contact_count(organisation=office) == 0


def test_the_page_counts_one_in_one_step_and_focuses_the_message(
    logged_in, office_staff, office, topic
):
    client = logged_in(office_staff)

    form = client.get(PAGE).text
    response = client.post(
        PAGE, {"channel": "walk_in", "topic": "einkaufen", "minutes_spent": "3"}, follow=True
    )

    first = re.search(r'<input type="radio" name="channel" value="phone"[^>]*>', form)
    assert first is not None and "autofocus" in first.group(0) and "checked" in first.group(0)
    inquiry = Inquiry.objects.get()
    assert (inquiry.brief, inquiry.channel, inquiry.minutes_spent) == (True, "walk_in", 3)
    assert response.redirect_chain[-1][0] == PAGE
    text = response.content.decode()
    assert 'id="meldung" tabindex="-1" autofocus' in text
    assert "Der Kurzkontakt ist gezählt." in text
    assert "Heute gezählt: ein Kurzkontakt." in text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"channel": "web"}, "Wählen Sie, wie die Person sich gemeldet hat"),
        ({"topic": ""}, "Wählen Sie das Thema der Frage"),
        ({"topic": "raumfahrt"}, "Wählen Sie ein Thema aus der Liste"),
        ({"minutes_spent": "0"}, "Geben Sie die Dauer in ganzen Minuten an"),
        ({"minutes_spent": "zehn"}, "Geben Sie die Dauer in ganzen Minuten an"),
        ({"minutes_spent": "9999"}, "höchstens 1440 Minuten"),
    ],
)
def test_the_page_refuses_bad_input_in_german_and_counts_nothing(
    logged_in, office_staff, topic, data, message
):
    client = logged_in(office_staff)

    response = client.post(
        PAGE, {"channel": "phone", "topic": "einkaufen", "minutes_spent": "3", **data}
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Inquiry.objects.exists()


def test_the_page_is_out_of_reach_without_a_desk_role(logged_in, provider_staff):
    response = logged_in(provider_staff).get(PAGE)

    assert response.status_code == 403


def test_dashboard_offers_taking_a_call_first_then_a_visit_and_a_brief_contact(
    logged_in, office_staff, office, topic
):
    inquiry_brief_record(
        actor=office_staff,
        organisation=office,
        channel=Inquiry.Channel.PHONE,
        topic=topic,
        minutes_spent=2,
    )
    client = logged_in(office_staff)

    text = client.get("/anliegen/").content.decode()

    # The first link of the page, before the skip link: taking a call
    first_link = text.index("<a ")
    assert text[first_link:].startswith('<a class="skip-link" href="/anliegen/neu/"')
    assert 'href="/anliegen/neu/?kontaktweg=walk_in"' in text
    assert 'href="/anliegen/kurzkontakt/"' in text
    assert "(heute einer)" in text


def test_a_walk_in_visit_is_preselected_and_kept_by_the_person_search(logged_in, office_staff):
    client = logged_in(office_staff)

    text = client.get("/anliegen/neu/", {"kontaktweg": "walk_in", "person": "Niemand"}).text

    assert 'name="kontaktweg" value="walk_in"' in text
    radio = re.search(r'<input type="radio" name="channel" value="walk_in"[^>]*>', text)
    assert radio is not None and "checked" in radio.group(0)
    phone = re.search(r'<input type="radio" name="channel" value="phone"[^>]*>', text)
    assert phone is not None and "checked" not in phone.group(0)
    # Nobody found: the cursor waits on "neu anlegen"
    assert "Keine Person gefunden" in text
    assert "autofocus>legen Sie die Person neu an</a>" in text


def test_an_unknown_channel_in_the_address_is_ignored(logged_in, office_staff):
    text = logged_in(office_staff).get("/anliegen/neu/", {"kontaktweg": "<b>"}).text

    assert 'name="kontaktweg"' not in text
    assert "&lt;b&gt;" not in text


def test_saving_an_inquiry_focuses_the_message_with_the_next_call(logged_in, office_staff):
    client = logged_in(office_staff)

    response = client.post(
        "/anliegen/neu/",
        {"channel": "phone", "description": "Fragt nach dem Seniorentreff."},
        follow=True,
    )

    text = response.content.decode()
    assert 'id="meldung" tabindex="-1" autofocus' in text
    message = text[text.index('id="meldung"') :]
    assert message.index("Das Anliegen ist gespeichert.") < message.index(
        '<a href="/anliegen/neu/">Neues Anliegen erfassen</a>'
    )


def test_a_follow_up_date_is_taken_as_people_type_it(logged_in, office_staff, inquiry):
    next_year = timezone.localdate().year + 1

    response = logged_in(office_staff).post(
        f"/anliegen/{inquiry.id}/wiedervorlage/", {"follow_up_on": f"4. März {next_year}"}
    )

    assert response.status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.follow_up_on == dt.date(next_year, 3, 4)


def test_an_impossible_follow_up_date_names_the_wrong_part(logged_in, office_staff, inquiry):
    response = logged_in(office_staff).post(
        f"/anliegen/{inquiry.id}/wiedervorlage/", {"follow_up_on": "31.4.2099"}
    )

    assert "Der April 2099 hat nur 30 Tage." in response.content.decode()
    inquiry.refresh_from_db()
    assert inquiry.follow_up_on is None


def test_the_api_counts_a_brief_contact_as_the_page_does(logged_in, office_staff, topic):
    client = logged_in(office_staff)

    response = client.post(
        "/api/v1/desk/brief-contacts",
        {"channel": "phone", "topic": "einkaufen", "minutes_spent": 3},
        content_type="application/json",
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["brief"], body["status"], body["topics"], body["person"]) == (
        True,
        "closed",
        ["einkaufen"],
        None,
    )
    assert Inquiry.objects.get().brief


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"channel": "web"}, "Wählen Sie, wie die Person sich gemeldet hat"),
        ({"topic": "raumfahrt"}, "Wählen Sie ein Thema aus der Liste"),
        ({"minutes_spent": None}, "Geben Sie die Dauer in ganzen Minuten an"),
        ({"minutes_spent": 0}, "Geben Sie die Dauer in ganzen Minuten an"),
    ],
)
def test_the_api_refuses_a_wrong_brief_contact_in_german(
    logged_in, office_staff, topic, data, message
):
    client = logged_in(office_staff)

    response = client.post(
        "/api/v1/desk/brief-contacts",
        {"channel": "phone", "topic": "einkaufen", "minutes_spent": 3, **data},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert message in response.json()["detail"]
    assert not Inquiry.objects.exists()


def test_a_brief_contact_is_named_so_in_the_list_of_all_and_on_its_page(
    logged_in, office_staff, office, topic
):
    inquiry = inquiry_brief_record(
        actor=office_staff,
        organisation=office,
        channel=Inquiry.Channel.PHONE,
        topic=topic,
        minutes_spent=2,
    )
    client = logged_in(office_staff)

    listed = client.get("/anliegen/", {"stand": "alle"}).content.decode()
    page = client.get(f"/anliegen/{inquiry.id}/").content.decode()

    assert 'data-label="Person">Kurzkontakt</td>' in listed
    assert "Telefon – Kurzkontakt" in page
