"""Keeping the offices without Django's admin: the region coordination creates a Quartiersbüro
for an office organisation of its region and changes any of them; managers and administrators
of the running organisation change their office's contact data. Bad input changes nothing and
says why in German."""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from conftest import _member
from lotse.core.models import Area, AuditEntry, Organisation, Role
from lotse.core.tests.authorization_matrix import PERSONAS
from lotse.office import services_manage
from lotse.office.models import Appointment, Office
from lotse.office.services import phone_is_dialable
from lotse.office.services_manage import office_booking_change, office_create, office_update
from lotse.office.tests.conftest import make_office

CONTACT = {
    "name": "Quartiersbüro Neustadt",
    "street": "Lindenallee 4",
    "postcode": "45657",
    "city": "Teststadt",
    "phone": "02361 123 45 67",
    "email": "neustadt@buero.test",
}
LIST = "/buero/verwalten/"
NEW = "/buero/verwalten/neu/"


@pytest.fixture
def neustadt(region, quarter) -> Area:
    """A second quarter of the region, next to the Altstadt."""
    return Area.objects.create(
        name="Neustadt",
        slug="neustadt",
        kind=Area.Kind.QUARTER,
        parent=quarter.parent,
        region=region,
    )


@pytest.fixture
def coordinating(office_org, quarter, neustadt) -> Organisation:
    """The Quartiersbüro Altstadt (an office organisation) coordinates both quarters."""
    office_org.coordinates.set([quarter, neustadt])
    return office_org


def _form(owner: Organisation, where: Area, **changes: str) -> dict[str, str]:
    return {"organisation": str(owner.pk), "quarter": str(where.pk), "slug": ""} | (
        CONTACT | changes
    )


# Services ----------------------------------------------------------------------------------


def test_the_coordinator_creates_an_office_named_after_its_quarter(
    region_coordinator, coordinating, neustadt
):
    office = office_create(
        actor=region_coordinator, organisation=coordinating, quarter=neustadt, data=CONTACT
    )

    assert (office.slug, office.quarter, office.organisation) == (
        "neustadt",
        neustadt,
        coordinating,
    )
    assert office.phone == "02361 123 45 67"
    entry = AuditEntry.objects.get(verb="office.created")
    assert (entry.actor, entry.target_id) == (region_coordinator, str(office.pk))


def test_a_second_office_in_the_quarter_gets_a_numbered_short_name(
    region_coordinator, coordinating, neustadt
):
    office_create(
        actor=region_coordinator, organisation=coordinating, quarter=neustadt, data=CONTACT
    )

    second = office_create(
        actor=region_coordinator, organisation=coordinating, quarter=neustadt, data=CONTACT
    )

    assert second.slug == "neustadt-2"


def test_a_short_name_someone_has_is_refused(region_coordinator, coordinating, office, neustadt):
    with pytest.raises(ValidationError) as caught:
        office_create(
            actor=region_coordinator,
            organisation=coordinating,
            quarter=neustadt,
            data=CONTACT,
            slug=office.slug,
        )

    assert caught.value.message_dict["slug"] == [
        "Dieser Kurzname ist vergeben. Bitte wählen Sie einen anderen."
    ]
    assert Office.objects.count() == 1


@pytest.mark.parametrize("slug", ["verwalten", "termine", "Alt Stadt", "a" * 81, "ä-ö"])
def test_reserved_and_malformed_short_names_are_refused(
    region_coordinator, coordinating, neustadt, slug
):
    with pytest.raises(ValidationError) as caught:
        office_create(
            actor=region_coordinator,
            organisation=coordinating,
            quarter=neustadt,
            data=CONTACT,
            slug=slug,
        )

    assert "slug" in caught.value.message_dict
    assert not Office.objects.exists()


def test_only_an_office_organisation_runs_an_office(region_coordinator, provider_org, quarter):
    provider_org.coordinates.set([quarter])

    with pytest.raises(ValidationError) as caught:
        office_create(
            actor=region_coordinator, organisation=provider_org, quarter=quarter, data=CONTACT
        )

    assert (
        "keine Organisation der Art „Quartiersbüro“" in caught.value.message_dict["organisation"][0]
    )
    assert not Office.objects.exists()


