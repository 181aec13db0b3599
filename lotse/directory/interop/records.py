"""The neutral form every reader produces and the importer consumes.

Records already speak our models' language (field names and types of lotse.directory.models);
the readers do the mapping from each format. `given` says which relations the file states for a
parent: only those are replaced; a relation the file is silent about stays as it is.
"""

import datetime as dt
import uuid
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# Stable ids for rows whose source id is not a UUID: uuid5 of this namespace and
# "<scope>/<format>/<table>/<source id>", so a second run of the same file meets the same rows.
ID_NAMESPACE = uuid.UUID("0c6f3d0e-7a51-4f3c-9a59-3f1b7d2e8c41")
# At most this many errors are listed when an import is refused.
MAX_ERRORS = 20
# A reason many rows share is reported once, with its count and this many example rows.
EXAMPLES = 3


@dataclass
class OrganisationRecord:
    id: uuid.UUID
    name: str
    where: str
    alternate_name: str = ""
    description: str = ""
    email: str = ""
    website: str = ""
    # A stand-in the import made for an organisation the file names but does not bring (or
    # brings without a name); it is marked for review. `source_ref` is the id the file used.
    placeholder: bool = False
    source_ref: str = ""
    # The German profile (interop/profile.py); None: the file says nothing, the stored value stays.
    kind: str | None = None


@dataclass
class ServiceRecord:
    id: uuid.UUID
    organisation_id: uuid.UUID | None
    name: str
    where: str
    # The organisation's id as the file wrote it (for a placeholder's name); "" when the row
    # names none, None when the reader does not say (the UUID is used).
    organisation_ref: str | None = None
    description: str = ""
    alternate_name: str = ""
    url: str = ""
    email: str = ""
    status: str = "active"
    # None: the file says nothing; the importer keeps the stored value (or the default).
    cost: str | None = None
    fee_amount: Decimal | None = None
    care_level_required: int | None = None
    recognised_45a: bool = False
    minimum_age: int | None = None
    maximum_age: int | None = None
    last_verified_at: dt.date | None = None
    reach: str | None = None
    easy_language_description: str | None = None
    staffing: str | None = None


@dataclass
class LocationRecord:
    id: uuid.UUID
    organisation_id: uuid.UUID | None
    name: str
    where: str
    location_type: str = "physical"
    description: str = ""
    transportation: str = ""
    latitude: float | None = None
    longitude: float | None = None
    organisation_ref: str | None = None
    # Free-text accessibility that fits none of our features; None: the file says nothing.
    accessibility_description: str | None = None
    # The name of the quarter the location lies in (German profile); None: the file says nothing.
    quarter_name: str | None = None


@dataclass
class AddressRecord:
    id: uuid.UUID
    location_id: uuid.UUID
    address_1: str
    city: str
    postal_code: str
    where: str
    state_province: str = ""
    country: str = ""
    address_type: str = "physical"


@dataclass
class PhoneRecord:
    id: uuid.UUID
    service_id: uuid.UUID | None
    location_id: uuid.UUID | None
    number: str
    where: str
    extension: str = ""
    type: str = "voice"
    description: str = ""


@dataclass
class ScheduleRecord:
    id: uuid.UUID
    service_id: uuid.UUID | None
    location_id: uuid.UUID | None
    freq: str
    byday: str
    opens_at: dt.time
    closes_at: dt.time
    where: str
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    description: str = ""


@dataclass
class LanguageRecord:
    id: uuid.UUID
    service_id: uuid.UUID
    code: str
    name: str
    where: str


@dataclass
class ContactRecord:
    id: uuid.UUID
    service_id: uuid.UUID
    name: str
    where: str
    title: str = ""
    email: str = ""


@dataclass
class CostOptionRecord:
    id: uuid.UUID
    service_id: uuid.UUID
    option: str
    where: str
    amount: Decimal | None = None
    amount_description: str = ""
    currency: str = "EUR"


@dataclass
class AccessibilityRecord:
    id: uuid.UUID
    location_id: uuid.UUID
    feature: str
    where: str
    details: str = ""


@dataclass
class ServiceAreaRecord:
    id: uuid.UUID
    service_id: uuid.UUID
    area_name: str
    where: str
    description: str = ""


@dataclass
class ServiceAtLocationRecord:
    id: uuid.UUID
    service_id: uuid.UUID
    location_id: uuid.UUID
    where: str


@dataclass
class TaxonomyRecord:
    id: uuid.UUID | None
    name: str
    description: str = ""
    uri: str = ""
    version: str = ""


@dataclass
class TermRecord:
    id: uuid.UUID
    code: str
    name: str
    taxonomy: TaxonomyRecord
    where: str
    description: str = ""
    parent_id: uuid.UUID | None = None


