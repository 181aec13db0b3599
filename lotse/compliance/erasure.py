"""Art. 17 DSGVO: anonymise a person. Identity goes, counts for statistics stay.

Records of other apps that point to Person follow a small protocol. Each such model declares

    PERSON_ERASURE = "keep"    # the record stays and points to the anonymised person;
                               # an optional method `erase_personal_text(self) -> list[str]`
                               # clears its free text and returns the changed field names
    PERSON_ERASURE = "delete"  # the record is deleted

The people app's own records (consents, proxies, corrections) are handled here. A model that
declares nothing makes `person_anonymise` refuse (and a test fail), so no app can forget.

Why anonymisation and no full deletion: the persons an office served, by quarter, age band
and language, are the numbers funders and councils ask for, and merged or deleted rows would
change past reports. Without name, contact data, birth date and notes the row no longer
identifies anyone (the audit log keeps ids, verbs and purposes only, never values).
"""

import dataclasses
import datetime as dt
import re
from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lotse.compliance.selectors_rights import person_relations
from lotse.core.audit import audit_record
from lotse.core.permissions import Actor, require
from lotse.people.models import Consent, ContactChannel, Person, PersonCorrection, Proxy

KEEP = "keep"
DELETE = "delete"
ANONYMOUS_NAME = "Anonymisiert"
ERASURE_PURPOSE = "Löschung nach Art. 17 DSGVO"
# Birth years are coarsened to the first year of their five-year band (1938 → 1935).
BIRTH_YEAR_BAND = 5
# Person fields cleared by anonymisation; quarter, languages and organisation stay.
CLEARED_TEXT = ("phone", "email", "street", "postcode", "city", *Person.ENCRYPTED_FIELDS)

PROTOCOL_TEXT = {
    KEEP: gettext_lazy("bleiben für die Statistik, ohne Namen und freien Text"),
    DELETE: gettext_lazy("werden gelöscht"),
}


@dataclasses.dataclass(frozen=True)
class PlanLine:
    """One kind of record on the confirm page: how many there are and what will happen."""

    label: str
    count: int
    action: str


@dataclasses.dataclass(frozen=True)
class ErasureResult:
    person: Person
    already_anonymised: bool
    counts: dict[str, int]


# Records kept by erasure may hold records of their own that do not point to the person (a
# case file's journal, goals and network): the app that owns them registers, in its
# AppConfig.ready, how to clear those, by the kept model's label. Called after the kept
# record's own `erase_personal_text`, as `eraser(record, actor=actor)`.
_kept_erasers: dict[str, Callable[..., object]] = {}


def kept_record_eraser_register(label: str, eraser: Callable[..., object]) -> None:
    _kept_erasers[label] = eraser


def person_models() -> list[tuple[type[Model], str]]:
    """(model, name of its foreign key) of every model pointing to Person."""
    return [(rel.related_model, rel.field.name) for rel in person_relations()]


def undeclared_person_models() -> list[str]:
    """Labels of the models pointing to Person that neither this module handles nor declare
    PERSON_ERASURE = "keep" or "delete"."""
    return sorted(
        model._meta.label
        for model, _field in person_models()
        if model._meta.label not in BUILT_IN
        and getattr(model, "PERSON_ERASURE", None) not in (KEEP, DELETE)
    )


def erasure_plan(*, person: Person) -> list[PlanLine]:
    """What anonymisation will do: first with the person's open work, then with the records
    pointing to `person`."""
    work = _open_work(person, timezone.now())
    lines = [
        PlanLine(
            label=str(label),
            count=len(work[key]),
            action=str(action),
        )
        for key, label, action in (
            (
                "referrals",
                gettext_lazy("Offene Weitervermittlungen"),
                gettext_lazy("werden zurückgezogen („Vom Quartiersbüro beendet“)"),
            ),
            (
                "inquiries",
                gettext_lazy("Offene Anliegen"),
                gettext_lazy("werden abgeschlossen („Vom Quartiersbüro beendet“)"),
            ),
            (
                "appointments",
                gettext_lazy("Künftige Termine"),
                gettext_lazy("werden abgesagt; die Zeiten sind wieder frei"),
            ),
        )
        if work[key]
    ]
    for model, field in person_models():
        label = model._meta.label
        built_in = BUILT_IN.get(label)
        action = (
            built_in.action if built_in else PROTOCOL_TEXT.get(getattr(model, "PERSON_ERASURE", ""))
        )
        count = model._default_manager.filter(**{field: person}).count()
        lines.append(
            PlanLine(
                label=str(model._meta.verbose_name_plural),
                count=count,
                action=str(action or _("Noch nicht geregelt: die Anonymisierung ist gesperrt")),
            )
        )
    return lines