def test_the_office_lies_in_a_quarter_its_organisation_coordinates(
    region_coordinator, office_org, neustadt
):
    with pytest.raises(ValidationError) as caught:
        office_create(
            actor=region_coordinator, organisation=office_org, quarter=neustadt, data=CONTACT
        )

    assert "koordiniert das Quartier Neustadt nicht" in caught.value.message_dict["quarter"][0]
    assert not Office.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("postcode", "4565", "Die Postleitzahl muss 5 Ziffern haben"),
        ("postcode", "4565a", "Die Postleitzahl muss 5 Ziffern haben"),
        ("phone", "null-fünf-sechs-eins", "Geben Sie die Telefonnummer in Ziffern ein"),
        ("phone", "", "Geben Sie die Telefonnummer des Büros ein"),
    ],
)
def test_bad_contact_data_is_refused(
    region_coordinator, coordinating, neustadt, field, value, message
):
    with pytest.raises(ValidationError) as caught:
        office_create(
            actor=region_coordinator,
            organisation=coordinating,
            quarter=neustadt,
            data=CONTACT | {field: value},
        )

    assert caught.value.message_dict[field][0].startswith(message)
    assert not Office.objects.exists()


@pytest.mark.parametrize("persona", ["manager", "office_staff", "administrator", "outsider"])
def test_only_the_region_coordination_creates_offices(request, coordinating, neustadt, persona):
    with pytest.raises(PermissionDenied):
        office_create(
            actor=request.getfixturevalue(persona),
            organisation=coordinating,
            quarter=neustadt,
            data=CONTACT,
        )

    assert not Office.objects.exists()


def test_a_coordinator_of_another_region_creates_no_office_here(coordinating, neustadt):
    other_region = Area.objects.create(name="Kreis Fern", slug="kreis-fern", kind="region")
    far = Organisation.objects.create(name="Kreis Fern", region=other_region)
    coordinator = _member("fern@test.de", far, Role.REGION_COORDINATOR)

    with pytest.raises(PermissionDenied):
        office_create(actor=coordinator, organisation=coordinating, quarter=neustadt, data=CONTACT)


def test_the_manager_changes_the_contact_data_and_it_is_audited(office, manager):
    office_update(actor=manager, office=office, data=CONTACT | {"phone": "0561 99 88 77"})

    office.refresh_from_db()
    assert (office.name, office.phone, office.slug) == (
        "Quartiersbüro Neustadt",
        "0561 99 88 77",
        "altstadt",
    )
    entry = AuditEntry.objects.get(verb="office.changed")
    assert entry.actor == manager
    assert entry.note == (
        "Quartiersbüro Altstadt, Altstadt, altstadt -> Quartiersbüro Neustadt, Altstadt, altstadt"
    )


def test_the_manager_moves_no_office_and_renames_no_address(office, manager, neustadt):
    with pytest.raises(PermissionDenied):
        office_update(actor=manager, office=office, data=CONTACT, slug="neu")
    with pytest.raises(PermissionDenied):
        office_update(actor=manager, office=office, data=CONTACT, quarter=neustadt)

    office.refresh_from_db()
    assert (office.slug, office.quarter_id, office.name) == (
        "altstadt",
        office.quarter_id,
        "Quartiersbüro Altstadt",
    )


@pytest.mark.parametrize("persona", ["office_staff", "care_navigator", "administrator", "outsider"])
def test_others_change_no_office(request, office, persona):
    with pytest.raises(PermissionDenied):
        office_update(actor=request.getfixturevalue(persona), office=office, data=CONTACT)


def test_the_coordinator_moves_an_office_without_appointments(
    region_coordinator, office, coordinating, neustadt
):
    office_update(actor=region_coordinator, office=office, data=CONTACT, quarter=neustadt, slug="")

    office.refresh_from_db()
    assert (office.quarter, office.slug) == (neustadt, "neustadt")


def test_the_short_name_stays_once_someone_booked(region_coordinator, office):
    start = timezone.now() + dt.timedelta(days=1)
    Appointment.objects.create(
        office=office,
        region_id=office.organisation.region_id,
        start=start,
        end=start + dt.timedelta(minutes=30),
        name="Karl Schmidt",
        phone="0561 99 88 77",
        cancel_token_hash="manage-test",
    )

    with pytest.raises(ValidationError) as caught:
        office_update(actor=region_coordinator, office=office, data=CONTACT, slug="anders")

    assert "Der Kurzname bleibt" in caught.value.message_dict["slug"][0]
    office.refresh_from_db()
    assert (office.slug, office.name) == ("altstadt", "Quartiersbüro Altstadt")


