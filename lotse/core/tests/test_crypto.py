import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection
from django.db.models import Model

from lotse.desk.models import Inquiry
from lotse.people.models import Person, PersonCorrection

PLAIN = "Hört links schlecht, bitte laut sprechen."


def _stored(obj: Model, column: str = "hearing_note") -> str:
    """The column as the database holds it, past the field's decryption."""
    meta = type(obj)._meta
    with connection.cursor() as cursor:
        pk = meta.pk.get_db_prep_value(obj.pk, connection)
        cursor.execute(f"SELECT {column} FROM {meta.db_table} WHERE {meta.pk.column} = %s", [pk])
        return cursor.fetchone()[0]


def _decrypt(stored: str, key: str) -> str:
    return Fernet(key.encode()).decrypt(stored.removeprefix("fernet:").encode()).decode()


def test_health_notes_are_stored_encrypted(erna):
    stored = _stored(erna)

    assert stored.startswith("fernet:")
    assert "schlecht" not in stored
    assert Person.objects.get(pk=erna.pk).hearing_note == PLAIN


def test_rotation_re_encrypts_with_the_new_first_key(erna, settings):
    old_key = settings.LOTSE_FERNET_KEYS[0]
    before = _stored(erna)
    new_key = Fernet.generate_key().decode()
    settings.LOTSE_FERNET_KEYS = [new_key, old_key]

    call_command("rotate_keys", batch_size=1)

    after = _stored(erna)
    assert after != before
    assert _decrypt(after, new_key) == PLAIN
    settings.LOTSE_FERNET_KEYS = [new_key]
    assert Person.objects.get(pk=erna.pk).hearing_note == PLAIN


def test_rotation_reaches_every_encrypted_field_of_every_app(erna, office_staff, settings):
    # Given a correction of the person and an inquiry, each with encrypted text
    correction = PersonCorrection.objects.create(
        person=erna,
        region_id=erna.region_id,
        changed_by=office_staff,
        reason="Umzug ins Pflegeheim",
        change_values='{"street": ["Alter Weg 1", "Neuer Weg 2"]}',
    )
    inquiry = Inquiry.objects.create(
        organisation=erna.organisation,
        region_id=erna.region_id,
        channel="phone",
        person=erna,
        description="Braucht Hilfe beim Einkaufen, seit dem Sturz unsicher.",
        closing_note="Nachbarschaftshilfe kommt dienstags.",
    )
    touched_at = {
        "person": Person.objects.get(pk=erna.pk).updated_at,
        "inquiry": Inquiry.objects.get(pk=inquiry.pk).updated_at,
    }
    old_key = settings.LOTSE_FERNET_KEYS[0]
    new_key = Fernet.generate_key().decode()
    settings.LOTSE_FERNET_KEYS = [new_key, old_key]

    # When the keys are rotated
    call_command("rotate_keys")

    # Then every encrypted column of both apps opens with the new key alone
    for obj, column, plain in [
        (correction, "reason", "Umzug ins Pflegeheim"),
        (correction, "change_values", '{"street": ["Alter Weg 1", "Neuer Weg 2"]}'),
        (inquiry, "description", "Braucht Hilfe beim Einkaufen, seit dem Sturz unsicher."),
        (inquiry, "closing_note", "Nachbarschaftshilfe kommt dienstags."),
        (erna, "hearing_note", PLAIN),
    ]:
        assert _decrypt(_stored(obj, column), new_key) == plain, column
    settings.LOTSE_FERNET_KEYS = [new_key]
    assert Inquiry.objects.get(pk=inquiry.pk).closing_note == "Nachbarschaftshilfe kommt dienstags."
    # and no time stamp moved (retention counts changes by them)
    assert {
        "person": Person.objects.get(pk=erna.pk).updated_at,
        "inquiry": Inquiry.objects.get(pk=inquiry.pk).updated_at,
    } == touched_at


def test_a_value_matching_no_key_fails_loudly(erna, settings):
    settings.LOTSE_FERNET_KEYS = [Fernet.generate_key().decode()]

    with pytest.raises(ImproperlyConfigured):
        Person.objects.get(pk=erna.pk)


def test_missing_keys_fail_loudly(erna, settings):
    settings.LOTSE_FERNET_KEYS = []

    with pytest.raises(ImproperlyConfigured):
        Person.objects.get(pk=erna.pk)
