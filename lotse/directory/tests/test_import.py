import csv
import datetime as dt
import io
import json
import shutil
import uuid
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.core.management.base import OutputWrapper
from django.db.models import Model
from django.utils import timezone

from lotse.accounts.models import User
from lotse.core.models import Area, AuditEntry, Membership, Organisation, Role
from lotse.directory.interop.importer import directory_import
from lotse.directory.interop.readers.hours_text import read_hours
from lotse.directory.interop.records import ID_NAMESPACE
from lotse.directory.models import (
    Accessibility,
    Address,
    Contact,
    CostOption,
    Language,
    Lexeme,
    Location,
    Phone,
    Schedule,
    SearchEntry,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from lotse.directory.search.indexing import search_entries_rebuild
from lotse.directory.services import search_index_service

SHARED = Path(settings.BASE_DIR).parent / "shared" / "data"
HSDS3 = SHARED / "hsds-3.0" / "examples"
OHANA = SHARED / "ohana-sample-csv"
TABLES: list[type[Model]] = [
    Organisation,
    Service,
    Location,
    Address,
    Phone,
    Schedule,
    Language,
    Contact,
    CostOption,
    Accessibility,
    ServiceArea,
    ServiceAtLocation,
    Service.terms.through,
    Taxonomy,
    TaxonomyTerm,
    SearchEntry,
    AuditEntry,
]


def _counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in TABLES}


def _import(path: Path, *args: str) -> str:
    out = io.StringIO()
    call_command("import_directory", str(path), *args, stdout=OutputWrapper(out))
    return out.getvalue()


def _csv(folder: Path, name: str, rows: list[list], *, encoding: str = "utf-8") -> None:
    with (folder / name).open("w", encoding=encoding, newline="") as target:
        csv.writer(target).writerows(rows)


def _zip(folder: Path, target: Path) -> Path:
    with zipfile.ZipFile(target, "w") as archive:
        for item in sorted(folder.iterdir()):
            archive.write(item, item.name)
    return target


def _old_id(region: Area, table: str, source_id: str) -> uuid.UUID:
    return uuid.uuid5(ID_NAMESPACE, f"{region.slug}/lindenau-211/{table}/{source_id}")


@pytest.fixture
def coordinator(region) -> User:
    office = Organisation.objects.create(name="Kreisverwaltung", region=region)
    person = User.objects.create_user("kreis@test.de", "pw-for-tests-1")
    Membership.objects.create(user=person, organisation=office, role=Role.REGION_COORDINATOR)
    return person


@pytest.fixture
def administrator(region) -> User:
    office = Organisation.objects.create(name="Kreis-IT", region=region)
    person = User.objects.create_user("admin@test.de", "pw-for-tests-1")
    Membership.objects.create(user=person, organisation=office, role=Role.ADMINISTRATOR)
    return person


@pytest.fixture
def coordinator_elsewhere(db) -> User:
    other = Area.objects.create(name="Kreis Fern", slug="kreis-fern", kind=Area.Kind.REGION)
    office = Organisation.objects.create(name="Kreis Fern", region=other)
    person = User.objects.create_user("fern@test.de", "pw-for-tests-1")
    Membership.objects.create(user=person, organisation=office, role=Role.REGION_COORDINATOR)
    return person


