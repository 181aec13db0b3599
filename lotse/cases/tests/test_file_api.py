"""The staff JSON API of the case file: the pages' services and checks, 201 for a new record,
409 for a closed case, 422 for bad input in German, another organisation's case out of reach."""

import datetime as dt

import pytest
from django.utils import timezone

from lotse.cases.models import Assessment, CaseFile, JournalEntry, LifeArea, NetworkContact, Stage
from lotse.people.models import Proxy

URL = "/api/v1/cases"


@pytest.fixture
def api(client, with_totp):
    def log_in(user):
        with_totp(user)
        client.force_login(user)
        return client

    return log_in


def _post(client, url, data):
    return client.post(url, data, content_type="application/json")


def _ratings(level=1):
    return {area: {"level": level, "note": ""} for area in LifeArea.values}


def test_open_a_case_and_read_it(api, care_navigator, erna, site):
    client = api(care_navigator)

    response = _post(
        client,
        URL,
        {
            "person": str(erna.pk),
            "site": str(site.pk),
            "reason": "discharge",
            "source": "hospital",
            "source_detail": "Klinikum Nord, Sozialdienst",
        },
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["number"] == 1 and body["stage"] == "first_contact"
    assert body["responsible"] == str(care_navigator.public_id)
    read = client.get(f"{URL}/{body['id']}")
    assert read.status_code == 200
    assert read.json()["source_detail"] == "Klinikum Nord, Sozialdienst"
    assert read["Cache-Control"].startswith("max-age=0") or "no-store" in read["Cache-Control"]


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"person": "kein-uuid", "site": "", "reason": "stroke"},
        {"reason": "weather"},
        {"reason_note": "x" * 10_000},
    ],
)
def test_open_with_bad_input_is_422_in_german(api, care_navigator, erna, site, body):
    data = {"person": str(erna.pk), "site": str(site.pk), "reason": "stroke"} | body
    if body == {}:
        data = {}

    response = _post(api(care_navigator), URL, data)

    assert response.status_code == 422
    assert not CaseFile.objects.exists()


def test_open_is_refused_to_office_staff(api, office_staff, erna, site):
    response = _post(api(office_staff), URL, {"person": str(erna.pk), "site": str(site.pk)})

    assert response.status_code == 403


def test_case_read_is_404_for_the_outsider_and_403_for_a_colleague(
    api, case_file, outsider, colleague
):
    assert api(outsider).get(f"{URL}/{case_file.pk}").status_code == 404
    assert api(colleague).get(f"{URL}/{case_file.pk}").status_code == 403


def test_journal_post_and_list(api, case_file, care_navigator):
    client = api(care_navigator)
    when = timezone.now().replace(microsecond=0)

    created = _post(
        client,
        f"{URL}/{case_file.pk}/journal",
        {"kind": "home_visit", "happened_at": when.isoformat(), "minutes": 60, "note": "Besuch"},
    )
    listed = client.get(f"{URL}/{case_file.pk}/journal")

    assert created.status_code == 201, created.content
    assert listed.json()["count"] == 1
    assert listed.json()["items"][0]["note"] == "Besuch"
    case_file.refresh_from_db()
    assert case_file.last_contact_at == when


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"kind": "phone", "minutes": 0},
        {"kind": "phone", "minutes": 601},
        {"kind": "phone", "minutes": 10**15},
        {"kind": "wrong", "minutes": 5},
        {"kind": "phone", "minutes": 5, "days_ahead": 3},
        {"kind": "phone", "minutes": 5, "note": "n" * 10_000},
    ],
)
def test_journal_bad_input_is_422(api, case_file, care_navigator, body):
    when = timezone.now() + dt.timedelta(days=body.pop("days_ahead", 0))
    if body:
        body["happened_at"] = when.isoformat()

    response = _post(api(care_navigator), f"{URL}/{case_file.pk}/journal", body)

    assert response.status_code == 422, response.content
    assert isinstance(response.json()["detail"], str | list)
    assert not JournalEntry.objects.exists()


def test_a_closed_case_answers_409(api, case_file, care_navigator):
    case_file.stage = Stage.CLOSED
    case_file.closed_on = timezone.localdate()
    case_file.save()
    client = api(care_navigator)

    journal = _post(
        client,
        f"{URL}/{case_file.pk}/journal",
        {"kind": "phone", "happened_at": timezone.now().isoformat(), "minutes": 5},
    )
    assessment = _post(client, f"{URL}/{case_file.pk}/assessments", {"ratings": _ratings()})
    network = _post(client, f"{URL}/{case_file.pk}/network", {"role": "other", "name": "X"})

    assert (journal.status_code, assessment.status_code, network.status_code) == (409, 409, 409)
    assert "abgeschlossen" in journal.json()["detail"]


def test_assessment_post_and_list(api, case_file, care_navigator):
    client = api(care_navigator)

    created = _post(client, f"{URL}/{case_file.pk}/assessments", {"ratings": _ratings(2)})
    listed = client.get(f"{URL}/{case_file.pk}/assessments")

    assert created.status_code == 201, created.content
    assert len(listed.json()[0]["ratings"]) == 8
    assert Assessment.objects.get().assessed_on == timezone.localdate()


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"ratings": {"health": {"level": 1}}},
        {"ratings": _ratings(9)},
        {"ratings": {**_ratings(), "weather": {"level": 1}}},
        {"ratings": _ratings(), "assessed_on": "2999-01-01"},
    ],
)
def test_assessment_bad_input_is_422(api, case_file, care_navigator, body):
    response = _post(api(care_navigator), f"{URL}/{case_file.pk}/assessments", body)

    assert response.status_code == 422, response.content
    assert not Assessment.objects.exists()


def test_assessment_post_is_403_for_the_manager(api, case_file, manager):
    response = _post(api(manager), f"{URL}/{case_file.pk}/assessments", {"ratings": _ratings()})

    assert response.status_code == 403


def test_network_post_with_the_persons_proxy_and_list(api, case_file, care_navigator, erna):
    proxy = Proxy.objects.create(
        person=erna,
        region_id=erna.region_id,
        kind=Proxy.Kind.ATTORNEY,
        name="Sohn Jens",
        scope=["assets"],
        evidence_kind=Proxy.Evidence.ORIGINAL,
        recorded_by=care_navigator,
    )
    client = api(care_navigator)

    created = _post(
        client,
        f"{URL}/{case_file.pk}/network",
        {
            "role": "attorney",
            "name": "Sohn Jens",
            "may_contact": True,
            "agreed_on": timezone.localdate().isoformat(),
            "proxy": str(proxy.pk),
        },
    )
    listed = client.get(f"{URL}/{case_file.pk}/network")

    assert created.status_code == 201, created.content
    assert listed.json()[0]["proxy_scope"] == ["assets"]


def test_network_post_refuses_another_persons_proxy(api, case_file, care_navigator, office):
    from lotse.people.tests.factories import PersonFactory

    other = PersonFactory.create(organisation=office, region=office.region)
    proxy = Proxy.objects.create(
        person=other,
        region_id=other.region_id,
        kind=Proxy.Kind.GUARDIAN,
        name="Fremd",
        scope=["health"],
        evidence_kind=Proxy.Evidence.COPY,
        recorded_by=care_navigator,
    )

    response = _post(
        api(care_navigator),
        f"{URL}/{case_file.pk}/network",
        {"role": "guardian", "name": "Fremd", "proxy": str(proxy.pk)},
    )

    assert response.status_code == 422
    assert not NetworkContact.objects.exists()
