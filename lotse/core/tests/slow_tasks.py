"""A task for the worker tests: it notes each run in a file, then takes its time."""

import time
from pathlib import Path

from django.tasks import task


@task
def note_and_sleep(path: str, seconds: float) -> None:
    with Path(path).open("a") as runs:
        runs.write("run\n")
    time.sleep(seconds)
