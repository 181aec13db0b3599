"""The dashboard's filters (issue 16): state, assignee, topic, period and the person's name,
as GET parameters."""

import datetime as dt

import pytest
from django.utils import timezone

from lotse.desk import selectors
from lotse.desk.models import Inquiry
from lotse.desk.services.inquiries import inquiry_close, inquiry_create
from lotse.directory.models import TaxonomyTerm
from lotse.people.services import person_create

DASHBOARD = "/anliegen/"


@pytest.fixture
def logged_in(client, with_totp):
    def log_in(user):
        with_totp(user)
        client.force_login(user)
        return client

    return log_in


@pytest.fixture
def records(office_staff, manager, office, erna, topic):
    """Erna's open inquiry (Einkaufen, for the manager), a closed one of Jan Kowalski
    (another topic, recorded in January), and an open web inquiry by "Gisela Weber"."""
    other_topic = TaxonomyTerm.objects.create(taxonomy=topic.taxonomy, code="wohnen", name="Wohnen")
    jan = person_create(
        actor=office_staff,
        organisation=office,
        data={"given_name": "Jan", "family_name": "Kowalski", "birth_year": 1941},
    )
    ernas = inquiry_create(
        actor=office_staff,
        organisation=office,
        channel=Inquiry.Channel.PHONE,
        person=erna,
        topics=[topic],
        assigned_to=manager,
    )
    jans = inquiry_create(
        actor=office_staff,
        organisation=office,
        channel=Inquiry.Channel.WALK_IN,
        person=jan,
        topics=[other_topic],
    )
    inquiry_close(actor=office_staff, inquiry=jans)
    january = dt.datetime(2026, 1, 15, 10, tzinfo=timezone.get_current_timezone())
    Inquiry.objects.filter(pk=jans.pk).update(created_at=january)
    web = inquiry_create(
        actor=None,
        organisation=office,
        channel=Inquiry.Channel.WEB,
        contact_name="Gisela Weber",
        contact_phone="0561 1",
        description="Hilfe beim Antrag",
    )
    return {"erna": ernas, "jan": jans, "web": web}


def _found(organisation, **filters) -> set:
    return set(selectors.inquiry_list(organisation=organisation, **filters))


def test_state_filter_open_closed_and_all(office, records):
    erna, jan, web = records["erna"], records["jan"], records["web"]

    assert _found(office) == {erna, web}
    assert _found(office, state="abgeschlossen") == {jan}
    assert _found(office, state="alle") == {erna, jan, web}


def test_assignee_filter_by_colleague_or_nobody(office, manager, records):
    assert _found(office, assignee=str(manager.public_id)) == {records["erna"]}
    assert _found(office, state="alle", assignee="niemand") == {records["jan"], records["web"]}
    assert _found(office, assignee="kein-uuid") == set()


def test_topic_and_period_filters(office, records):
    assert _found(office, state="alle", topic="wohnen") == {records["jan"]}
    january = {"since": dt.date(2026, 1, 1), "until": dt.date(2026, 1, 15)}
    assert _found(office, state="alle", **january) == {records["jan"]}
    today = timezone.localdate()
    assert _found(office, state="alle", since=today, until=today) == {
        records["erna"],
        records["web"],
    }


@pytest.mark.parametrize(
    ("name", "who"),
    [
        ("mueller", "erna"),
        ("Erna Müller", "erna"),
        ("MÜLLER erna", "erna"),
        ("kowal", "jan"),
        ("Gisela", "web"),
        ("Schmidt", None),
    ],
)
def test_name_finds_the_persons_inquiries_however_spelt(office, records, name, who):
    expected = {records[who]} if who else set()

    assert _found(office, state="alle", name=name) == expected


def test_the_page_filters_by_get_parameters_and_keeps_them_in_page_links(
    logged_in, office_staff, office, records
):
    client = logged_in(office_staff)

    page = client.get(DASHBOARD, {"stand": "alle", "name": "kowalski"}).text

    assert f"/anliegen/{records['jan'].id}/" in page
    assert f"/anliegen/{records['erna'].id}/" not in page
    assert "1 Anliegen gefunden" in page
    assert 'value="kowalski"' in page
    assert "Filter zurücksetzen" in page


def test_page_links_keep_the_filters(logged_in, office_staff, office, erna, monkeypatch):
    monkeypatch.setattr("lotse.desk.views.inquiries.DASHBOARD_PAGE_SIZE", 1)
    for _ in range(2):
        inquiry_create(
            actor=office_staff, organisation=office, channel=Inquiry.Channel.PHONE, person=erna
        )
    client = logged_in(office_staff)

    page = client.get(DASHBOARD, {"stand": "alle", "name": "Müller"}).text

    assert "?stand=alle&amp;name=M%C3%BCller&amp;seite=2#anliegen" in page


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"stand": "irgendwas"}, "Wählen Sie „Offen“, „Abgeschlossen“ oder „Alle“"),
        ({"von": "32.13.2026"}, "Der Monat muss eine Zahl von 1 bis 12 sein"),
        ({"von": "31.4.2026"}, "Der April 2026 hat nur 30 Tage"),
        ({"von": "gestern"}, "Geben Sie das Datum so ein"),
        ({"von": "2.3.2026", "bis": "1.3.2026"}, "„Erfasst bis“ darf nicht vor „Erfasst ab“"),
        ({"zustaendig": "jemand"}, "Wählen Sie jemanden aus Ihrem Büro"),
        ({"thema": "<script>"}, "Wählen Sie ein Thema aus der Liste"),
        ({"bis": "1.1.2100"}, "Geben Sie ein Datum zwischen 2000 und 2099 ein"),
        ({"bis": "31.12.9999"}, "Das Jahr muss zwischen 1900 und 2100 liegen"),
        ({"von": "1.1.1950"}, "Geben Sie ein Datum zwischen 2000 und 2099 ein"),
        ({"von": "1.1.0001"}, "Das Jahr muss zwischen 1900 und 2100 liegen"),
        ({"name": "x" * 5000}, "Geben Sie höchstens 200 Zeichen ein"),
    ],
)
def test_a_wrong_filter_is_named_and_the_rest_still_works(
    logged_in, office_staff, records, params, message
):
    client = logged_in(office_staff)

    response = client.get(DASHBOARD, params)

    assert response.status_code == 200
    assert message in response.text
    assert f"/anliegen/{records['erna'].id}/" in response.text
