"""Art. 16 history, proxies and the duplicate merge: services, rules and selectors."""

import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from django.utils import timezone

from lotse.core.models import AuditEntry
from lotse.people.models import Consent, Person, PersonCorrection, Proxy
from lotse.people.selectors import (
    access_proxy,
    correction_list,
    person_duplicates_of,
    person_search,
    proxy_choices,
)
from lotse.people.services import (
    consent_record,
    person_create,
    person_merge,
    person_update,
    proxy_add,
    proxy_end,
)

ALLOWED = ["office_staff", "care_navigator", "manager", "office_admin"]
REFUSED = ["provider_staff", "outsider", "resident", "office_resident", "researcher"]


def _guardian(**extra):
    return {
        "kind": Proxy.Kind.GUARDIAN,
        "name": "Dr. Jens Vogt",
        "relationship": "Berufsbetreuer",
        "phone": "0561 55 66",
        "scope": [Proxy.Scope.HEALTH, Proxy.Scope.ASSETS],
        "evidence_kind": Proxy.Evidence.GUARDIAN_CARD,
        "evidence_seen_on": timezone.localdate(),
        "valid_until": timezone.localdate() + dt.timedelta(days=365),
        **extra,
    }


def _raw(table: str, column: str, pk) -> str:
    with connection.cursor() as cursor:
        key = PersonCorrection._meta.pk.get_db_prep_value(pk, connection)
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [key])  # noqa: S608
        return cursor.fetchone()[0]


# --- Art. 16: corrections with history ------------------------------------------------------


def test_update_records_old_and_new_values_with_reason(office_staff, erna):
    person_update(
        actor=office_staff,
        person=erna,
        data={"phone": "0561 99 88", "street": "Hauptstraße 5", "contact_channel": "letter"},
        reason="Tochter hat angerufen",
    )

    correction = PersonCorrection.objects.get(person=erna)
    assert correction.changed_by == office_staff
    assert correction.reason == "Tochter hat angerufen"
    assert correction.fields == ["phone", "contact_channel"]
    assert correction.changes() == {
        "phone": ["0561 / 12 34 56", "0561 99 88"],
        "contact_channel": ["Telefon", "Brief"],
    }
    assert correction.rows()[0] == ("Telefon", "0561 / 12 34 56", "0561 99 88")


def test_history_values_and_reason_are_stored_encrypted(office_staff, erna):
    person_update(actor=office_staff, person=erna, data={"phone": "0561 99 88"}, reason="Umzug")

    correction = PersonCorrection.objects.get(person=erna)
    values = _raw("people_personcorrection", "change_values", correction.pk)
    reason = _raw("people_personcorrection", "reason", correction.pk)
    assert values.startswith("fernet:")
    assert "0561" not in values
    assert reason.startswith("fernet:")
    assert "Umzug" not in reason


def test_audit_entry_of_an_update_names_fields_never_values(office_staff, erna):
    person_update(actor=office_staff, person=erna, data={"phone": "0561 99 88"})

    entry = AuditEntry.objects.get(verb="person.updated")
    assert entry.note == "phone"
    assert "99 88" not in entry.note


def test_update_without_a_change_records_nothing(office_staff, erna):
    person_update(actor=office_staff, person=erna, data={"phone": erna.phone}, reason="x")

    assert not PersonCorrection.objects.exists()


def test_invalid_update_changes_nothing_and_keeps_no_history(office_staff, erna):
    with pytest.raises(ValidationError):
        person_update(actor=office_staff, person=erna, data={"birth_year": 1800})

    assert not PersonCorrection.objects.exists()
    assert Person.objects.get(pk=erna.pk).birth_year == 1938


def test_refused_update_keeps_no_history(outsider, erna):
    with pytest.raises(PermissionDenied):
        person_update(actor=outsider, person=erna, data={"phone": "1"})

    assert not PersonCorrection.objects.exists()


def test_history_lists_newest_first(office_staff, erna):
    person_update(actor=office_staff, person=erna, data={"phone": "1"})
    person_update(actor=office_staff, person=erna, data={"phone": "2"})

    assert [c.changes()["phone"][1] for c in correction_list(person=erna)] == ["2", "1"]


