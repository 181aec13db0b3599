"""Art. 15 DSGVO: everything the platform holds about one person, as one plain structure.

The collection is generic: it walks the models that point to Person (and, one level down, the
models that point to those), so records that later apps add are exported without a change
here. Encrypted fields arrive decrypted (EncryptedTextField decrypts when loading).
"""

import datetime as dt
from typing import Any

from django.apps import apps
from django.db.models import Field, ForeignObjectRel, Model, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lotse.core.models import AuditEntry
from lotse.core.permissions import Actor, require
from lotse.people import selectors as people_selectors
from lotse.people.models import Person

# Internal fields that say nothing about the person: search keys and the routing region.
SKIPPED_FIELDS = {"region"}
SKIPPED_PREFIXES = ("search_",)

# German labels for fields whose model gives none.
FALLBACK_LABELS = {
    "id": gettext_lazy("Kennung"),
    "created_at": gettext_lazy("Angelegt am"),
    "updated_at": gettext_lazy("Zuletzt geändert am"),
    "recorded_by": gettext_lazy("Erfasst von"),
    "withdrawn_by": gettext_lazy("Widerrufen von"),
    "ended_by": gettext_lazy("Beendet von"),
    "changed_by": gettext_lazy("Geändert von"),
    "kind": gettext_lazy("Art"),
    "fields": gettext_lazy("Geänderte Angaben"),
    "change_values": gettext_lazy("Alte und neue Werte"),
}

# What an audit entry's verb means, in words for the person.
VERB_LABELS = {
    "person.read": gettext_lazy("Angesehen"),
    "person.created": gettext_lazy("Angelegt"),
    "person.updated": gettext_lazy("Geändert"),
    "person.exported": gettext_lazy("Auskunft erstellt"),
    "person.anonymised": gettext_lazy("Anonymisiert"),
    "person.merged": gettext_lazy("Zusammengeführt"),
    "consent.recorded": gettext_lazy("Einwilligung erfasst"),
    "consent.withdrawn": gettext_lazy("Einwilligung widerrufen"),
    "proxy.added": gettext_lazy("Vertretung erfasst"),
    "proxy.ended": gettext_lazy("Vertretung beendet"),
}


def field_label(field: Field) -> str:
    """The field's German verbose_name; Django's default (the name) counts as none."""
    if str(field.verbose_name) != field.name.replace("_", " "):
        return str(field.verbose_name)
    return str(FALLBACK_LABELS.get(field.name, field.name))


def exported_fields(model: type[Model], *, parent_field: str = "") -> list[Field]:
    return [
        field
        for field in model._meta.concrete_fields
        if field.name != parent_field
        and field.name not in SKIPPED_FIELDS
        and not field.name.startswith(SKIPPED_PREFIXES)
    ]


def _value(obj: Model, field: Field) -> tuple[Any, str]:
    """(JSON value, German text) of one field."""
    if field.is_relation:
        related = getattr(obj, field.name)
        return (str(related.pk), str(related)) if related is not None else (None, "–")
    value = getattr(obj, field.attname)
    if value is None or value == "" or value == []:
        return value, "–"
    if field.choices:
        return value, str(getattr(obj, f"get_{field.name}_display")())
    if isinstance(value, dt.datetime):
        return value.isoformat(), timezone.localtime(value).strftime("%d.%m.%Y %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat(), value.strftime("%d.%m.%Y")
    if isinstance(value, bool):
        return value, _("Ja") if value else _("Nein")
    if isinstance(value, list | tuple):
        return list(value), ", ".join(str(item) for item in value)
    if isinstance(value, int | float | str):
        return value, str(value)
    return str(value), str(value)


def _record(obj: Model, *, parent_field: str = "") -> dict[str, Any]:
    fields = []
    for field in exported_fields(type(obj), parent_field=parent_field):
        value, text = _value(obj, field)
        fields.append(
            {"name": field.name, "label": field_label(field), "value": value, "text": text}
        )
    return {"id": str(obj.pk), "fields": fields}


def person_relations() -> list[ForeignObjectRel]:
    """The reverse relations of the models that point to Person with a foreign key (the people
    app's list, hidden relations included)."""
    return [
        rel
        for rel in people_selectors.person_relations()
        if (rel.one_to_many or rel.one_to_one) and rel.field.concrete
    ]


def _points_to_person(model: type[Model]) -> bool:
    return any(
        field.is_relation and field.related_model is Person for field in model._meta.concrete_fields
    )


def _section(rel: ForeignObjectRel, owner: Model, seen: list[Model]) -> dict[str, Any]:
    model = rel.related_model
    items = []
    records = model._default_manager.filter(**{rel.field.name: owner})
    if not model._meta.ordering:
        records = records.order_by("pk")
    for obj in records:
        seen.append(obj)
        item = _record(obj, parent_field=rel.field.name)
        # One level down, models that do not point to the person themselves (those have
        # their own section already, like a consent given by a proxy).
        item["related"] = [
            _section(sub, obj, seen)
            for sub in model._meta.related_objects
            if (sub.one_to_many or sub.one_to_one)
            and sub.field.concrete
            and not _points_to_person(sub.related_model)
            and sub.related_model is not AuditEntry
        ]
        items.append(item)
    return {
        "model": model._meta.label,
        "label": str(model._meta.verbose_name_plural),
        "items": items,
    }


def _audit(records: list[Model]) -> list[dict[str, Any]]:
    """Who read or changed the person or one of its records, when and why, oldest first."""
    ids: dict[str, set[str]] = {}
    for obj in records:
        ids.setdefault(obj._meta.label, set()).add(str(obj.pk))
    query = Q()
    for label, pks in ids.items():
        query |= Q(target_type=label, target_id__in=sorted(pks))
    entries = AuditEntry.objects.filter(query).select_related("actor").order_by("created_at", "pk")
    result = []
    for entry in entries:
        try:
            record = str(apps.get_model(entry.target_type)._meta.verbose_name)
        except LookupError:
            record = entry.target_type
        result.append(
            {
                "time": entry.created_at.isoformat(),
                "time_text": timezone.localtime(entry.created_at).strftime("%d.%m.%Y %H:%M"),
                "actor": str(entry.actor) if entry.actor else _("System"),
                "verb": entry.verb,
                "action": str(VERB_LABELS.get(entry.verb, entry.verb)),
                "record": record,
                "record_id": entry.target_id,
                "purpose": entry.purpose,
                "note": entry.note,
            }
        )
    return result


def subject_access_collect(*, actor: Actor, person: Person) -> dict[str, Any]:
    """Everything about `person` as plain JSON-ready data: the person's fields, every record
    pointing to it (consents, proxies, corrections, later inquiries …) and the audit entries
    about all of them (who saw or changed what, when, why: the recipients of Art. 15(1)(c))."""
    require(actor, "privacy.export_person", person)
    seen: list[Model] = [person]
    records = [_section(rel, person, seen) for rel in person_relations()]
    return {
        "title": _("Auskunft nach Art. 15 DSGVO"),
        "created_at": timezone.now().isoformat(),
        "created_at_text": timezone.localtime().strftime("%d.%m.%Y %H:%M"),
        "created_by": str(actor),
        "controller": person.organisation.name,
        "person": {
            "model": Person._meta.label,
            "label": str(Person._meta.verbose_name),
            **_record(person),
        },
        "records": records,
        "audit": _audit(seen),
    }
