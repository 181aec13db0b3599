"""Keeps an uploaded import file between the check (dry run) and the import itself: in a
folder of the server's temporary directory named by a random token, which only the uploader's
session knows. Folders older than a day are removed at the next upload.

One server's disk: behind a load balancer the two steps must reach the same server (sticky
sessions), or the folder must be shared.
"""

import re
import secrets
import shutil
import tempfile
import time
from pathlib import Path

from django.core.files.uploadedfile import UploadedFile

MAX_AGE_SECONDS = 24 * 60 * 60
_TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")


def _root() -> Path:
    return Path(tempfile.gettempdir()) / "lotse-import"


def upload_stage(*, upload: UploadedFile, suffix: str) -> str:
    """Stores the upload; returns its token."""
    _sweep()
    token = secrets.token_urlsafe(24)
    folder = _root() / token
    folder.mkdir(mode=0o700, parents=True)
    with (folder / f"upload{suffix}").open("wb") as target:
        for chunk in upload.chunks():
            target.write(chunk)
    return token


def upload_path(*, token: str) -> Path | None:
    if not _TOKEN.fullmatch(token):
        return None
    found = sorted((_root() / token).glob("upload.*"))
    return found[0] if found else None


def upload_discard(*, token: str) -> None:
    if _TOKEN.fullmatch(token):
        shutil.rmtree(_root() / token, ignore_errors=True)


def _sweep() -> None:
    root = _root()
    if not root.is_dir():
        return
    limit = time.time() - MAX_AGE_SECONDS
    for folder in root.iterdir():
        if folder.is_dir() and folder.stat().st_mtime < limit:
            shutil.rmtree(folder, ignore_errors=True)
