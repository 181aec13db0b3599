"""The inquiry page's actions: search the directory in place and refer, take a referral back,
record an outcome for a provider not on the platform, note an unmet need, follow up, edit."""

import datetime as dt
import re

import pytest
from django.utils import formats, timezone

from lotse.core.models import AuditEntry, Membership, Organisation, Role
from lotse.desk.models import Inquiry, Referral, UnmetNeed
from lotse.desk.services.inquiries import inquiry_close, inquiry_create, inquiry_update
from lotse.desk.services.referrals import referral_withdraw
from lotse.people.models import Consent, Person
from lotse.people.services import person_create


def _page(inquiry: Inquiry) -> str:
    return f"/anliegen/{inquiry.id}/"


@pytest.fixture
def logged_in(client, with_totp):
    def log_in(user):
        with_totp(user)
        client.force_login(user)
        return client

    return log_in


# The directory search on the inquiry page ------------------------------------------------------


def test_search_lists_offers_and_says_that_consent_is_missing(
    logged_in, office_staff, inquiry, offer
):
    client = logged_in(office_staff)

    response = client.get(_page(inquiry), {"angebot": "Mittagstisch"})

    assert response.status_code == 200
    text = response.text
    assert "<h3" in text and "Mittagstisch" in text
    assert "1 Angebot gefunden" in text
    assert "Keine Einwilligung zur Weitergabe" in text
    assert f"/personen/{inquiry.person_id}/einwilligung/?empfaenger={offer.organization_id}" in text
    assert "nicht auf Quartierslotse" in text


def test_search_knows_the_consent_and_a_provider_on_the_platform(
    logged_in, office_staff, inquiry, offer, share_consent, provider_staff
):
    client = logged_in(office_staff)

    text = client.get(_page(inquiry), {"angebot": "Mittagstisch"}).text

    assert "Die Person ist einverstanden" in text
    assert "Der Anbieter ist auf Quartierslotse und antwortet hier." in text