# The office's manager changes its contact data; the region coordination of its region also
# creates offices and changes quarter and short name; nobody else (the administrator persona
# administers AWO Altstadt, not the office's organisation).
RULES = {
    "office.add_office": {"region_coordinator"},
    "office.change_office_details": {"manager", "region_coordinator"},
    "office.relocate_office": {"region_coordinator"},
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_office_keeping_rules_for_every_persona(request, persona, office, region):
    user = None if persona == "anonymous" else request.getfixturevalue(persona)
    user = user or AnonymousUser()
    targets = {"office.add_office": office.organisation}

    answers = {perm: user.has_perm(perm, targets.get(perm, office)) for perm in RULES}

    assert answers == {perm: persona in allowed for perm, allowed in RULES.items()}
    assert user.has_perm("office.add_office", region) == (persona == "region_coordinator")


def test_the_administrator_of_the_running_organisation_changes_its_contact_data_only(
    office, office_org
):
    admin = _member("admin-buero@test.de", office_org, Role.ADMINISTRATOR)

    assert admin.has_perm("office.change_office_details", office)
    assert not admin.has_perm("office.relocate_office", office)
    assert not admin.has_perm("office.add_office", office_org)


def test_a_short_name_taken_at_the_same_moment_is_a_message_not_an_error(
    monkeypatch, region_coordinator, coordinating, neustadt, office
):
    # Someone else saved the short name between the check and the insert: the unique index
    # answers, in a savepoint, and the service says so in German.
    monkeypatch.setattr(services_manage, "_check_slug", lambda slug, office=None: None)
    monkeypatch.setattr(Office, "validate_unique", lambda self, exclude=None: None)

    with pytest.raises(ValidationError) as caught:
        office_create(
            actor=region_coordinator,
            organisation=coordinating,
            quarter=neustadt,
            data=CONTACT,
            slug=office.slug,
        )

    assert caught.value.message_dict["slug"] == [
        "Dieser Kurzname ist vergeben. Bitte wählen Sie einen anderen."
    ]
    assert Office.objects.count() == 1
    assert not AuditEntry.objects.filter(verb="office.created").exists()


# Pages -------------------------------------------------------------------------------------


def test_the_coordinator_creates_an_office_on_the_page_and_it_is_public(
    client, region_coordinator, coordinating, neustadt
):
    client.force_login(region_coordinator)

    page = client.get(NEW + f"?traeger={coordinating.pk}")
    response = client.post(NEW, _form(coordinating, neustadt))

    assert page.status_code == 200
    assert re.search(rf'value="{coordinating.pk}"[^>]*checked', page.text)
    assert response.status_code == 302 and response["Location"] == LIST
    office = Office.objects.get()
    assert office.slug == "neustadt"
    listed = client.get(LIST).text
    assert "Quartiersbüro Neustadt ist angelegt" in listed
    assert f"/buero/{office.slug}/angaben/" in listed
    assert "Quartiersbüro Neustadt" in client.get("/buero/").text
    assert client.get("/buero/neustadt/").status_code == 200


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"slug": "altstadt"}, "Dieser Kurzname ist vergeben."),
        ({"postcode": "123"}, "Die Postleitzahl muss 5 Ziffern haben"),
        ({"postcode": "1234567"}, "Die Postleitzahl muss 5 Ziffern haben"),
        ({"phone": "ruf mich an"}, "Geben Sie die Telefonnummer in Ziffern ein"),
        ({"name": "x" * 5000}, "Geben Sie höchstens 200 Zeichen ein"),
        ({"street": "x" * 5000}, "Geben Sie höchstens 200 Zeichen ein"),
        ({"slug": "x" * 5000}, "Der Kurzname hat höchstens 80 Zeichen"),
        ({"email": "kein-at"}, "Geben Sie eine E-Mail-Adresse wie name@beispiel.de ein"),
        ({"organisation": "kein-uuid"}, "Wählen Sie einen Träger aus der Liste"),
        (
            {"quarter": "00000000-0000-0000-0000-000000000000"},
            "Wählen Sie ein Quartier aus der Liste",
        ),
        ({"name": ""}, "Geben Sie den Namen des Büros ein"),
    ],
)
def test_bad_input_on_the_page_changes_nothing_and_says_why(
    client, region_coordinator, coordinating, neustadt, office, changes, message
):
    client.force_login(region_coordinator)

    response = client.post(NEW, _form(coordinating, neustadt, **changes))

    assert response.status_code == 200
    assert message in response.text
    assert "<title>Fehler:" in response.text
    assert Office.objects.count() == 1


