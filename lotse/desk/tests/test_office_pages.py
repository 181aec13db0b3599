"""The office's pages for inquiries: record one, show one, the dashboard."""

import datetime as dt

import pytest
from django.utils import timezone

from lotse.core.models import AuditEntry
from lotse.desk.models import Inquiry
from lotse.desk.services.inquiries import inquiry_close, inquiry_create, inquiry_update
from lotse.desk.services.referrals import referrals_expire_due
from lotse.people.models import Person
from lotse.people.services import person_create

DASHBOARD = "/anliegen/"
NEW = "/anliegen/neu/"


def _page(inquiry: Inquiry) -> str:
    return f"/anliegen/{inquiry.id}/"


@pytest.fixture
def stranger(administrator, provider_org) -> Person:
    """A Müller whom another organisation (AWO Altstadt) holds."""
    return person_create(
        actor=administrator,
        organisation=provider_org,
        data={"given_name": "Otto", "family_name": "Müller", "birth_year": 1940},
    )


@pytest.fixture
def logged_in(client, with_totp):
    def log_in(user):
        with_totp(user)
        client.force_login(user)
        return client

    return log_in


# Recording an inquiry --------------------------------------------------------------------------


def test_new_inquiry_page_offers_phone_first_and_focuses_the_search(logged_in, office_staff, topic):
    client = logged_in(office_staff)

    response = client.get(NEW)

    assert response.status_code == 200
    text = response.text
    assert text.index('value="phone"') < text.index('value="walk_in"')
    assert 'value="web"' not in text
    assert "Einkaufen" in text
    assert 'id="id_suche"' in text and "autofocus" in text


def test_new_inquiry_search_lists_only_the_offices_persons(logged_in, office_staff, erna, stranger):
    client = logged_in(office_staff)

    response = client.get(NEW, {"person": "müller"})

    assert response.status_code == 200
    assert f'<option value="{erna.id}"' in response.text
    assert "Erna Müller, 1938" in response.text
    assert str(stranger.id) not in response.text


def test_new_inquiry_saves_and_redirects_to_its_page(logged_in, office_staff, office, erna, topic):
    client = logged_in(office_staff)
    follow_up = timezone.localdate() + dt.timedelta(days=3)

    response = client.post(
        NEW,
        {
            "channel": "phone",
            "person": str(erna.id),
            "topics": [str(topic.id)],
            "description": "Sucht Hilfe beim Einkaufen.",
            "minutes_spent": "7",
            "follow_up_on": follow_up.strftime("%d.%m.%Y"),
        },
    )

    inquiry = Inquiry.objects.get()
    assert response.status_code == 302
    assert response.url == _page(inquiry)
    assert inquiry.organisation == office
    assert inquiry.person == erna
    assert list(inquiry.topics.all()) == [topic]
    assert inquiry.minutes_spent == 7
    assert inquiry.follow_up_on == follow_up
    assert inquiry.created_by == office_staff


def test_new_inquiry_may_stay_anonymous(logged_in, office_staff):
    client = logged_in(office_staff)

    response = client.post(
        NEW, {"channel": "walk_in", "description": "Fragt nach dem Seniorentreff."}
    )

    inquiry = Inquiry.objects.get()
    assert response.status_code == 302
    assert inquiry.person is None
    assert inquiry.minutes_spent == 0


def test_new_inquiry_without_description_shows_german_error_and_saves_nothing(
    logged_in, office_staff
):
    client = logged_in(office_staff)

    response = client.post(NEW, {"channel": "phone", "minutes_spent": "zehn"})

    assert response.status_code == 200
    assert "<title>Fehler:" in response.text
    assert "Es gibt ein Problem" in response.text
    assert "Schreiben Sie kurz, worum es geht" in response.text
    assert "Geben Sie die Dauer in ganzen Minuten an, zum Beispiel 10" in response.text
    assert not Inquiry.objects.exists()