def test_htmx_search_answers_only_the_results(logged_in, office_staff, inquiry, offer):
    client = logged_in(office_staff)

    response = client.get(_page(inquiry), {"angebot": "Mittagstisch"}, HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="angebote"')
    assert "<html" not in response.text
    assert "Mittagstisch" in response.text


def test_search_without_a_match_suggests_an_unmet_need(logged_in, office_staff, inquiry, offer):
    client = logged_in(office_staff)

    text = client.get(_page(inquiry), {"angebot": "Fallschirmspringen"}).text

    assert "Kein Angebot gefunden" in text


def test_page_without_search_lists_no_offers(logged_in, office_staff, inquiry, offer):
    client = logged_in(office_staff)

    text = client.get(_page(inquiry)).text

    assert "Angebot suchen und vermitteln" in text
    assert "Kein Angebot gefunden" not in text
    assert f'value="{offer.id}"' not in text


# Referring -------------------------------------------------------------------------------------


def test_refer_creates_a_referral_without_personal_data_when_not_consented(
    logged_in, office_staff, inquiry, offer
):
    client = logged_in(office_staff)

    response = client.post(
        f"{_page(inquiry)}vermitteln/", {"angebot": str(offer.id), "note": "Ab Montag"}
    )

    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{_page(inquiry)}#vermittlungen"
    assert referral.inquiry == inquiry
    assert referral.note == "Ab Montag"
    assert not referral.shares_personal_data
    page = client.get(_page(inquiry)).text
    assert referral.short_code in page
    assert "Drucken Sie den Zettel" in page
    assert f"/vermittlungen/{referral.id}/zettel.pdf" in page


def test_refer_shares_personal_data_with_consent(
    logged_in, office_staff, inquiry, offer, share_consent
):
    client = logged_in(office_staff)

    client.post(f"{_page(inquiry)}vermitteln/", {"angebot": str(offer.id)})

    referral = Referral.objects.get()
    assert referral.shares_personal_data
    assert referral.consent == share_consent


@pytest.mark.parametrize("value", ["", "kein-angebot"])
def test_refer_without_a_valid_offer_says_so_and_creates_nothing(
    logged_in, office_staff, inquiry, value
):
    client = logged_in(office_staff)

    response = client.post(f"{_page(inquiry)}vermitteln/", {"angebot": value})

    assert response.status_code == 200
    assert "Wählen Sie ein Angebot" in response.text
    assert not Referral.objects.exists()


def test_refer_to_an_unknown_offer_answers_404(logged_in, office_staff, inquiry):
    client = logged_in(office_staff)

    response = client.post(
        f"{_page(inquiry)}vermitteln/", {"angebot": "00000000-0000-0000-0000-000000000000"}
    )

    assert response.status_code == 404
    assert not Referral.objects.exists()


def test_refer_from_a_closed_inquiry_is_refused(logged_in, office_staff, inquiry, offer):
    inquiry_close(actor=office_staff, inquiry=inquiry)
    client = logged_in(office_staff)

    response = client.post(f"{_page(inquiry)}vermitteln/", {"angebot": str(offer.id)})

    assert response.status_code == 200
    assert "Dieses Anliegen ist abgeschlossen." in response.text
    assert not Referral.objects.exists()


def test_refer_by_someone_of_another_region_answers_404(logged_in, outsider, inquiry, offer):
    client = logged_in(outsider)

    response = client.post(f"{_page(inquiry)}vermitteln/", {"angebot": str(offer.id)})

    assert response.status_code == 404
    assert not Referral.objects.exists()


# Steps on a referral from the inquiry page -----------------------------------------------------


def test_office_records_the_answer_of_a_provider_not_on_the_platform(
    logged_in, office_staff, inquiry, referral
):
    client = logged_in(office_staff)
    assert "Der Anbieter hat zugesagt" in client.get(_page(inquiry)).text

    response = client.post(
        f"/vermittlungen/{referral.id}/antworten/",
        {"schritt": "annehmen", "zurueck": "anliegen", "note": "Am Telefon zugesagt"},
    )

    referral.refresh_from_db()
    assert response["Location"] == f"{_page(inquiry)}#vermittlungen"
    assert referral.status == Referral.Status.ACCEPTED
    assert referral.events.last().note == "Am Telefon zugesagt"


def test_provider_on_the_platform_answers_itself(
    logged_in, office_staff, inquiry, referral, provider_staff
):
    client = logged_in(office_staff)

    text = client.get(_page(inquiry)).text

    assert "Der Anbieter hat zugesagt" not in text
    assert "Vermittlung zurückziehen" in text


def test_withdraw_takes_the_referral_back(logged_in, office_staff, inquiry, referral):
    client = logged_in(office_staff)

    response = client.post(
        f"/vermittlungen/{referral.id}/zurueckziehen/", {"note": "Tochter hilft jetzt"}
    )

    referral.refresh_from_db()
    assert response["Location"] == f"{_page(inquiry)}#vermittlungen"
    assert referral.status == Referral.Status.WITHDRAWN
    assert referral.events.last().note == "Tochter hilft jetzt"


def test_withdraw_twice_says_why_and_changes_nothing(logged_in, office_staff, referral):
    referral_withdraw(actor=office_staff, referral=referral)
    client = logged_in(office_staff)

    response = client.post(f"/vermittlungen/{referral.id}/zurueckziehen/", follow=True)

    assert response.status_code == 200
    assert referral.events.count() == 2
    assert "Das geht nicht: Die Weitervermittlung hat den Stand „Zurückgezogen“." in response.text


def test_provider_cannot_withdraw(logged_in, provider_staff, referral):
    client = logged_in(provider_staff)

    response = client.post(f"/vermittlungen/{referral.id}/zurueckziehen/")

    referral.refresh_from_db()
    assert response.status_code in (403, 404)
    assert referral.status == Referral.Status.REQUESTED


# Unmet need ------------------------------------------------------------------------------------


def test_unmet_need_is_recorded_for_the_inquirys_quarter(logged_in, office_staff, inquiry, topic):
    client = logged_in(office_staff)

    response = client.post(
        f"{_page(inquiry)}fehlendes-angebot/",
        {"fehlt-topic": str(topic.pk), "fehlt-note": "Einkaufshilfe am Samstag"},
    )

    need = UnmetNeed.objects.get()
    assert response.status_code == 302
    assert need.inquiry == inquiry
    assert need.quarter == inquiry.quarter
    assert need.note == "Einkaufshilfe am Samstag"
    assert "Einkaufshilfe am Samstag" in client.get(_page(inquiry)).text


def test_unmet_need_without_topic_is_refused(logged_in, office_staff, inquiry):
    client = logged_in(office_staff)

    response = client.post(f"{_page(inquiry)}fehlendes-angebot/", {"fehlt-note": "Etwas"})

    assert response.status_code == 200
    assert "Wählen Sie das Thema, zu dem ein Angebot fehlt" in response.text
    assert not UnmetNeed.objects.exists()


# Follow-up -------------------------------------------------------------------------------------


def test_follow_up_due_shows_and_is_done(logged_in, office_staff, inquiry):
    inquiry_update(actor=office_staff, inquiry=inquiry, data={"follow_up_on": timezone.localdate()})
    client = logged_in(office_staff)
    assert "Hat es geklappt?" in client.get(_page(inquiry)).text

    response = client.post(
        f"{_page(inquiry)}nachgefragt/", {"nachgefragt-note": "Alles gut, Hilfe kommt."}
    )

    inquiry.refresh_from_db()
    assert response.status_code == 302
    assert inquiry.follow_up_on is None
    assert inquiry.follow_up_note == "Alles gut, Hilfe kommt."
    # What the person said is kept on the inquiry (encrypted), not in the audit log.
    entry = AuditEntry.objects.filter(verb="inquiry.followed_up").get()
    assert entry.note == ""


def test_follow_up_in_the_future_is_not_due_yet(logged_in, office_staff, inquiry):
    inquiry_update(
        actor=office_staff,
        inquiry=inquiry,
        data={"follow_up_on": timezone.localdate() + dt.timedelta(days=3)},
    )
    client = logged_in(office_staff)

    assert "Nachfrage erledigt" not in client.get(_page(inquiry)).text


def test_follow_up_done_without_one_due_says_so(logged_in, office_staff, inquiry):
    client = logged_in(office_staff)

    response = client.post(f"{_page(inquiry)}nachgefragt/", follow=True)

    assert "Für dieses Anliegen ist keine Nachfrage fällig." in response.text
    assert not AuditEntry.objects.filter(verb="inquiry.followed_up").exists()


# Editing ---------------------------------------------------------------------------------------


def test_edit_changes_the_inquiry(logged_in, office_staff, inquiry, topic):
    client = logged_in(office_staff)
    form = client.get(f"{_page(inquiry)}bearbeiten/").text
    assert "Hüft-OP" in form

    response = client.post(
        f"{_page(inquiry)}bearbeiten/",
        {
            "channel": Inquiry.Channel.WALK_IN,
            "status": Inquiry.Status.IN_PROGRESS,
            "topics": [str(topic.pk)],
            "description": "Einkaufshilfe für drei Wochen.",
            "minutes_spent": "15",
        },
    )

    inquiry.refresh_from_db()
    assert response.status_code == 302
    assert inquiry.channel == Inquiry.Channel.WALK_IN
    assert inquiry.status == Inquiry.Status.IN_PROGRESS
    assert inquiry.description == "Einkaufshilfe für drei Wochen."
    assert inquiry.minutes_spent == 15
    assert AuditEntry.objects.filter(verb="inquiry.changed").exists()


def test_edit_with_bad_input_changes_nothing(logged_in, office_staff, inquiry):
    client = logged_in(office_staff)

    response = client.post(
        f"{_page(inquiry)}bearbeiten/",
        {"channel": "phone", "status": "closed", "description": "", "minutes_spent": "-3"},
    )

    inquiry.refresh_from_db()
    assert response.status_code == 200
    assert "Schreiben Sie kurz, worum es geht" in response.text
    assert "Geben Sie die Dauer in ganzen Minuten an" in response.text
    assert inquiry.description == "Braucht Hilfe beim Einkaufen, nach Hüft-OP."
    assert inquiry.status == Inquiry.Status.OPEN


def test_a_closed_inquiry_cannot_be_edited(logged_in, office_staff, inquiry):
    inquiry_close(actor=office_staff, inquiry=inquiry)
    client = logged_in(office_staff)

    response = client.get(f"{_page(inquiry)}bearbeiten/", follow=True)

    assert "Ein abgeschlossenes Anliegen lässt sich nicht mehr ändern." in response.text


# Consent from the search, and back -------------------------------------------------------------


def test_consent_link_proposes_sharing_and_returns_to_the_inquiry(
    logged_in, office_staff, inquiry, offer
):
    client = logged_in(office_staff)
    back = f"{_page(inquiry)}?angebot=Mittagstisch"
    url = (
        f"/personen/{inquiry.person_id}/einwilligung/"
        f"?empfaenger={offer.organization_id}&weiter={back.replace('?', '%3F')}"
    )
    form = client.get(url).text
    assert re.search(r'<input type="radio" name="purpose" value="share"[^>]*checked', form)
    assert re.search(rf'<option value="{offer.organization_id}" selected>', form)
    assert "Zurück zum Anliegen" in form

    response = client.post(
        url,
        {
            "purpose": "share",
            "recipient": str(offer.organization_id),
            "given_how": Consent.GivenHow.VERBAL_PHONE,
            "given_at": timezone.localtime().strftime("%d.%m.%Y %H:%M"),
        },
    )

    assert response.status_code == 302
    assert response["Location"] == back
    assert Consent.objects.filter(recipient=offer.organization, purpose="share").exists()


def test_consent_page_ignores_a_return_address_elsewhere(logged_in, office_staff, inquiry):
    client = logged_in(office_staff)
    url = f"/personen/{inquiry.person_id}/einwilligung/?weiter=https://example.org/&empfaenger=x"

    response = client.get(url)

    assert response.status_code == 200
    assert 'href="https://example.org' not in response.text
    assert "Zurück zur Person" in response.text


# Staff of several offices ----------------------------------------------------------------------


@pytest.fixture
def second_office(office_staff, region) -> Organisation:
    """Office staff also work for a second office ("Quartiersbüro Neustadt")."""
    organisation = Organisation.objects.create(
        name="Quartiersbüro Neustadt", kind=Organisation.Kind.OFFICE, region=region
    )
    Membership.objects.create(user=office_staff, organisation=organisation, role=Role.OFFICE_STAFF)
    return organisation


def test_dashboard_switches_between_the_offices_of_a_user(
    logged_in, office_staff, office, second_office
):
    client = logged_in(office_staff)

    first = client.get("/anliegen/").text
    second = client.get("/anliegen/", {"buero": second_office.pk}).text

    assert "Anliegen: Quartiersbüro Altstadt" in first
    assert f'href="?buero={second_office.pk}"' in first
    assert "Anliegen: Quartiersbüro Neustadt" in second


def test_new_inquiry_goes_to_the_chosen_office(logged_in, office_staff, office, second_office):
    client = logged_in(office_staff)

    response = client.post(
        "/anliegen/neu/",
        {"buero": second_office.pk, "channel": "phone", "description": "Frage zur Rente"},
    )

    assert response.status_code == 302
    assert Inquiry.objects.get().organisation == second_office


def test_an_office_of_someone_else_cannot_be_chosen(logged_in, office_staff, office, outsider):
    foreign = outsider.memberships.get().organisation
    client = logged_in(office_staff)

    refused = client.post(
        "/anliegen/neu/", {"buero": foreign.pk, "channel": "phone", "description": "Frage"}
    )

    # Refused as in the API, not recorded in the user's own office instead.
    assert refused.status_code == 403
    assert client.get("/anliegen/", {"buero": foreign.pk}).status_code == 403
    assert not Inquiry.objects.exists()


# A new person while recording ------------------------------------------------------------------


def test_a_person_created_from_the_inquiry_form_is_chosen_there(logged_in, office_staff, office):
    client = logged_in(office_staff)
    search = client.get("/anliegen/neu/", {"person": "Kowalski"}).text
    link = "/personen/neu/?weiter=/anliegen/neu/%3Fperson%3DKowalski"
    assert link in search

    response = client.post(
        link,
        {
            "given_name": "Jan",
            "family_name": "Kowalski",
            "birth_year": "1941",
            "contact_channel": "phone",
        },
    )

    person = Person.objects.get(family_name="Kowalski")
    assert response["Location"] == f"/anliegen/neu/?person=Kowalski&neu={person.id}"
    form = client.get(response["Location"]).text
    assert re.search(rf'<option value="{person.id}" selected>', form)


def test_a_duplicate_found_on_the_person_form_can_be_chosen_for_the_inquiry(
    logged_in, office_staff, erna
):
    client = logged_in(office_staff)

    response = client.post(
        "/personen/neu/?weiter=/anliegen/neu/",
        {
            "given_name": "Erna",
            "family_name": "Mueller",
            "birth_year": "1938",
            "phone": "0561 123456",
            "contact_channel": "phone",
        },
    )

    assert "Diese Person gibt es vielleicht schon" in response.text
    assert f'href="/anliegen/neu/?neu={erna.id}"' in response.text


def test_the_inquiry_form_ignores_a_person_of_another_organisation(
    logged_in, office_staff, office, administrator, provider_org
):
    other = person_create(
        actor=administrator,
        organisation=provider_org,
        data={"given_name": "Otto", "family_name": "Fremd", "birth_year": 1940},
    )
    client = logged_in(office_staff)

    form = client.get("/anliegen/neu/", {"neu": str(other.id)}).text

    assert f'<option value="{other.id}"' not in form
    assert client.get("/anliegen/neu/", {"neu": "kaputt"}).status_code == 200


# The dashboard's lists -------------------------------------------------------------------------


def test_dashboard_shows_the_longest_due_follow_ups_first_and_all_on_request(
    logged_in, office_staff, office, monkeypatch
):
    monkeypatch.setattr("lotse.desk.views.inquiries.DASHBOARD_LIST_SIZE", 2)
    today = timezone.localdate()
    for days, text in ((5, "Fünf"), (3, "Drei"), (1, "Eins")):
        created = inquiry_create(
            actor=office_staff,
            organisation=office,
            channel=Inquiry.Channel.PHONE,
            description=f"Anliegen {text}",
        )
        Inquiry.objects.filter(pk=created.pk).update(follow_up_on=today - dt.timedelta(days=days))
    client = logged_in(office_staff)

    first = client.get("/anliegen/").text
    everything = client.get("/anliegen/", {"alle": "nachfragen"}).text

    due = first[first.index('id="nachfragen"') : first.index('id="hinweise"')]
    assert "Die 2 am längsten fälligen von 3." in due
    assert "Alle Nachfragen anzeigen" in due
    assert due.count("<li>") == 2
    day = {n: formats.date_format(today - dt.timedelta(days=n), "j. F Y") for n in (5, 3, 1)}
    assert due.index(f"fällig seit {day[5]}") < due.index(f"fällig seit {day[3]}")
    assert f"fällig seit {day[1]}" not in due
    due_all = everything[everything.index('id="nachfragen"') : everything.index('id="hinweise"')]
    assert due_all.count("<li>") == 3
    assert "Alle Nachfragen anzeigen" not in due_all