@pytest.fixture
def old_package(tmp_path, region) -> Path:
    """An HSDS 1.x package as 211 exports ship it: integer ids, regular_schedule with weekday
    names and numbers, physical_address, services_taxonomy, hours as text; the contact table
    is named in the descriptor but missing."""
    folder = tmp_path / "hsds1"
    folder.mkdir()
    _csv(folder, "organizations.csv", [
        ["id", "name", "description", "url"],
        ["1", "AWO Lindenau", "Arbeiterwohlfahrt im Kreis.", "https://awo.example"],
        ["2", "", "Ohne Namen.", ""],
    ])  # fmt: skip
    _csv(folder, "services.csv", [
        ["id", "organization_id", "name", "description", "status", "fees", "hours"],
        ["10", "1", "Seniorentreff", "Kaffee und Kuchen.", "active", "kostenlos", "Mo-Fr 9-12 Uhr"],
        ["11", "1", "Handysprechstunde", "Hilfe mit dem Handy.", "active", "2 Euro pro Termin", ""],
        ["12", "2", "Verwaist", "Die Organisation fehlt.", "active", "", ""],
        ["13", "1", "", "Ohne Namen.", "active", "", ""],
    ])  # fmt: skip
    _csv(folder, "locations.csv", [
        ["id", "organization_id", "name", "latitude", "longitude"],
        ["100", "1", "Bürgerhaus", "51.6", "7.2"],
    ])  # fmt: skip
    _csv(folder, "service_at_location.csv", [
        ["id", "service_id", "location_id"], ["1000", "10", "100"], ["1001", "11", "100"],
    ])  # fmt: skip
    _csv(folder, "physical_address.csv", [
        ["id", "location_id", "address_1", "city", "postal_code", "country"],
        ["500", "100", "Hauptstraße 5", "Lindenau", "45657", "DE"],
    ])  # fmt: skip
    _csv(folder, "phones.csv", [
        ["id", "service_id", "location_id", "number"], ["700", "10", "", "02361 12345"],
    ])  # fmt: skip
    _csv(folder, "regular_schedule.csv", [
        ["id", "service_id", "location_id", "weekday", "opens_at", "closes_at", "description"],
        ["800", "11", "", "Tuesday", "2pm", "4pm", ""],
        ["801", "11", "", "3", "10:00", "12:00", ""],
        ["802", "11", "", "", "", "", "nach Vereinbarung"],
    ])  # fmt: skip
    _csv(folder, "services_taxonomy.csv", [
        ["id", "service_id", "taxonomy_id"], ["900", "10", "7"],
    ])  # fmt: skip
    _csv(folder, "taxonomy.csv", [
        ["id", "name", "parent_id", "vocabulary"], ["7", "Begegnung", "", "Themen"],
    ])  # fmt: skip
    resources = [
        ("organization", "organizations.csv"),
        ("service", "services.csv"),
        ("location", "locations.csv"),
        ("service_at_location", "service_at_location.csv"),
        ("physical_address", "physical_address.csv"),
        ("phone", "phones.csv"),
        ("regular_schedule", "regular_schedule.csv"),
        ("services_taxonomy", "services_taxonomy.csv"),
        ("taxonomy", "taxonomy.csv"),
        ("contact", "contacts.csv"),
    ]
    descriptor = {
        "name": "lindenau-211",
        "version": "1.1",
        "resources": [{"name": n, "path": p} for n, p in resources],
    }
    (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    return folder


# Each format, from the shared samples and from files the tests build


def test_hsds3_full_service_arrives_with_all_it_holds(region):
    output = _import(HSDS3 / "service_full.json")

    service = Service.objects.get(id="ac148810-d857-441c-9679-408f346de14b")
    assert service.name == "Community Counselling"
    assert service.organization.region == region
    assert service.minimum_age == 12 and service.last_verified_at == dt.date(2005, 1, 1)
    # Fees text that is not ours: a guess for the filter, the words kept for residents.
    assert service.cost == Service.Cost.FEE
    assert "Kosten: Non-NHS patients" in service.description
    phone = Phone.objects.get(id="1554f2e2-a373-45db-a3fa-9fc48a61c15e")
    assert (phone.number, phone.service_id, phone.location_id) == (
        "+44 1234 234567",
        service.id,
        uuid.UUID("3a19ff88-4620-4d17-9830-ac1d859eb5d5"),
    )
    rule = Schedule.objects.get()
    assert (rule.byday, rule.opens_at, rule.closes_at) == ("TH,FR", dt.time(10), dt.time(18))
    assert list(service.languages.values_list("code", flat=True)) == ["ur"]
    assert service.contacts.get().name == "Ann Persona"
    assert service.cost_options.get().amount == Decimal(35)
    assert service.terms.get().name == "name"
    location = Location.objects.get()
    assert location.latitude is None  # 100° north is not on earth
    assert Address.objects.get().city == "MyCity"
    assert SearchEntry.objects.filter(service=service).exists()
    assert "liegen nicht auf der Erde" in output
    assert "Einsatzgebiete, die es in der Region nicht gibt" in output


def test_hsds3_page_of_service_list_items_and_full_organization(region):
    _import(HSDS3 / "service_list.json")
    assert Service.objects.count() == 1 and Phone.objects.count() == 0

    _import(HSDS3 / "organization_full.json")

    assert Service.objects.count() == 1
    assert Phone.objects.count() == 1 and Location.objects.count() == 1


def test_hsds3_tabular_package_as_folder_and_zip(region, tmp_path):
    output = _import(HSDS3 / "csv")
    archive = _zip(HSDS3 / "csv", tmp_path / "paket.zip")
    again = _import(archive)

    assert "HSDS 3.0 (Datenpaket" in output
    service = Service.objects.get()
    assert service.service_at_locations.get().location.name == "MyCity Civic Center"
    # The sample's location names an organisation the package lacks: it goes to the service's.
    assert Location.objects.get().organization == service.organization
    assert "dem Träger des Angebots an diesem Ort zugeordnet" in output
    assert "Nichts geändert" in again


def test_ohana_sample(region):
    output = _import(OHANA)

    assert "Ohana" in output
    assert Organisation.objects.filter(region=region).count() == 8
    assert Service.objects.count() == 23
    passport = Service.objects.get(name="Passport Photos")
    assert passport.organization.name == "Example Agency"
    assert passport.languages.get().code == "es"
    assert passport.terms.count() == 6
    example = Location.objects.get(name="Example Location")
    days = set(example.schedules.values_list("byday", flat=True))
    assert {"MO", "SA", "SU"} <= days
    # "9am" to "03:00": read as afternoon, and the report says so.
    assert Schedule.objects.filter(closes_at=dt.time(15)).exists()
    assert "als Nachmittag gelesen" in output
    assert Accessibility.objects.filter(feature="stufenlos").exists()


def test_hsds1_package_with_integer_ids_and_text_hours(region, old_package):
    output = _import(old_package)

    treff = Service.objects.get(id=_old_id(region, "service", "10"))
    assert treff.name == "Seniorentreff" and treff.cost == Service.Cost.FREE
    assert treff.organization_id == _old_id(region, "organization", "1")
    rule = treff.schedules.get()
    assert (rule.byday, rule.opens_at, rule.closes_at) == (
        "MO,TU,WE,TH,FR",
        dt.time(9),
        dt.time(12),
    )
    assert treff.terms.get().name == "Begegnung"
    handy = Service.objects.get(name="Handysprechstunde")
    rules = sorted(handy.schedules.values_list("byday", "opens_at", "closes_at"))
    assert rules == [("TU", dt.time(14), dt.time(16)), ("WE", dt.time(10), dt.time(12))]
    assert "Öffnungszeiten: nach Vereinbarung" in handy.description
    assert "Kosten: 2 Euro pro Termin" in handy.description
    assert Address.objects.get().location.name == "Bürgerhaus"
    assert "Zeile 5 in services.csv: Name fehlt – übersprungen." in output
    # The organisation without a name: its offer is kept under a placeholder, marked for review.
    orphan = Service.objects.get(name="Verwaist")
    assert orphan.organization.name == "Organisation „2“ (fehlt im Import)"
    assert orphan.organization.directory_review.source_ref == "2"
    assert "Zeile 4 in services.csv (Organisation „2“): Organisation fehlt in der Datei" in output
    assert "„nach Vereinbarung“ nicht als Regel lesbar" in output
    # A table the descriptor names but the package lacks: a warning, not an error.
    assert "Die Tabelle „contact“ (contacts.csv) fehlt" in output


@pytest.mark.parametrize(
    "source",
    ["service_full.json", "organization_full.json", "hsds3_csv", "ohana", "hsds1", "hsds1_zip"],
)
def test_second_run_changes_nothing(region, source, old_package, tmp_path):
    path = {
        "hsds3_csv": HSDS3 / "csv",
        "ohana": OHANA,
        "hsds1": old_package,
        "hsds1_zip": old_package,
    }.get(source, HSDS3 / source)
    if source == "hsds1_zip":
        path = _zip(old_package, tmp_path / "alt.zip")
    _import(path)
    before = _counts()

    output = _import(path)

    after = _counts()
    assert after.pop("core.AuditEntry") == before.pop("core.AuditEntry") + 1
    assert after == before
    assert "Nichts geändert" in output
    assert " 0 neu, 0 geändert" in output and "1 neu" not in output


def test_dry_run_changes_nothing(region, old_package):
    before = _counts()

    output = _import(old_package, "--dry-run")

    assert _counts() == before
    assert output.startswith("Probelauf – es wurde nichts gespeichert.")
    assert "Angebote: 3 neu" in output


def test_changed_file_updates_and_removes(region, old_package):
    _import(old_package)
    _csv(old_package, "phones.csv", [["id", "service_id", "location_id", "number"]])
    rows = list(csv.reader((old_package / "services.csv").open(encoding="utf-8")))
    rows[1][2] = "Seniorentreff am Markt"
    _csv(old_package, "services.csv", rows)

    output = _import(old_package)

    assert Service.objects.filter(name="Seniorentreff am Markt").exists()
    assert Phone.objects.count() == 0
    assert "Angebote: 0 neu, 1 geändert, 2 unverändert" in output
    assert "Telefonnummern: 0 neu, 0 geändert, 0 unverändert, 1 entfernt" in output
    assert SearchEntry.objects.filter(document__contains="markt").exists()


def test_new_ids_for_the_same_links_replace_the_old_ones(region, old_package):
    _import(old_package)
    _csv(old_package, "service_at_location.csv", [
        ["id", "service_id", "location_id"], ["2000", "10", "100"], ["2001", "11", "100"],
    ])  # fmt: skip

    output = _import(old_package)

    assert "Angebote an Orten: 2 neu, 0 geändert, 0 unverändert, 2 entfernt" in output
    assert ServiceAtLocation.objects.count() == 2


def test_missing_services_table_refuses(region, old_package):
    (old_package / "services.csv").unlink()

    with pytest.raises(CommandError, match="Die Tabelle „service“ \\(services.csv\\) fehlt"):
        _import(old_package)

    assert Service.objects.count() == 0


def test_region_must_be_named_when_there_are_several(region, old_package):
    Area.objects.create(name="Kreis Zwei", slug="kreis-zwei", kind=Area.Kind.REGION)

    with pytest.raises(CommandError, match="Es gibt mehrere Regionen"):
        _import(old_package)
    with pytest.raises(CommandError, match="Die Region „gibt-es-nicht“ gibt es nicht"):
        _import(old_package, "--region", "gibt-es-nicht")
    _import(old_package, "--region", "kreis-zwei")

    assert Organisation.objects.get(name="AWO Lindenau").region.slug == "kreis-zwei"


def test_never_changes_another_regions_rows(region, outsider):
    foreign = Organisation.objects.exclude(region=region).get()
    foreign.id = uuid.UUID("d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610")
    foreign.save()
    before = _counts()

    with pytest.raises(CommandError, match="schon in einer anderen Region"):
        _import(HSDS3 / "service_full.json", "--region", region.slug)

    assert _counts() == before


# A corpus of broken inputs: refused in German, data unchanged, no traceback


def _truncated_json(tmp_path: Path) -> Path:
    path = tmp_path / "kaputt.json"
    path.write_text((HSDS3 / "service_full.json").read_text()[:500], encoding="utf-8")
    return path


def _wrong_shape(tmp_path: Path) -> Path:
    path = tmp_path / "form.json"
    path.write_text(json.dumps({"contents": [1, 2]}), encoding="utf-8")
    return path


def _cp1252_csv(tmp_path: Path) -> Path:
    folder = tmp_path / "ohana"
    shutil.copytree(OHANA, folder)
    _csv(
        folder,
        "organizations.csv",
        [["id", "name"], ["1", "Seniorenbüro Müßiggang"]],
        encoding="cp1252",
    )
    return folder


def _zip_slip(tmp_path: Path) -> Path:
    path = tmp_path / "boese.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("datapackage.json", "{}")
        archive.writestr("../evil", "x")
    return path


def _empty_zip(tmp_path: Path) -> Path:
    path = tmp_path / "leer.zip"
    zipfile.ZipFile(path, "w").close()
    return path


def _not_a_zip(tmp_path: Path) -> Path:
    path = tmp_path / "kein.zip"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    return path


def _missing_column(tmp_path: Path) -> Path:
    folder = tmp_path / "ohana"
    shutil.copytree(OHANA, folder)
    _csv(folder, "services.csv", [["id", "location_id", "description"], ["1", "1", "Ohne Namen"]])
    return folder


def _package_with(tmp_path: Path, old_package: Path, column: str, value: str) -> Path:
    rows = list(csv.reader((old_package / "services.csv").open(encoding="utf-8")))
    rows[0].append(column)
    rows[1].append(value)
    for row in rows[2:]:
        row.append("")
    _csv(old_package, "services.csv", rows)
    return old_package


def _bad_uuid(tmp_path: Path) -> Path:
    data = json.loads((HSDS3 / "service_full.json").read_text())
    data["phones"][0]["id"] = "keine-uuid"
    path = tmp_path / "uuid.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _nul_in_json(tmp_path: Path) -> Path:
    data = json.loads((HSDS3 / "service_full.json").read_text())
    data["name"] = "Mittag\u0000stisch"
    path = tmp_path / "nul.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _lone_surrogate_in_json(tmp_path: Path) -> Path:
    text = (HSDS3 / "service_full.json").read_text()
    path = tmp_path / "surrogat.json"
    path.write_text(text.replace('"name": "', '"name": "\\ud800', 1), encoding="utf-8")
    return path


def _short_row(tmp_path: Path) -> Path:
    folder = tmp_path / "ohana"
    shutil.copytree(OHANA, folder)
    with (folder / "organizations.csv").open("a", encoding="utf-8") as target:
        target.write("99,Nur zwei Werte\n")
    return folder


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (_truncated_json, "ist kein gültiges JSON"),
        (_wrong_shape, "Eintrag 1 ist kein JSON-Objekt"),
        (_cp1252_csv, "Die Datei ist nicht in UTF-8 gespeichert: „organizations.csv“"),
        (_zip_slip, "unzulässigen Pfad: „../evil“"),
        (_empty_zip, "Die ZIP-Datei ist leer"),
        (_not_a_zip, "beschädigt oder keine ZIP-Datei"),
        (_missing_column, "In services.csv fehlt die Spalte „name“"),
        (_bad_uuid, "„keine-uuid“ ist keine gültige Kennung (UUID)"),
        (_short_row, "hat 2 Werte, aber die Tabelle hat 13 Spalten"),
        (_nul_in_json, "Die Datei nul.json enthält unzulässige Zeichen"),
        (_lone_surrogate_in_json, "Die Datei surrogat.json enthält unzulässige Zeichen"),
        (
            lambda p, pkg: _package_with(p, pkg, "assured_date", "2025-13-40"),
            "Zeile 2 in services.csv, Feld „assured_date“: „2025-13-40“ ist kein gültiges Datum",
        ),
        (
            lambda p, pkg: _package_with(p, pkg, "minimum_age", "sechzig"),
            "Feld „minimum_age“: „sechzig“ ist keine ganze Zahl",
        ),
        (
            lambda p, pkg: _package_with(p, pkg, "status", "vielleicht"),
            "„vielleicht“ ist kein Status nach HSDS",
        ),
    ],
)
def test_broken_input_is_refused_and_nothing_changes(region, tmp_path, old_package, build, message):
    _import(HSDS3 / "service_list.json")
    before = _counts()
    path = build(tmp_path, old_package) if build.__name__ == "<lambda>" else build(tmp_path)

    with pytest.raises(CommandError) as refused:
        _import(path)

    assert message in str(refused.value)
    assert str(refused.value).startswith("Import abgelehnt, nichts geändert:")
    assert _counts() == before


