import json

import pytest
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder

from lotse.compliance import selectors_rights as selectors
from lotse.compliance.selectors_rights import exported_fields, field_label, subject_access_collect
from lotse.compliance.services import subject_access_export
from lotse.core.models import AuditEntry
from lotse.people.models import Consent, Person, PersonCorrection, Proxy
from lotse.people.selectors import access_person
from lotse.people.services import consent_record, person_update
from lotse.people.tests.factories import PersonFactory


def _fields(record: dict) -> dict[str, dict]:
    return {field["name"]: field for field in record["fields"]}


def _section(data: dict, model: str) -> dict:
    return next(section for section in data["records"] if section["model"] == model)


def test_collect_exports_the_person_with_german_labels_and_decrypted_notes(office_staff, erna):
    data = subject_access_collect(actor=office_staff, person=erna)

    fields = _fields(data["person"])
    assert fields["given_name"] == {
        "name": "given_name",
        "label": "Vorname",
        "value": "Erna",
        "text": "Erna",
    }
    assert fields["birth_year"]["value"] == 1938
    assert fields["hearing_note"]["value"] == "Hört links schlecht, bitte laut sprechen."
    assert fields["quarter"]["text"] == "Altstadt"
    assert fields["contact_channel"]["text"] == "Telefon"
    assert fields["languages"]["value"] == ["de", "tr"]
    # Keys, search keys and the routing region are internal.
    assert "id" not in fields
    assert not any(name.startswith("search_") for name in fields)
    assert "region" not in fields
    assert data["controller"] == "Quartiersbüro Altstadt"


def test_collect_walks_every_record_pointing_to_the_person(
    office_staff, erna, erna_consent, erna_proxy
):
    person_update(
        actor=office_staff, person=erna, data={"phone": "0561 55 55"}, reason="Neue Nummer"
    )

    data = subject_access_collect(actor=office_staff, person=erna)

    labels = {section["model"]: section["label"] for section in data["records"]}
    assert labels["people.Consent"] == "Einwilligungen"
    assert labels["people.Proxy"] == "Vertretungen"
    assert labels["people.PersonCorrection"] == "Änderungen"
    (consent,) = _section(data, "people.Consent")["items"]
    assert _fields(consent)["purpose"]["text"] == "Daten speichern"
    assert _fields(consent)["evidence_note"]["value"] == "Am Telefon mit Frau Müller besprochen."
    assert "person" not in _fields(consent)
    (proxy,) = _section(data, "people.Proxy")["items"]
    assert _fields(proxy)["name"]["value"] == "Klaus Müller"
    # A consent given by the proxy is listed once, under consents, not again below the proxy.
    assert proxy["related"] == []
    (correction,) = _section(data, "people.PersonCorrection")["items"]
    # Stored encrypted, exported readable: the old and the new number.
    values = [field["value"] for field in correction["fields"]]
    assert any("0561 / 12 34 56" in str(value) for value in values)
    assert _fields(correction)["reason"]["value"] == "Neue Nummer"


def test_collect_walks_one_level_down_into_records_of_records(
    monkeypatch, office_staff, erna, erna_proxy
):
    given_by_proxy = consent_record(
        actor=office_staff,
        person=erna,
        purpose=Consent.Purpose.KEEP,
        given_how=Consent.GivenHow.PROXY,
        proxy=erna_proxy,
    )
    # Consent stands in for a model that points to a proxy but not to the person itself.
    monkeypatch.setattr(selectors, "_points_to_person", lambda model: False)

    data = subject_access_collect(actor=office_staff, person=erna)

    (proxy,) = _section(data, "people.Proxy")["items"]
    (below,) = [section for section in proxy["related"] if section["model"] == "people.Consent"]
    assert [_fields(item)["given_at"]["value"] for item in below["items"]] == [
        given_by_proxy.given_at.isoformat()
    ]
    assert "proxy" not in _fields(below["items"][0])
    recorded = [e for e in data["audit"] if e["action"] == "Einwilligung erfasst"]
    assert len(recorded) == 1


def test_collect_includes_who_read_and_changed_what_and_why(office_staff, erna, erna_consent):
    access_person(office_staff, erna.id, purpose="Weitervermittlung")

    data = subject_access_collect(actor=office_staff, person=erna)

    actions = [(e["action"], e["record"], e["actor"], e["purpose"]) for e in data["audit"]]
    assert ("Angelegt", "Person", "buero@test.de", "Anlage") in actions
    assert ("Angesehen", "Person", "buero@test.de", "Weitervermittlung") in actions
    assert ("Einwilligung erfasst", "Einwilligung", "buero@test.de", "Einwilligung") in actions


def test_collect_leaves_out_other_persons_entries(office_staff, office, erna):
    other = PersonFactory.create(
        organisation=office,
        given_name="Otto",
        family_name="Anders",
        birth_year=1940,
    )
    access_person(office_staff, other.id, purpose="Beratung")

    data = subject_access_collect(actor=office_staff, person=erna)

    # Only Erna's creation is logged: the read of Otto (purpose "Beratung") is not hers.
    assert [(e["action"], e["purpose"]) for e in data["audit"]] == [("Angelegt", "Anlage")]


def test_collect_is_plain_json(office_staff, erna, erna_consent, erna_proxy):
    data = subject_access_collect(actor=office_staff, person=erna)

    # No lazy strings, dates or model instances: the default encoder must do.
    assert json.loads(json.dumps(data)) == json.loads(json.dumps(data, cls=DjangoJSONEncoder))


@pytest.mark.parametrize("persona", ["helper", "provider_staff", "outsider", "resident"])
def test_collect_refuses_who_does_not_work_with_the_person(request, erna, persona):
    actor = request.getfixturevalue(persona)

    with pytest.raises(PermissionDenied):
        subject_access_collect(actor=actor, person=erna)


def test_collect_refuses_anonymous(erna):
    with pytest.raises(PermissionDenied):
        subject_access_collect(actor=None, person=erna)


def test_export_is_audited_with_its_purpose(care_navigator, erna):
    subject_access_export(actor=care_navigator, person=erna, file_format="pdf")

    entry = AuditEntry.objects.get(verb="person.exported")
    assert (entry.actor, entry.target_id) == (care_navigator, str(erna.pk))
    assert (entry.purpose, entry.note) == ("Auskunft nach Art. 15 DSGVO", "pdf")


def test_refused_export_is_not_audited(provider_staff, erna):
    with pytest.raises(PermissionDenied):
        subject_access_export(actor=provider_staff, person=erna, file_format="json")

    assert not AuditEntry.objects.filter(verb="person.exported").exists()


@pytest.mark.parametrize("model", [Person, Consent, Proxy, PersonCorrection])
def test_every_exported_field_has_a_german_label(model):
    parent_field = "" if model is Person else "person"

    for field in exported_fields(model, parent_field=parent_field):
        assert field_label(field) != field.name, f"{model.__name__}.{field.name}"
