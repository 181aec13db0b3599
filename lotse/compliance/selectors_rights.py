"""Art. 15 DSGVO: everything the platform holds about one person, as one plain structure.

The collection is generic: it walks the models that point to Person (and, one level down, the
models that point to those), so records that later apps add are exported without a change
here. Encrypted fields arrive decrypted (EncryptedTextField decrypts when loading).
"""

import datetime as dt
import json
import re
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Field, ForeignObjectRel, Model, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lotse.compliance.selectors import (
    SUPERVISORY_AUTHORITY_TEXT,
    ActivityNotice,
    activity_notices_by_model,
    rights_notice,
)
from lotse.core.models import AuditEntry
from lotse.core.permissions import Actor, require
from lotse.people import selectors as people_selectors
from lotse.people.models import Person, PersonCorrection

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

# Columns that say nothing about the person and would only puzzle them: keys, hashes, tokens,
# the routing region, search keys, the outbox's bookkeeping. Besides these, every primary key,
# every name ending in "_hash" or "_id" and every name holding "token" is left out.
INTERNAL_FIELDS = {
    "region",
    "public_id",
    "dedupe_key",
    "template",
    "attempts",
    "next_attempt_at",
    "lease_until",
    "last_error",
    "print_batch",
    "office_alert_at",
    # The short code that cancels an appointment is the secret of its cancel link: on a
    # printout it would let anyone cancel. (A referral's short code stays: it is the number
    # printed on the person's slip that everybody refers to.)
    "office.Appointment.short_code",
    # The code a digital helper answers an offer with by SMS: as secret as the offer's link.
    "volunteers.HelpOffer.sms_code",
    # An event registration's short code cancels it, like an appointment's.
    "news.Registration.short_code",
    # An e-mail's HTML version repeats its plain text (with the same links, which the copy
    # shows without their tokens); its extra headers hold the unsubscribe link.
    "notifications.Message.html_body",
    "notifications.Message.headers",
}
INTERNAL_PREFIXES = ("search_",)

# German labels for fields whose model gives none: "app.Model.field" first, then by name alone.
FALLBACK_LABELS = {
    "created_at": gettext_lazy("Angelegt am"),
    "updated_at": gettext_lazy("Zuletzt geändert am"),
    "recorded_by": gettext_lazy("Erfasst von"),
    "recorded_at": gettext_lazy("Erfasst am"),
    "withdrawn_by": gettext_lazy("Widerrufen von"),
    "ended_by": gettext_lazy("Beendet von"),
    "changed_by": gettext_lazy("Geändert von"),
    "created_by": gettext_lazy("Erfasst von"),
    "organisation": gettext_lazy("Träger"),
    "kind": gettext_lazy("Art"),
    "fields": gettext_lazy("Geänderte Angaben"),
    "change_values": gettext_lazy("Alte und neue Werte"),
    "sent_at": gettext_lazy("Verschickt am"),
    "printed_at": gettext_lazy("Gedruckt am"),
    "printed_by": gettext_lazy("Gedruckt von"),
    "answered_at": gettext_lazy("Beantwortet am"),
    "closed_at": gettext_lazy("Abgeschlossen am"),
    "office.Appointment.office": gettext_lazy("Quartiersbüro"),
    "office.Appointment.booked_by": gettext_lazy("Gebucht von"),
    "desk.Referral.inquiry": gettext_lazy("Anliegen"),
    "desk.Referral.consent": gettext_lazy("Einwilligung zur Weitergabe"),
    "desk.Referral.shares_personal_data": gettext_lazy("Angaben an den Anbieter weitergegeben"),
    "desk.ReferralEvent.actor": gettext_lazy("Von"),
    "desk.ReferralEvent.at": gettext_lazy("Wann"),
    "desk.ReferralEvent.from_status": gettext_lazy("Stand vorher"),
    "desk.ReferralEvent.to_status": gettext_lazy("Stand danach"),
    "desk.ReferralEvent.note": gettext_lazy("Bemerkung"),
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
    "inquiry.read": gettext_lazy("Angesehen"),
    "inquiry.created": gettext_lazy("Erfasst"),
    "inquiry.changed": gettext_lazy("Geändert"),
    "inquiry.assigned": gettext_lazy("An eine Kollegin oder einen Kollegen gegeben"),
    "inquiry.followed_up": gettext_lazy("Nachgefragt, ob es geklappt hat"),
    "inquiry.closed": gettext_lazy("Abgeschlossen"),
    "referral.read": gettext_lazy("Angesehen"),
    "referral.created": gettext_lazy("Weitervermittlung angelegt"),
    "referral.sent": gettext_lazy("An den Anbieter geschickt"),
    "appointment.booked": gettext_lazy("Termin gebucht"),
    "appointment.cancelled": gettext_lazy("Termin abgesagt"),
    "letter.read": gettext_lazy("Brief angesehen"),
    "letter.printed": gettext_lazy("Brief gedruckt"),
    "unmet_need.recorded": gettext_lazy("Fehlendes Angebot erfasst"),
}

