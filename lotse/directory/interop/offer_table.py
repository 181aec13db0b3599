"""The offers a staff member may edit as one table with German columns, to download as CSV or
Excel file ("Angebote herunterladen").

Every cell is text except the date of the last check. A cell that starts like a formula
(= + - @, or a tab or carriage return that some programs skip) is never run as one: in the CSV
file it gets a leading apostrophe, in the Excel file it is a text cell marked like one typed
with an apostrophe.
"""

import csv
import datetime as dt
from collections.abc import Iterator
from typing import IO

import xlsxwriter
from django.db.models import Prefetch, QuerySet
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from lotse.core.audit import audit_record
from lotse.core.models import Organisation
from lotse.core.permissions import Actor
from lotse.directory import hours
from lotse.directory.hsds import serialise
from lotse.directory.models import (
    TARGET_GROUPS,
    TOPICS,
    Accessibility,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)

CHUNK_SIZE = 500
COLUMNS = (
    gettext_lazy("Name"),
    gettext_lazy("Träger"),
    gettext_lazy("Themen"),
    gettext_lazy("Zielgruppen"),
    gettext_lazy("Adresse"),
    gettext_lazy("PLZ"),
    pgettext_lazy("town", "Ort"),
    gettext_lazy("Quartier"),
    gettext_lazy("Telefon"),
    gettext_lazy("E-Mail"),
    gettext_lazy("Internetseite"),
    gettext_lazy("Öffnungszeiten"),
    gettext_lazy("Kosten"),
    gettext_lazy("stufenlos"),
    gettext_lazy("Zuletzt geprüft am"),
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

type Cell = str | dt.date | None


def offer_table(*, offers: QuerySet[Service]) -> Iterator[list[Cell]]:
    """One row per offer, by name, with what the columns need fetched per chunk of offers."""
    located = ServiceAtLocation.objects.select_related("location__quarter").order_by(
        "location__name", "id"
    )
    rows = offers.order_by("name", "id").prefetch_related(
        Prefetch("terms", queryset=TaxonomyTerm.objects.select_related("taxonomy")),
        "phones",
        "schedules",
        Prefetch("service_at_locations", queryset=located),
        "service_at_locations__location__addresses",
        "service_at_locations__location__accessibility",
        "service_at_locations__location__phones",
    )
    for offer in rows.iterator(chunk_size=CHUNK_SIZE):
        yield _row(offer)


def _joined(values: list[str], separator: str = "; ") -> str:
    return separator.join(dict.fromkeys(v for v in values if v))


def _row(offer: Service) -> list[Cell]:
    terms = list(offer.terms.all())
    locations = [sal.location for sal in offer.service_at_locations.all()]
    addresses = [a for location in locations for a in location.addresses.all()]
    phones = [p.number for p in offer.phones.all()]
    phones += [p.number for location in locations for p in location.phones.all()]
    step_free = any(
        a.feature == Accessibility.Feature.STEP_FREE
        for location in locations
        for a in location.accessibility.all()
    )
    return [
        offer.name,
        offer.organization.name,
        _joined([t.name for t in terms if t.taxonomy.name == TOPICS], ", "),
        _joined([t.name for t in terms if t.taxonomy.name == TARGET_GROUPS], ", "),
        _joined([a.address_1 for a in addresses]),
        _joined([a.postal_code for a in addresses]),
        _joined([a.city for a in addresses]),
        _joined([location.quarter.name for location in locations if location.quarter]),
        _joined(phones, ", "),
        offer.email,
        offer.url,
        _joined(hours.grouped_lines(list(offer.schedules.all()))),
        serialise._fees_description(offer),
        _("ja") if step_free else _("nein"),
        offer.last_verified_at,
    ]


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, dt.date):
        return formats.date_format(cell, "SHORT_DATE_FORMAT")
    return cell


def _defused(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class _Line:
    """A file for csv.writer that hands back each line instead of keeping it."""

    def write(self, line: str) -> str:
        return line


def offer_csv(*, rows: Iterator[list[Cell]]) -> Iterator[str]:
    """The table as CSV lines. German Excel opens a CSV file by double click only with `;` as
    separator, and reads it as UTF-8 only when it starts with a byte order mark."""
    writer = csv.writer(_Line(), delimiter=";")
    yield "\ufeff" + writer.writerow([str(c) for c in COLUMNS])
    for row in rows:
        yield writer.writerow([_defused(_text(cell)) for cell in row])


def offer_xlsx(*, rows: Iterator[list[Cell]], file: IO[bytes]) -> None:
    """Writes the table as an Excel file; row by row, so memory does not grow with it."""
    workbook = xlsxwriter.Workbook(file, {"constant_memory": True})
    sheet = workbook.add_worksheet(_("Angebote"))
    heading = workbook.add_format({"bold": True})
    quoted = workbook.add_format({"quote_prefix": True})
    date = workbook.add_format({"num_format": 14})  # the short date of the reader's Excel
    sheet.set_column(0, len(COLUMNS) - 1, 24)
    sheet.freeze_panes(1, 0)
    sheet.write_row(0, 0, [str(c) for c in COLUMNS], heading)
    last = 0
    for last, row in enumerate(rows, start=1):
        for column, cell in enumerate(row):
            if isinstance(cell, dt.date):
                sheet.write_datetime(last, column, cell, date)
            elif cell:
                sheet.write_string(
                    last, column, cell, quoted if cell.startswith(FORMULA_STARTS) else None
                )
    sheet.autofilter(0, 0, last, len(COLUMNS) - 1)
    workbook.close()


def offer_export_record(
    *, actor: Actor, organisation: Organisation, file_format: str, count: int
) -> None:
    """Records a download in the audit log: who took how many offers in which format."""
    audit_record(
        actor=actor,
        verb="offer.exported",
        target=organisation,
        note=f"{file_format}, {count}",
    )
