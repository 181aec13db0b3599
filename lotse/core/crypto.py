"""Sensitive free text (health notes, corrections, an inquiry's notes, later case notes) is
stored encrypted with MultiFernet, in an `EncryptedTextField` of any app.

Keys come from the setting `LOTSE_FERNET_KEYS` (newest first). Values are encrypted with the
first key; every listed key can decrypt, so a new key goes first, `manage.py rotate_keys`
re-encrypts every such field, and the old key can then be removed.
"""

from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

# Stored values start with this, so plaintext can never be mistaken for a token.
PREFIX = "fernet:"


@cache
def _multi_fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        # Production must set its own keys; only DEBUG and tests derive one from SECRET_KEY.
        raise ImproperlyConfigured("LOTSE_FERNET_KEYS must be set (comma-separated Fernet keys)")
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(
            "LOTSE_FERNET_KEYS: every key must be 32 url-safe base64-encoded bytes"
        ) from exc


def fernet() -> MultiFernet:
    return _multi_fernet(tuple(settings.LOTSE_FERNET_KEYS))


def encrypt(plaintext: str) -> str:
    if plaintext == "":
        return ""
    return PREFIX + fernet().encrypt(plaintext.encode()).decode()


def decrypt(stored: str) -> str:
    if stored == "":
        return ""
    if not stored.startswith(PREFIX):
        raise ValueError("Not an encrypted value")
    try:
        return fernet().decrypt(stored.removeprefix(PREFIX).encode()).decode()
    except InvalidToken as exc:
        raise ImproperlyConfigured(
            "An encrypted value matches none of LOTSE_FERNET_KEYS; was a key removed too early?"
        ) from exc


def rotate(stored: str) -> str:
    """The value encrypted with the first key (MultiFernet.rotate); empty stays empty."""
    if stored == "":
        return ""
    token = fernet().rotate(stored.removeprefix(PREFIX).encode())
    return PREFIX + token.decode()


class EncryptedTextField(models.TextField):
    """Text that the database only ever sees encrypted. Not searchable, not orderable."""

    def from_db_value(self, value, expression, connection):
        return None if value is None else decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return None if value is None else encrypt(value)