# Verbs not named above, by their last part ("referral.accepted" is a change of the referral).
VERB_ENDING_LABELS = {
    "read": gettext_lazy("Angesehen"),
    "viewed": gettext_lazy("Angesehen"),
    "created": gettext_lazy("Angelegt"),
}

# A link with a secret in it (the long link to cancel an appointment) in a copy of a message:
# whoever holds the printout could use it. The copy says that a link was there.
SECRET_LINK = re.compile(r"\S*/[A-Za-z0-9_-]{20,}/?\S*")


def export_labels_register(
    *, fields: dict[str, "_StrPromise"] | None = None, verbs: dict[str, "_StrPromise"] | None = None
) -> None:
    """German labels an app adds for its own models, in its AppConfig.ready: for fields whose
    model gives no German name ("app.Model.field") and for its audit verbs."""
    FALLBACK_LABELS.update(fields or {})
    VERB_LABELS.update(verbs or {})


def is_internal(field: Field) -> bool:
    name = field.name
    return (
        field.primary_key
        or name in INTERNAL_FIELDS
        or f"{field.model._meta.label}.{name}" in INTERNAL_FIELDS
        or name.startswith(INTERNAL_PREFIXES)
        or name.endswith(("_hash", "_id"))
        or "token" in name
    )


def field_label(field: Field) -> str:
    """The field's German verbose_name; Django's default (the name) counts as none."""
    if str(field.verbose_name) != field.name.replace("_", " "):
        return str(field.verbose_name)
    key = f"{field.model._meta.label}.{field.name}"
    return str(FALLBACK_LABELS.get(key, FALLBACK_LABELS.get(field.name, field.name)))


def exported_fields(model: type[Model], *, parent_field: str = "") -> list[Field]:
    return [
        field
        for field in model._meta.concrete_fields
        if field.name != parent_field and not is_internal(field)
    ]


def _person_field_label(name: str) -> str:
    try:
        return field_label(Person._meta.get_field(name))  # type: ignore[arg-type]
    except FieldDoesNotExist:
        return name


def _correction_value(obj: PersonCorrection, field: Field) -> tuple[Any, str] | None:
    """A correction names the changed fields of the person: by their German labels."""
    if field.name == "fields":
        labels = [_person_field_label(name) for name in obj.fields or []]
        return labels, ", ".join(labels) or "–"
    if field.name == "change_values":
        try:
            changes = json.loads(obj.change_values or "{}")
        except ValueError:
            return None
        if not isinstance(changes, dict):
            return None
        values = {_person_field_label(name): change for name, change in changes.items()}
        lines = []
        for label, change in values.items():
            if isinstance(change, list | tuple) and len(change) == 2:
                lines.append(f"{label}: „{change[0] or '–'}“ → „{change[1] or '–'}“")
            else:
                lines.append(f"{label}: {change}")
        return values, "\n".join(lines) or "–"
    return None


def _value(obj: Model, field: Field) -> tuple[Any, str]:
    """(JSON value, German text) of one field. A related record is named, never by its key."""
    if isinstance(obj, PersonCorrection) and (special := _correction_value(obj, field)):
        return special
    if field.is_relation:
        related = getattr(obj, field.name)
        return (str(related), str(related)) if related is not None else (None, "–")
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
    if isinstance(value, str) and field.name == "body":
        text = SECRET_LINK.sub(_("(persönlicher Link, hier weggelassen)"), value)
        return text, text
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
    return {"fields": fields}


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


