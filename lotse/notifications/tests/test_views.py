import io
import uuid

import pytest
from django.urls import reverse
from pypdf import PdfReader

from lotse.core.models import AuditEntry, Membership, Role
from lotse.notifications.models import Message
from lotse.notifications.services import message_enqueue, outbox_send_one

LETTERS = "/mitteilungen/briefe/"
OVERVIEW = "/mitteilungen/"


@pytest.fixture
def staff_client(client, office_staff, with_totp):
    with_totp(office_staff)
    client.force_login(office_staff)
    return client


@pytest.fixture
def letters(make_person) -> list[Message]:
    made = []
    for given_name, subject in [("Erna", "Ihr Termin am Dienstag"), ("Otto", "Neue Kurse")]:
        person = make_person(channel="letter", consents=("letter",), given_name=given_name)
        body = f"Liebe Grüße an {given_name}.\n\nZweiter Absatz."
        message = message_enqueue(
            template="generic", context={"subject": subject, "body": body}, person=person
        )
        assert message is not None
        made.append(message)
    return made


def test_letter_page_lists_the_waiting_letters(staff_client, letters):
    response = staff_client.get(LETTERS)

    assert response.status_code == 200
    assert "2 Briefe warten" in response.text
    assert "Erna Müller<br>Hauptstraße 5<br>34117 Teststadt" in response.text
    assert "Neue Kurse" in response.text
    assert response.text.count('name="brief"') == 2


def _print(client, letters: list[Message] | list[str]):
    ids = [str(getattr(letter, "pk", letter)) for letter in letters]
    return client.post(LETTERS, {"brief": ids})


def _pdf_pages(response) -> list[str]:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    return [page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages]


def test_printing_gives_one_pdf_with_one_letter_per_page(staff_client, office_staff, letters):
    response = _print(staff_client, letters)

    batch = Message.objects.values_list("print_batch", flat=True).distinct().get()
    assert response["Location"] == f"/mitteilungen/briefe/{batch}/briefe.pdf"
    first, second = _pdf_pages(staff_client.get(response["Location"]))
    assert "Erna Müller" in first and "Ihr Termin am Dienstag" in first
    assert "Liebe Grüße an Erna." in first and "Zweiter Absatz." in first
    assert "Quartiersbüro Altstadt" in first
    assert "Seite 1 von" not in first  # each page goes to another person
    assert "Otto Müller" in second and "Neue Kurse" in second and "Erna" not in second
    assert set(Message.objects.values_list("status", flat=True)) == {"printed"}
    assert AuditEntry.objects.filter(verb="letter.printed", actor=office_staff).count() == 2
    assert AuditEntry.objects.filter(verb="letter.read", actor=office_staff).count() == 2


def test_printing_only_prints_the_listed_letters(staff_client, letters):
    # A letter that arrived after the page was shown waits for the next batch.
    response = _print(staff_client, [letters[0], "kein-uuid"])

    assert len(_pdf_pages(staff_client.get(response["Location"]))) == 1
    assert [m.status for m in Message.objects.order_by("created_at")] == ["printed", "waiting"]


def test_printing_twice_prints_nothing_the_second_time(staff_client, letters):
    _print(staff_client, letters)

    response = staff_client.post(LETTERS, {"brief": [str(m.pk) for m in letters]}, follow=True)

    assert response.redirect_chain == [(LETTERS, 302)]
    assert "Es warten keine Briefe auf den Druck." in response.text
    assert AuditEntry.objects.filter(verb="letter.printed").count() == 2


def test_a_printed_batch_can_be_downloaded_again(staff_client, letters):
    url = _print(staff_client, letters)["Location"]

    page = staff_client.get(LETTERS)

    assert "Zuletzt gedruckt" in page.text
    assert f'href="{url}"' in page.text
    assert "2 Briefe vom" in page.text
    assert len(_pdf_pages(staff_client.get(url))) == 2


@pytest.mark.parametrize(
    ("persona", "status"),
    [("helper", 403), ("researcher", 403), ("resident", 404), ("outsider", 404)],
)
def test_a_batch_is_refused_to_others(
    request, client, staff_client, with_totp, letters, persona, status
):
    url = _print(staff_client, letters)["Location"]
    user = request.getfixturevalue(persona)
    with_totp(user)
    client.force_login(user)

    response = client.get(url)

    assert response.status_code == status
    assert not AuditEntry.objects.filter(verb="letter.read", actor=user).exists()


def test_an_unknown_batch_answers_404(staff_client):
    response = staff_client.get(f"/mitteilungen/briefe/{uuid.uuid4()}/briefe.pdf")

    assert response.status_code == 404


def test_letter_page_needs_a_second_factor(client, office_staff, letters):
    client.force_login(office_staff)

    response = client.post(LETTERS, {"brief": [str(letters[0].pk)]})

    assert response["Location"] == reverse("mfa_activate_totp")
    assert Message.objects.filter(status="waiting").count() == 2


@pytest.mark.parametrize("persona", ["resident", "provider_staff", "outsider", "helper"])
def test_letter_page_refuses_staff_without_a_person_role(
    request, client, with_totp, letters, persona
):
    user = request.getfixturevalue(persona)
    with_totp(user)
    client.force_login(user)

    get = client.get(LETTERS)
    post = client.post(LETTERS, {"brief": [str(m.pk) for m in letters]})

    assert (get.status_code, post.status_code) == (403, 403)
    assert Message.objects.filter(status="waiting").count() == 2


def test_another_organisations_letters_are_neither_listed_nor_printed(
    client, with_totp, outsider, letters
):
    # The outsider works with persons in their own organisation, not in ours.
    membership = outsider.memberships.get()
    Membership.objects.create(
        user=outsider, organisation=membership.organisation, role=Role.OFFICE_STAFF
    )
    with_totp(outsider)
    client.force_login(outsider)

    page = client.get(LETTERS)
    post = client.post(LETTERS, {"brief": [str(m.pk) for m in letters]})

    assert page.status_code == 200
    assert "Müller" not in page.text
    assert post.status_code == 302
    assert Message.objects.filter(status="waiting").count() == 2
    assert not AuditEntry.objects.filter(verb="letter.printed").exists()


def test_overview_shows_undelivered_messages(staff_client, make_person, failing_sms, letters):
    failing_sms.permanent = True
    person = make_person(channel="sms", consents=("sms",), given_name="Karl")
    message_enqueue(
        template="generic", context={"subject": "Absage", "body": "Fällt aus."}, person=person
    )
    outbox_send_one()

    response = staff_client.get(OVERVIEW)

    assert response.status_code == 200
    assert "2 Briefe warten auf den Druck." in response.text
    assert "Karl Müller" in response.text
    assert "Absage" in response.text
    assert "Gateway kaputt" in response.text