def _coarse_birth_year(year: int) -> int:
    return year - year % BIRTH_YEAR_BAND


# Phone-like runs of digits (also when typed differently from the stored number).
PHONE_LIKE = re.compile(r"\+?\d[\d /()-]{4,}\d")


def _without_identity(text: str, person: Person) -> str:
    """The reason as typed, with the person's name, contact data and phone numbers cut out."""
    for value in (person.given_name, person.family_name, person.email, person.street):
        if len(value) > 1:
            text = re.sub(re.escape(value), "[…]", text, flags=re.IGNORECASE)
    return PHONE_LIKE.sub("[…]", text).strip()


def _anonymise_consents(person: Person, actor: Actor, now: dt.datetime) -> int:
    consents = Consent.objects.filter(person=person)
    consents.filter(withdrawn_at__isnull=True).update(withdrawn_at=now, withdrawn_by=actor)
    return consents.update(evidence_note="")


def _anonymise_proxies(person: Person, actor: Actor, now: dt.datetime) -> int:
    proxies = Proxy.objects.filter(person=person)
    proxies.filter(ended_at__isnull=True).update(ended_at=now, ended_by=actor)
    return proxies.update(
        name=ANONYMOUS_NAME, relationship="", phone="", email="", address="", evidence_note=""
    )


def _delete_corrections(person: Person, actor: Actor, now: dt.datetime) -> int:
    deleted, _details = PersonCorrection.objects.filter(person=person).delete()
    return deleted


@dataclasses.dataclass(frozen=True)
class BuiltIn:
    action: str | Promise  # in words, for the confirm page
    handle: Callable[[Person, Actor, dt.datetime], int]


# The people app's own records, handled here instead of by PERSON_ERASURE.
BUILT_IN = {
    Consent._meta.label: BuiltIn(
        gettext_lazy("werden widerrufen, soweit sie noch gelten; die Nachweise werden gelöscht"),
        _anonymise_consents,
    ),
    Proxy._meta.label: BuiltIn(
        gettext_lazy("werden beendet; Name und Kontaktdaten werden gelöscht"),
        _anonymise_proxies,
    ),
    PersonCorrection._meta.label: BuiltIn(
        gettext_lazy("werden gelöscht, denn sie enthalten alte Angaben"), _delete_corrections
    ),
}


# What the office and the provider read on a record ended by erasure: neutral, no reason given.
ENDED_NOTE = gettext_lazy("Vom Quartiersbüro beendet")


def _open_work(person: Person, now: dt.datetime) -> dict[str, list]:
    """What erasure ends: open referrals, inquiries not closed, booked future appointments."""
    # Imported here: those apps build on persons and compliance, not the other way round.
    from lotse.desk.models import Inquiry, Referral  # noqa: PLC0415
    from lotse.desk.services.referrals import OPEN_STATUSES  # noqa: PLC0415
    from lotse.office.models import Appointment  # noqa: PLC0415

    return {
        "referrals": list(
            Referral.objects.filter(person=person, status__in=OPEN_STATUSES).select_related(
                "inquiry", "organisation"
            )
        ),
        "inquiries": list(
            Inquiry.objects.filter(person=person)
            .exclude(status=Inquiry.Status.CLOSED)
            .select_related("organisation")
        ),
        "appointments": list(
            Appointment.objects.filter(
                person=person, status=Appointment.Status.BOOKED, start__gt=now
            ).select_related("office")
        ),
    }