# --- Proxies --------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ALLOWED + REFUSED)
def test_who_may_add_and_end_proxies(request, erna, office_staff, persona):
    actor = request.getfixturevalue(persona)

    if persona in ALLOWED:
        proxy = proxy_add(actor=actor, person=erna, data=_guardian())
        proxy_end(actor=actor, proxy=proxy)
        assert proxy.recorded_by == actor
    else:
        with pytest.raises(PermissionDenied):
            proxy_add(actor=actor, person=erna, data=_guardian())
        proxy = proxy_add(actor=office_staff, person=erna, data=_guardian())
        with pytest.raises(PermissionDenied):
            proxy_end(actor=actor, proxy=proxy)


def test_proxy_add_records_evidence_and_audits_without_values(office_staff, erna):
    proxy = proxy_add(actor=office_staff, person=erna, data=_guardian(evidence_note="Kopie"))

    assert proxy.is_active
    assert proxy.region_id == erna.region_id
    assert proxy.scope_labels() == ["Gesundheitssorge", "Vermögenssorge"]
    entry = AuditEntry.objects.get(verb="proxy.added")
    assert entry.target_id == str(proxy.pk)
    assert "Vogt" not in entry.note


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"scope": []}, "scope"),
        ({"scope": ["taschengeld"]}, "scope"),
        ({"kind": Proxy.Kind.RELATIVE}, "scope"),
        ({"name": ""}, "name"),
        ({"evidence_kind": ""}, "evidence_kind"),
        # Dates are days from today, filled in when the test runs: collection may happen
        # before midnight and the run after it.
        ({"valid_until": -1}, "valid_until"),
        ({"evidence_seen_on": 1}, None),
    ],
)
def test_proxy_add_refuses_bad_input_and_saves_nothing(office_staff, erna, extra, field):
    today = timezone.localdate()
    dates = {"valid_until", "evidence_seen_on"}
    data = _guardian(
        **{k: today + dt.timedelta(days=v) if k in dates else v for k, v in extra.items()}
    )
    with pytest.raises(ValidationError) as info:
        proxy_add(actor=office_staff, person=erna, data=data)

    if field:
        assert field in info.value.message_dict
    assert not Proxy.objects.exists()
    assert not AuditEntry.objects.filter(verb="proxy.added").exists()


def test_a_relative_needs_no_scope(office_staff, erna):
    proxy = proxy_add(
        actor=office_staff,
        person=erna,
        data={
            "kind": Proxy.Kind.RELATIVE,
            "name": "Petra Müller",
            "relationship": "Tochter",
            "evidence_kind": Proxy.Evidence.VERBAL,
        },
    )

    assert proxy.scope == []
    assert proxy.evidence_seen_on == timezone.localdate()


def test_ending_a_proxy_twice_is_refused(office_staff, erna):
    proxy = proxy_add(actor=office_staff, person=erna, data=_guardian())
    proxy_end(actor=office_staff, proxy=proxy)

    with pytest.raises(ValidationError):
        proxy_end(actor=office_staff, proxy=proxy)
    proxy.refresh_from_db()
    assert proxy.ended_by == office_staff
    assert not proxy.is_active


def test_expired_and_ended_proxies_cannot_give_consent(office_staff, erna):
    ended = proxy_add(actor=office_staff, person=erna, data=_guardian())
    proxy_end(actor=office_staff, proxy=ended)
    expired = proxy_add(actor=office_staff, person=erna, data=_guardian())
    Proxy.objects.filter(pk=expired.pk).update(valid_until=dt.date(2020, 1, 1))
    expired.refresh_from_db()
    active = proxy_add(actor=office_staff, person=erna, data=_guardian())

    assert list(proxy_choices(person=erna)) == [active]
    for proxy in (ended, expired):
        with pytest.raises(ValidationError):
            consent_record(
                actor=office_staff,
                person=erna,
                purpose=Consent.Purpose.KEEP,
                given_how=Consent.GivenHow.PROXY,
                proxy=proxy,
            )


