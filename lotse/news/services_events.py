"""Every change of an event: create, update, publish, withdraw, call off, a date cancelled or
moved (and the change undone), a quarter manager's release and their publication rule.

Each checks the permission (`require`), refuses text with characters no text may hold, checks
the whole row (`full_clean`), runs in one transaction, writes the audit log and brings the
event's dates (`occurrences_refresh`) in line. Refusals are German ValidationErrors; a change
the event's state does not allow is an `EventConflict` (the API answers 409)."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotse.core.audit import audit_record
from lotse.core.models import Area, Organisation
from lotse.core.permissions import Actor, require
from lotse.core.text_input import MESSAGE as FORBIDDEN_MESSAGE
from lotse.core.text_input import has_forbidden
from lotse.directory.models import TARGET_GROUPS, TOPICS, TaxonomyTerm
from lotse.news.models import (
    Event,
    EventException,
    Occurrence,
    PublicationRule,
    PublicationStatus,
    Registration,
)
from lotse.news.occurrences import HORIZON_DAYS, local_zone, parse_rule
from lotse.news.occurrences import occurrences_refresh as _refresh
from lotse.news.pictures import picture_change
from lotse.news.publication import status_on_publish
from lotse.news.recurrence import Recurrence, rule_text
from lotse.news.services_registrations import (
    registrations_notify_cancelled,
    registrations_notify_moved,
    registrations_promote,
)

# The event's own fields a form or the API sets (the rest is derived or kept by services).
TEXT_FIELDS = (
    "title",
    "description",
    "easy_text",
    "place_name",
    "street",
    "postcode",
    "city",
    "access_details",
    "cost",
    "picture_alt",
    "contact_phone",
)
FLAG_FIELDS = ("is_free", "skip_holidays", "registration_required", "waiting_list")
OTHER_FIELDS = ("mode", "step_free", "capacity")
# A first date at most this far ahead.
PLAN_AHEAD_DAYS = 2 * 366


class EventConflict(ValidationError):
    """The event's state does not allow the change (the API answers 409)."""


def occurrences_refresh(event: Event, *, actor: Actor = None) -> None:
    """The event's dates follow the change; then the people registered for a coming date are
    looked after: told when it no longer takes place, moved up from the waiting list when
    places became free (more places, or no limit any more)."""
    _refresh(event)
    coming = Occurrence.objects.filter(event=event, start__gt=timezone.now())
    untold = coming.filter(
        status=Occurrence.Status.CANCELLED,
        registrations__status__in=Registration.LIVE,
        registrations__cancellation_told_at__isnull=True,
    )
    waiting = coming.filter(
        status=Occurrence.Status.SCHEDULED,
        registrations__status=Registration.Status.WAITING,
    )
    for occurrence in untold.select_related("event").distinct():
        registrations_notify_cancelled(occurrence=occurrence, actor=actor)
    for occurrence in waiting.select_related("event").distinct():
        registrations_promote(occurrence=occurrence)


def _check_texts(values: dict[str, Any]) -> None:
    bad = {
        name: FORBIDDEN_MESSAGE
        for name, value in values.items()
        if isinstance(value, str) and has_forbidden(value)
    }
    if bad:
        raise ValidationError(bad)


def _local(day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time).replace(tzinfo=local_zone())


def _terms(terms: Iterable[TaxonomyTerm], taxonomy: str, field: str) -> list[TaxonomyTerm]:
    terms = list(terms)
    if any(term.taxonomy.name != taxonomy for term in terms):
        raise ValidationError({field: _("Wählen Sie Einträge aus der Liste")})
    return terms


