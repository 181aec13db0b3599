"""The staff JSON API for inquiries: the pages' services and checks, reads audited, second
factor, another office's inquiry out of reach."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from lotse.core.models import AuditEntry, Membership, Organisation, Role
from lotse.desk.models import Inquiry
from lotse.desk.services.inquiries import (
    inquiry_assign,
    inquiry_close,
    inquiry_create,
    inquiry_update,
)

URL = "/api/v1/desk/inquiries"


@pytest.fixture
def api_client(client, office_staff, with_totp):
    with_totp(office_staff)
    client.force_login(office_staff)
    return client


def _post(client, **data):
    return client.post(URL, data, content_type="application/json")


def _patch(client, inquiry, **data):
    return client.patch(f"{URL}/{inquiry.id}", data, content_type="application/json")


def _new(**extra):
    return {
        "channel": "phone",
        "description": "Sucht einen Mittagstisch in der Nähe.",
        "minutes_spent": 6,
        **extra,
    }


def test_create_for_a_person_answers_201_and_is_audited(api_client, office_staff, erna, topic):
    follow_up = timezone.localdate() + dt.timedelta(days=7)

    response = _post(
        api_client, **_new(person=str(erna.id), topics=["einkaufen"], follow_up_on=str(follow_up))
    )

    assert response.status_code == 201
    body = response.json()
    inquiry = Inquiry.objects.get(id=body["id"])
    assert (inquiry.person, inquiry.created_by, inquiry.minutes_spent) == (erna, office_staff, 6)
    assert inquiry.follow_up_on == follow_up
    assert inquiry.quarter == erna.quarter
    assert body["topics"] == ["einkaufen"]
    assert body["person"] == str(erna.id)
    assert body["quarter"] == "altstadt"
    assert "referrals" not in body  # a new inquiry has none; reading it lists them
    assert AuditEntry.objects.filter(verb="inquiry.created", target_id=str(inquiry.id)).exists()


def test_create_without_a_person_is_anonymous(api_client, quarter):
    response = _post(api_client, **_new(channel="walk_in", quarter="altstadt"))

    assert response.status_code == 201
    inquiry = Inquiry.objects.get()
    assert inquiry.person is None
    assert inquiry.channel == Inquiry.Channel.WALK_IN
    assert inquiry.quarter == quarter


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"channel": ""}, "Wählen Sie, wie die Person sich gemeldet hat"),
        ({"channel": "web"}, "gehört nicht dazu"),
        ({"description": "  "}, "Schreiben Sie kurz, worum es geht"),
        ({"minutes_spent": -3}, "Geben Sie die Dauer in ganzen Minuten an"),
        ({"minutes_spent": 2000}, "höchstens 1440 Minuten"),
        ({"follow_up_on": "2020-01-01"}, "darf nicht vor heute liegen"),
        ({"topics": ["einkaufen", "raumfahrt"]}, "Unbekanntes Thema: raumfahrt."),
        ({"quarter": "nirgendwo"}, "Wählen Sie ein Quartier aus Ihrem Kreis"),
    ],
)
def test_create_refuses_bad_input_in_german_and_changes_nothing(api_client, topic, data, message):
    response = _post(api_client, **_new(**data))

    assert response.status_code == 422
    assert message in response.json()["detail"]
    assert not Inquiry.objects.exists()
    assert not AuditEntry.objects.filter(verb="inquiry.created").exists()


def test_create_refuses_a_person_of_another_organisation(client, with_totp, outsider, erna):
    with_totp(outsider)
    outsider.memberships.update(role=Role.OFFICE_STAFF)
    client.force_login(outsider)

    response = _post(client, **_new(person=str(erna.id)))

    assert response.status_code == 422
    assert response.json()["detail"] == "Wählen Sie eine Person aus Ihrem Büro"
    assert not Inquiry.objects.exists()


def test_staff_of_two_offices_choose_one(api_client, office_staff, erna, region):
    second = Organisation.objects.create(
        name="Zweites Büro", kind=Organisation.Kind.OFFICE, region=region
    )
    Membership.objects.create(user=office_staff, organisation=second, role=Role.OFFICE_STAFF)

    default = _post(api_client, **_new(person=str(erna.id)))
    chosen = _post(api_client, **_new(organisation=str(second.id)))
    listed = api_client.get(URL, {"organisation": str(second.id)})

    assert default.status_code == chosen.status_code == 201
    assert Inquiry.objects.get(id=default.json()["id"]).organisation == erna.organisation
    assert Inquiry.objects.get(id=chosen.json()["id"]).organisation == second
    assert [i["id"] for i in listed.json()["items"]] == [chosen.json()["id"]]


def test_an_office_the_caller_does_not_work_in_gets_403(api_client, outsider):
    other = outsider.memberships.get().organisation

    response = _post(api_client, **_new(organisation=str(other.id)))

    assert response.status_code == 403
    assert api_client.get(URL, {"organisation": str(other.id)}).status_code == 403
    assert not Inquiry.objects.exists()


def test_staff_without_a_desk_role_get_403(client, with_totp, provider_staff):
    with_totp(provider_staff)
    client.force_login(provider_staff)

    assert _post(client, **_new()).status_code == 403
    assert client.get(URL).status_code == 403
    assert not Inquiry.objects.exists()


def test_staff_without_a_second_factor_get_403(client, office_staff, inquiry):
    client.force_login(office_staff)

    responses = [
        client.get(URL),
        client.get(f"{URL}/{inquiry.id}"),
        _post(client, **_new()),
        _patch(client, inquiry, minutes_spent=30),
    ]

    assert [r.status_code for r in responses] == [403, 403, 403, 403]
    assert "zweiten Faktor" in responses[0].json()["detail"]
    assert Inquiry.objects.count() == 1
    assert not AuditEntry.objects.filter(verb="inquiry.read").exists()


def test_anonymous_callers_get_401(client, inquiry):
    assert client.get(f"{URL}/{inquiry.id}").status_code == 401
    assert _post(client, **_new()).status_code == 401


def test_writes_need_the_csrf_token(office_staff, with_totp):
    with_totp(office_staff)
    client = Client(enforce_csrf_checks=True)
    client.force_login(office_staff)

    refused = _post(client, **_new())
    client.get("/anliegen/")  # a page sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    accepted = client.post(
        URL, _new(), content_type="application/json", headers={"X-CSRFToken": token}
    )

    assert refused.status_code == 403
    assert accepted.status_code == 201
    assert Inquiry.objects.count() == 1


def test_list_shows_the_offices_open_inquiries_newest_first(api_client, inquiry, office_staff):
    newer = inquiry_create(actor=office_staff, organisation=inquiry.organisation, channel="email")
    closed = inquiry_create(actor=office_staff, organisation=inquiry.organisation, channel="phone")
    inquiry_close(actor=office_staff, inquiry=closed)

    response = api_client.get(URL)

    assert response.status_code == 200
    body = response.json()
    assert [i["id"] for i in body["items"]] == [str(newer.id), str(inquiry.id)]
    assert body["count"] == 2
    assert body["items"][1]["topics"] == ["einkaufen"]


def test_read_shows_referrals_and_is_audited(api_client, office_staff, inquiry, referral):
    response = api_client.get(f"{URL}/{inquiry.id}")

    assert response.status_code == 200
    body = response.json()
    assert body["description"] == "Braucht Hilfe beim Einkaufen, nach Hüft-OP."
    assert body["referrals"] == [
        {
            "id": str(referral.id),
            "status": "requested",
            "code": referral.short_code,
            "offer": "Mittagstisch",
            "provider": "AWO Altstadt",
            "answer_due": referral.answer_due.isoformat(),
        }
    ]
    entry = AuditEntry.objects.get(verb="inquiry.read")
    assert (entry.actor, entry.target_id, entry.purpose) == (
        office_staff,
        str(inquiry.id),
        "Beratung",
    )


def test_another_offices_inquiry_answers_404(client, with_totp, outsider, inquiry):
    with_totp(outsider)
    outsider.memberships.update(role=Role.OFFICE_STAFF)
    client.force_login(outsider)

    assert client.get(f"{URL}/{inquiry.id}").status_code == 404
    assert _patch(client, inquiry, minutes_spent=1).status_code == 404
    assert client.get(URL).json()["items"] == []
    inquiry.refresh_from_db()
    assert inquiry.minutes_spent == 8
    assert not AuditEntry.objects.filter(verb="inquiry.read").exists()


def test_a_colleague_without_a_desk_role_gets_403(client, with_totp, helper, inquiry):
    with_totp(helper)
    client.force_login(helper)

    assert client.get(f"{URL}/{inquiry.id}").status_code == 403


def test_patch_changes_the_fields_sent(api_client, office_staff, care_navigator, inquiry, topic):
    follow_up = timezone.localdate() + dt.timedelta(days=2)

    response = _patch(
        api_client,
        inquiry,
        status="waiting",
        assigned_to=str(care_navigator.public_id),
        follow_up_on=str(follow_up),
        minutes_spent=20,
        topics=[],
    )

    assert response.status_code == 200
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.WAITING
    assert inquiry.assigned_to == care_navigator
    assert inquiry.follow_up_on == follow_up
    assert inquiry.minutes_spent == 20
    assert inquiry.description == "Braucht Hilfe beim Einkaufen, nach Hüft-OP."
    assert not inquiry.topics.exists()
    assert response.json()["assigned_to"] == str(care_navigator.public_id)
    changed = AuditEntry.objects.get(verb="inquiry.changed")
    assert set(changed.note.split()) == {"status", "follow_up_on", "minutes_spent", "topics"}
    assert AuditEntry.objects.filter(verb="inquiry.assigned").exists()


def test_patch_null_clears_follow_up_and_assignment(api_client, office_staff, inquiry):
    inquiry_assign(actor=office_staff, inquiry=inquiry, user=office_staff)
    inquiry_update(actor=office_staff, inquiry=inquiry, data={"follow_up_on": timezone.localdate()})

    response = _patch(api_client, inquiry, assigned_to=None, follow_up_on=None)

    assert response.status_code == 200
    inquiry.refresh_from_db()
    assert (inquiry.assigned_to, inquiry.follow_up_on) == (None, None)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"status": "closed"}, "mit „Abschließen“ ab"),
        ({"status": "erledigt"}, "gehört nicht dazu"),
        ({"description": ""}, "Schreiben Sie kurz, worum es geht"),
        ({"follow_up_on": "2020-01-01"}, "darf nicht vor heute liegen"),
        ({"topics": ["raumfahrt"]}, "Unbekanntes Thema"),
    ],
)
def test_patch_refuses_bad_input_in_german_and_changes_nothing(api_client, inquiry, data, message):
    response = _patch(api_client, inquiry, minutes_spent=99, **data)

    assert response.status_code == 422
    assert message in response.json()["detail"]
    inquiry.refresh_from_db()
    assert inquiry.minutes_spent == 8
    assert inquiry.status == Inquiry.Status.OPEN
    assert not AuditEntry.objects.filter(verb="inquiry.changed").exists()


def test_patch_refuses_an_assignee_outside_the_office(api_client, provider_staff, inquiry):
    response = _patch(
        api_client, inquiry, minutes_spent=99, assigned_to=str(provider_staff.public_id)
    )

    assert response.status_code == 422
    assert response.json()["detail"] == "Wählen Sie jemanden aus Ihrem Büro"
    inquiry.refresh_from_db()
    assert (inquiry.assigned_to, inquiry.minutes_spent) == (None, 8)
