"""Imports of real exports as they are published: the messy HSDS 1.x package in
fixtures/messy_211 is shaped like a published US 211 export (tables in data/ while the
descriptor names them at the top, empty ids in child tables, web addresses without a scheme,
languages by name in every form, services of organisations the package lacks, free-text
accessibility, one warning repeated many times). Everything in it must arrive, with warnings,
and a second run must change nothing."""

import csv
import io
import json
import shutil
import uuid
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.core.management.base import OutputWrapper
from django.db.models import Model

from lotse.accounts.models import User
from lotse.core.models import Membership, Organisation, Role
from lotse.directory.interop.importer import directory_import
from lotse.directory.interop.readers.values import language_codes, web_address
from lotse.directory.interop.records import ID_NAMESPACE
from lotse.directory.models import (
    Accessibility,
    Address,
    Contact,
    Language,
    Location,
    OrganisationReview,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
)

MESSY = Path(__file__).parent / "fixtures" / "messy_211"
TABLES: list[type[Model]] = [
    Organisation,
    OrganisationReview,
    Service,
    Location,
    Address,
    Phone,
    Schedule,
    Language,
    Contact,
    Accessibility,
    ServiceAtLocation,
    Service.terms.through,
]


def _counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in TABLES}


def _import(path: Path) -> str:
    out = io.StringIO()
    call_command("import_directory", str(path), stdout=OutputWrapper(out))
    return out.getvalue()


def _old_id(region, table: str, source_id: str) -> uuid.UUID:
    return uuid.uuid5(ID_NAMESPACE, f"{region.slug}/bayport-211/{table}/{source_id}")


def _service(region, source_id: str) -> Service:
    return Service.objects.get(id=_old_id(region, "service", source_id))


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as source:
        return list(csv.reader(source))


