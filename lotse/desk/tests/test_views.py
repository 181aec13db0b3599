import io

import pytest
from pypdf import PdfReader

from lotse.desk.models import Referral
from lotse.desk.services.referrals import referral_create
from lotse.desk.views.referrals import RATE_LIMIT_TRIES
from lotse.directory.models import Address

CONFIRM = "/bestaetigen/"
INBOX = "/vermittlungen/eingang/"
THANKS = "Danke, die Ankunft ist bestätigt."
UNKNOWN = "Diesen Code kennen wir nicht."


@pytest.fixture
def logged_in(client, with_totp):
    def log_in(user):
        with_totp(user)
        client.force_login(user)
        return client

    return log_in


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


# The public code page --------------------------------------------------------------------------


def test_confirm_page_needs_no_login(client):
    response = client.get(CONFIRM)

    assert response.status_code == 200
    assert "Ankunft bestätigen" in response.text


def test_confirm_page_confirms_and_reveals_nothing_else(client, referral):
    response = client.post(CONFIRM, {"code": referral.short_code.lower()})

    referral.refresh_from_db()
    assert response.status_code == 200
    assert THANKS in response.text
    assert referral.status == Referral.Status.IN_PROGRESS
    for secret in ["Mittagstisch", "Erna", "Müller", "Quartiersbüro Altstadt", "AWO"]:
        assert secret not in response.text


def test_confirm_page_answers_unknown_code(client, referral):
    response = client.post(CONFIRM, {"code": "ABCD-EFGH"})

    referral.refresh_from_db()
    assert UNKNOWN in response.text
    assert THANKS not in response.text
    assert referral.status == Referral.Status.REQUESTED


def test_confirm_page_without_code_shows_the_error(client):
    response = client.post(CONFIRM, {"code": ""})

    assert response.status_code == 200
    assert "<title>Fehler:" in response.text
    assert "Geben Sie den Kurzcode ein" in response.text


def test_confirm_page_limits_tries_per_address(client, referral):
    for _ in range(RATE_LIMIT_TRIES):
        assert client.post(CONFIRM, {"code": "ABCD-EFGH"}).status_code == 200

    limited = client.post(CONFIRM, {"code": referral.short_code})
    other_address = client.post(CONFIRM, {"code": "ABCD-EFGH"}, REMOTE_ADDR="10.0.0.9")

    referral.refresh_from_db()
    assert limited.status_code == 429
    assert "Bitte warten Sie 10 Minuten" in limited.text
    assert THANKS not in limited.text
    assert referral.status == Referral.Status.REQUESTED
    assert other_address.status_code == 200


# The referral slip -----------------------------------------------------------------------------


def test_slip_shows_code_phone_and_the_consented_name(
    logged_in, office_staff, inquiry, offer, share_consent
):
    location = offer.service_at_locations.get().location
    Address.objects.create(
        location=location, address_1="Marktplatz 3", city="Teststadt", postal_code="45657"
    )
    referral = referral_create(actor=office_staff, inquiry=inquiry, service=offer)

    response = logged_in(office_staff).get(f"/vermittlungen/{referral.id}/zettel.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert len(PdfReader(io.BytesIO(response.content)).pages) == 1
    text = _pdf_text(response.content)
    assert "Marktplatz 3, 45657 Teststadt" in text
    assert referral.short_code in text.replace(" ", "")
    assert "02361 12 34 56" in text
    assert "Mittagstisch" in text
    assert "Erna Müller" in text
    assert "Quartiersbüro Altstadt" in text


def test_slip_without_consent_has_no_name(logged_in, office_staff, referral):
    response = logged_in(office_staff).get(f"/vermittlungen/{referral.id}/zettel.pdf")

    text = _pdf_text(response.content)
    assert referral.short_code in text.replace(" ", "")
    assert "Erna" not in text
    assert "Müller" not in text


@pytest.mark.parametrize(("persona", "status"), [("provider_staff", 403), ("outsider", 404)])
def test_slip_only_for_the_office(logged_in, referral, request, persona, status):
    user = request.getfixturevalue(persona)

    response = logged_in(user).get(f"/vermittlungen/{referral.id}/zettel.pdf")

    assert response.status_code == status


# The provider inbox ----------------------------------------------------------------------------


def test_inbox_lists_referral_without_person_when_not_consented(
    logged_in, provider_staff, referral
):
    response = logged_in(provider_staff).get(INBOX)

    assert response.status_code == 200
    assert referral.short_code in response.text
    assert "Mittagstisch" in response.text
    assert "Erna" not in response.text


def test_inbox_shows_person_with_consent(logged_in, office_staff, provider_staff, inquiry, offer):
    from lotse.people.services import consent_record

    consent_record(
        actor=office_staff,
        person=inquiry.person,
        purpose="share",
        given_how="written",
        recipient=offer.organization,
    )
    referral_create(actor=office_staff, inquiry=inquiry, service=offer)

    response = logged_in(provider_staff).get(INBOX)

    assert "Erna Müller" in response.text


def test_inbox_accept(logged_in, provider_staff, referral):
    response = logged_in(provider_staff).post(
        f"/vermittlungen/{referral.id}/antworten/", {"schritt": "annehmen"}
    )

    referral.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == INBOX
    assert referral.status == Referral.Status.ACCEPTED


def test_inbox_decline_without_reason_changes_nothing(logged_in, provider_staff, referral):
    client = logged_in(provider_staff)

    client.post(f"/vermittlungen/{referral.id}/antworten/", {"schritt": "ablehnen"})
    page = client.get(INBOX)

    referral.refresh_from_db()
    assert referral.status == Referral.Status.REQUESTED
    assert "Wählen Sie einen Grund" in page.text


def test_inbox_complete_with_outcome(logged_in, provider_staff, referral):
    client = logged_in(provider_staff)
    url = f"/vermittlungen/{referral.id}/antworten/"

    client.post(url, {"schritt": "beginnen"})
    client.post(url, {"schritt": "abschliessen", "geklappt": "nein", "reason": "no_capacity"})

    referral.refresh_from_db()
    assert (referral.status, referral.succeeded, referral.reason) == (
        Referral.Status.COMPLETED,
        False,
        "no_capacity",
    )


def test_inbox_wrong_step_shows_german_message(logged_in, provider_staff, referral):
    client = logged_in(provider_staff)

    client.post(
        f"/vermittlungen/{referral.id}/antworten/", {"schritt": "abschliessen", "geklappt": "ja"}
    )
    page = client.get(INBOX)

    referral.refresh_from_db()
    assert referral.status == Referral.Status.REQUESTED
    assert "Das geht nicht" in page.text


def test_inbox_answer_refuses_outsider(logged_in, outsider, referral):
    response = logged_in(outsider).post(
        f"/vermittlungen/{referral.id}/antworten/", {"schritt": "annehmen"}
    )

    referral.refresh_from_db()
    assert response.status_code == 404
    assert referral.status == Referral.Status.REQUESTED


def test_inbox_refuses_residents(client, resident):
    client.force_login(resident)

    assert client.get(INBOX).status_code == 403


# The worker ------------------------------------------------------------------------------------


def test_referrals_expire_command_runs_at_once(referral, monkeypatch):
    import datetime as dt

    from django.core.management import call_command
    from django.utils import timezone

    monkeypatch.setattr(
        timezone, "localdate", lambda *a, **k: referral.answer_due + dt.timedelta(days=1)
    )
    out = io.StringIO()

    call_command("referrals_expire", "--sofort", stdout=out)

    referral.refresh_from_db()
    assert referral.status == Referral.Status.EXPIRED
    assert "1 Weitervermittlungen" in out.getvalue()
