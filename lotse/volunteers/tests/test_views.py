import datetime as dt
import re

import pytest
from django.utils import timezone

from lotse.core.forms import PUBLIC_TRIES
from lotse.people.models import Person
from lotse.volunteers.models import Credential, Helper

SIGN_UP = "/digitalhilfe/helfer-werden/"


def _sign_up_data(quarter, **changes):
    data = {
        "given_name": "Hanna",
        "family_name": "Helferin",
        "birth_year": "1960",
        "phone": "0561 998877",
        "email": "hanna@example.org",
        "contact_channel": "email",
        "home_quarter": str(quarter.pk),
        "devices": ["android", "tablet"],
        "topics": ["messenger"],
        "languages": ["de"],
        "home_visits": "on",
        "radius_km": "3",
        "times": ["0-vormittags", "3-abends"],
        "consent_keep": "on",
    }
    data.update(changes)
    return data


@pytest.fixture
def multiplier_client(client, multiplier, with_totp):
    with_totp(multiplier)
    client.force_login(multiplier)
    return client


def test_start_page_links_to_the_sign_up(client):
    response = client.get("/digitalhilfe/")

    assert response.status_code == 200
    assert f'href="{SIGN_UP}"' in response.content.decode()


def test_help_page_links_to_the_digital_help(client, db):
    assert 'href="/digitalhilfe/"' in client.get("/hilfe/").content.decode()


def test_sign_up_creates_an_interested_helper(client, coordinated_quarter, multiplier):
    response = client.post(SIGN_UP, _sign_up_data(coordinated_quarter))

    assert response.status_code == 302
    assert response["Location"] == "/digitalhilfe/helfer-werden/danke/"
    helper = Helper.objects.get()
    assert helper.status == Helper.Status.INTERESTED
    assert helper.radius_km == 3
    assert sorted(a.weekday for a in helper.availabilities.all()) == [0, 3]
    assert client.get(response["Location"]).status_code == 200


def test_sign_up_offers_only_coordinated_quarters(client, coordinated_quarter, region):
    from lotse.core.models import Area

    Area.objects.create(
        name="Niemandsland",
        slug="niemandsland",
        kind=Area.Kind.QUARTER,
        parent=coordinated_quarter.parent,
        region=region,
    )

    page = client.get(SIGN_UP).content.decode()

    assert "Altstadt" in page
    assert "Niemandsland" not in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"radius_km": "99999999999999999999999"}, "höchstens 50 Kilometer"),
        ({"radius_km": "-3"}, "nicht negativ"),
        ({"radius_km": "drei"}, "ganze Zahl"),
        ({"given_name": "H" * 5000}, "höchstens 100 Zeichen"),
        ({"birth_year": "99999999999"}, "4 Ziffern"),
        ({"birth_year": "1850"}, "zwischen 1900 und heute"),
        ({"phone": "", "email": ""}, "Telefonnummer oder eine E-Mail-Adresse"),
        ({"email": "", "contact_channel": "email"}, "brauchen wir die Adresse"),
        ({"phone": "anrufen bitte"}, "in Ziffern"),
        ({"times": ["9-morgens"]}, "aus der Liste"),
        ({"devices": []}, "mindestens ein Gerät"),
        ({"devices": ["toaster"]}, "aus der Liste"),
        ({"home_quarter": "00000000-0000-0000-0000-000000000000"}, "Quartier aus der Liste"),
        ({"home_quarter": "kein-quartier"}, "Quartier aus der Liste"),
        ({"consent_keep": ""}, "speichern dürfen"),
    ],
)
def test_sign_up_refuses_bad_input_in_german_and_stores_nothing(
    client, coordinated_quarter, changes, message
):
    response = client.post(SIGN_UP, _sign_up_data(coordinated_quarter, **changes))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Helper.objects.exists()
    assert not Person.objects.exists()


def test_sign_up_with_a_nul_byte_is_refused_in_german(client, coordinated_quarter):
    response = client.post(SIGN_UP, _sign_up_data(coordinated_quarter, family_name="Hel\x00ferin"))

    assert response.status_code == 400
    assert "unzulässige Zeichen" in response.content.decode()
    assert not Helper.objects.exists()


def test_sign_up_by_a_bot_stores_nothing(client, coordinated_quarter):
    response = client.post(SIGN_UP, _sign_up_data(coordinated_quarter, website="spam"))

    assert response.status_code == 200
    assert not Helper.objects.exists()


def test_sign_up_is_rate_limited(client, coordinated_quarter):
    for number in range(PUBLIC_TRIES):
        data = _sign_up_data(coordinated_quarter, email=f"h{number}@example.org")
        assert client.post(SIGN_UP, data).status_code == 302

    response = client.post(SIGN_UP, _sign_up_data(coordinated_quarter, email="zuviel@example.org"))

    assert response.status_code == 429
    assert "10 Minuten" in response.content.decode()
    assert Helper.objects.count() == PUBLIC_TRIES


