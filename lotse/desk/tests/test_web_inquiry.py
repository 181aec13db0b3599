"""The residents' web inquiry "Ich brauche Hilfe bei …" to an office, and its protection."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from lotse.core.forms import PUBLIC_TRIES
from lotse.core.models import Organisation
from lotse.desk.models import Inquiry
from lotse.desk.services.inquiries import web_inquiry_submit
from lotse.notifications.models import Message
from lotse.office.models import Office
from lotse.office.tests.conftest import make_office

URL = "/buero/altstadt/anliegen/"
FOR_ME = URL + "?fuer=mich"
FOR_OTHER = URL + "?fuer=andere"
SENT = "/buero/altstadt/anliegen/gesendet/"
DATA = {
    "description": "Ich komme mit dem Antrag auf Wohngeld nicht zurecht.",
    "contact_name": "Karl Schmidt",
    "contact_phone": "0561 99 88 77",
    "contact_email": "",
    "consent": "on",
}
REFUSED = "Wir konnten Ihre Angaben gerade nicht annehmen."


@pytest.fixture
def public_office(office, quarter) -> Office:
    """The test region's Quartiersbüro (the organisation, made of kind office) with its public
    page at /buero/altstadt/, Monday to Friday 9 to 12 Uhr."""
    office.kind = Organisation.Kind.OFFICE
    office.save(update_fields=["kind"])
    return make_office(office, quarter)


def test_the_office_page_links_to_the_inquiry_form(client, public_office):
    response = client.get("/buero/altstadt/")

    assert f'href="{URL}"' in response.text
    assert "Ich brauche Hilfe bei …" in response.text


def test_the_form_first_asks_for_whom_on_its_own_page(client, public_office):
    response = client.get(URL)

    assert response.status_code == 200
    assert "<h1>Für wen brauchen Sie Hilfe?</h1>" in response.text
    assert '<form method="get"' in response.text
    assert 'value="mich"' in response.text and 'value="andere"' in response.text
    assert "Für eine andere Person, zum Beispiel für meine Mutter" in response.text
    assert 'name="description"' not in response.text


def test_no_answer_to_for_whom_asks_again_in_german(client, public_office):
    response = client.get(URL + "?gefragt=ja")

    assert response.status_code == 200
    assert "<title>Fehler:" in response.text
    assert "Wählen Sie, für wen Sie Hilfe brauchen" in response.text


def test_an_unknown_answer_to_for_whom_asks_again_in_german(client, public_office):
    response = client.get(URL + "?fuer=niemand")

    assert response.status_code == 200
    assert "<title>Fehler:" in response.text
    assert "Wählen Sie, für wen Sie Hilfe brauchen" in response.text


def test_the_form_for_oneself_says_so_and_links_back_to_the_question(client, public_office):
    response = client.get(FOR_ME)

    assert "Sie schreiben für sich selbst." in response.text
    assert f'href="{URL}"' in response.text
    assert '<input type="hidden" name="fuer" value="mich">' in response.text
    assert "Name der Person" not in response.text
    # One of phone and e-mail is needed: said in the hint, not "(freiwillig)" on both.
    assert "Telefonnummer (Festnetz oder Handy) (freiwillig)" not in response.text
    assert "Wir brauchen Ihre Telefonnummer oder Ihre E-Mail-Adresse." in response.text


def test_the_form_asks_plainly_with_labels_autocomplete_and_a_hidden_honeypot(
    client, public_office, topic
):
    response = client.get(FOR_ME)

    assert response.status_code == 200
    assert "Wobei brauchen Sie Hilfe?" in response.text
    assert "Um welches Thema geht es? (freiwillig)" in response.text
    assert "Weiß ich nicht" in response.text and "Einkaufen" in response.text
    assert 'autocomplete="name"' in response.text
    assert 'autocomplete="tel"' in response.text
    assert 'autocomplete="email"' in response.text
    assert 'aria-describedby="id_description-hinweis"' in response.text
    assert '<div class="honeypot" hidden aria-hidden="true">' in response.text
    assert 'name="website"' in response.text and 'tabindex="-1"' in response.text


def test_the_topic_question_appears_only_when_there_are_topics(client, public_office):
    assert "Um welches Thema geht es?" not in client.get(FOR_ME).text


def test_an_inquiry_reaches_the_office_once_and_tells_it_by_email(client, public_office, topic):
    response = client.post(URL, DATA | {"topic": str(topic.id)})

    assert response.status_code == 302
    assert response["Location"] == SENT
    inquiry = Inquiry.objects.get()
    assert inquiry.organisation == public_office.organisation
    assert inquiry.channel == Inquiry.Channel.WEB
    assert inquiry.quarter == public_office.quarter
    assert inquiry.created_by is None
    assert inquiry.person is None
    assert (inquiry.contact_name, inquiry.contact_phone) == ("Karl Schmidt", "0561 99 88 77")
    assert inquiry.description == DATA["description"]
    assert list(inquiry.topics.all()) == [topic]
    message = Message.objects.get()
    assert message.recipient == "buero@altstadt.test"  # the organisation's: the office has none
    assert message.channel == "email"
    assert f"/anliegen/{inquiry.id}/" in message.body
    assert "neues Anliegen" in message.body
    for personal in ("Karl", "0561", "Wohngeld"):
        assert personal not in message.body and personal not in message.subject


def test_the_office_address_comes_before_the_organisations(client, public_office):
    public_office.email = "altstadt@buero.test"
    public_office.save(update_fields=["email"])

    client.post(URL, DATA)

    assert Message.objects.get().recipient == "altstadt@buero.test"


def test_without_any_address_the_inquiry_is_stored_and_no_email_written(client, public_office):
    public_office.organisation.email = ""
    public_office.organisation.save(update_fields=["email"])

    client.post(URL, DATA)

    assert Inquiry.objects.count() == 1
    assert not Message.objects.exists()


def test_the_confirmation_says_it_arrived_with_the_offices_phone_and_hours(client, public_office):
    response = client.post(URL, DATA, follow=True)

    assert "Ihr Anliegen ist angekommen" in response.text
    assert "Das Quartiersbüro meldet sich bei Ihnen." in response.text
    assert "0561 123 45 67" in response.text
    assert "Montag bis Freitag: 9 Uhr bis 12 Uhr" in response.text


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"description": "  "}, "Schreiben Sie, wobei Sie Hilfe brauchen"),
        ({"contact_name": ""}, "Geben Sie Ihren Namen ein"),
        (
            {"contact_phone": ""},
            "Geben Sie eine Telefonnummer oder eine E-Mail-Adresse ein, damit wir Sie erreichen",
        ),
        ({"contact_phone": "keine"}, "Geben Sie die Telefonnummer in Ziffern ein"),
        ({"contact_email": "karl@"}, "Geben Sie eine E-Mail-Adresse wie name@beispiel.de ein"),
        ({"consent": ""}, "Stimmen Sie zu, damit das Quartiersbüro Ihnen antworten kann"),
        ({"topic": "kein-thema"}, "Wählen Sie ein Thema aus der Liste"),
    ],
)
def test_bad_input_is_explained_in_german_and_stores_nothing(
    client, public_office, topic, change, error
):
    response = client.post(URL, DATA | change)

    assert response.status_code == 200
    assert "<title>Fehler:" in response.text
    assert "Es gibt ein Problem" in response.text
    assert error in response.text
    assert 'value="Karl Schmidt"' in response.text or change == {"contact_name": ""}
    assert not Inquiry.objects.exists()
    assert not Message.objects.exists()


def test_a_filled_in_honeypot_stores_nothing(client, public_office):
    response = client.post(URL, DATA | {"website": "https://spam.example"})

    assert response.status_code == 200
    assert REFUSED in response.text
    assert "0561 123 45 67" in response.text
    assert not Inquiry.objects.exists()
    assert not Message.objects.exists()


def test_too_many_inquiries_from_one_address_are_refused_kindly(client, public_office):
    for n in range(PUBLIC_TRIES):
        client.post(URL, DATA | {"description": f"Frage {n}"})
    assert Inquiry.objects.count() == PUBLIC_TRIES

    response = client.post(URL, DATA | {"description": "Noch eine Frage"})

    assert response.status_code == 429
    assert REFUSED in response.text
    assert Inquiry.objects.count() == PUBLIC_TRIES
    other = client.post(URL, DATA | {"description": "Von woanders"}, REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 302


def test_mistakes_cost_no_try(client, public_office):
    for _ in range(PUBLIC_TRIES + 2):
        client.post(URL, DATA | {"description": ""})

    response = client.post(URL, DATA)

    assert response.status_code == 302
    assert Inquiry.objects.count() == 1


def test_a_double_click_sends_the_inquiry_once(client, public_office):
    first = client.post(URL, DATA)
    second = client.post(URL, DATA)

    assert first["Location"] == second["Location"] == SENT
    assert Inquiry.objects.count() == 1


def test_a_logged_in_resident_finds_name_and_email_filled_in(client, public_office, resident):
    resident.name = "Karla Bewohnerin"
    resident.save(update_fields=["name"])
    client.force_login(resident)

    response = client.get(FOR_ME)

    assert 'value="Karla Bewohnerin"' in response.text
    assert 'value="bewohner@test.de"' in response.text


def test_the_question_and_the_form_offer_the_offices_phone_to_tap(client, public_office):
    call = 'Sie können auch anrufen: <a href="tel:05611234567">0561 123 45 67</a>.'

    assert call in client.get(URL).text
    assert call in client.get(FOR_ME).text
    assert call in client.get("/buero/altstadt/termin/").text


def test_an_unknown_office_answers_404(client, public_office):
    assert client.get("/buero/gibt-es-nicht/anliegen/").status_code == 404
    assert client.post("/buero/gibt-es-nicht/anliegen/", DATA).status_code == 404
    assert client.get("/buero/gibt-es-nicht/anliegen/gesendet/").status_code == 404
    assert not Inquiry.objects.exists()


# For someone else ------------------------------------------------------------------------------

FOR_MOTHER = {
    "fuer": "andere",
    "person_name": "Erna Schmidt",
    "person_phone": "0561 11 22 33",
    "description": "Meine Mutter braucht Hilfe beim Einkaufen.",
    "caller_kind": "relative",
    "caller_relation": "Sohn",
    "contact_name": "Karl Schmidt",
    "contact_phone": "",
    "contact_email": "karl@example.org",
    "consent": "on",
}


def test_the_form_for_someone_else_asks_for_the_person_the_relation_and_the_writer(
    client, public_office
):
    response = client.get(FOR_OTHER)

    assert response.status_code == 200
    assert "Sie schreiben für eine andere Person." in response.text
    assert '<input type="hidden" name="fuer" value="andere">' in response.text
    text = response.text
    order = [
        "Name der Person, für die Sie schreiben",
        "Telefonnummer dieser Person (freiwillig)",
        "Wobei braucht die Person Hilfe?",
        "Wie sind Sie mit der Person verbunden?",
        "Ich gehöre zur Familie, zum Beispiel Tochter oder Sohn",
        "Ihre Verbindung in eigenen Worten (freiwillig)",
        "Ihr Name",
        "Ihre Telefonnummer (Festnetz oder Handy)",
        "Ihre E-Mail-Adresse",
    ]
    positions = [text.index(label) for label in order]
    assert positions == sorted(positions)


def test_an_inquiry_for_someone_else_stores_both_contacts_as_such(client, public_office):
    response = client.post(URL, FOR_MOTHER)

    assert response.status_code == 302
    assert response["Location"] == SENT
    inquiry = Inquiry.objects.get()
    assert inquiry.person is None
    assert (inquiry.person_name, inquiry.person_phone) == ("Erna Schmidt", "0561 11 22 33")
    assert inquiry.caller_kind == Inquiry.CallerKind.RELATIVE
    assert inquiry.caller_relation == "Sohn"
    assert (inquiry.contact_name, inquiry.contact_phone, inquiry.contact_email) == (
        "Karl Schmidt",
        "",
        "karl@example.org",
    )
    assert inquiry.description == FOR_MOTHER["description"]
    message = Message.objects.get()
    for personal in ("Erna", "Karl", "Schmidt", "Einkaufen"):
        assert personal not in message.body and personal not in message.subject


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"person_name": " "}, "Geben Sie den Namen der Person ein, für die Sie schreiben"),
        ({"caller_kind": ""}, "Wählen Sie, wie Sie mit der Person verbunden sind"),
        ({"caller_kind": "person"}, "Wählen Sie, wie Sie mit der Person verbunden sind"),
        ({"person_phone": "abc!!?"}, "Geben Sie die Telefonnummer in Ziffern ein"),
        ({"contact_email": ""}, "Geben Sie eine Telefonnummer oder eine E-Mail-Adresse ein"),
        ({"description": ""}, "Schreiben Sie, wobei die Person Hilfe braucht"),
    ],
)
def test_bad_input_for_someone_else_is_explained_and_stores_nothing(
    client, public_office, change, error
):
    response = client.post(URL, FOR_MOTHER | change)

    assert response.status_code == 200
    assert "Es gibt ein Problem" in response.text
    assert error in response.text
    assert '<input type="hidden" name="fuer" value="andere">' in response.text
    assert not Inquiry.objects.exists()


def test_a_form_for_oneself_ignores_fields_about_someone_else(client, public_office):
    client.post(URL, DATA | {"person_name": "Erna Schmidt", "caller_kind": "relative"})

    inquiry = Inquiry.objects.get()
    assert (inquiry.person_name, inquiry.caller_kind) == ("", "")


def test_the_service_refuses_a_web_inquiry_for_someone_else_without_the_person(public_office):
    with pytest.raises(ValidationError) as refused:
        web_inquiry_submit(
            office=public_office,
            description="Hilfe",
            contact_name="Karl",
            contact_phone="0561 99",
            caller_kind=Inquiry.CallerKind.NEIGHBOUR,
        )

    assert "person_name" in refused.value.error_dict
    assert not Inquiry.objects.exists()


def test_the_service_refuses_a_named_person_without_the_writers_relation(public_office):
    with pytest.raises(ValidationError) as refused:
        web_inquiry_submit(
            office=public_office,
            description="Hilfe",
            contact_name="Karl",
            contact_phone="0561 99",
            person_name="Erna",
        )

    assert "caller_kind" in refused.value.error_dict


def test_staff_see_the_person_and_the_writer_on_the_inquiry_and_dashboard(
    client, public_office, with_totp, office_staff
):
    client.post(URL, FOR_MOTHER)
    inquiry = Inquiry.objects.get()
    with_totp(office_staff)
    staff = Client()
    staff.force_login(office_staff)

    page = staff.get(f"/anliegen/{inquiry.id}/").text
    dashboard = staff.get("/anliegen/").text
    found = staff.get("/anliegen/", {"name": "Erna"}).text

    assert "Gemeldet hat sich" in page
    assert "Angehörige (Sohn): Karl Schmidt, karl@example.org" in page
    assert "Erna Schmidt, Telefon 0561 11 22 33 (noch ohne Personenakte)" in page
    assert 'Erna Schmidt<br><span class="hint">gemeldet von Karl Schmidt</span>' in dashboard
    assert f"/anliegen/{inquiry.id}/" in found


def test_erasing_the_text_clears_the_person_named_on_the_web(client, public_office):
    client.post(URL, FOR_MOTHER)
    inquiry = Inquiry.objects.get()

    changed = inquiry.erase_personal_text()

    assert {"person_name", "person_phone"} <= set(changed)
    assert (inquiry.person_name, inquiry.person_phone) == ("", "")
