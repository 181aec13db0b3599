"""Exports: the HSDS 3.0 datapackage (checked against the official schemas and example in
shared/data/hsds-3.0, beside the repository as CI lays it out) and the staff's CSV and Excel
downloads."""

import csv
import datetime as dt
import functools
import io
import json
import re
import tempfile
import uuid
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from lotse.core.models import AuditEntry, Organisation
from lotse.directory.interop import profile
from lotse.directory.interop.export import TABLES, descriptor, export_datapackage
from lotse.directory.models import (
    Address,
    Closure,
    Contact,
    CostOption,
    Language,
    Location,
    Phone,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

HSDS = Path(settings.BASE_DIR).parent / "shared" / "data" / "hsds-3.0"
SCHEMAS = HSDS / "schema"
CSV_URL = "/mitarbeit/angebote/export.csv"
XLSX_URL = "/mitarbeit/angebote/export.xlsx"
XLSX_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


@functools.cache
def _official_resources() -> dict[str, dict]:
    package = json.loads((HSDS / "examples" / "csv" / "datapackage.json").read_text())
    return {resource["name"]: resource for resource in package["resources"]}


@functools.cache
def _validator(table: str) -> Draft202012Validator:
    registry: Registry = Registry().with_resources(
        (path.name, Resource.from_contents(json.loads(path.read_text()), DRAFT202012))
        for path in SCHEMAS.glob("*.json")
        if path.name != "openapi.json"
    )
    schema = json.loads((SCHEMAS / f"{table}.json").read_text())
    return Draft202012Validator(
        schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def _typed(row: dict[str, str], fields: list[dict]) -> dict[str, Any]:
    """A CSV row as an HSDS object: an empty optional cell is left out, numbers are numbers."""
    typed: dict[str, Any] = {}
    for field in fields:
        value = row[field["name"]]
        if value == "" and not field["constraints"]["required"]:
            continue
        typed[field["name"]] = float(value) if field["type"] == "number" else value
    return typed


def _read(folder: Path, path: str) -> list[dict[str, str]]:
    with (folder / path).open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


@pytest.fixture
def full_offer(make_offer, topic, quarter) -> Service:
    """An offer with every detail the export knows."""
    groups = Taxonomy.objects.create(name="Zielgruppen", description="Für wen")
    seniors = TaxonomyTerm.objects.create(taxonomy=groups, code="senioren", name="Senioren")
    offer = make_offer(
        "Einkaufshilfe Altstadt",
        "Wir kaufen für Sie ein.\nAuch mit Rollator.",
        terms=[topic, seniors],
        step_free=True,
        email="einkauf@awo.example",
        url="https://awo.example/einkauf",
        cost=Service.Cost.FEE,
        fee_amount=Decimal("5.00"),
        care_level_required=2,
        recognised_45a=True,
        minimum_age=60,
        last_verified_at=dt.date(2026, 3, 1),
    )
    location = offer.service_at_locations.get().location
    location.description = "Im Erdgeschoss"
    location.save()
    Address.objects.create(
        location=location, address_1="Marktplatz 1", city="Teststadt", postal_code="45657"
    )
    Phone.objects.create(location=location, number="02361 99 88", extension="12")
    Language.objects.create(service=offer, code="tr", name="Türkisch")
    Contact.objects.create(service=offer, name="Frau Yilmaz", title="Leitung")
    CostOption.objects.create(service=offer, option="Pro Einkauf", amount=Decimal("5.00"))
    ServiceArea.objects.create(service=offer, area=quarter.parent, description="ganze Stadt")
    Closure.objects.create(
        service=offer, starts_on=dt.date(2026, 12, 24), ends_on=dt.date(2026, 12, 31)
    )
    return offer


@pytest.fixture
def archived_offer(provider_org, quarter) -> Service:
    """An archived offer of another organisation, with a location of its own."""
    organisation = Organisation.objects.create(name="Verein Vergangen", region=provider_org.region)
    offer = Service.objects.create(
        organization=organisation,
        name="Alter Kurs",
        description="Gibt es nicht mehr.",
        status=Service.Status.INACTIVE,
    )
    location = Location.objects.create(organization=organisation, name="Altes Haus")
    ServiceAtLocation.objects.create(service=offer, location=location)
    Phone.objects.create(service=offer, number="0000 1")
    Address.objects.create(location=location, address_1="Weg 1", city="X", postal_code="11111")
    return offer


# The datapackage


def test_descriptor_matches_the_official_example_for_the_tables_we_write():
    official = _official_resources()
    ours = descriptor()
    written = {resource["name"] for resource in ours["resources"]}

    assert ours["profile"] == "tabular-data-package"
    for resource in ours["resources"]:
        theirs = official[resource["name"]]
        assert resource["path"] == theirs["path"]
        assert resource["schema"]["primaryKey"] == theirs["schema"]["primaryKey"]
        assert [
            (f["name"], f["type"], f.get("format"), f["constraints"]["required"])
            for f in resource["schema"]["fields"]
        ] == [
            (f["name"], f["type"], f.get("format"), f["constraints"]["required"])
            for f in theirs["schema"]["fields"]
        ]
        assert sorted(resource["schema"].get("foreignKeys", []), key=str) == sorted(
            (
                key
                for key in theirs["schema"].get("foreignKeys", [])
                if key["reference"]["resource"] in written
            ),
            key=str,
        )


def test_export_writes_each_table_with_the_descriptors_columns(tmp_path, full_offer):
    counts = export_datapackage(folder=tmp_path)

    package = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert package == descriptor()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["datapackage.json", *(t.path for t in TABLES)]
    )
    for resource in package["resources"]:
        with (tmp_path / resource["path"]).open(encoding="utf-8", newline="") as file:
            header = next(csv.reader(file))
        assert header == [f["name"] for f in resource["schema"]["fields"]]
    assert all(counts[table.path] >= 1 for table in TABLES), counts


def test_every_exported_row_validates_against_the_official_table_schema(tmp_path, full_offer):
    export_datapackage(folder=tmp_path)

    for resource in descriptor()["resources"]:
        for row in _read(tmp_path, resource["path"]):
            data = _typed(row, resource["schema"]["fields"])
            errors = [
                f"{resource['path']} {list(e.absolute_path)}: {e.message}"
                for e in _validator(resource["name"]).iter_errors(data)
            ]
            assert errors == []


def test_export_holds_the_offer_as_the_hsds_api_shows_it(tmp_path, full_offer, topic):
    export_datapackage(folder=tmp_path)

    [service] = _read(tmp_path, "services.csv")
    assert service["id"] == str(full_offer.id)
    assert service["description"] == "Wir kaufen für Sie ein.\nAuch mit Rollator."
    assert service["fees_description"] == "mit Beitrag: 5,00 €"
    assert service["eligibility_description"] == "Nur mit Pflegegrad 2 oder höher."
    assert service["assured_date"] == "2026-03-01"
    assert service["minimum_age"] == "60"
    [phone] = [p for p in _read(tmp_path, "phones.csv") if p["location_id"]]
    assert (phone["number"], phone["extension"]) == ("02361 99 88", "12")
    [accessibility] = _read(tmp_path, "accessibility.csv")
    assert accessibility["description"] == "stufenlos erreichbar"
    [area] = _read(tmp_path, "service_areas.csv")
    assert area["name"] == "Teststadt"
    attributes = _read(tmp_path, "attributes.csv")
    assert str(topic.id) in {a["taxonomy_term_id"] for a in attributes}
    topics = [a for a in attributes if a["taxonomy_term_id"] not in _PROFILE_TERMS]
    assert {a["link_id"] for a in topics} == {str(full_offer.id)}


_PROFILE_TERMS = {str(fact.id) for fact in profile.FACTS}


def test_export_carries_the_german_profile_as_documented_attributes(tmp_path, full_offer):
    full_offer.reach = "geh"
    full_offer.easy_language_description = "Wir kaufen ein."
    full_offer.save()

    export_datapackage(folder=tmp_path)

    facts = {
        (a["link_entity"], profile.BY_ID[uuid.UUID(a["taxonomy_term_id"])].code): a["value"]
        for a in _read(tmp_path, "attributes.csv")
        if a["taxonomy_term_id"] in _PROFILE_TERMS
    }
    location = full_offer.service_at_locations.get().location
    assert facts == {
        ("service", "erreichbarkeit"): "geh",
        ("service", "leichte-sprache"): "Wir kaufen ein.",
        ("service", "wer-hilft"): full_offer.staffing,
        ("location", "quartier"): location.quarter.name,
        ("organization", "organisationsart"): full_offer.organization.kind,
    }
    terms = {t["id"]: t for t in _read(tmp_path, "taxonomy_terms.csv")}
    assert _PROFILE_TERMS <= set(terms)
    assert {t["taxonomy"] for i, t in terms.items() if i in _PROFILE_TERMS} == {
        "Quartierslotse-Profil"
    }
    taxonomies = {t["id"]: t["name"] for t in _read(tmp_path, "taxonomies.csv")}
    assert taxonomies[str(profile.TAXONOMY_ID)] == "Quartierslotse-Profil"


def test_export_says_what_the_hsds_api_says(client, tmp_path, full_offer):
    export_datapackage(folder=tmp_path)

    api = client.get(f"/api/hsds/services/{full_offer.id}").json()
    [service] = _read(tmp_path, "services.csv")
    assert {k: v for k, v in service.items() if v} == {
        k: str(v) for k, v in api.items() if not isinstance(v, list | dict)
    }
    [location] = _read(tmp_path, "locations.csv")
    api_location = api["service_at_locations"][0]["location"]
    assert {k: v for k, v in location.items() if v} == {
        k: str(v) for k, v in api_location.items() if not isinstance(v, list)
    }
    # The API lists the topics; the profile's attributes are the export's own (profile.py).
    assert {
        a["id"]
        for a in _read(tmp_path, "attributes.csv")
        if a["taxonomy_term_id"] not in _PROFILE_TERMS
    } == {a["id"] for a in api["attributes"]}


def test_two_exports_of_the_same_data_are_byte_identical(tmp_path, full_offer, make_offer):
    for name in ("Chor", "Mittagstisch", "Besuchsdienst"):
        make_offer(name)
    first, second = tmp_path / "eins", tmp_path / "zwei"
    first.mkdir()
    second.mkdir()

    export_datapackage(folder=first)
    export_datapackage(folder=second)

    for path in sorted(first.iterdir()):
        assert path.read_bytes() == (second / path.name).read_bytes(), path.name
    ids = [row["id"] for row in _read(first, "services.csv")]
    assert ids == sorted(ids)


def test_archived_offers_and_what_only_they_use_are_not_exported(
    tmp_path, full_offer, archived_offer
):
    export_datapackage(folder=tmp_path)

    text = "\n".join(p.read_text(encoding="utf-8") for p in tmp_path.glob("*.csv"))
    assert "Alter Kurs" not in text
    assert "Verein Vergangen" not in text
    assert "Altes Haus" not in text
    assert "0000 1" not in text
    assert "Weg 1" not in text
    assert "Einkaufshilfe Altstadt" in text


def test_export_can_be_limited_to_some_organisations(tmp_path, full_offer, region):
    other = Organisation.objects.create(name="Caritas", region=region)
    Service.objects.create(organization=other, name="Sprechstunde", description="Beratung.")

    counts = export_datapackage(folder=tmp_path, organisations=[other])

    assert [row["name"] for row in _read(tmp_path, "services.csv")] == ["Sprechstunde"]
    assert [row["name"] for row in _read(tmp_path, "organizations.csv")] == ["Caritas"]
    assert counts["locations.csv"] == 0


def test_export_needs_the_same_queries_for_one_offer_and_for_many(
    tmp_path, make_offer, django_assert_max_num_queries
):
    make_offer("Chor")
    one = tmp_path / "eins"
    one.mkdir()
    export_datapackage(folder=one)
    for n in range(5):
        make_offer(f"Chor {n}")
    many = tmp_path / "viele"
    many.mkdir()

    # 14 tables with one query each, the attributes with five (terms, links, and the profile's
    # facts of offers, locations and organisations), accessibility with two (features, text).
    with django_assert_max_num_queries(20):
        export_datapackage(folder=many)


# The command


def test_command_writes_the_package_and_a_german_summary(tmp_path, full_offer):
    out = io.StringIO()

    call_command("export_directory", "--format", "hsds", str(tmp_path / "neu"), stdout=out)

    assert (tmp_path / "neu" / "datapackage.json").exists()
    assert "services.csv: 1 Zeilen" in out.getvalue()
    assert "Open-Referral-Datenpaket (HSDS 3.0)" in out.getvalue()


def test_command_refuses_a_folder_that_is_not_empty(tmp_path, full_offer):
    (tmp_path / "notiz.txt").write_text("Bitte nicht löschen")

    with pytest.raises(CommandError, match="ist nicht leer"):
        call_command("export_directory", "--format", "hsds", str(tmp_path))

    assert not (tmp_path / "datapackage.json").exists()
    call_command("export_directory", "--format", "hsds", str(tmp_path), "--overwrite")
    assert (tmp_path / "datapackage.json").exists()
    assert (tmp_path / "notiz.txt").read_text() == "Bitte nicht löschen"


# Staff downloads


def _csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:]), delimiter=";"))