def _end_open_work(person: Person, actor: Actor, now: dt.datetime) -> dict[str, int]:
    """Ends what the person left open, each through the service for that step: referrals are
    withdrawn and inquiries closed with the neutral ENDED_NOTE, future appointments cancelled
    (their slots are free again). Without this the day view showed "Anonymisiert – Gebucht"
    and the dashboard "Anonymisiert – Offen"."""
    from lotse.desk.services.inquiries import inquiry_close  # noqa: PLC0415
    from lotse.desk.services.referrals import referral_withdraw  # noqa: PLC0415
    from lotse.office.services import appointment_cancel  # noqa: PLC0415

    work = _open_work(person, now)
    note = str(ENDED_NOTE)
    for referral in work["referrals"]:
        referral_withdraw(actor=actor, referral=referral, note=note)
    for inquiry in work["inquiries"]:
        inquiry_close(actor=actor, inquiry=inquiry, note=note)
    for appointment in work["appointments"]:
        appointment_cancel(actor=actor, appointment=appointment)
    return {
        "referrals_withdrawn": len(work["referrals"]),
        "inquiries_closed": len(work["inquiries"]),
        "appointments_cancelled": len(work["appointments"]),
    }


def _erase_records(person: Person, actor: Actor, now: dt.datetime) -> dict[str, int]:
    """Every record pointing to the person, by model label: how many were handled."""
    counts: dict[str, int] = {}
    for model, field in person_models():
        label = model._meta.label
        if label in BUILT_IN:
            counts[label] = BUILT_IN[label].handle(person, actor, now)
            continue
        records = model._default_manager.filter(**{field: person})
        if model.PERSON_ERASURE == DELETE:  # type: ignore[attr-defined]
            counts[label] = records.count()
            records.delete()
            continue
        kept = 0
        extra = _kept_erasers.get(label)
        for record in records:
            erase: Callable[[], list[str]] | None = getattr(record, "erase_personal_text", None)
            if erase is not None:
                changed = erase()
                if changed:
                    record.save(update_fields=changed)
            if extra is not None:
                extra(record, actor=actor)
            kept += 1
        counts[label] = kept
    return counts


@transaction.atomic
def person_anonymise(*, actor: Actor, person: Person, reason: str) -> ErasureResult:
    """Removes the person's identity and keeps the row for statistics (see the module text).

    A second call changes nothing and says so (`already_anonymised`). `actor` is the member
    who confirmed the erasure or released the retention run that asked for it.
    """
    require(actor, "compliance.anonymise_person", person)
    if not reason.strip():
        raise ValidationError({"reason": _("Geben Sie den Grund für die Löschung ein")})
    undeclared = undeclared_person_models()
    if undeclared:
        raise ImproperlyConfigured(
            f"PERSON_ERASURE missing on {', '.join(undeclared)} (see lotse/compliance/erasure.py)"
        )
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.anonymised_at is not None:
        return ErasureResult(person=person, already_anonymised=True, counts={})
    note_reason = _without_identity(reason, person)
    now = timezone.now()

    # First end the open work (its services check and log each step), then clear the text.
    ended = _end_open_work(person, actor, now)
    counts = {**_erase_records(person, actor, now), **ended}

    person.given_name = ""
    person.family_name = ANONYMOUS_NAME
    person.birth_date = None
    person.birth_year = _coarse_birth_year(person.birth_year)
    for name in CLEARED_TEXT:
        setattr(person, name, "")
    person.contact_channel = ContactChannel.NONE
    person.search_name = person.search_phone = person.search_street = ""
    person.anonymised_at = now
    person.save(
        update_fields=[
            "given_name",
            "family_name",
            "birth_date",
            "birth_year",
            *CLEARED_TEXT,
            "contact_channel",
            "search_name",
            "search_phone",
            "search_street",
            "anonymised_at",
            "updated_at",
        ]
    )
    # Counts and the reason (identity cut out) only: the log must not keep what was erased.
    summary = ", ".join(f"{key}={value}" for key, value in counts.items())
    audit_record(
        actor=actor,
        verb="person.anonymised",
        target=person,
        note=f"{summary}; Grund: {note_reason}" if note_reason else summary,
        purpose=ERASURE_PURPOSE,
    )
    return ErasureResult(person=person, already_anonymised=False, counts=counts)