def test_consent_by_proxy_needs_exactly_an_active_proxy_of_the_person(office_staff, office, erna):
    proxy = proxy_add(actor=office_staff, person=erna, data=_guardian())
    karl = person_create(
        actor=office_staff,
        organisation=office,
        data={"given_name": "Karl", "family_name": "Schulz", "birth_year": 1940},
    )
    karls_proxy = proxy_add(actor=office_staff, person=karl, data=_guardian())

    with pytest.raises(ValidationError) as missing:
        consent_record(
            actor=office_staff,
            person=erna,
            purpose=Consent.Purpose.KEEP,
            given_how=Consent.GivenHow.PROXY,
        )
    with pytest.raises(ValidationError) as not_by_proxy:
        consent_record(
            actor=office_staff,
            person=erna,
            purpose=Consent.Purpose.KEEP,
            given_how=Consent.GivenHow.WRITTEN,
            proxy=proxy,
        )
    with pytest.raises(ValidationError):
        consent_record(
            actor=office_staff,
            person=erna,
            purpose=Consent.Purpose.KEEP,
            given_how=Consent.GivenHow.PROXY,
            proxy=karls_proxy,
        )
    consent = consent_record(
        actor=office_staff,
        person=erna,
        purpose=Consent.Purpose.KEEP,
        given_how=Consent.GivenHow.PROXY,
        proxy=proxy,
    )

    assert "proxy" in missing.value.message_dict
    assert "proxy" in not_by_proxy.value.message_dict
    assert Consent.objects.get().pk == consent.pk
    assert consent.proxy == proxy


def test_access_proxy_answers_404_for_another_persons_proxy(office_staff, office, erna):
    karl = person_create(
        actor=office_staff,
        organisation=office,
        data={"given_name": "Karl", "family_name": "Schulz", "birth_year": 1940},
    )
    karls_proxy = proxy_add(actor=office_staff, person=karl, data=_guardian())

    with pytest.raises(Http404):
        access_proxy(office_staff, person=erna, proxy_id=karls_proxy.id)
    assert access_proxy(office_staff, person=karl, proxy_id=karls_proxy.id) == karls_proxy


# --- Duplicates and merge -------------------------------------------------------------------


@pytest.fixture
def erna_again(office_staff, office) -> Person:
    """The same Erna, typed differently on another call, with a birth date and e-mail."""
    return person_create(
        actor=office_staff,
        organisation=office,
        data={
            "given_name": "Erna",
            "family_name": "Mueller",
            "birth_year": 1938,
            "birth_date": dt.date(1938, 5, 4),
            "email": "erna@example.org",
            "phone": "+49 561 123456",
            "street": "Hauptstr. 5",
            "mobility_note": "Rollator",
        },
        confirmed_new=True,
    )


def test_duplicates_of_a_person_tolerate_spelling(erna, erna_again):
    assert person_duplicates_of(person=erna) == [erna_again]
    assert person_duplicates_of(person=erna_again) == [erna]


def test_anonymised_persons_are_not_listed_nor_duplicates(office_staff, erna, erna_again):
    Person.objects.filter(pk=erna_again.pk).update(anonymised_at=timezone.now())

    assert person_search(actor=office_staff, text="Müller") == [erna]
    assert person_duplicates_of(person=erna) == []


def test_merge_moves_every_relation_fills_gaps_and_deletes_the_duplicate(
    office_staff, erna, erna_again
):
    consent = consent_record(
        actor=office_staff,
        person=erna_again,
        purpose=Consent.Purpose.KEEP,
        given_how=Consent.GivenHow.VERBAL_PHONE,
    )
    proxy = proxy_add(actor=office_staff, person=erna_again, data=_guardian())
    person_update(actor=office_staff, person=erna_again, data={"city": "Kassel"}, reason="x")

    kept = person_merge(actor=office_staff, keep=erna, duplicate=erna_again)

    assert not Person.objects.filter(pk=erna_again.pk).exists()
    consent.refresh_from_db()
    proxy.refresh_from_db()
    assert consent.person_id == erna.pk
    assert proxy.person_id == erna.pk
    kept.refresh_from_db()
    # Filled from the duplicate where empty; erna's own values stay.
    assert kept.email == "erna@example.org"
    assert kept.birth_date == dt.date(1938, 5, 4)
    assert kept.mobility_note == "Rollator"
    assert kept.phone == "0561 / 12 34 56"
    assert kept.city == "Teststadt"
    merge, older = correction_list(person=kept)
    assert merge.kind == PersonCorrection.Kind.MERGE
    assert set(merge.fields) == {"email", "birth_date", "mobility_note"}
    assert merge.changes()["email"] == ["", "erna@example.org"]
    assert str(erna_again.pk) in merge.reason
    assert older.changes()["city"] == ["", "Kassel"]  # the duplicate's history came along
    verbs = AuditEntry.objects.filter(verb__startswith="person.merged")
    assert {(e.verb, e.target_id) for e in verbs} == {
        ("person.merged", str(erna.pk)),
        ("person.merged_away", str(erna_again.pk)),
    }
    assert all("erna@example.org" not in e.note for e in verbs)