def test_a_refusal_lists_every_bad_row(region, old_package):
    rows = list(csv.reader((old_package / "services.csv").open(encoding="utf-8")))
    rows[0].append("minimum_age")
    rows[1:] = [[*row, "x"] for row in rows[1:]]
    _csv(old_package, "services.csv", rows)

    with pytest.raises(CommandError) as refused:
        _import(old_package)

    assert str(refused.value).count("ist keine ganze Zahl") == 4


# Pieces


@pytest.mark.parametrize(
    ("text", "rules", "rest"),
    [
        ("Mo-Fr 9-12 Uhr", [("WEEKLY", "MO,TU,WE,TH,FR", 9, 12)], ""),
        ("Monday-Friday 9am-5pm", [("WEEKLY", "MO,TU,WE,TH,FR", 9, 17)], ""),
        ("Di und Do 14-16 Uhr", [("WEEKLY", "TU,TH", 14, 16)], ""),
        (
            "Mo, Mi 9-12 und 14-16 Uhr",
            [("WEEKLY", "MO,WE", 9, 12), ("WEEKLY", "MO,WE", 14, 16)],
            "",
        ),
        ("jeden 1. Mittwoch im Monat 15-17 Uhr", [("MONTHLY", "1WE", 15, 17)], ""),
        ("letzter Freitag im Monat 14-16 Uhr", [("MONTHLY", "-1FR", 14, 16)], ""),
        ("Sunday 11:00-17:00", [("WEEKLY", "SU", 11, 17)], ""),
        (
            "werktags 8-16 Uhr, Sa nach Vereinbarung",
            [("WEEKLY", "MO,TU,WE,TH,FR", 8, 16)],
            "Sa nach Vereinbarung",
        ),
        ("nach Vereinbarung", [], "nach Vereinbarung"),
        ("Sommerfest 9-12", [], "Sommerfest 9-12"),
    ],
)
def test_hours_written_as_text(text, rules, rest):
    reading = read_hours(text)

    found = [(r.freq, r.byday, r.opens_at.hour, r.closes_at.hour) for r in reading.rules]
    assert (found, reading.rest) == (rules, rest)


