"""House style, checked: views and API modules read through selectors and write through
services, so they never touch a model manager (`.objects.`) themselves; the project's addresses
carry no integer keys."""

import re
from collections.abc import Iterator
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver

import lotse

ROOT = Path(lotse.__file__).parent
MANAGER_USE = re.compile(r"\.objects\.|\._default_manager\.|\._base_manager\.")


def _interface_modules() -> list[Path]:
    modules = [*ROOT.glob("*/views*.py"), *ROOT.glob("*/views/*.py"), *ROOT.glob("*/api.py")]
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


def _routes(patterns: list, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern


def test_addresses_of_the_project_carry_no_integer_keys():
    own = [
        (route, pattern)
        for route, pattern in _routes(get_resolver().url_patterns)
        if pattern.callback.__module__.startswith("lotse.")
    ]
    offenders = [route for route, _pattern in own if "<int:" in route]

    assert len(own) > 50, "found too few of the project's addresses"
    assert not offenders, "Public ids in URLs are UUIDs:\n" + "\n".join(offenders)
