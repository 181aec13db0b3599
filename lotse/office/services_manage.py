"""Creating a Quartiersbüro and changing its contact data, quarter, short name, appointment
length and booking period: what Django's admin was used for, as staff services (pages in
lotse/office/views_manage.py, rules in lotse/office/rules.py). Consultation hours and closures
have their own services (lotse/office/services.py)."""

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lotse.core.audit import audit_record
from lotse.core.models import Area, Organisation
from lotse.core.permissions import Actor, require
from lotse.office.models import RESERVED_SLUGS, Appointment, Office
from lotse.office.services import PHONE_DIGITS, phone_is_dialable

# What managers and administrators of the running organisation change themselves.
CONTACT_FIELDS = ["name", "street", "postcode", "city", "phone", "email"]
SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SLUG_MAX = Office._meta.get_field("slug").max_length or 80


def slug_taken_message() -> str:
    return _("Dieser Kurzname ist vergeben. Bitte wählen Sie einen anderen.")


def _clean_contact(data: dict[str, Any]) -> dict[str, str]:
    """The contact data stripped; the postcode without spaces. Raises a ValidationError by
    field for a postcode that is not five digits or a phone number that cannot be dialled."""
    cleaned = {field: str(data.get(field) or "").strip() for field in CONTACT_FIELDS}
    cleaned["postcode"] = re.sub(r"\s", "", cleaned["postcode"])
    errors: dict[str, str] = {}
    if not re.fullmatch(r"\d{5}", cleaned["postcode"]):
        errors["postcode"] = _("Die Postleitzahl muss 5 Ziffern haben")
    if not cleaned["phone"]:
        errors["phone"] = _("Geben Sie die Telefonnummer des Büros ein")
    elif not phone_is_dialable(cleaned["phone"]):
        errors["phone"] = str(PHONE_DIGITS)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _check_slug(slug: str, *, office: Office | None = None) -> None:
    if len(slug) > SLUG_MAX or not SLUG_PATTERN.fullmatch(slug):
        raise ValidationError(
            {
                "slug": _(
                    "Der Kurzname besteht aus kleinen Buchstaben, Ziffern und Bindestrichen, "
                    "zum Beispiel altstadt-nord, und hat höchstens %(max)s Zeichen."
                )
                % {"max": SLUG_MAX}
            }
        )
    taken = Office.objects.filter(slug=slug)
    if office is not None:
        taken = taken.exclude(pk=office.pk)
    if slug in RESERVED_SLUGS or taken.exists():
        raise ValidationError({"slug": slug_taken_message()})


def slug_from_quarter(quarter: Area, *, office: Office | None = None) -> str:
    """The quarter's name as a short name ("Altstadt Nord" -> "altstadt-nord"), with a number
    if another office has it already ("altstadt-nord-2")."""
    base = slugify(quarter.name)[: SLUG_MAX - 4].strip("-") or "buero"
    others = Office.objects.exclude(pk=office.pk) if office is not None else Office.objects.all()
    slug, number = base, 1
    while slug in RESERVED_SLUGS or others.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def _check_place(*, organisation: Organisation, quarter: Area) -> None:
    """An office is run by an organisation of kind Quartiersbüro, in a quarter of its region
    that the organisation coordinates."""
    if organisation.kind != Organisation.Kind.OFFICE:
        raise ValidationError(
            {
                "organisation": _(
                    "%(name)s ist keine Organisation der Art „Quartiersbüro“. Ändern Sie "
                    "zuerst die Art der Organisation in der Verwaltung des Kreises."
                )
                % {"name": organisation.name}
            }
        )
    if quarter.kind != Area.Kind.QUARTER or quarter.region_id != organisation.region_id:
        raise ValidationError({"quarter": _("Wählen Sie ein Quartier aus dem Kreis des Trägers.")})
    if not organisation.coordinates.filter(pk=quarter.pk).exists():
        raise ValidationError(
            {
                "quarter": _(
                    "%(name)s koordiniert das Quartier %(quarter)s nicht. Wählen Sie ein "
                    "anderes Quartier oder tragen Sie es in der Verwaltung des Kreises bei der "
                    "Organisation ein."
                )
                % {"name": organisation.name, "quarter": quarter.name}
            }
        )


def _save(office: Office, **kwargs: Any) -> None:
    """Saves in a savepoint, so that a short name taken at the same moment by someone else
    (the unique index) is a message, not a server error."""
    try:
        with transaction.atomic():
            office.save(**kwargs)
    except IntegrityError as exc:
        raise ValidationError({"slug": slug_taken_message()}) from exc