def test_a_nul_byte_is_refused_before_anything_happens(
    client, region_coordinator, coordinating, neustadt, office
):
    client.force_login(region_coordinator)

    created = client.post(NEW, _form(coordinating, neustadt, name="Büro\x00"))
    changed = client.post(f"/buero/{office.slug}/angaben/", CONTACT | {"city": "Ort\x00"})

    assert created.status_code == 400 and changed.status_code == 400
    assert Office.objects.count() == 1
    office.refresh_from_db()
    assert office.city == "Teststadt"


def test_the_manager_changes_the_phone_on_the_page(client, manager, office):
    client.force_login(manager)
    url = f"/buero/{office.slug}/angaben/"

    page = client.get(url)
    response = client.post(url, CONTACT | {"phone": "0561 / 99 88 77"})

    assert page.status_code == 200
    assert "Sprechstunden und Schließzeiten ändern" in page.text
    assert 'name="slug"' not in page.text and 'name="quarter"' not in page.text
    assert response.status_code == 302 and response["Location"] == url
    office.refresh_from_db()
    assert office.phone == "0561 / 99 88 77"
    assert "Die Angaben zum Büro sind gespeichert." in client.get(url).text


def test_a_manager_posting_a_short_name_changes_no_address(client, manager, office):
    client.force_login(manager)

    client.post(f"/buero/{office.slug}/angaben/", CONTACT | {"slug": "gekapert"})

    office.refresh_from_db()
    assert office.slug == "altstadt"


def test_bad_input_on_the_change_page_keeps_the_saved_data(client, manager, office):
    client.force_login(manager)

    response = client.post(f"/buero/{office.slug}/angaben/", CONTACT | {"postcode": "ABCDE"})

    assert response.status_code == 200
    assert "Die Postleitzahl muss 5 Ziffern haben" in response.text
    office.refresh_from_db()
    assert (office.postcode, office.name) == ("45657", "Quartiersbüro Altstadt")


def test_the_coordinator_changes_the_short_name_on_the_page(
    client, region_coordinator, office, coordinating
):
    client.force_login(region_coordinator)

    response = client.post(
        "/buero/altstadt/angaben/",
        CONTACT | {"quarter": str(office.quarter_id), "slug": "altstadt-mitte"},
    )

    assert response["Location"] == "/buero/altstadt-mitte/angaben/"
    office.refresh_from_db()
    assert office.slug == "altstadt-mitte"


def test_another_regions_office_answers_404_and_a_colleague_without_the_role_403(
    client, manager, office_staff, office, outsider
):
    foreign = make_office(
        Organisation.objects.get(memberships__user=outsider), office.quarter, slug="anders"
    )
    client.force_login(manager)
    assert client.get(f"/buero/{foreign.slug}/angaben/").status_code == 404
    assert client.get(LIST).status_code == 403
    assert client.get(NEW).status_code == 403

    client.force_login(office_staff)
    assert client.get(f"/buero/{office.slug}/angaben/").status_code == 403


def test_the_region_administration_links_an_office_organisation_to_its_new_office(
    client, region_coordinator, with_totp, office_org
):
    with_totp(region_coordinator)
    from lotse.accounts.tests.test_staff_menu import _log_in

    _log_in(client, region_coordinator)

    html = client.get(f"/verwaltung/organisationen/{office_org.pk}/").text

    assert f'href="{NEW}?traeger={office_org.pk}"' in html


ODD_VALUES = [
    "",
    " ",
    "x" * 5000,
    "\x00",
    "%00",
    "４５６５７",
    "<script>alert(1)</script>",
    "'; DROP TABLE office_office; --",
    "00000000-0000-0000-0000-000000000000",
    "ü" * 300,
    "\u202e\u200b",
]
FIELDS = ["organisation", "quarter", "name", "street", "postcode", "city", "phone", "email", "slug"]