def test_bulk_documents_equal_what_the_indexer_writes(make_offer, topic, region, quarter):
    child = TaxonomyTerm.objects.create(
        taxonomy=topic.taxonomy, parent=topic, code="begleitet", name="Begleitet einkaufen"
    )
    offers = [
        make_offer("Einkaufshilfe", terms=[topic, child], step_free=True),
        make_offer("Chor", cost=Service.Cost.DONATION),
        make_offer("Archiviert", status=Service.Status.INACTIVE),
    ]
    Language.objects.create(service=offers[1], code="tr", name="Türkisch")
    ServiceArea.objects.create(service=offers[1], area=quarter.parent)
    Schedule.objects.create(
        service=offers[1],
        freq="MONTHLY",
        byday="1WE",
        opens_at=dt.time(15, 30),
        closes_at=dt.time(17),
    )
    for offer in offers:
        search_index_service(service=offer)
    written = set(SearchEntry.objects.values_list("service_id", "document", "latitude"))
    SearchEntry.objects.all().delete()
    Lexeme.objects.all().delete()

    search_entries_rebuild(service_ids=[o.id for o in offers], change_rows=True)

    assert set(SearchEntry.objects.values_list("service_id", "document", "latitude")) == written
    assert len(written) == 2
    assert Lexeme.objects.filter(term="einkauf").exists()


