"""Keeps an uploaded import file between the check (dry run) and the import itself: in the
database (ImportUpload), so that behind a load balancer the second step may reach any app
server. The row is found by the hash of a random token that only the uploader's session knows;
it is removed after the import, when the uploader starts over, or after a day (at the next
upload). For the import itself the file is written to a temporary folder of the server that
runs it, and removed right after.
"""

import datetime as dt
import hashlib
import re
import secrets
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from lotse.directory.models import ImportUpload

MAX_AGE = dt.timedelta(days=1)
_TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")
_SUFFIX = re.compile(r"\.[a-z0-9]{1,8}")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def upload_stage(*, upload: UploadedFile, suffix: str) -> str:
    """Stores the upload; returns its token."""
    _sweep()
    token = secrets.token_urlsafe(24)
    data = b"".join(upload.chunks())
    ImportUpload.objects.create(
        token_hash=_hash(token), suffix=suffix if _SUFFIX.fullmatch(suffix) else "", data=data
    )
    return token


@contextmanager
def upload_file(*, token: str) -> Iterator[Path | None]:
    """The staged upload as a file of this server for as long as the block runs; None when
    there is none for the token (never staged, imported already, or swept)."""
    row = (
        ImportUpload.objects.filter(token_hash=_hash(token)).first()
        if _TOKEN.fullmatch(token)
        else None
    )
    if row is None:
        yield None
        return
    with tempfile.TemporaryDirectory(prefix="lotse-import-") as folder:
        path = Path(folder) / f"upload{row.suffix}"
        path.write_bytes(bytes(row.data))
        yield path


def upload_discard(*, token: str) -> None:
    if _TOKEN.fullmatch(token):
        ImportUpload.objects.filter(token_hash=_hash(token)).delete()


def _sweep() -> None:
    ImportUpload.objects.filter(created_at__lt=timezone.now() - MAX_AGE).delete()