@transaction.atomic
def office_create(
    *,
    actor: Actor,
    organisation: Organisation,
    quarter: Area,
    data: dict[str, Any],
    slug: str = "",
) -> Office:
    """A new Quartiersbüro of an office organisation of the coordinator's region, in a quarter
    the organisation coordinates; `data` holds CONTACT_FIELDS. Without a short name it is made
    from the quarter's name."""
    require(actor, "office.add_office", organisation)
    _check_place(organisation=organisation, quarter=quarter)
    contact = _clean_contact(data)
    slug = slug.strip().lower()
    if slug:
        _check_slug(slug)
    else:
        slug = slug_from_quarter(quarter)
    office = Office(organisation=organisation, quarter=quarter, slug=slug, **contact)
    office.full_clean()
    _save(office, force_insert=True)
    audit_record(actor=actor, verb="office.created", target=office, note=office.name)
    return office


@transaction.atomic
def office_update(
    *,
    actor: Actor,
    office: Office,
    data: dict[str, Any],
    quarter: Area | None = None,
    slug: str | None = None,
) -> Office:
    """Changes the office's contact data (`data` holds CONTACT_FIELDS) and, for the region
    coordination, its quarter and short name (None: unchanged; an empty short name is made
    from the quarter). The short name is in the links of everyone who booked there, so once
    the office has appointments it stays."""
    require(actor, "office.change_office_details", office)
    contact = _clean_contact(data)
    quarter = quarter if quarter is not None else office.quarter
    new_slug = office.slug if slug is None else slug.strip().lower()
    if quarter.pk != office.quarter_id or new_slug != office.slug:
        require(actor, "office.relocate_office", office)
    if quarter.pk != office.quarter_id:
        _check_place(organisation=office.organisation, quarter=quarter)
    if not new_slug:
        new_slug = slug_from_quarter(quarter, office=office)
    if new_slug != office.slug:
        if Appointment.objects.filter(office=office).exists():
            raise ValidationError(
                {
                    "slug": _(
                        "Der Kurzname bleibt, weil schon Termine gebucht wurden: er steht in "
                        "den Links, die diese Menschen bekommen haben."
                    )
                }
            )
        _check_slug(new_slug, office=office)
    before = f"{office.name}, {office.quarter.name}, {office.slug}"
    for field, value in contact.items():
        setattr(office, field, value)
    office.quarter = quarter
    office.slug = new_slug
    office.full_clean()
    _save(office, update_fields=[*CONTACT_FIELDS, "quarter", "slug"])
    audit_record(
        actor=actor,
        verb="office.changed",
        target=office,
        note=f"{before} -> {office.name}, {quarter.name}, {office.slug}",
    )
    return office


@transaction.atomic
def office_booking_change(
    *, actor: Actor, office: Office, slot_minutes: int, days_ahead: int
) -> Office:
    """How long an appointment is and how many days ahead people can book. The length changes
    only while no future appointment is booked: the slots of the new length would not line up
    with the booked ones."""
    require(actor, "office.change_office_details", office)
    locked = Office.objects.select_for_update(no_key=True).get(pk=office.pk)
    if slot_minutes != locked.slot_minutes:
        booked = Appointment.objects.filter(
            office=locked, status=Appointment.Status.BOOKED, start__gt=timezone.now()
        ).count()
        if booked:
            raise ValidationError(
                {
                    "slot_minutes": ngettext(
                        "Die Länge eines Termins können Sie erst ändern, wenn kein Termin mehr "
                        "gebucht ist. Gebucht ist noch %(count)s Termin.",
                        "Die Länge eines Termins können Sie erst ändern, wenn kein Termin mehr "
                        "gebucht ist. Gebucht sind noch %(count)s Termine.",
                        booked,
                    )
                    % {"count": booked}
                }
            )
    before = f"{locked.slot_minutes} min, {locked.days_ahead} d"
    locked.slot_minutes, locked.days_ahead = slot_minutes, days_ahead
    locked.full_clean()
    locked.save(update_fields=["slot_minutes", "days_ahead"])
    audit_record(
        actor=actor,
        verb="office.booking_changed",
        target=locked,
        note=f"{before} -> {slot_minutes} min, {days_ahead} d",
    )
    office.slot_minutes, office.days_ahead = slot_minutes, days_ahead
    return locked