def test_staff_pages_need_a_second_factor(client, multiplier):
    client.force_login(multiplier)

    response = client.get("/digitalhilfe/helfer/")

    assert response.status_code == 302
    assert "/2fa/" in response["Location"]


def test_list_filters_by_status_and_quarter(multiplier_client, make_helper):
    make_helper(given_name="Anna")
    make_helper(given_name="Berta", status=Helper.Status.ACTIVE)

    everyone = multiplier_client.get("/digitalhilfe/helfer/").content.decode()
    active = multiplier_client.get("/digitalhilfe/helfer/", {"status": "active"}).content.decode()
    odd = multiplier_client.get("/digitalhilfe/helfer/", {"status": "chef", "quartier": "x"})

    assert "Anna" in everyone and "Berta" in everyone
    assert "Berta" in active and "Anna" not in active
    assert odd.status_code == 200


def test_staff_entry_from_paper(multiplier_client, coordinated_quarter):
    data = _sign_up_data(coordinated_quarter, is_multiplier_qualified="on")

    response = multiplier_client.post("/digitalhilfe/helfer/neu/", data)

    helper = Helper.objects.get()
    assert response["Location"] == f"/digitalhilfe/helfer/{helper.id}/"
    assert helper.is_multiplier_qualified
    page = multiplier_client.get(response["Location"]).content.decode()
    assert "Hanna Helferin" in page
    assert "Darf noch keine Menschen zu Hause besuchen" in page