def test_big_imports_write_search_entries_in_one_go(region, old_package, monkeypatch):
    from lotse.directory.interop import importer
    from lotse.directory.models import SearchChange
    from lotse.directory.selectors import SearchFilters, offer_search

    monkeypatch.setattr(importer, "BULK_INDEX_FROM", 1)

    _import(old_package)

    assert SearchEntry.objects.count() == 3
    assert SearchChange.objects.filter(service_id=None).exists()
    found = offer_search(filters=SearchFilters(text="Seniorentreff"), now=timezone.now()).page
    assert [s.name for s in found] == ["Seniorentreff"]


def test_service_checks_permission(region, provider_staff, coordinator, old_package):
    with pytest.raises(Exception, match="keine Berechtigung"):
        directory_import(actor=provider_staff, source=old_package, region=region, dry_run=True)

    report = directory_import(actor=coordinator, source=old_package, region=region, dry_run=False)

    assert report.counts["services"]["created"] == 3
    assert AuditEntry.objects.filter(verb="directory.imported").count() == 1


def test_only_regions_can_be_imported_into(region, quarter, old_package):
    with pytest.raises(ValidationError, match="nur in eine Region"):
        directory_import(actor=None, source=old_package, region=quarter, dry_run=True)


# Round trip


def _empty_directory() -> None:
    """Deletes every row of the directory and its organisations; areas stay."""
    Service.objects.all().delete()
    ServiceAtLocation.objects.all().delete()
    Location.objects.all().delete()
    while TaxonomyTerm.objects.exists():
        TaxonomyTerm.objects.filter(children__isnull=True).delete()
    Taxonomy.objects.all().delete()
    Organisation.objects.all().delete()


