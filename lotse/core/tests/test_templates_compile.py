"""Every template of the project compiles: a template that only one rare path renders (a
message by SMS, a letter) must not wait for that path to fail."""

from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import get_template

ROOT = Path(settings.BASE_DIR)
FOLDERS = [ROOT / "templates", *sorted(ROOT.glob("lotse/*/templates"))]
NAMES = sorted(
    str(path.relative_to(folder))
    for folder in FOLDERS
    for path in folder.rglob("*")
    if path.is_file() and path.suffix in {".html", ".txt"}
)


def test_templates_are_found():
    assert any(name.startswith("notifications/") and name.endswith(".sms.txt") for name in NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_template_compiles(name):
    get_template(name)