def _write(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as target:
        csv.writer(target).writerows(rows)


@pytest.fixture
def messy(tmp_path) -> Path:
    """A copy of the package that a test may change."""
    return Path(shutil.copytree(MESSY, tmp_path / "messy_211"))


@pytest.fixture
def coordinator(region) -> User:
    office = Organisation.objects.create(name="Kreisverwaltung", region=region)
    person = User.objects.create_user("kreis@test.de", "pw-for-tests-1")
    Membership.objects.create(user=person, organisation=office, role=Role.REGION_COORDINATOR)
    return person


def test_everything_in_the_messy_package_arrives(region):
    output = _import(MESSY)

    # 3 organisations of the file and 3 placeholders; nothing of the file is dropped.
    assert Organisation.objects.filter(region=region).count() == 6
    assert Service.objects.count() == 16
    assert Location.objects.count() == 4
    assert Address.objects.count() == 4
    assert Phone.objects.count() == 17
    assert Schedule.objects.count() == 24
    assert ServiceAtLocation.objects.count() == 16
    assert Contact.objects.count() == 1
    assert "übersprungen:" not in output
    assert "Organisationen: 6 neu" in output and "Angebote: 16 neu" in output


def test_tables_are_found_in_the_packages_folders_and_the_report_says_where(region):
    output = _import(MESSY)

    assert "13 Tabellen liegen nicht dort, wo das datapackage.json sagt" in output
    assert "organizations.csv → data/organizations.csv" in output
    assert "regular_schedules.csv → data/regular_schedules.csv" in output


def test_a_table_found_twice_at_the_same_depth_refuses(region, messy):
    (messy / "copy").mkdir()
    shutil.copy(messy / "data" / "services.csv", messy / "copy" / "services.csv")
    before = _counts()

    with pytest.raises(CommandError, match="mehrere Dateien dieses Namens"):
        _import(messy)

    assert _counts() == before


def test_child_rows_without_id_get_a_stable_id_from_table_and_content(region, messy):
    output = _import(MESSY)

    assert "43 × Kennung (id) fehlt – aus Tabelle und Inhalt der Zeile gebildet" in output
    phone = Phone.objects.get(number="(631) 555-0101")
    assert phone.service_id == _service(region, "101").id
    # Rows reordered in the file: the same ids, so nothing changes.
    phones = _rows(messy / "data" / "phones.csv")
    _write(messy / "data" / "phones.csv", [phones[0], *reversed(phones[1:])])
    schedules = _rows(messy / "data" / "regular_schedules.csv")
    _write(messy / "data" / "regular_schedules.csv", [schedules[0], *reversed(schedules[1:])])

    again = _import(messy)

    assert Phone.objects.get(number="(631) 555-0101").id == phone.id
    assert "Nichts geändert" in again


def test_a_changed_child_row_without_id_replaces_the_old_one(region, messy):
    _import(MESSY)
    phones = _rows(messy / "data" / "phones.csv")
    phones[1][6] = "(631) 555-9999"
    _write(messy / "data" / "phones.csv", phones)

    output = _import(messy)

    assert "Telefonnummern: 1 neu, 0 geändert, 16 unverändert, 1 entfernt" in output
    assert list(_service(region, "101").phones.values_list("number", flat=True)) == [
        "(631) 555-9999"
    ]


def test_second_import_changes_nothing(region):
    first = _import(MESSY)
    before = _counts()
    reviews = set(OrganisationReview.objects.values_list("id", flat=True))

    report = directory_import(actor=None, source=MESSY, region=region, dry_run=False)

    assert report.changes == 0
    assert _counts() == before
    assert set(OrganisationReview.objects.values_list("id", flat=True)) == reviews
    assert "Nichts geändert" in "\n".join(report.lines())
    # The same warnings both times.
    assert report.warnings == [line.removeprefix("  – ") for line in _warning_lines(first)]


def _warning_lines(output: str) -> list[str]:
    lines = output.split("Hinweise:\n", 1)[1].splitlines()
    return [line for line in lines if line.startswith("  – ")]


def test_web_addresses_without_scheme_are_kept_with_https(region):
    output = _import(MESSY)

    assert Organisation.objects.get(name="Harbor Family Services").website == (
        "https://www.harbor.example"
    )
    assert Organisation.objects.get(name="Eastside Senior Center").website == (
        "https://eastside.example/seniors"
    )
    assert _service(region, "101").url == "https://www.food-pantry.example"
    # A scheme the file gives stays.
    assert _service(region, "102").url == "http://emergencyshelter.example"
    assert "13 × Internetadresse ohne „https://“ – als „https://…“ übernommen" in output
    assert "ungültig – leer gelassen" not in output


def test_languages_by_name_or_code_and_the_rest_as_a_note(region):
    output = _import(MESSY)

    def codes(source_id: str) -> list[str]:
        return sorted(_service(region, source_id).languages.values_list("code", flat=True))

    assert codes("101") == ["es"]
    assert codes("102") == ["ht"]  # "Haitian Creole"
    assert codes("103") == ["ht"]  # "ht"
    assert _service(region, "103").languages.get().name == "Haiti-Kreolisch"
    assert codes("105") == ["es", "vi"]  # "Spanish; Vietnamese"
    assert codes("106") == ["ase"]  # "ASL"
    # "Creole" alone cannot be told (Haitian? Louisiana? Cape Verdean?): a note on the offer.
    assert "Sprachen: Creole" in _service(region, "110").description
    assert "Sprachen: other languages available upon request" in (
        _service(region, "104").description
    )
    assert "16 × Sprache „Creole“ lässt sich keiner Sprache zuordnen" in output
    line = next(x for x in output.splitlines() if "16 × Sprache „Creole“" in x)
    # Three example rows, not sixteen.
    assert line.count("Zeile ") == 3 and line.endswith("; …).")


@pytest.mark.parametrize(
    ("text", "codes", "unknown"),
    [
        ("Haitian Creole", ["ht"], []),
        ("ht", ["ht"], []),
        ("HT", ["ht"], []),
        ("French Creole", ["ht"], []),
        ("Creole", [], ["Creole"]),
        ("other languages available upon request", [], ["other languages available upon request"]),
        ("Spanish", ["es"], []),
        ("Español", ["es"], []),
        ("spa", ["es"], []),
        ("en-US", ["en"], []),
        ("Türkisch", ["tr"], []),
        ("Farsi/Persian", ["fa"], []),
        ("English, Russian", ["en", "ru"], []),
        ("Creole; Spanish", ["es"], ["Creole"]),
        ("Chinese (Mandarin/Cantonese)", ["zh"], []),
        ("N/A", [], ["N/A"]),
        ("Any", [], ["Any"]),
    ],
)
def test_language_names_and_codes(text, codes, unknown):
    found, left = language_codes(text)

    assert [code for code, _name in found] == codes
    assert left == unknown


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("www.example.org", "https://www.example.org"),
        ("example.org/a?b=1", "https://example.org/a?b=1"),
        ("http://example.org", "http://example.org"),
        ("info@example.org", "info@example.org"),
        ("call 211", "call 211"),
        ("", ""),
    ],
)
def test_web_address(text, expected):
    assert web_address(text)[0] == expected