def _tables(folder: Path) -> dict[str, list[dict]]:
    """The exported rows per file, without `last_modified` (an import is a new change)."""
    tables = {}
    for path in sorted(folder.glob("*.csv")):
        rows = list(csv.DictReader(path.open(encoding="utf-8")))
        tables[path.name] = [{k: v for k, v in r.items() if k != "last_modified"} for r in rows]
    return tables


def test_round_trip_export_import_export_gives_the_same_data(
    tmp_path, make_offer, topic, region, quarter
):
    from lotse.directory.interop.export import export_datapackage

    group = TaxonomyTerm.objects.create(
        taxonomy=Taxonomy.objects.create(name="Zielgruppen"), code="aeltere", name="Ältere"
    )
    child = TaxonomyTerm.objects.create(
        taxonomy=topic.taxonomy, parent=topic, code="einkaufen-begleitet", name="Begleitet"
    )
    offer = make_offer(
        "Einkaufshilfe",
        terms=[topic, group, child],
        step_free=True,
        cost=Service.Cost.FEE,
        fee_amount=Decimal("12.50"),
        care_level_required=2,
        recognised_45a=True,
        minimum_age=60,
        last_verified_at=dt.date(2026, 3, 4),
        alternate_name="Einkauf mit Begleitung",
        url="https://awo.example/einkauf",
        email="einkauf@awo.example",
        reach=Service.Reach.GO,
        easy_language_description="Wir kaufen mit Ihnen ein.",
        staffing=Service.Staffing.VOLUNTEER,
    )
    offer.organization.kind = Organisation.Kind.OFFICE
    offer.organization.save()
    make_offer("Chor", cost=Service.Cost.DONATION)
    location = Location.objects.get(service_at_locations__service=offer)
    location.accessibility_description = "Handicap accessible\nKlingel am Seiteneingang"
    location.save()
    Address.objects.create(
        location=location, address_1="Marktplatz 1", city="Teststadt", postal_code="45657"
    )
    Phone.objects.create(location=location, number="02361 99", extension="12", type="fax")
    Schedule.objects.create(
        service=offer, freq="MONTHLY", byday="1WE", opens_at=dt.time(15), closes_at=dt.time(17)
    )
    Language.objects.create(service=offer, code="tr", name="Türkisch")
    Contact.objects.create(
        service=offer, name="Frau Yilmaz", title="Leitung", email="y@awo.example"
    )
    CostOption.objects.create(service=offer, option="Fahrt", amount=Decimal("3.50"))
    ServiceArea.objects.create(service=offer, area=quarter, description="ganzes Quartier")
    first, second = tmp_path / "erstes", tmp_path / "zweites"
    first.mkdir()
    second.mkdir()
    export_datapackage(folder=first)
    _empty_directory()

    output = _import(first)
    export_datapackage(folder=second)

    assert "übersprungen:" not in output
    assert _tables(second) == _tables(first)
    assert sum(len(rows) for rows in _tables(first).values()) > 20
    # The German profile's facts that HSDS has no field for travel as profile attributes.
    again = Service.objects.get(id=offer.id)
    assert again.reach == Service.Reach.GO
    assert again.easy_language_description == "Wir kaufen mit Ihnen ein."
    assert again.staffing == Service.Staffing.VOLUNTEER
    assert again.organization.kind == Organisation.Kind.OFFICE
    assert Location.objects.get(id=location.id).quarter == quarter
    assert Location.objects.get(id=location.id).accessibility_description == (
        "Handicap accessible\nKlingel am Seiteneingang"
    )
    assert not Taxonomy.objects.filter(name="Quartierslotse-Profil").exists()
    assert "nicht übernommen, weil es dafür bei uns kein Feld gibt" not in output