def _xlsx_rows(content: bytes) -> list[list[tuple[str, bool]]]:
    """(text, quote prefix) of each cell of the first sheet."""
    archive = zipfile.ZipFile(io.BytesIO(content))
    sheet = ElementTree.fromstring(archive.read("xl/worksheets/sheet1.xml"))
    styles = ElementTree.fromstring(archive.read("xl/styles.xml"))
    quoted = [xf.get("quotePrefix") == "1" for xf in styles.findall("m:cellXfs/m:xf", XLSX_NS)]
    shared = []
    if "xl/sharedStrings.xml" in archive.namelist():
        strings = ElementTree.fromstring(archive.read("xl/sharedStrings.xml"))
        shared = ["".join(si.itertext()) for si in strings.findall("m:si", XLSX_NS)]
    rows = []
    for row in sheet.findall("m:sheetData/m:row", XLSX_NS):
        cells = []
        for cell in row.findall("m:c", XLSX_NS):
            if cell.get("t") == "s":
                text = shared[int(cell.findtext("m:v", namespaces=XLSX_NS) or 0)]
            elif cell.get("t") == "inlineStr":
                text = "".join(cell.find("m:is", XLSX_NS).itertext())  # type: ignore[union-attr]
            else:
                text = cell.findtext("m:v", default="", namespaces=XLSX_NS)
            cells.append((text, quoted[int(cell.get("s", 0))]))
        rows.append(cells)
    return rows