def _purposes(model_label: str, notices: dict[str, list[ActivityNotice]]) -> list[dict[str, Any]]:
    """Why a kind of record is kept and for how long: the privacy notice's own words."""
    return [
        {
            "name": notice.name,
            "purpose": notice.purpose,
            "legal_bases": [
                f"{basis.name} ({basis.article})" if basis.article else basis.name
                for basis in notice.legal_bases
            ],
            "recipients": notice.recipients,
            "retention": [
                " ".join(
                    part
                    for part in (f"{rule.label}: {rule.text}.", rule.duration, rule.action)
                    if part
                )
                for rule in notice.retention
            ]
            + ([notice.retention_note] if notice.retention_note else []),
        }
        for notice in notices.get(model_label, [])
    ]


def verb_label(verb: str) -> str:
    """An audit verb in words; an unknown one is at least a change ("Geändert")."""
    if verb in VERB_LABELS:
        return str(VERB_LABELS[verb])
    ending = verb.rpartition(".")[2]
    return str(VERB_ENDING_LABELS.get(ending, gettext_lazy("Geändert")))


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
                "action": verb_label(entry.verb),
                "record": record,
                "purpose": entry.purpose,
            }
        )
    return result


def _secret_codes(records: list[Model]) -> set[str]:
    """The values of the secret columns named in INTERNAL_FIELDS ("office.Appointment.short_code")
    among the collected records: messages quote them, and the copy leaves them out there too."""
    codes = set()
    for obj in records:
        for key in INTERNAL_FIELDS:
            label, _dot, name = key.rpartition(".")
            if label == obj._meta.label and (value := getattr(obj, name, "")):
                codes.add(str(value))
    return codes


def _redact_messages(sections: list[dict[str, Any]], codes: set[str]) -> None:
    for section in sections:
        for item in section["items"]:
            for field in item["fields"]:
                if field["name"] == "body" and isinstance(field["value"], str):
                    for code in codes:
                        field["value"] = field["value"].replace(
                            code, str(_("(Code, hier weggelassen)"))
                        )
                    field["text"] = field["value"]
            _redact_messages(item["related"], codes)


def subject_access_collect(*, actor: Actor, person: Person) -> dict[str, Any]:
    """Everything about `person` as plain JSON-ready data, written for the person: the person's
    fields, every record pointing to it (consents, proxies, corrections, inquiries …), each kind
    with its purpose and retention from the privacy notice, the audit entries about all of them
    (who saw or changed what, when, why: the recipients of Art. 15(1)(c)), their rights and the
    supervisory authority. No keys, hashes or tokens; every field with its German label."""
    require(actor, "compliance.export_person", person)
    seen: list[Model] = [person]
    notices = activity_notices_by_model()
    records = [_section(rel, person, seen) for rel in person_relations()]
    _redact_messages(records, _secret_codes(seen))
    person_purposes = _purposes(Person._meta.label, notices)
    # Each activity's purpose and retention is written out once, where it first comes; later
    # sections of the same activity point there.
    shown = {purpose["name"]: str(_("Angaben zu Ihrer Person")) for purpose in person_purposes}
    for section in records:
        section["purposes"] = []
        section["purposes_see"] = []
        for purpose in _purposes(section["model"], notices):
            if purpose["name"] in shown:
                if shown[purpose["name"]] not in section["purposes_see"]:
                    section["purposes_see"].append(shown[purpose["name"]])
            else:
                section["purposes"].append(purpose)
                if section["items"]:
                    shown[purpose["name"]] = section["label"]
    controller = {
        "name": settings.LOTSE_CONTROLLER_NAME,
        "address": settings.LOTSE_CONTROLLER_ADDRESS,
        "contact": settings.LOTSE_CONTROLLER_CONTACT,
        "dpo": settings.LOTSE_CONTROLLER_DPO,
    }
    return {
        "title": _("Auskunft nach Art. 15 DSGVO"),
        "cover_title": _("Das haben wir über Sie gespeichert"),
        "created_at": timezone.now().isoformat(),
        "created_at_text": timezone.localtime().strftime("%d.%m.%Y %H:%M"),
        "created_by": str(actor),
        "controller": person.organisation.name,
        "data_protection": controller,
        "person": {
            "model": Person._meta.label,
            "label": str(Person._meta.verbose_name),
            "purposes": person_purposes,
            **_record(person),
        },
        "records": records,
        "empty_sections": [section["label"] for section in records if not section["items"]],
        "audit": _audit(seen),
        "rights": [{"name": right.name, "text": right.text} for right in rights_notice()],
        "supervisory_authority": {
            "text": str(SUPERVISORY_AUTHORITY_TEXT),
            "address": settings.LOTSE_SUPERVISORY_AUTHORITY,
        },
    }