def _dates(
    data: dict[str, Any], *, keep_start: dt.datetime | None
) -> tuple[dt.datetime, dt.datetime, str]:
    """The first start, its end and the rule from the day, times and repetition in `data`.
    A repeating event starts on the first date the rule gives on or after the day."""
    day, start_time, end_time = data.get("day"), data.get("start_time"), data.get("end_time")
    recurrence = data.get("recurrence") or Recurrence()
    errors: dict[str, str] = {}
    if not isinstance(day, dt.date):
        errors["day"] = _("Geben Sie das Datum ein")
    if not isinstance(start_time, dt.time):
        errors["start_time"] = _("Geben Sie die Uhrzeit ein, zu der es beginnt")
    if not isinstance(end_time, dt.time):
        errors["end_time"] = _("Geben Sie die Uhrzeit ein, zu der es endet")
    if errors:
        raise ValidationError(errors)
    assert isinstance(day, dt.date) and isinstance(start_time, dt.time)
    assert isinstance(end_time, dt.time)
    if end_time <= start_time:
        raise ValidationError({"end_time": _("Das Ende muss nach dem Beginn liegen")})
    today = timezone.localdate()
    start = _local(day, start_time)
    unchanged = keep_start is not None and start == keep_start
    if not unchanged and day < today:
        raise ValidationError({"day": _("Das Datum darf nicht in der Vergangenheit liegen")})
    if day > today + dt.timedelta(days=PLAN_AHEAD_DAYS):
        raise ValidationError({"day": _("So weit im Voraus geht es noch nicht")})
    if recurrence.until is not None and recurrence.until < day:
        raise ValidationError({"until": _("„Bis“ darf nicht vor dem ersten Termin liegen")})
    try:
        rule = rule_text(recurrence)
        if rule:
            first = next(iter(parse_rule(rule, first_start=start)), None)
            if first is None:
                raise ValueError(_("Bis zu diesem Ende gibt es keinen Termin"))
            start = first.replace(tzinfo=local_zone())
    except ValueError as exc:
        raise ValidationError({"recurrence": str(exc)}) from exc
    return start, _local(start.date(), end_time), rule


def _fill(event: Event, data: dict[str, Any]) -> None:
    for name in (*TEXT_FIELDS, *FLAG_FIELDS, *OTHER_FIELDS):
        if name in data:
            value = data[name]
            setattr(event, name, value.strip() if isinstance(value, str) else value)
    if "location" in data:
        event.location = data["location"]
    if event.is_free:
        event.cost = ""
    if event.mode != Event.Mode.IN_PERSON:
        event.location = None
    if not event.registration_required:
        event.capacity = None


def _check_place(event: Event, organisation: Organisation) -> None:
    location = event.location
    if location is not None and location.organization_id != organisation.pk:
        raise ValidationError({"location": _("Wählen Sie einen Ort Ihrer Organisation")})


def _check_area(area: Area, organisation: Organisation) -> None:
    if area.region_id != organisation.region_id:
        raise ValidationError({"area": _("Wählen Sie ein Gebiet aus der Liste")})


def _save_all(
    *,
    actor: Actor,
    event: Event,
    data: dict[str, Any],
    picture: UploadedFile | None,
    created: bool,
) -> Event:
    picture_change(event, upload=picture, remove=bool(data.get("remove_picture")))
    event.full_clean(exclude=["created_by"])
    event.save(force_insert=created)
    if "topics" in data:
        event.topics.set(_terms(data["topics"], TOPICS, "topics"))
    if "target_groups" in data:
        event.target_groups.set(_terms(data["target_groups"], TARGET_GROUPS, "target_groups"))
    occurrences_refresh(event, actor=actor)
    return event