def test_staff_entry_with_bad_input_stores_nothing(multiplier_client, coordinated_quarter):
    response = multiplier_client.post(
        "/digitalhilfe/helfer/neu/",
        _sign_up_data(coordinated_quarter, radius_km="1e400", consent_keep=""),
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "ganze Zahl" in page and "unterschriebene Einwilligung" in page
    assert not Helper.objects.exists()


def test_record_credentials_and_set_active(multiplier_client, make_helper, multiplier):
    helper = make_helper()
    today = timezone.localdate()
    issued = (today - dt.timedelta(days=20)).strftime("%d.%m.%Y")

    for kind in ("police_certificate", "pledge"):
        response = multiplier_client.post(
            f"/digitalhilfe/helfer/{helper.id}/nachweis/",
            {"kind": kind, "issued_on": issued, "seen_on": today.strftime("%d.%m.%Y")},
        )
        assert response.status_code == 302
    response = multiplier_client.post(
        f"/digitalhilfe/helfer/{helper.id}/status/",
        {"to_status": "active", "effective_on": today.strftime("%d.%m.%Y"), "reason": ""},
    )

    assert response.status_code == 302
    helper.refresh_from_db()
    assert helper.status == Helper.Status.ACTIVE
    certificate = helper.credentials.get(kind=Credential.Kind.POLICE_CERTIFICATE)
    assert certificate.seen_by == multiplier
    assert certificate.valid_until is not None
    page = multiplier_client.get(f"/digitalhilfe/helfer/{helper.id}/").content.decode()
    assert "Darf Menschen zu Hause besuchen." in page
    # The confirmation of volunteering (for the Ehrenamtskarte) is printed from here.
    assert f'href="/digitalhilfe/helfer/{helper.id}/bestaetigung/"' in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "pledge", "issued_on": "32.13.2026"}, "Tag.Monat.Jahr"),
        ({"kind": "pledge", "issued_on": "01.01.999999999"}, "Tag.Monat.Jahr"),
        ({"kind": "pledge", "issued_on": "01.01.2999"}, "Zukunft"),
        ({"kind": "datei", "issued_on": "01.01.2026"}, "aus der Liste"),
        ({"kind": "pledge", "issued_on": "01.01.2026", "note": "x" * 5000}, "höchstens 1000"),
    ],
)
def test_credential_form_refuses_bad_input(multiplier_client, make_helper, data, message):
    helper = make_helper()
    data = {"seen_on": timezone.localdate().strftime("%d.%m.%Y"), **data}

    response = multiplier_client.post(f"/digitalhilfe/helfer/{helper.id}/nachweis/", data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not helper.credentials.exists()


def test_status_form_offers_only_allowed_statuses_and_explains_refusals(
    multiplier_client, make_helper
):
    helper = make_helper()
    url = f"/digitalhilfe/helfer/{helper.id}/status/"
    today = timezone.localdate().strftime("%d.%m.%Y")

    page = multiplier_client.get(url).content.decode()
    not_allowed = multiplier_client.post(url, {"to_status": "paused", "effective_on": today})
    no_pledge = multiplier_client.post(url, {"to_status": "active", "effective_on": today})

    assert 'value="talking"' in page and 'value="paused"' not in page
    assert "nicht möglich" in not_allowed.content.decode()
    assert "Verschwiegenheitserklärung" in no_pledge.content.decode()
    helper.refresh_from_db()
    assert helper.status == Helper.Status.INTERESTED


def test_credentials_due_page(multiplier_client, make_helper, multiplier):
    helper = make_helper(given_name="Bald")
    Credential.objects.create(
        helper=helper,
        region_id=helper.region_id,
        kind=Credential.Kind.POLICE_CERTIFICATE,
        issued_on=dt.date(2021, 1, 1),
        seen_by=multiplier,
        valid_until=timezone.localdate() + dt.timedelta(days=10),
    )

    page = multiplier_client.get("/digitalhilfe/nachweise/").content.decode()

    assert "Helferin, Bald" in page


@pytest.fixture
def helper_client(client, helper, with_totp):
    with_totp(helper)
    client.force_login(helper)
    return client


def test_own_page_without_a_record_says_whom_to_ask(helper_client):
    page = helper_client.get("/digitalhilfe/meine-angaben/").content.decode()

    assert "Bitte melden Sie sich bei Ihrem Quartiersbüro" in page


def test_own_page_changes_times_and_devices(helper_client, make_helper, helper):
    record = make_helper(user=helper, status=Helper.Status.ACTIVE)

    response = helper_client.post(
        "/digitalhilfe/meine-angaben/",
        {
            "devices": ["iphone"],
            "topics": ["photos"],
            "languages": ["de"],
            "times": ["5-nachmittags"],
            "radius_km": "",
        },
    )

    assert response.status_code == 302
    record.refresh_from_db()
    assert record.devices == ["iphone"]
    assert not record.home_visits
    assert [(a.weekday, a.start_time) for a in record.availabilities.all()] == [(5, dt.time(14))]


def test_own_page_pause_and_resume(helper_client, make_helper, helper):
    record = make_helper(user=helper, status=Helper.Status.ACTIVE)
    until = (timezone.localdate() + dt.timedelta(days=14)).strftime("%d.%m.%Y")

    bad = helper_client.post("/digitalhilfe/meine-angaben/pause/", {"until": "morgen"})
    paused = helper_client.post("/digitalhilfe/meine-angaben/pause/", {"until": until})
    record.refresh_from_db()
    assert record.status == Helper.Status.PAUSED
    page = helper_client.get("/digitalhilfe/meine-angaben/").content.decode()
    resumed = helper_client.post("/digitalhilfe/meine-angaben/weiter/")

    assert "Tag.Monat.Jahr" in bad.content.decode()
    assert paused.status_code == 302
    assert "Pause beenden" in page
    assert resumed.status_code == 302
    record.refresh_from_db()
    assert record.status == Helper.Status.ACTIVE


def test_helper_sees_own_record_but_not_another(helper_client, make_helper, helper):
    own = make_helper(user=helper)
    other = make_helper(given_name="Fremd")

    assert helper_client.get(f"/digitalhilfe/helfer/{own.id}/").status_code == 200
    assert helper_client.get(f"/digitalhilfe/helfer/{other.id}/").status_code == 403
    assert helper_client.get("/digitalhilfe/helfer/").status_code == 403


def test_multiplier_links_the_login_on_the_helper_page(multiplier_client, make_helper, helper):
    record = make_helper()
    url = f"/digitalhilfe/helfer/{record.id}/konto/"

    page = multiplier_client.get(url).content.decode()
    bad = multiplier_client.post(url, {"user": "12345678"})
    linked = multiplier_client.post(url, {"user": str(helper.pk)})

    assert "helfer@test.de" in page
    assert "aus der Liste" in bad.content.decode()
    assert linked.status_code == 302
    assert Helper.objects.get(pk=record.pk).user == helper


def test_multiplier_changes_what_the_helper_can_do(multiplier_client, make_helper, region):
    from lotse.core.models import Area

    record = make_helper()
    other = Area.objects.create(
        name="Neustadt",
        slug="neustadt",
        kind=Area.Kind.QUARTER,
        parent=record.home_quarter.parent,
        region=region,
    )
    url = f"/digitalhilfe/helfer/{record.id}/bearbeiten/"

    page = multiplier_client.get(url).content.decode()
    bad = multiplier_client.post(url, {"devices": ["mac"], "radius_km": "1" * 40})
    saved = multiplier_client.post(
        url,
        {
            "devices": ["mac"],
            "topics": ["banking"],
            "languages": ["de", "pl"],
            "quarters": [str(other.pk)],
            "is_multiplier_qualified": "on",
            "times": ["6-vormittags"],
        },
    )

    assert re.search(r'value="android"[^>]*checked', page)
    assert not re.search(r'value="mac"[^>]*checked', page)
    assert "höchstens 50 Kilometer" in bad.content.decode()
    assert saved.status_code == 302
    record.refresh_from_db()
    assert (record.devices, record.languages) == (["mac"], ["de", "pl"])
    assert record.is_multiplier_qualified
    assert list(record.quarters.all()) == [other]
    assert [a.weekday for a in record.availabilities.all()] == [6]