def test_merge_is_all_or_nothing(office_staff, erna, erna_again, monkeypatch):
    consent = consent_record(
        actor=office_staff,
        person=erna_again,
        purpose=Consent.Purpose.KEEP,
        given_how=Consent.GivenHow.VERBAL_PHONE,
    )
    from lotse.people import services

    def broken(**kwargs):
        raise RuntimeError("audit down")

    monkeypatch.setattr(services, "audit_record", broken)

    with pytest.raises(RuntimeError):
        person_merge(actor=office_staff, keep=erna, duplicate=erna_again)

    consent.refresh_from_db()
    assert consent.person_id == erna_again.pk
    assert Person.objects.filter(pk=erna_again.pk).exists()
    assert Person.objects.get(pk=erna.pk).email == ""
    assert not PersonCorrection.objects.filter(kind=PersonCorrection.Kind.MERGE).exists()


def test_merge_refuses_persons_of_another_organisation(office_staff, erna, outsider):
    from lotse.core.models import Membership, Role

    foreign_org = outsider.memberships.get().organisation
    Membership.objects.create(user=office_staff, organisation=foreign_org, role=Role.OFFICE_STAFF)
    foreign = person_create(
        actor=office_staff,
        organisation=foreign_org,
        data={"given_name": "Erna", "family_name": "Müller", "birth_year": 1938},
    )

    with pytest.raises(ValidationError):
        person_merge(actor=office_staff, keep=erna, duplicate=foreign)
    assert Person.objects.filter(pk=foreign.pk).exists()


def test_merge_refuses_a_person_with_itself(office_staff, erna):
    with pytest.raises(ValidationError):
        person_merge(actor=office_staff, keep=erna, duplicate=erna)


@pytest.mark.parametrize("persona", ALLOWED + REFUSED)
def test_who_may_merge(request, persona, erna, erna_again):
    actor = request.getfixturevalue(persona)

    if persona in ALLOWED:
        person_merge(actor=actor, keep=erna, duplicate=erna_again)
        assert not Person.objects.filter(pk=erna_again.pk).exists()
    else:
        with pytest.raises(PermissionDenied):
            person_merge(actor=actor, keep=erna, duplicate=erna_again)
        assert Person.objects.filter(pk=erna_again.pk).exists()


def test_merge_history_values_are_encrypted(office_staff, erna, erna_again):
    person_merge(actor=office_staff, keep=erna, duplicate=erna_again)

    correction = PersonCorrection.objects.get(kind=PersonCorrection.Kind.MERGE)
    raw = _raw("people_personcorrection", "change_values", correction.pk)
    assert "erna@example.org" not in raw
    assert json.loads(correction.change_values)["email"][1] == "erna@example.org"


def test_merge_without_gaps_to_fill_still_records_the_merge(office_staff, office, erna):
    twin = person_create(
        actor=office_staff,
        organisation=office,
        data={"given_name": "Erna", "family_name": "Müller", "birth_year": 1938},
        confirmed_new=True,
    )

    person_merge(actor=office_staff, keep=erna, duplicate=twin)

    correction = PersonCorrection.objects.get(kind=PersonCorrection.Kind.MERGE)
    assert correction.fields == []
    assert not Person.objects.filter(pk=twin.pk).exists()


def test_merge_covers_every_foreign_key_to_person_in_every_app():
    from django.apps import apps

    from lotse.people.selectors import person_relations

    pointing = {
        (model._meta.label, field.name)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if field.concrete and field.is_relation and field.related_model is Person
    }
    covered = {
        (relation.related_model._meta.label, relation.field.name) for relation in person_relations()
    }

    assert ("people.Consent", "person") in pointing
    assert pointing <= covered


def test_merge_refuses_an_anonymised_record(office_staff, erna, erna_again):
    Person.objects.filter(pk=erna_again.pk).update(anonymised_at=timezone.now())
    erna_again.refresh_from_db()

    with pytest.raises(ValidationError):
        person_merge(actor=office_staff, keep=erna, duplicate=erna_again)
    assert Person.objects.filter(pk=erna_again.pk).exists()