@transaction.atomic
def event_create(
    *,
    actor: Actor,
    organisation: Organisation,
    area: Area,
    data: dict[str, Any],
    picture: UploadedFile | None = None,
) -> Event:
    """A new event (a draft) of `organisation` for `area`. `data` holds the fields of
    TEXT_FIELDS, FLAG_FIELDS and OTHER_FIELDS, `location` (a Location of the organisation or
    None), `topics` and `target_groups` (terms), `day`, `start_time`, `end_time` and
    `recurrence` (a Recurrence)."""
    require(actor, "news.add_event", organisation)
    _check_texts(data)
    _check_area(area, organisation)
    starts_at, ends_at, rule = _dates(data, keep_start=None)
    event = Event(
        organisation=organisation,
        region_id=organisation.region_id,
        area=area,
        starts_at=starts_at,
        ends_at=ends_at,
        rrule=rule,
        created_by=actor,
        status=PublicationStatus.DRAFT,
    )
    _fill(event, data)
    _check_place(event, organisation)
    _save_all(actor=actor, event=event, data=data, picture=picture, created=True)
    audit_record(actor=actor, verb="event.created", target=event)
    return event


def _orphans_remove(event: Event) -> int:
    """Exceptions for dates the changed rule no longer gives (a new time or weekday): they
    would stay unseen; the dates they stood for are gone."""
    exceptions = list(event.exceptions.all())
    if not exceptions:
        return 0
    if event.rrule:
        rule = parse_rule(event.rrule, first_start=event.starts_at)
        last = max(exc.original_start for exc in exceptions)
        local_last = timezone.localtime(last, local_zone()).replace(tzinfo=None)
        starts = {
            start.replace(tzinfo=local_zone())
            for start in rule.between(
                timezone.localtime(event.starts_at, local_zone()).replace(tzinfo=None),
                local_last,
                inc=True,
            )
        }
    else:
        starts = {event.starts_at}
    gone = [exc.pk for exc in exceptions if exc.original_start not in starts]
    if gone:
        EventException.objects.filter(pk__in=gone).delete()
    return len(gone)


@transaction.atomic
def event_update(
    *,
    actor: Actor,
    event: Event,
    area: Area,
    data: dict[str, Any],
    picture: UploadedFile | None = None,
) -> Event:
    """Changes the event (the same `data` as event_create). A published event moved to an
    area where a release is required waits for it again."""
    require(actor, "news.change_event", event)
    event = Event.objects.select_for_update().select_related("organisation").get(pk=event.pk)
    _check_texts(data)
    _check_area(area, event.organisation)
    starts_at, ends_at, rule = _dates(data, keep_start=event.starts_at)
    area_changed = area.pk != event.area_id
    event.area = area
    event.starts_at, event.ends_at, event.rrule = starts_at, ends_at, rule
    _fill(event, data)
    _check_place(event, event.organisation)
    if area_changed and event.status == PublicationStatus.PUBLISHED:
        event.status = status_on_publish(area)
    removed = _orphans_remove(event)
    _save_all(actor=actor, event=event, data=data, picture=picture, created=False)
    note = (
        _("%(count)d Änderungen einzelner Termine entfallen") % {"count": removed}
        if removed
        else ""
    )
    audit_record(actor=actor, verb="event.updated", target=event, note=note)
    return event


def _locked(event: Event) -> Event:
    return Event.objects.select_for_update().select_related("area", "organisation").get(pk=event.pk)


@transaction.atomic
def event_publish(*, actor: Actor, event: Event) -> Event:
    """Published at once, or waiting for the quarter manager's release where one is required."""
    require(actor, "news.change_event", event)
    event = _locked(event)
    if event.status == PublicationStatus.PUBLISHED:
        raise EventConflict(_("Die Veranstaltung ist schon veröffentlicht."))
    if event.status == PublicationStatus.IN_REVIEW:
        raise EventConflict(_("Die Veranstaltung wartet schon auf die Freigabe."))
    event.status = status_on_publish(event.area)
    if event.status == PublicationStatus.PUBLISHED:
        event.published_at = timezone.now()
    event.review_note = ""
    event.full_clean(exclude=["created_by"])
    event.save(update_fields=["status", "published_at", "review_note", "updated_at"])
    occurrences_refresh(event, actor=actor)
    audit_record(actor=actor, verb="event.published", target=event, note=event.status)
    return event