@dataclass
class Notes:
    """What a reader or the importer has to say: errors refuse the import, skipped rows and
    warnings go into the report."""

    errors: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Skipped rows per kind (keys of sync.KINDS), for the report's table.
    skipped_kinds: Counter = field(default_factory=Counter)
    alike: dict[str, list[str]] = field(default_factory=dict)
    # Row warnings and skips by their reason (without the row): reason -> rows, in order (a
    # dict as an ordered set, so that a hundred thousand rows stay cheap).
    grouped_warnings: dict[str, dict[str, None]] = field(default_factory=dict)
    grouped_skips: dict[str, dict[str, None]] = field(default_factory=dict)
    _seen: set = field(default_factory=set)
    _skipped_once: set = field(default_factory=set)

    def error(self, message: str) -> None:
        self.errors.append(message)

    def skip(self, message: str, *, kind: str) -> None:
        # A nested object listed twice (a location under each of its services) is one row.
        if message not in self._skipped_once:
            self._skipped_once.add(message)
            self.skipped.append(message)
            self.skipped_kinds[kind] += 1

    def skip_alike(self, message: str, item: str, *, kind: str, key: object) -> None:
        """Skips a row for a reason many rows share (an area we do not have): the report
        names the reason once with all items. `key` identifies the row, so a nested object
        listed twice counts once."""
        if key in self._seen:
            return
        self._seen.add(key)
        self.alike.setdefault(message, []).append(item)
        self.skipped_kinds[kind] += 1

    def skip_row(self, where: str, reason: str, *, kind: str) -> None:
        """Skips a row; rows skipped for the same reason are reported together (flush)."""
        rows = self.grouped_skips.setdefault(reason, {})
        if where not in rows:
            rows[where] = None
            self.skipped_kinds[kind] += 1

    def warn_row(self, where: str, message: str) -> None:
        """A warning about one row; rows with the same message are reported together, as
        "1.401 × message (e.g. three rows)" instead of thousands of lines."""
        self.grouped_warnings.setdefault(message, {})[where] = None

    def flush(self) -> None:
        """Moves the shared reasons into the lists of skipped rows and warnings."""
        for message, items in self.alike.items():
            names = list(dict.fromkeys(items))
            shown = ", ".join(f"„{n}“" for n in names[:20]) + (" …" if len(names) > 20 else "")
            self.skipped.append(message % {"count": len(items), "items": shown})
        self.alike.clear()
        for reason, skipped in self.grouped_skips.items():
            self.skipped.append(_grouped(reason, list(skipped), suffix=_(" – übersprungen")))
        self.grouped_skips.clear()
        for message, warned in self.grouped_warnings.items():
            self.warn(_grouped(message, list(warned), suffix=""))
        self.grouped_warnings.clear()

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def raise_errors(self) -> None:
        """Refuses the import when there are errors, listing the first MAX_ERRORS."""
        if not self.errors:
            return
        listed = self.errors[:MAX_ERRORS]
        rest = len(self.errors) - len(listed)
        if rest:
            listed.append(
                ngettext(
                    "… und %(count)d weiterer Fehler.", "… und %(count)d weitere Fehler.", rest
                )
                % {"count": rest}
            )
        raise ValidationError(listed)


def _grouped(message: str, rows: list[str], *, suffix: str) -> str:
    """ "Zeile 4 in services.csv: message." for one row; for more, the count, the message and
    the first EXAMPLES rows."""
    if len(rows) == 1:
        return f"{rows[0]}: {message}{suffix}."
    shown = "; ".join(rows[:EXAMPLES]) + ("; …" if len(rows) > EXAMPLES else "")
    count = number_format(len(rows), force_grouping=True)
    return _("%(count)s × %(message)s%(suffix)s (zum Beispiel %(rows)s).") % {
        "count": count,
        "message": message,
        "suffix": suffix,
        "rows": shown,
    }


@dataclass
class Bundle:
    """Everything one file holds, in our terms."""

    format: str
    notes: Notes = field(default_factory=Notes)
    organisations: dict[uuid.UUID, OrganisationRecord] = field(default_factory=dict)
    services: dict[uuid.UUID, ServiceRecord] = field(default_factory=dict)
    locations: dict[uuid.UUID, LocationRecord] = field(default_factory=dict)
    addresses: dict[uuid.UUID, AddressRecord] = field(default_factory=dict)
    phones: dict[uuid.UUID, PhoneRecord] = field(default_factory=dict)
    schedules: dict[uuid.UUID, ScheduleRecord] = field(default_factory=dict)
    languages: dict[uuid.UUID, LanguageRecord] = field(default_factory=dict)
    contacts: dict[uuid.UUID, ContactRecord] = field(default_factory=dict)
    cost_options: dict[uuid.UUID, CostOptionRecord] = field(default_factory=dict)
    accessibility: dict[uuid.UUID, AccessibilityRecord] = field(default_factory=dict)
    service_areas: dict[uuid.UUID, ServiceAreaRecord] = field(default_factory=dict)
    service_at_locations: dict[uuid.UUID, ServiceAtLocationRecord] = field(default_factory=dict)
    terms: dict[uuid.UUID, TermRecord] = field(default_factory=dict)
    # (service id, term id) pairs
    service_terms: set[tuple[uuid.UUID, uuid.UUID]] = field(default_factory=set)
    # (relation, parent id), relation being "service.phones", "location.addresses" …: the file
    # states this relation of this service or location, so the importer replaces it.
    given: set[tuple[str, uuid.UUID]] = field(default_factory=set)

    def give(self, relation: str, parent_id: uuid.UUID) -> None:
        self.given.add((relation, parent_id))