def test_profile_values_that_do_not_fit_are_left_out_with_a_warning(tmp_path, make_offer):
    from lotse.directory.interop.export import export_datapackage

    offer = make_offer("Besuchsdienst", reach=Service.Reach.GO)
    export_datapackage(folder=tmp_path)
    rows = list(csv.DictReader((tmp_path / "attributes.csv").open(encoding="utf-8")))
    for row in rows:
        if row["value"] == "geh":
            row["value"] = "fliegend"
    with (tmp_path / "attributes.csv").open("w", encoding="utf-8", newline="") as target:
        writer = csv.DictWriter(target, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    _empty_directory()

    output = _import(tmp_path)

    assert Service.objects.get(id=offer.id).reach == Service.Reach.COME
    assert "„fliegend“ ist kein möglicher Wert für „So erreichen Sie das Angebot“" in output


# Rule and page

IMPORT_URL = "/mitarbeit/import/"


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("coordinator", True),
        ("administrator", True),
        ("coordinator_elsewhere", False),
        ("office_staff", False),
        ("provider_staff", False),
        ("resident", False),
        ("outsider", False),
    ],
)
def test_who_may_import(request, region, persona, allowed):
    user = request.getfixturevalue(persona)

    assert user.has_perm("directory.import_directory", region) is allowed


@pytest.fixture
def uploads(tmp_path, monkeypatch):
    """Staged uploads wait in the database; the server's temporary folder is one of this test,
    so a test can see that nothing is left there."""
    import tempfile

    from lotse.directory.models import ImportUpload

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "temp"))
    (tmp_path / "temp").mkdir()
    return ImportUpload.objects


def _upload(path: Path, name: str | None = None):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name or path.name, path.read_bytes())


def test_page_answers_only_coordinators_and_administrators(
    client, region, coordinator, provider_staff, coordinator_elsewhere
):
    anonymous = client.get(IMPORT_URL)
    client.force_login(provider_staff)
    provider = client.get(IMPORT_URL)
    client.force_login(coordinator_elsewhere)
    # A coordinator may import into their own region only; the page offers just that one.
    elsewhere = client.get(IMPORT_URL)
    client.force_login(coordinator)
    page = client.get(IMPORT_URL)

    assert anonymous.status_code == 302
    assert provider.status_code == 403
    assert elsewhere.status_code == 200 and "Kreis Test" not in elsewhere.content.decode()
    assert page.status_code == 200
    assert "Datei prüfen" in page.content.decode()


