"""Writing rows the import brings: the checks and the bookkeeping every kind shares. Each
row is compared with what is stored; only new and changed rows are written, and the report
counts them per kind (created, updated, unchanged, deleted, skipped).
"""

import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lotse.core.models import Area
from lotse.directory.interop.records import Bundle
from lotse.directory.models import Location, Service

CHUNK = 2000
# Kinds of rows in the report, in this order, with their German names.
KINDS = {
    "organisations": gettext_lazy("Organisationen"),
    "services": gettext_lazy("Angebote"),
    "locations": gettext_lazy("Orte"),
    "addresses": gettext_lazy("Adressen"),
    "phones": gettext_lazy("Telefonnummern"),
    "schedules": gettext_lazy("Zeiten"),
    "languages": gettext_lazy("Sprachen"),
    "contacts": gettext_lazy("Ansprechpersonen"),
    "cost_options": gettext_lazy("Kostenangaben"),
    "accessibility": gettext_lazy("Barrierefreiheit"),
    "service_areas": gettext_lazy("Einsatzgebiete"),
    "service_at_locations": gettext_lazy("Angebote an Orten"),
    "terms": gettext_lazy("Themen"),
    "service_terms": gettext_lazy("Themen an Angeboten"),
}
STATES = ("created", "updated", "unchanged", "deleted", "skipped")
# Text fields that may be shortened to fit; others (codes, numbers, addresses) must fit as given.
_SHORTENED = {
    "name",
    "alternate_name",
    "description",
    "transportation",
    "title",
    "details",
    "amount_description",
    "option",
}


def linked_ids(model: type[models.Model], field: str, ids: Iterable[uuid.UUID], value: str) -> set:
    """The `value` of every row whose `field` is one of `ids`."""
    found: set = set()
    ids = list(ids)
    for start in range(0, len(ids), CHUNK):
        query = model._default_manager.filter(**{f"{field}__in": ids[start : start + CHUNK]})
        found.update(query.values_list(value, flat=True))
    return found


def existing_rows(model: type[models.Model], ids: Iterable[uuid.UUID], *related: str) -> dict:
    found: dict[uuid.UUID, Any] = {}
    ids = list(ids)
    for start in range(0, len(ids), CHUNK):
        query = model._default_manager.filter(id__in=ids[start : start + CHUNK])
        if related:
            query = query.select_related(*related)
        found.update({row.pk: row for row in query})
    return found