def test_offers_and_locations_of_missing_organisations_stay_under_placeholders(region):
    output = _import(MESSY)

    legal = _service(region, "113")
    assert legal.organization.name == "Organisation „9“ (fehlt im Import)"
    assert legal.organization.region == region
    assert _service(region, "114").organization == legal.organization
    assert _service(region, "115").organization.name == "Organisation „10“ (fehlt im Import)"
    library = Location.objects.get(name="Community Room at Library")
    assert library.organization.name == "Organisation „11“ (fehlt im Import)"
    marks = OrganisationReview.objects.order_by("source_ref")
    assert [(m.source_ref, m.file_name) for m in marks] == [
        ("10", "messy_211"),
        ("11", "messy_211"),
        ("9", "messy_211"),
    ]
    assert "3 Platzhalter-Organisationen für die Kennungen „9“, „10“, „11“." in output
    assert (
        "5 × Organisation fehlt in der Datei – unter einem Platzhalter behalten und in "
        "„Angebote pflegen“ zur Prüfung vorgemerkt" in output
    )


def test_a_later_package_with_the_organisation_resolves_the_placeholder(region, messy):
    _import(MESSY)
    rows = _rows(messy / "data" / "organizations.csv")
    rows.append(["9", "Bayport Legal Aid", "", "Legal help.", "", "", "", "", "", ""])
    _write(messy / "data" / "organizations.csv", rows)

    output = _import(messy)

    legal = _service(region, "113").organization
    assert legal.name == "Bayport Legal Aid"
    assert not OrganisationReview.objects.filter(organisation=legal).exists()
    assert OrganisationReview.objects.count() == 2
    assert "1 Organisation, die bisher ein Platzhalter war" in output


def test_free_text_accessibility_is_kept_as_the_locations_description(region):
    output = _import(MESSY)

    harbor = Location.objects.get(name="Harbor Main Office")
    assert harbor.accessibility_description == "Handicap accessible"
    assert not harbor.accessibility.exists()
    clinic = Location.objects.get(name="Health Department Clinic")
    assert clinic.accessibility_description == "Elevator to 2nd floor; accessible restrooms"
    # A word we know still becomes our feature.
    eastside = Location.objects.get(name="Eastside Center")
    assert eastside.accessibility.get().feature == Accessibility.Feature.STEP_FREE
    assert eastside.accessibility_description == ""
    assert "Barrierefreiheit „Handicap accessible“ passt zu keinem unserer Merkmale" in output


def test_eligibility_table_is_kept_in_the_description(region):
    _import(MESSY)

    assert "Voraussetzungen: Age 60 or older" in _service(region, "105").description


