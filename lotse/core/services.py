import datetime as dt
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import router, transaction
from django.db.models import ProtectedError, RestrictedError
from django.db.models.deletion import Collector
from django.utils import formats, timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from lotse.core.audit import audit_record
from lotse.core.models import Area, BarrierReport, Organisation
from lotse.core.permissions import Actor, require

# A report sent again within this time (double click, tremor, Back and send again) is kept once.
DUPLICATE_WINDOW = dt.timedelta(minutes=10)


@transaction.atomic
def barrier_report_create(
    *, page: str, message: str, name: str = "", email: str = "", phone: str = ""
) -> BarrierReport:
    """Stores a report from "Barriere melden" and e-mails it to the accessibility contact."""
    fields = {"page": page, "message": message, "name": name, "email": email, "phone": phone}
    duplicate = BarrierReport.objects.filter(
        **fields, created_at__gte=timezone.now() - DUPLICATE_WINDOW
    ).first()
    if duplicate is not None:
        return duplicate
    report = BarrierReport(**fields)
    report.full_clean()
    report.save()
    # robust: when the mail server is down the report is still stored and listed in the admin.
    transaction.on_commit(partial(_barrier_report_mail, report=report), robust=True)
    return report


def _barrier_report_mail(*, report: BarrierReport) -> None:
    # The office reads German, whatever language the resident used.
    with translation.override(settings.LANGUAGE_CODE):
        missing = _("keine Angabe")
        received = formats.date_format(
            timezone.localtime(report.created_at), "DATETIME_FORMAT", use_l10n=True
        )
        body = _(
            "Über das Formular „Barriere melden“ ist eine Meldung eingegangen.\n"
            "Bitte antworten Sie innerhalb eines Monats (BGG § 12b).\n\n"
            "Nummer der Meldung: %(id)s\n"
            "Eingegangen: %(received)s\n"
            "Seite: %(page)s\n\n"
            "Problem:\n%(message)s\n\n"
            "Name: %(name)s\n"
            "E-Mail: %(email)s\n"
            "Telefon: %(phone)s\n"
        ) % {
            "id": report.pk,
            "received": received,
            "page": report.page or missing,
            "message": report.message,
            "name": report.name or missing,
            "email": report.email or missing,
            "phone": report.phone or missing,
        }
        send_mail(
            subject=_("Barriere gemeldet: Nummer %(id)s") % {"id": report.pk},
            message=body,
            from_email=None,
            recipient_list=[settings.LOTSE_ACCESSIBILITY_EMAIL],
        )


# Region administration: region coordinators look after the organisations and areas of their
# region (pages in lotse/accounts/views_region.py, rules in lotse/core/rules.py).

ORGANISATION_FIELDS = ["name", "kind", "alternate_name", "email", "website", "description"]


def _check_areas_in_region(areas: list[Area], region: Area) -> None:
    if any(area.region_id != region.pk or area.kind == Area.Kind.REGION for area in areas):
        raise ValidationError(_("Wählen Sie nur Gebiete aus Ihrer Region."))


@transaction.atomic
def organisation_create(
    *, actor: Actor, region: Area, data: dict[str, Any], coordinates: Iterable[Area] = ()
) -> Organisation:
    """A new organisation in the coordinator's region; `data` holds ORGANISATION_FIELDS."""
    require(actor, "core.add_organisation", region)
    coordinates = list(coordinates)
    _check_areas_in_region(coordinates, region)
    organisation = Organisation(region=region, **{f: data[f] for f in ORGANISATION_FIELDS})
    organisation.full_clean()
    organisation.save()
    organisation.coordinates.set(coordinates)
    audit_record(actor=actor, verb="organisation.created", target=organisation)
    return organisation


@transaction.atomic
def organisation_update(
    *,
    actor: Actor,
    organisation: Organisation,
    data: dict[str, Any],
    coordinates: Iterable[Area] = (),
) -> Organisation:
    """Name, kind, contact and the areas it coordinates; the region stays."""
    require(actor, "core.change_organisation", organisation)
    coordinates = list(coordinates)
    _check_areas_in_region(coordinates, organisation.region)
    for field in ORGANISATION_FIELDS:
        setattr(organisation, field, data[field])
    organisation.full_clean()
    organisation.save(update_fields=[*ORGANISATION_FIELDS, "updated_at"])
    organisation.coordinates.set(coordinates)
    audit_record(actor=actor, verb="organisation.changed", target=organisation)
    return organisation


