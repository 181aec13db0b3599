"""House style, checked: views and API modules read through selectors and write through
services, so they never touch a model manager (`.objects.`) themselves."""

import re
from pathlib import Path

import lotse

ROOT = Path(lotse.__file__).parent
MANAGER_USE = re.compile(r"\.objects\.|\._default_manager\.|\._base_manager\.")


def _interface_modules() -> list[Path]:
    modules = [*ROOT.glob("*/views*.py"), *ROOT.glob("*/api.py")]
    modules += [*ROOT.glob("*/hsds/views.py")]
    return sorted(modules)


def test_views_and_api_use_selectors_and_services_not_managers():
    offenders = [
        f"{path.relative_to(ROOT.parent)}:{number}: {line.strip()}"
        for path in _interface_modules()
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if MANAGER_USE.search(line)
    ]

    assert _interface_modules(), "no view modules found: the test looks in the wrong place"
    assert not offenders, "Use a selector or service instead:\n" + "\n".join(offenders)