def test_no_input_on_either_page_is_a_server_error_or_a_change(
    client, region_coordinator, coordinating, neustadt, office
):
    client.force_login(region_coordinator)
    edit = f"/buero/{office.slug}/angaben/"
    before = Office.objects.values().get()
    answers = set()

    for field in FIELDS:
        for value in ODD_VALUES:
            created = client.post(NEW, _form(coordinating, neustadt, slug="neu") | {field: value})
            changed = client.post(
                edit, CONTACT | {"quarter": str(office.quarter_id), field: value, "slug": "("}
            )
            answers |= {created.status_code, changed.status_code}

    assert answers <= {200, 302, 400}, answers
    # The existing office kept everything: every change above carried a bad short name. What
    # was created holds only what the rules allow.
    assert Office.objects.values().get(slug="altstadt") == before
    created = Office.objects.exclude(slug="altstadt")
    assert created.exists()
    for new in created:
        new.full_clean()
        assert re.fullmatch(r"\d{5}", new.postcode) and phone_is_dialable(new.phone)
        assert "\x00" not in new.name + new.street + new.city


# Appointment length and booking period ---------------------------------------------------


def test_the_manager_changes_length_and_booking_period_and_it_is_audited(office, manager):
    office_booking_change(actor=manager, office=office, slot_minutes=45, days_ahead=14)

    office.refresh_from_db()
    assert (office.slot_minutes, office.days_ahead) == (45, 14)
    entry = AuditEntry.objects.get(verb="office.booking_changed")
    assert (entry.actor, entry.note) == (manager, "30 min, 28 d -> 45 min, 14 d")


def test_the_length_stays_while_appointments_are_booked_but_the_period_changes(
    office, manager, region_coordinator
):
    start = timezone.now() + dt.timedelta(days=3)
    Appointment.objects.create(
        office=office,
        region_id=office.organisation.region_id,
        start=start,
        end=start + dt.timedelta(minutes=30),
        name="Karl Schmidt",
        phone="0561 99 88 77",
        cancel_token_hash="length-test",
    )

    with pytest.raises(ValidationError) as caught:
        office_booking_change(actor=manager, office=office, slot_minutes=45, days_ahead=28)
    office_booking_change(actor=region_coordinator, office=office, slot_minutes=30, days_ahead=60)

    assert caught.value.message_dict["slot_minutes"] == [
        "Die Länge eines Termins können Sie erst ändern, wenn kein Termin mehr gebucht ist. "
        "Gebucht ist noch 1 Termin."
    ]
    office.refresh_from_db()
    assert (office.slot_minutes, office.days_ahead) == (30, 60)


@pytest.mark.parametrize("persona", ["office_staff", "care_navigator", "administrator", "outsider"])
def test_others_change_no_length(request, office, persona):
    with pytest.raises(PermissionDenied):
        office_booking_change(
            actor=request.getfixturevalue(persona), office=office, slot_minutes=45, days_ahead=28
        )

    office.refresh_from_db()
    assert office.slot_minutes == 30


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"termine-slot_minutes": "3", "termine-days_ahead": "28"}, "zwischen 5 und 240 Minuten"),
        ({"termine-slot_minutes": "30", "termine-days_ahead": "400"}, "zwischen 1 und 366 Tagen"),
        ({"termine-slot_minutes": "halbe Stunde", "termine-days_ahead": "28"}, "als Zahl ein"),
        ({"termine-slot_minutes": "9" * 5000, "termine-days_ahead": "28"}, "als Zahl ein"),
        ({"termine-days_ahead": "28"}, "wie viele Minuten ein Termin dauert"),
    ],
)
def test_bad_length_or_period_on_the_page_changes_nothing(client, manager, office, data, message):
    client.force_login(manager)

    response = client.post(f"/buero/{office.slug}/angaben/termine/", data)

    assert response.status_code == 200
    assert message in response.text and "<title>Fehler:" in response.text
    office.refresh_from_db()
    assert (office.slot_minutes, office.days_ahead) == (30, 28)


def test_the_manager_changes_the_period_on_the_page(client, manager, office):
    client.force_login(manager)

    response = client.post(
        f"/buero/{office.slug}/angaben/termine/",
        {"termine-slot_minutes": "30", "termine-days_ahead": "56"},
    )

    assert response["Location"] == f"/buero/{office.slug}/angaben/"
    office.refresh_from_db()
    assert office.days_ahead == 56
    assert (
        "Länge und Buchungszeitraum der Termine sind gespeichert."
        in client.get(response["Location"]).text
    )