class RowWriter:
    """State of one import while it writes: counts, the ids it keeps, what to re-index."""

    def __init__(self, *, bundle: Bundle, region: Area, file_name: str = "") -> None:
        self.bundle = bundle
        self.region = region
        self.file_name = file_name
        self.notes = bundle.notes
        self.counts: dict[str, Counter] = {kind: Counter() for kind in KINDS}
        # Ids the import keeps, per kind: references to anything else are dropped.
        self.kept: dict[str, set[uuid.UUID]] = defaultdict(set)
        self.dirty_services: set[uuid.UUID] = set()
        self.dirty_locations: set[uuid.UUID] = set()
        self.dirty_organisations: set[uuid.UUID] = set()

    # Checking

    def skip(self, kind: str, where: str, reason: str) -> None:
        self.notes.skip_row(where, reason, kind=kind)

    def refuse_foreign(self, where: str) -> None:
        self.notes.error(
            _(
                "%(where)s: Diesen Eintrag gibt es schon in einer anderen Region. Ein Import "
                "ändert nie Daten anderer Regionen."
            )
            % {"where": where}
        )

    def clean(self, kind: str, instance: models.Model, where: str) -> bool:
        """Shortens long text and empties invalid optional values (with a warning); False when
        a required value does not fit, so the row is skipped."""
        for field in instance._meta.concrete_fields:
            value = getattr(instance, field.attname)
            limit = getattr(field, "max_length", None)
            if field.name in _SHORTENED and limit and isinstance(value, str) and len(value) > limit:
                setattr(instance, field.attname, value[: limit - 1] + "…")
                self.notes.warn_row(
                    where,
                    _("„%(field)s“ auf %(limit)d Zeichen gekürzt")
                    % {"field": field.verbose_name, "limit": limit},
                )
        relations = [f.name for f in instance._meta.concrete_fields if f.is_relation]
        try:
            instance.clean_fields(exclude=relations)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                target = instance._meta.get_field(name)
                label = str(getattr(target, "verbose_name", name))
                if not getattr(target, "blank", False):
                    self.skip(kind, where, f"„{label}“: {' '.join(messages)}")
                    return False
                self.notes.warn_row(
                    where,
                    _("„%(value)s“ ist für „%(field)s“ ungültig – leer gelassen")
                    % {"value": getattr(instance, name), "field": label},
                )
                default = target.get_default() if isinstance(target, models.Field) else None
                setattr(instance, name, default if default is not None or target.null else "")
        return True

    # Writing

    def sync(
        self,
        kind: str,
        model: type[models.Model],
        wanted: Sequence[models.Model],
        fields: list[str],
        existing: dict,
    ) -> set[uuid.UUID]:
        """Creates the new rows and updates the changed ones; returns the ids written."""
        create, update, changed_fields = [], [], set()
        for row in wanted:
            stored = existing.get(row.pk)
            if stored is None:
                create.append(row)
                continue
            diff = [f for f in fields if getattr(stored, f) != getattr(row, f)]
            if diff:
                for name in diff:
                    setattr(stored, name, getattr(row, name))
                update.append(stored)
                changed_fields.update(diff)
            else:
                self.counts[kind]["unchanged"] += 1
        model._default_manager.bulk_create(create, batch_size=500)
        if update:
            if any(f.name == "updated_at" for f in model._meta.concrete_fields):
                now = timezone.now()
                for row in update:
                    row.updated_at = now
                changed_fields.add("updated_at")
            model._default_manager.bulk_update(update, sorted(changed_fields), batch_size=500)
        self.counts[kind]["created"] += len(create)
        self.counts[kind]["updated"] += len(update)
        return {row.pk for row in create + update}

    def remove(
        self,
        kind: str,
        model: type[models.Model],
        attr: str,
        parent_ids: list[uuid.UUID],
        keep: set[uuid.UUID],
        parents: list[str],
    ) -> list[list]:
        """Deletes the rows of these parents that the file no longer lists; returns the
        parents of each deleted row."""
        gone = []
        for start in range(0, len(parent_ids), CHUNK):
            rows = model._default_manager.filter(
                **{f"{attr}__in": parent_ids[start : start + CHUNK]}
            )
            gone += [r for r in rows.values_list("id", *parents) if r[0] not in keep]
        ids = [r[0] for r in gone]
        for start in range(0, len(ids), CHUNK):
            model._default_manager.filter(id__in=ids[start : start + CHUNK]).delete()
        self.counts[kind]["deleted"] += len(gone)
        return [list(r[1:]) for r in gone]

    def given(self, relation: str) -> set[uuid.UUID]:
        return {parent for rel, parent in self.bundle.given if rel == relation}

    def write_children(
        self,
        kind: str,
        model: type[models.Model],
        records: dict,
        build: Any,
        fields: list[str],
        parents: dict[str, str],
    ) -> None:
        """Rows that hang on services or locations (`parents`: record attribute → kept kind).
        A row is kept when each parent it names is kept; a row already stored elsewhere than
        this region refuses the import. Rows of a given relation that the file no longer
        lists are deleted."""
        existing = existing_rows(model, records)
        foreign = self._foreign_ids(existing, parents)
        wanted = []
        for record in records.values():
            stored = existing.get(record.id)
            if stored is not None and record.id in foreign:
                self.refuse_foreign(record.where)
                continue
            named = {attr: getattr(record, attr) for attr in parents if getattr(record, attr)}
            missing = [
                attr for attr, value in named.items() if value not in self.kept[parents[attr]]
            ]
            if not named or len(missing) == len(named):
                self.skip(kind, record.where, _("gehört zu keinem übernommenen Angebot oder Ort"))
                continue
            for attr in missing:
                setattr(record, attr, None)
            row = build(record)
            if row is None:
                continue
            # A row as stored was checked when it was written.
            same = stored is not None and all(getattr(stored, f) == getattr(row, f) for f in fields)
            if same or self.clean(kind, row, record.where):
                wanted.append(row)
        self.notes.raise_errors()
        # Removed first: a link between the same offer and location under a new id must not
        # meet the old one.
        keep = {row.pk for row in wanted}
        touched = []
        for attr, parent_kind in parents.items():
            relation = f"{parent_kind.removesuffix('s')}.{kind}"
            parent_ids = list(self.given(relation) & self.kept[parent_kind])
            touched += self.remove(kind, model, attr, parent_ids, keep, list(parents))
        written = self.sync(kind, model, wanted, fields, existing)
        touched += [[getattr(row, attr) for attr in parents] for row in wanted if row.pk in written]
        for values in touched:
            for attr, parent in zip(parents, values, strict=True):
                self.mark_dirty(attr, parent)

    def _foreign_ids(self, existing: dict, parents: dict[str, str]) -> set[uuid.UUID]:
        """Ids of stored rows whose offer or location lies in another region."""
        foreign: set[uuid.UUID] = set()
        for attr in parents:
            parent_model = Service if attr == "service_id" else Location
            by_parent: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
            for row in existing.values():
                if getattr(row, attr) is not None:
                    by_parent[getattr(row, attr)].append(row.pk)
            ids = list(by_parent)
            for start in range(0, len(ids), CHUNK):
                elsewhere = (
                    parent_model._default_manager.filter(id__in=ids[start : start + CHUNK])
                    .exclude(organization__region_id=self.region.id)
                    .values_list("id", flat=True)
                )
                for parent in elsewhere:
                    foreign.update(by_parent[parent])
        return foreign

    def mark_dirty(self, attr: str, parent: uuid.UUID | None) -> None:
        if parent is None:
            return
        if attr == "service_id":
            self.dirty_services.add(parent)
        else:
            self.dirty_locations.add(parent)