def test_new_inquiry_rejects_person_of_another_organisation(logged_in, office_staff, stranger):
    client = logged_in(office_staff)

    response = client.post(
        NEW, {"channel": "phone", "person": str(stranger.id), "description": "x"}
    )

    assert response.status_code == 200
    assert "Wählen Sie eine Person aus Ihrem Büro" in response.text
    assert not Inquiry.objects.exists()


def test_new_inquiry_rejects_a_past_follow_up_date(logged_in, office_staff):
    client = logged_in(office_staff)

    response = client.post(
        NEW, {"channel": "phone", "description": "x", "follow_up_on": "1.1.2020"}
    )

    assert "Das Datum der Wiedervorlage darf nicht vor heute liegen" in response.text
    assert not Inquiry.objects.exists()


@pytest.mark.parametrize("persona", ["provider_staff", "resident", "helper", "researcher"])
def test_new_inquiry_refuses_staff_without_desk_role(request, logged_in, persona):
    client = logged_in(request.getfixturevalue(persona))

    response = client.get(NEW)

    assert response.status_code == 403


def test_new_inquiry_sends_anonymous_visitors_to_login(client):
    response = client.get(NEW)

    assert response.status_code == 302
    assert response.url.startswith("/konto/anmelden/")


# The inquiry page ------------------------------------------------------------------------------


def test_inquiry_page_shows_inquiry_referrals_and_records_the_read(
    logged_in, office_staff, inquiry, referral
):
    client = logged_in(office_staff)

    response = client.get(_page(inquiry))

    assert response.status_code == 200
    assert "Braucht Hilfe beim Einkaufen" in response.text
    assert "Erna Müller" in response.text
    assert referral.short_code in response.text
    assert "Angefragt" in response.text
    assert AuditEntry.objects.filter(verb="inquiry.read", actor=office_staff).exists()


def test_inquiry_page_answers_404_for_another_region(logged_in, outsider, inquiry):
    client = logged_in(outsider)

    response = client.get(_page(inquiry))

    assert response.status_code == 404


def test_inquiry_page_answers_403_for_a_colleague_without_desk_role(logged_in, helper, inquiry):
    client = logged_in(helper)

    response = client.get(_page(inquiry))

    assert response.status_code == 403


def test_assign_gives_the_inquiry_to_a_colleague(logged_in, office_staff, manager, inquiry):
    client = logged_in(office_staff)

    response = client.post(f"{_page(inquiry)}zuweisen/", {"assigned_to": str(manager.public_id)})

    inquiry.refresh_from_db()
    assert response.status_code == 302
    assert inquiry.assigned_to == manager


def test_assign_rejects_someone_outside_the_office(
    logged_in, office_staff, provider_staff, inquiry
):
    client = logged_in(office_staff)

    response = client.post(
        f"{_page(inquiry)}zuweisen/", {"assigned_to": str(provider_staff.public_id)}
    )

    inquiry.refresh_from_db()
    assert response.status_code == 200
    assert "Wählen Sie jemanden aus Ihrem Büro" in response.text
    assert inquiry.assigned_to is None


def test_follow_up_sets_and_clears_the_date(logged_in, office_staff, inquiry):
    client = logged_in(office_staff)
    day = timezone.localdate() + dt.timedelta(days=7)

    set_response = client.post(
        f"{_page(inquiry)}wiedervorlage/", {"follow_up_on": day.strftime("%d.%m.%Y")}
    )
    inquiry.refresh_from_db()
    set_day = inquiry.follow_up_on
    client.post(f"{_page(inquiry)}wiedervorlage/", {"follow_up_on": ""})
    inquiry.refresh_from_db()

    assert set_response.status_code == 302
    assert set_day == day
    assert inquiry.follow_up_on is None


def test_follow_up_rejects_a_date_that_is_no_date(logged_in, office_staff, inquiry):
    client = logged_in(office_staff)

    impossible = client.post(f"{_page(inquiry)}wiedervorlage/", {"follow_up_on": "31.2.2030"})
    no_date = client.post(f"{_page(inquiry)}wiedervorlage/", {"follow_up_on": "bald"})

    assert impossible.status_code == no_date.status_code == 200
    assert "Der Februar 2030 hat nur 28 Tage." in impossible.text
    assert "Geben Sie das Datum so ein: 4.3.2027" in no_date.text