def _check_parent(*, kind: str, parent: Area, region: Area) -> None:
    """A municipality lies directly in the region; a quarter in a municipality of the region
    or, in a kreisfreie Stadt, directly in the region."""
    if parent.region_id != region.pk:
        raise ValidationError(_("Wählen Sie ein Gebiet aus Ihrer Region."))
    if kind == Area.Kind.MUNICIPALITY and parent.kind != Area.Kind.REGION:
        raise ValidationError(_("Eine Kommune liegt direkt im Kreis."))
    if kind == Area.Kind.QUARTER and parent.kind == Area.Kind.QUARTER:
        raise ValidationError(_("Ein Quartier liegt in einer Kommune oder direkt im Kreis."))


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "gebiet"
    slug, number = base, 1
    while Area.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


@transaction.atomic
def area_create(*, actor: Actor, region: Area, name: str, kind: str, parent: Area) -> Area:
    """A municipality or quarter inside the coordinator's region."""
    require(actor, "core.add_area", region)
    if kind not in (Area.Kind.MUNICIPALITY, Area.Kind.QUARTER):
        raise ValidationError(_("Wählen Sie Kommune oder Quartier."))
    _check_parent(kind=kind, parent=parent, region=region)
    area = Area(name=name.strip(), slug=_unique_slug(name), kind=kind, parent=parent, region=region)
    area.full_clean()
    area.save()
    audit_record(actor=actor, verb="area.created", target=area)
    return area


@transaction.atomic
def area_update(*, actor: Actor, area: Area, name: str, parent: Area) -> Area:
    """Renames an area or moves a quarter under another municipality; the address (slug) stays
    so that printed links keep working."""
    require(actor, "core.change_area", area)
    if area.kind == Area.Kind.REGION:
        raise ValidationError(_("Den Kreis selbst können Sie hier nicht ändern."))
    assert area.region is not None
    _check_parent(kind=area.kind, parent=parent, region=area.region)
    before = f"{area.name} in {area.parent}"
    area.name = name.strip()
    area.parent = parent
    area.full_clean()
    area.save(update_fields=["name", "parent"])
    audit_record(
        actor=actor, verb="area.changed", target=area, note=f"{before} -> {area.name} in {parent}"
    )
    return area


def area_is_used(area: Area) -> bool:
    """Anything points to the area: smaller areas, locations, memberships, invitations,
    organisations, persons … Asked from Django's delete collector, so later apps count too."""
    collector = Collector(using=router.db_for_write(Area))
    try:
        collector.collect([area])
    except (ProtectedError, RestrictedError):
        return True
    if any(model is not Area or len(rows) > 1 for model, rows in collector.data.items()):
        return True
    updates = [objs for batches in collector.field_updates.values() for objs in batches]
    return any(_has_rows(objs) for objs in [*collector.fast_deletes, *updates])


def _has_rows(objs) -> bool:
    return objs.exists() if hasattr(objs, "exists") else bool(objs)


@transaction.atomic
def area_delete(*, actor: Actor, area: Area) -> None:
    """Deletes an area nothing uses (a typo, say); a used area stays and the caller says why."""
    require(actor, "core.delete_area", area)
    if area.kind == Area.Kind.REGION:
        raise ValidationError(_("Den Kreis selbst können Sie hier nicht löschen."))
    if area_is_used(area):
        raise ValidationError(
            _(
                "%(name)s wird noch verwendet, zum Beispiel von Orten, Mitarbeitenden oder "
                "kleineren Gebieten. Deshalb können Sie es nicht löschen. Sie können es "
                "umbenennen."
            )
            % {"name": area.name}
        )
    audit_record(actor=actor, verb="area.deleted", target=area, note=area.name)
    area.delete()
