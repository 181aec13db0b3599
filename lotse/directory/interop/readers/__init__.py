"""Finds out what a file is and reads it into the neutral form (records.py).

- a .json file (also the only JSON file in a ZIP archive): HSDS 3.0 JSON (hsds_json.py);
- a folder or ZIP archive with datapackage.json: an HSDS tabular package, 3.0 or 1.x by its
  table names (tabular.py);
- a folder or ZIP archive with organizations.csv, locations.csv and services.csv whose
  services name a `location_id`: Ohana CSV (ohana.py).

Every problem that refuses the import raises a ValidationError with German messages.
"""

from pathlib import Path, PurePosixPath

from django.utils.translation import gettext as _

from lotse.directory.interop.readers.hsds3_json import HsdsJsonReader, parse_json
from lotse.directory.interop.readers.ohana import OhanaReader
from lotse.directory.interop.readers.sources import Source, open_source, read_table, refuse
from lotse.directory.interop.readers.tabular import TabularReader
from lotse.directory.interop.records import Bundle


def _depth(name: str) -> int:
    return len(PurePosixPath(name).parts)


def _parent(name: str) -> str:
    parent = str(PurePosixPath(name).parent)
    return "" if parent == "." else parent


def read_directory(*, path: Path, scope: str) -> Bundle:
    """The file's content in our terms; `scope` (the region's slug) keeps ids made from
    integer source ids apart between regions."""
    source = open_source(path)
    bundle = _read(source, scope=scope)
    bundle.notes.raise_errors()
    return bundle


def _read(source: Source, *, scope: str) -> Bundle:
    names = source.names()
    packages = sorted((n for n in names if PurePosixPath(n).name == "datapackage.json"), key=_depth)
    if packages:
        descriptor = parse_json(source.read_text(packages[0]), name="datapackage.json")
        if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
            raise refuse(_("Das datapackage.json beschreibt keine Tabellen („resources“ fehlt)."))
        return TabularReader(
            source=source, descriptor=descriptor, root=_parent(packages[0]), scope=scope
        ).read()
    services = sorted((n for n in names if PurePosixPath(n).name == "services.csv"), key=_depth)
    if services:
        root = _parent(services[0])
        columns = read_table(source, services[0]).columns
        if "location_id" in columns and "organization_id" not in columns:
            return OhanaReader(source=source, root=root, scope=scope).read()
        raise refuse(
            _(
                "Es fehlt die Datei datapackage.json, die die Tabellen beschreibt. Bitte laden "
                "Sie das vollständige Datenpaket hoch."
            )
        )
    documents = [n for n in names if n.lower().endswith(".json")]
    if len(documents) == 1:
        data = parse_json(source.read_text(documents[0]), name=PurePosixPath(documents[0]).name)
        return HsdsJsonReader(scope=scope).read(data)
    tables = [n for n in names if n.lower().endswith(".csv")]
    if tables:
        # Read one, so a file in another encoding gets that message first.
        read_table(source, tables[0])
        raise refuse(
            _(
                "Eine einzelne CSV-Datei reicht nicht. Bitte laden Sie alle Tabellen zusammen "
                "mit datapackage.json als ZIP-Datei hoch (HSDS), oder die Ohana-Dateien "
                "organizations.csv, locations.csv und services.csv als ZIP-Datei."
            )
        )
    raise refuse(
        _(
            "Dieses Format kennen wir nicht. Möglich sind: HSDS 3.0 als JSON-Datei, ein "
            "HSDS-Datenpaket (datapackage.json mit CSV-Dateien, Version 3.0 oder 1.x) oder "
            "Ohana-CSV-Dateien, jeweils als ZIP-Datei oder Ordner."
        )
    )