@transaction.atomic
def event_withdraw(*, actor: Actor, event: Event) -> Event:
    """No longer shown to residents (or no longer waiting for release)."""
    require(actor, "news.change_event", event)
    event = _locked(event)
    if event.status not in (PublicationStatus.PUBLISHED, PublicationStatus.IN_REVIEW):
        raise EventConflict(_("Die Veranstaltung ist nicht veröffentlicht."))
    event.status = PublicationStatus.WITHDRAWN
    event.save(update_fields=["status", "updated_at"])
    occurrences_refresh(event, actor=actor)
    audit_record(actor=actor, verb="event.withdrawn", target=event)
    return event


def _reason(reason: str, field: str = "reason") -> str:
    if has_forbidden(reason):
        raise ValidationError({field: FORBIDDEN_MESSAGE})
    reason = reason.strip()
    if not reason:
        raise ValidationError({field: _("Geben Sie einen Grund an, den wir weitersagen können")})
    if len(reason) > 300:
        raise ValidationError({field: _("Der Grund darf höchstens 300 Zeichen haben")})
    return reason


@transaction.atomic
def event_cancel(*, actor: Actor, event: Event, reason: str) -> Event:
    """The whole event is called off: every date shows "Fällt aus" with the reason."""
    require(actor, "news.change_event", event)
    reason = _reason(reason)
    event = _locked(event)
    if event.cancelled_reason:
        raise EventConflict(_("Die Veranstaltung ist schon abgesagt."))
    event.cancelled_reason = reason
    event.save(update_fields=["cancelled_reason", "updated_at"])
    occurrences_refresh(event, actor=actor)
    audit_record(actor=actor, verb="event.cancelled", target=event, note=reason)
    return event


def _coming(event: Event, occurrence: Occurrence) -> None:
    if occurrence.event_id != event.pk:
        raise ValidationError(_("Dieser Termin gehört zu einer anderen Veranstaltung."))
    if occurrence.start < timezone.now():
        raise EventConflict(_("Dieser Termin ist schon vorbei."))
    if event.cancelled_reason:
        raise EventConflict(_("Die ganze Veranstaltung ist abgesagt."))


@transaction.atomic
def event_date_cancel(
    *, actor: Actor, event: Event, occurrence: Occurrence, reason: str
) -> EventException:
    """One date does not take place ("Fällt aus: <Grund>"); a move of it becomes a cancellation."""
    require(actor, "news.change_event", event)
    reason = _reason(reason)
    event = _locked(event)
    _coming(event, occurrence)
    exception, _created = EventException.objects.update_or_create(
        event=event,
        original_start=occurrence.original_start,
        defaults={
            "kind": EventException.Kind.CANCELLED,
            "new_start": None,
            "new_end": None,
            "reason": reason,
        },
    )
    exception.full_clean()
    occurrences_refresh(event, actor=actor)
    audit_record(
        actor=actor,
        verb="event.date_cancelled",
        target=event,
        note=f"{occurrence.original_start.isoformat()}: {reason}",
    )
    return exception


def _tell_moved(*, actor: Actor, event: Event, original_start: dt.datetime) -> None:
    """The people registered for the date hear its new day and time."""
    moved = event.occurrences.filter(original_start=original_start).first()
    if moved is not None:
        registrations_notify_moved(occurrence=moved, actor=actor)