@pytest.fixture
def mixed_offers(full_offer, make_offer, outsider) -> None:
    """The provider's offers (one named like a formula) and one of an outsider's organisation."""
    make_offer('=HYPERLINK("http://boese.example";"Klick")')
    other = outsider.memberships.get().organisation
    Service.objects.create(organization=other, name="Fremdes Angebot", description="Anderswo.")


def test_csv_download_lists_own_offers_in_german_for_excel(client, provider_staff, mixed_offers):
    client.force_login(provider_staff)

    response = client.get(CSV_URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="angebote-' in response["Content-Disposition"]
    header, *rows = _csv_rows(response)
    assert header[:4] == ["Name", "Träger", "Themen", "Zielgruppen"]
    assert "Öffnungszeiten" in header
    by_name = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    assert set(by_name) == {
        "Einkaufshilfe Altstadt",
        '\'=HYPERLINK("http://boese.example";"Klick")',
    }
    offer = by_name["Einkaufshilfe Altstadt"]
    assert offer["Träger"] == "AWO Altstadt"
    assert offer["Adresse"] == "Marktplatz 1"
    assert offer["PLZ"] == "45657"
    assert offer["Quartier"] == "Altstadt"
    assert offer["Telefon"] == "02361 12 34 56, 02361 99 88"
    assert offer["Öffnungszeiten"] == "Montag bis Freitag: 9 Uhr bis 16 Uhr"
    assert offer["Kosten"] == "mit Beitrag: 5,00 €"
    assert offer["stufenlos"] == "ja"
    assert offer["Zuletzt geprüft am"] == "01.03.2026"


def test_xlsx_download_lists_own_offers_with_formulas_as_text(client, provider_staff, mixed_offers):
    client.force_login(provider_staff)

    response = client.get(XLSX_URL)

    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    header, *rows = _xlsx_rows(b"".join(response.streaming_content))
    assert [text for text, _ in header][:3] == ["Name", "Träger", "Themen"]
    names = {row[0] for row in rows}
    assert names == {
        ('=HYPERLINK("http://boese.example";"Klick")', True),
        ("Einkaufshilfe Altstadt", False),
    }
    assert "Fremdes Angebot" not in str(rows)


def test_xlsx_download_streams_and_its_memory_does_not_grow_with_the_rows(
    client, provider_staff, mixed_offers
):
    import tracemalloc

    from lotse.directory.interop.offer_table import COLUMNS, offer_xlsx

    client.force_login(provider_staff)
    response = client.get(XLSX_URL)
    assert response.streaming and response["Content-Disposition"].startswith("attachment")

    def rows(count: int):
        for n in range(count):
            yield [f"Angebot {n} " + "x" * 60] + [f"Wert {n}/{c}" for c in range(len(COLUMNS) - 1)]

    peaks = []
    for count in (1000, 10000):
        tracemalloc.start()
        with tempfile.TemporaryFile() as file:
            offer_xlsx(rows=rows(count), file=file)
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    # Ten times the rows, not (nearly) ten times the memory.
    assert peaks[1] < 1.5 * peaks[0], peaks


def test_download_is_recorded_in_the_audit_log(client, provider_staff, mixed_offers):
    client.force_login(provider_staff)

    b"".join(client.get(CSV_URL).streaming_content)
    b"".join(client.get(XLSX_URL).streaming_content)

    entries = AuditEntry.objects.filter(verb="offer.exported", actor=provider_staff)
    assert sorted(e.note for e in entries) == ["csv, 2", "xlsx, 2"]


def test_office_staff_download_offers_of_their_region(client, office_staff, full_offer):
    client.force_login(office_staff)

    rows = _csv_rows(client.get(CSV_URL))

    assert [row[0] for row in rows[1:]] == ["Einkaufshilfe Altstadt"]


@pytest.mark.parametrize("url", [CSV_URL, XLSX_URL])
def test_download_needs_login_and_an_editing_role(client, resident, full_offer, url):
    assert client.get(url).status_code == 302
    client.force_login(resident)

    response = client.get(url)

    assert response.status_code == 403
    assert not AuditEntry.objects.filter(verb="offer.exported").exists()


def test_staff_offer_list_links_to_both_downloads(client, provider_staff, full_offer):
    client.force_login(provider_staff)

    page = client.get("/mitarbeit/angebote/").content.decode()

    assert re.search(rf'href="{CSV_URL}">Als Tabelle herunterladen \(CSV\)</a>', page)
    assert re.search(rf'href="{XLSX_URL}">Als Tabelle herunterladen \(Excel\)</a>', page)