def test_close_waits_for_open_referrals(logged_in, office_staff, inquiry, referral):
    client = logged_in(office_staff)

    response = client.post(f"{_page(inquiry)}abschliessen/")

    inquiry.refresh_from_db()
    assert response.status_code == 200
    assert "Dieses Anliegen hat noch offene Weitervermittlungen." in response.text
    assert inquiry.status == Inquiry.Status.OPEN


def test_close_closes_an_inquiry_without_open_referrals(logged_in, office_staff, inquiry):
    client = logged_in(office_staff)

    response = client.post(f"{_page(inquiry)}abschliessen/", {"abschluss-note": "Erledigt."})

    inquiry.refresh_from_db()
    assert response.status_code == 302
    assert inquiry.status == Inquiry.Status.CLOSED


def test_close_answers_404_for_another_region(logged_in, outsider, inquiry):
    client = logged_in(outsider)

    response = client.post(f"{_page(inquiry)}abschliessen/")

    inquiry.refresh_from_db()
    assert response.status_code == 404
    assert inquiry.status == Inquiry.Status.OPEN


# The dashboard ---------------------------------------------------------------------------------


def test_dashboard_lists_open_inquiries_follow_ups_and_alerts(
    logged_in, office_staff, office, inquiry, referral
):
    inquiry_update(actor=office_staff, inquiry=inquiry, data={"follow_up_on": timezone.localdate()})
    referrals_expire_due(today=referral.answer_due + dt.timedelta(days=1))
    closed = inquiry_create(
        actor=office_staff, organisation=office, channel="phone", description="Schon erledigt"
    )
    inquiry_close(actor=office_staff, inquiry=closed)
    client = logged_in(office_staff)

    response = client.get(DASHBOARD)

    assert response.status_code == 200
    text = response.text
    assert text.count(f'href="{_page(inquiry)}"') == 3  # follow-up, alert, open list
    assert referral.short_code in text
    assert _page(closed) not in text


def test_dashboard_pages_fifty_newest_first(logged_in, office_staff, office):
    for number in range(51):
        inquiry_create(
            actor=office_staff, organisation=office, channel="phone", description=str(number)
        )
    oldest = Inquiry.objects.earliest("created_at")
    client = logged_in(office_staff)

    first = client.get(DASHBOARD)
    second = client.get(DASHBOARD, {"seite": 2})

    assert _page(oldest) not in first.text
    assert _page(oldest) in second.text
    assert "Seite 2 von 2" in second.text


@pytest.mark.parametrize("persona", ["provider_staff", "outsider", "helper"])
def test_dashboard_refuses_staff_without_desk_role(request, logged_in, persona):
    client = logged_in(request.getfixturevalue(persona))

    response = client.get(DASHBOARD)

    assert response.status_code == 403


def test_dashboard_counts_todays_appointments_of_the_organisations_offices(
    logged_in, office_staff, office, quarter
):
    from lotse.office.models import Appointment, Office

    desk_office = Office.objects.create(
        organisation=office,
        quarter=quarter,
        name="Quartiersbüro Altstadt",
        slug="altstadt-buero",
        street="Marktplatz 1",
        postcode="45657",
        city="Teststadt",
        phone="02361 123 45 67",
    )
    start = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
    for number, status in enumerate(
        [Appointment.Status.BOOKED, Appointment.Status.BOOKED, Appointment.Status.CANCELLED]
    ):
        Appointment.objects.create(
            office=desk_office,
            region_id=office.region_id,
            start=start + dt.timedelta(minutes=30 * number),
            end=start + dt.timedelta(minutes=30 * (number + 1)),
            name="Gast",
            status=status,
            cancel_token_hash=f"{number:064d}",
        )

    response = logged_in(office_staff).get(DASHBOARD)

    assert "Termine heute" in response.text
    assert 'href="/buero/altstadt-buero/termine/"' in response.text
    assert "2 Termine" in response.text