def test_thousands_of_repeated_warnings_are_a_few_lines(region, messy):
    languages = _rows(messy / "data" / "languages.csv")
    for n in range(1401):
        languages.append([f"9{n}", str(101 + n % 16), "", "Creole"])
    _write(messy / "data" / "languages.csv", languages)

    report = directory_import(actor=None, source=messy, region=region, dry_run=True)

    text = "\n".join(report.lines())
    assert "1.401 × Sprache „Creole“" not in text  # 16 rows of the fixture come first
    assert "1.417 × Sprache „Creole“ lässt sich keiner Sprache zuordnen" in text
    assert len(report.warnings) < 20
    assert len(text.splitlines()) < 60


def test_the_import_stays_all_or_nothing(region, messy):
    _import(MESSY)
    before = _counts()
    services = _rows(messy / "data" / "services.csv")
    services[3][8] = "vielleicht"  # a status HSDS does not have
    services.append(
        ["999", "12", "", "Neu", "", "Neu.", "www.neu.example", "", "active"] + [""] * 6
    )
    _write(messy / "data" / "services.csv", services)

    with pytest.raises(CommandError, match="kein Status nach HSDS"):
        _import(messy)

    assert _counts() == before
    assert not Organisation.objects.filter(name__contains="„12“").exists()


def test_staff_see_placeholders_in_the_review_queue_and_confirm_them(
    client, region, coordinator, provider_staff
):
    _import(MESSY)
    mark = OrganisationReview.objects.get(source_ref="9")
    url = f"/mitarbeit/import/platzhalter/{mark.id}/geprueft/"

    client.force_login(provider_staff)
    assert "Platzhalter-Organisationen" not in client.get("/mitarbeit/angebote/").content.decode()
    assert client.post(url).status_code == 404
    client.force_login(coordinator)
    page = client.get("/mitarbeit/angebote/").content.decode()
    assert "Platzhalter-Organisationen aus Importen – bitte prüfen" in page
    assert "Organisation „9“ (fehlt im Import)" in page and "2 Angebote, 0 Orte" in page
    assert client.get(url).status_code == 405

    done = client.post(url, follow=True)

    assert "ist als geprüft vermerkt" in done.content.decode()
    assert not OrganisationReview.objects.filter(id=mark.id).exists()
    assert Organisation.objects.filter(name="Organisation „9“ (fehlt im Import)").exists()
    assert client.post(url).status_code == 404
    # A confirmed placeholder is left alone by the next import of the same file.
    output = _import(MESSY)
    assert not OrganisationReview.objects.filter(source_ref="9").exists()
    assert "Kennungen „10“, „11“." in output


def test_fixture_descriptor_names_tables_at_the_top_while_files_lie_in_data():
    descriptor = json.loads((MESSY / "datapackage.json").read_text(encoding="utf-8"))

    paths = [r["path"] for r in descriptor["resources"]]
    assert all("/" not in p for p in paths)
    assert not any((MESSY / p).exists() for p in paths)
    assert all((MESSY / "data" / p).exists() for p in paths)


def test_ohana_services_of_a_missing_organisation_stay_under_a_placeholder(region, tmp_path):
    from django.conf import settings

    sample = Path(settings.BASE_DIR).parent / "shared" / "data" / "ohana-sample-csv"
    ohana = Path(shutil.copytree(sample, tmp_path / "ohana"))
    organisations = _rows(ohana / "organizations.csv")
    _write(ohana / "organizations.csv", [row for row in organisations if row[0] != "1"])

    output = _import(ohana)

    placeholder = Organisation.objects.get(name="Organisation „1“ (fehlt im Import)")
    assert placeholder.services.exists() and placeholder.locations.exists()
    assert placeholder.directory_review.source_ref == "1"
    assert Service.objects.count() == 23  # as with the organisation (test_import.py)
    assert "Angebote: 23 neu" in output
