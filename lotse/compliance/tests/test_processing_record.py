from django.apps import apps

from lotse.compliance.checks import check_declarations
from lotse.compliance.personal_data import holds_personal_data, personal_data_models
from lotse.compliance.selectors import processing_record
from lotse.core.declarations import declarations


def test_every_model_with_personal_data_is_in_a_processing_activity():
    declared = {label for a in declarations().activities for label in a.models}

    missing = [m._meta.label for m in personal_data_models() if m._meta.label not in declared]

    assert not missing, (
        "Models with personal data in no processing activity; declare them in the owning "
        "app's processing.py (lotse/core/declarations.py):\n  " + "\n  ".join(missing)
    )


def test_personal_data_is_recognised_from_the_fields():
    model = apps.get_model

    assert holds_personal_data(model("people.Person"))
    assert holds_personal_data(model("accounts.User"))
    assert holds_personal_data(model("people.Consent"))  # a relation to the person
    assert holds_personal_data(model("core.Membership"))  # a relation to the user
    assert holds_personal_data(model("core.BarrierReport"))  # e-mail and phone
    assert not holds_personal_data(model("core.Area"))
    # Only `released_by`: which staff member did it is bookkeeping, not a subject's data.
    assert not holds_personal_data(model("compliance.RetentionRun"))


def test_declarations_pass_the_system_check():
    assert check_declarations() == []


def test_check_refuses_unknown_kinds_days_and_actions(settings):
    settings.LOTSE_RETENTION = {
        "people.unknown": {"days": 10},
        "core.barrier_report": {"action": "shred"},
        "accounts.invitation": {"days": 0},
    }

    messages = [m.msg for m in check_declarations()]

    assert len(messages) == 3
    assert any("people.unknown" in m for m in messages)
    assert any("shred" in m for m in messages)
    assert any("days" in m for m in messages)


def test_record_lists_person_fields_with_encryption_and_health_marks():
    record = processing_record()

    advice = next(a for a in record["activities"] if a.activity.key == "people.advice")
    persons = next(m for m in advice.models if m.name == "Personen")
    fields = {f.label: f for f in persons.fields}
    assert not fields["Vorname"].encrypted and not fields["Vorname"].health
    assert fields["Hören"].encrypted and fields["Hören"].health
    assert "Art. 9 Abs. 2 lit. a DSGVO: ausdrückliche Einwilligung (Gesundheitsdaten)" in (
        advice.legal_bases
    )
    assert [r.kind for r in advice.retention] == ["people.person", "people.consent_evidence"]
    assert "1095 Tage nach der letzten Änderung" in advice.retention[0].text


def test_record_follows_the_retention_setting(settings):
    settings.LOTSE_RETENTION = {"core.barrier_report": {"days": 30, "action": "anonymise"}}

    record = processing_record()

    reports = next(a for a in record["activities"] if a.activity.key == "core.barrier_reports")
    assert reports.retention[0].text == "30 Tage nach dem Eingang"
    assert reports.retention[0].action == "anonymisieren"


def test_record_names_the_controller_from_the_settings(settings):
    settings.LOTSE_CONTROLLER_NAME = "Kreis Beispiel"
    settings.LOTSE_CONTROLLER_DPO = "Frau Datenschutz"

    record = processing_record()

    assert record["controller"]["name"] == "Kreis Beispiel"
    assert record["controller"]["dpo"] == "Frau Datenschutz"


def test_record_lists_columns_without_german_name_as_technical():
    record = processing_record()

    advice = next(a for a in record["activities"] if a.activity.key == "people.advice")
    persons = next(m for m in advice.models if m.name == "Personen")
    corrections = next(m for m in advice.models if m.name == "Änderungen")
    by_label = {f.label: f for f in persons.fields}
    assert by_label["search_name"].technical
    assert not by_label["Vorname"].technical
    # The old and new values of a correction: encrypted, without a German name.
    assert any(f.technical and f.encrypted for f in corrections.fields)
    # German names come first, technical columns after them.
    assert persons.fields.index(by_label["Vorname"]) < persons.fields.index(by_label["search_name"])


def test_models_without_german_name_are_named_by_their_label():
    record = processing_record()

    names = {m.name for a in record["activities"] for m in a.models}
    assert "core.Membership" in names
    assert "Benutzerkonten" in names