def test_page_checks_first_then_imports(
    client, region, coordinator, old_package, tmp_path, uploads
):
    client.force_login(coordinator)
    archive = _zip(old_package, tmp_path / "alt.zip")

    checked = client.post(IMPORT_URL, {"schritt": "pruefen", "datei": _upload(archive)})

    html = checked.content.decode()
    assert "Ergebnis der Prüfung" in html and "Import ausführen" in html
    assert "Zeile 5 in services.csv: Name fehlt – übersprungen." in html
    assert Service.objects.count() == 0
    check = html.split('name="pruefung" value="')[1].split('"')[0]

    done = client.post(IMPORT_URL, {"schritt": "ausfuehren", "pruefung": check}, follow=True)

    assert "Der Import ist gespeichert." in done.content.decode()
    assert "Ergebnis des Imports" in done.content.decode()
    assert Service.objects.count() == 3
    assert not uploads.exists()
    assert not any((tmp_path / "temp").iterdir())
    again = client.post(IMPORT_URL, {"schritt": "ausfuehren", "pruefung": check}, follow=True)
    assert "Es liegt keine geprüfte Datei vor" in again.content.decode()
    assert Service.objects.count() == 3


def test_the_second_step_may_reach_another_app_server(
    client, region, coordinator, old_package, tmp_path, uploads, monkeypatch
):
    """The checked file waits in the database, not on the disk of the server that checked it:
    a second server with an empty temporary folder imports it."""
    import tempfile

    client.force_login(coordinator)
    archive = _zip(old_package, tmp_path / "alt.zip")
    checked = client.post(IMPORT_URL, {"schritt": "pruefen", "datei": _upload(archive)})
    check = checked.content.decode().split('name="pruefung" value="')[1].split('"')[0]
    assert uploads.count() == 1 and not any((tmp_path / "temp").iterdir())
    other_server = tmp_path / "anderer-server"
    other_server.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(other_server))

    done = client.post(IMPORT_URL, {"schritt": "ausfuehren", "pruefung": check}, follow=True)

    assert "Der Import ist gespeichert." in done.content.decode()
    assert Service.objects.count() == 3
    assert not uploads.exists() and not any(other_server.iterdir())


def test_staged_uploads_older_than_a_day_are_swept(client, region, coordinator, uploads):
    from lotse.directory.interop.staging import MAX_AGE

    # Left by someone who checked a file and never imported it.
    left = uploads.create(token_hash="0" * 64, suffix=".json", data=b"{}")
    kept = uploads.create(token_hash="1" * 64, suffix=".json", data=b"{}")
    uploads.filter(id=left.id).update(created_at=timezone.now() - MAX_AGE - dt.timedelta(minutes=1))
    client.force_login(coordinator)

    client.post(IMPORT_URL, {"schritt": "pruefen", "datei": _upload(HSDS3 / "service_list.json")})

    assert not uploads.filter(id=left.id).exists()
    assert uploads.filter(id=kept.id).exists() and uploads.count() == 2


def test_page_refuses_a_confirmation_for_another_file(client, region, coordinator, uploads):
    client.force_login(coordinator)
    client.post(IMPORT_URL, {"schritt": "pruefen", "datei": _upload(HSDS3 / "service_full.json")})

    response = client.post(
        IMPORT_URL, {"schritt": "ausfuehren", "pruefung": "0123456789abcdef"}, follow=True
    )

    assert "Es liegt keine geprüfte Datei vor" in response.content.decode()
    assert Service.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"hallo", "notizen.txt", "Die Datei muss eine JSON-, ZIP- oder CSV-Datei sein."),
        (b"", "leer.json", "Die Datei ist leer."),
        (b'{"id": "ac14', "kaputt.json", "ist kein gültiges JSON"),
        ("id;name\n1;Müller".encode("cp1252"), "liste.csv", "nicht in UTF-8 gespeichert"),
    ],
)
def test_page_explains_bad_uploads(client, region, coordinator, uploads, content, name, message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(coordinator)

    response = client.post(
        IMPORT_URL, {"schritt": "pruefen", "datei": SimpleUploadedFile(name, content)}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert message in html and "<title>Fehler:" in html
    assert "directory_import" not in client.session
    assert not uploads.exists()


def test_page_refuses_files_over_the_limit(client, region, coordinator, uploads, monkeypatch):
    from lotse.directory import views_import

    monkeypatch.setattr(views_import, "MAX_UPLOAD_BYTES", 100)
    client.force_login(coordinator)

    response = client.post(
        IMPORT_URL, {"schritt": "pruefen", "datei": _upload(HSDS3 / "service_full.json")}
    )

    assert "Die Datei ist größer als 50 MB." in response.content.decode()