@transaction.atomic
def event_date_move(
    *,
    actor: Actor,
    event: Event,
    occurrence: Occurrence,
    day: dt.date,
    start_time: dt.time,
    end_time: dt.time,
    reason: str,
) -> EventException:
    """One date takes place at another day or time ("Verlegt: <Grund>")."""
    require(actor, "news.change_event", event)
    reason = _reason(reason)
    event = _locked(event)
    _coming(event, occurrence)
    if end_time <= start_time:
        raise ValidationError({"end_time": _("Das Ende muss nach dem Beginn liegen")})
    new_start, new_end = _local(day, start_time), _local(day, end_time)
    now = timezone.now()
    if new_start < now:
        raise ValidationError({"day": _("Der neue Termin darf nicht in der Vergangenheit liegen")})
    if new_start > now + dt.timedelta(days=HORIZON_DAYS):
        raise ValidationError({"day": _("So weit im Voraus geht es noch nicht")})
    exception, _created = EventException.objects.update_or_create(
        event=event,
        original_start=occurrence.original_start,
        defaults={
            "kind": EventException.Kind.MOVED,
            "new_start": new_start,
            "new_end": new_end,
            "reason": reason,
        },
    )
    exception.full_clean()
    occurrences_refresh(event, actor=actor)
    _tell_moved(actor=actor, event=event, original_start=occurrence.original_start)
    audit_record(
        actor=actor,
        verb="event.date_moved",
        target=event,
        note=f"{occurrence.original_start.isoformat()} → {new_start.isoformat()}: {reason}",
    )
    return exception


@transaction.atomic
def event_exception_remove(*, actor: Actor, event: Event, occurrence: Occurrence) -> None:
    """The date takes place as the rule says again."""
    require(actor, "news.change_event", event)
    event = _locked(event)
    if occurrence.event_id != event.pk:
        raise ValidationError(_("Dieser Termin gehört zu einer anderen Veranstaltung."))
    exception = event.exceptions.filter(original_start=occurrence.original_start).first()
    if exception is None:
        raise EventConflict(_("Für diesen Termin gibt es keine Änderung."))
    if max(occurrence.original_start, occurrence.start) < timezone.now():
        raise EventConflict(_("Dieser Termin ist schon vorbei."))
    exception.delete()
    occurrences_refresh(event, actor=actor)
    if exception.kind == EventException.Kind.MOVED:
        _tell_moved(actor=actor, event=event, original_start=occurrence.original_start)
    audit_record(
        actor=actor,
        verb="event.exception_removed",
        target=event,
        note=occurrence.original_start.isoformat(),
    )


@transaction.atomic
def event_release(*, actor: Actor, event: Event, release: bool, note: str = "") -> Event:
    """A quarter manager's decision on an event waiting for release: published, or sent back
    to its organiser as a draft with a note saying what to change."""
    require(actor, "news.release_event", event)
    event = _locked(event)
    if event.status != PublicationStatus.IN_REVIEW:
        raise EventConflict(_("Diese Veranstaltung wartet nicht auf eine Freigabe."))
    if has_forbidden(note):
        raise ValidationError({"note": FORBIDDEN_MESSAGE})
    note = note.strip()
    if len(note) > 300:
        raise ValidationError({"note": _("Der Hinweis darf höchstens 300 Zeichen haben")})
    if release:
        event.status = PublicationStatus.PUBLISHED
        event.published_at = timezone.now()
        event.review_note = ""
    else:
        if not note:
            raise ValidationError({"note": _("Schreiben Sie dem Veranstalter, was er ändern soll")})
        event.status = PublicationStatus.DRAFT
        event.review_note = note
    event.reviewed_by = actor
    event.save(update_fields=["status", "published_at", "review_note", "reviewed_by", "updated_at"])
    occurrences_refresh(event, actor=actor)
    verb = "event.released" if release else "event.sent_back"
    audit_record(actor=actor, verb=verb, target=event, note=note)
    return event


@transaction.atomic
def publication_rule_set(*, actor: Actor, area: Area, review_required: bool) -> PublicationRule:
    """ "Veröffentlichungen in <Gebiet> brauchen meine Freigabe": on or off."""
    require(actor, "news.set_publication_rule", area)
    rule, _created = PublicationRule.objects.select_for_update().get_or_create(
        area=area, defaults={"review_required": review_required, "set_by": actor}
    )
    rule.review_required = review_required
    rule.set_by = actor
    rule.full_clean()
    rule.save()
    audit_record(
        actor=actor,
        verb="publication_rule.set",
        target=area,
        note="review_required" if review_required else "no_review",
    )
    return rule
