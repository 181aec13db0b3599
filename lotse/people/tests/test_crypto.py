import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection

from lotse.people.models import Person

PLAIN = "Hört links schlecht, bitte laut sprechen."


def _stored(person: Person, column: str = "hearing_note") -> str:
    with connection.cursor() as cursor:
        pk = Person._meta.pk.get_db_prep_value(person.pk, connection)
        cursor.execute(f"SELECT {column} FROM people_person WHERE id = %s", [pk])
        return cursor.fetchone()[0]


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

    call_command("people_rotate_keys", batch_size=1)

    after = _stored(erna)
    assert after != before
    assert (
        Fernet(new_key.encode()).decrypt(after.removeprefix("fernet:").encode()).decode() == PLAIN
    )
    settings.LOTSE_FERNET_KEYS = [new_key]
    assert Person.objects.get(pk=erna.pk).hearing_note == PLAIN


def test_a_value_matching_no_key_fails_loudly(erna, settings):
    settings.LOTSE_FERNET_KEYS = [Fernet.generate_key().decode()]

    with pytest.raises(ImproperlyConfigured):
        Person.objects.get(pk=erna.pk)


def test_missing_keys_fail_loudly(erna, settings):
    settings.LOTSE_FERNET_KEYS = []

    with pytest.raises(ImproperlyConfigured):
        Person.objects.get(pk=erna.pk)
