"""Every change of the group formats: Handy-Cafés (planned, a date cancelled), helper shifts
(a helper signs up or leaves a date, a multiplier puts a helper on one), qualification courses
(sessions, participants, attendance, completion). Each checks the permission and writes the
audit log; refusals are German ValidationErrors. Completing a course records the qualification
through `credential_record` and moves the helper to "Aktiv" through `helper_status_change`
(lotse.volunteers.services), which keep their own rules."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotse.core.audit import audit_record
from lotse.core.models import Area, Organisation
from lotse.core.permissions import Actor, require
from lotse.volunteers import services
from lotse.volunteers.models import (
    Cafe,
    CafeCancellation,
    CafeShift,
    Course,
    CourseAttendance,
    CourseParticipant,
    CourseSession,
    Credential,
    Helper,
)
from lotse.volunteers.selectors_groups import is_cafe_date

PURPOSE = "Digital-Helfer"
CAFE_FIELDS = (
    "name",
    "address",
    "weekday",
    "start_time",
    "end_time",
    "starts_on",
    "ends_on",
    "skip_holidays",
    "helpers_wanted",
)
# Helpers who may take a shift: active ones, and those in qualification (they learn there).
SHIFT_STATUSES = (Helper.Status.ACTIVE, Helper.Status.QUALIFYING)
# A date may be planned this far ahead.
PLAN_AHEAD_DAYS = 2 * 366


@transaction.atomic
def cafe_create(
    *,
    actor: Actor,
    organisation: Organisation,
    quarter: Area,
    data: dict[str, Any],
    location_id: Any = None,
    service_id: Any = None,
) -> Cafe:
    """A new Handy-Café of `organisation` in `quarter`; `data` holds CAFE_FIELDS. The place is a
    directory Location (`location_id`) or an address in words; `service_id` names the offer whose
    page shows its next dates."""
    require(actor, "volunteers.change_cafe", organisation)
    if quarter.kind != Area.Kind.QUARTER or quarter.region_id != organisation.region_id:
        raise ValidationError({"quarter": _("Wählen Sie ein Quartier aus der Liste")})
    # The offer is reached through the relation (volunteers does not import directory).
    offers = Cafe._meta.get_field("service").related_model._default_manager
    if service_id is not None and not offers.filter(pk=service_id).exists():
        raise ValidationError({"service": _("Dieses Angebot gibt es im Wegweiser nicht")})
    cafe = Cafe(
        organisation=organisation,
        region_id=organisation.region_id,
        quarter=quarter,
        location_id=location_id,
        service_id=service_id,
    )
    for name in CAFE_FIELDS:
        if name in data:
            setattr(cafe, name, data[name])
    cafe.name = (cafe.name or "").strip()
    cafe.address = (cafe.address or "").strip()
    if not cafe.address and location_id is None:
        raise ValidationError({"address": _("Geben Sie an, wo das Handy-Café stattfindet")})
    cafe.full_clean()
    cafe.save(force_insert=True)
    audit_record(actor=actor, verb="cafe.created", target=cafe, purpose=PURPOSE)
    return cafe


@transaction.atomic
def cafe_date_cancel(*, actor: Actor, cafe: Cafe, date: dt.date, reason: str) -> CafeCancellation:
    """One date of the café does not take place; helpers on shift that day are taken off it
    (their shift did not happen)."""
    require(actor, "volunteers.change_cafe", cafe)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Geben Sie einen Grund an, den wir weitersagen können")})
    if date < timezone.localdate():
        raise ValidationError({"date": _("Dieser Termin ist schon vorbei")})
    if not is_cafe_date(cafe=cafe, day=date):
        raise ValidationError({"date": _("An diesem Tag findet das Handy-Café nicht statt")})
    cancellation = CafeCancellation(
        cafe=cafe, region_id=cafe.region_id, date=date, reason=reason, created_by=actor
    )
    cancellation.full_clean()
    cancellation.save(force_insert=True)
    removed, _details = CafeShift.objects.filter(cafe=cafe, date=date).delete()
    audit_record(
        actor=actor,
        verb="cafe.date_cancelled",
        target=cafe,
        note=f"{date.isoformat()} ({removed})",
        purpose=PURPOSE,
    )
    return cancellation


def _shift_check(cafe: Cafe, helper: Helper, date: dt.date) -> None:
    today = timezone.localdate()
    if helper.organisation_id != cafe.organisation_id:
        raise ValidationError(_("Diese Person hilft bei einem anderen Träger."))
    if helper.status not in SHIFT_STATUSES:
        raise ValidationError(
            _("Schichten gibt es nur für aktive Helfer und Helfer in Qualifizierung.")
        )
    if date < today:
        raise ValidationError({"date": _("Dieser Termin ist schon vorbei.")})
    if date > today + dt.timedelta(days=PLAN_AHEAD_DAYS):
        raise ValidationError({"date": _("So weit im Voraus geht es noch nicht.")})
    if not is_cafe_date(cafe=cafe, day=date):
        raise ValidationError({"date": _("An diesem Tag findet das Handy-Café nicht statt.")})


def _shift_add(*, actor: Actor, cafe: Cafe, helper: Helper, date: dt.date) -> CafeShift:
    # Lock the café: two sign-ups for the last free place must not both get it.
    cafe = Cafe.objects.select_for_update().get(pk=cafe.pk)
    _shift_check(cafe, helper, date)
    taken = CafeShift.objects.filter(cafe=cafe, date=date)
    if taken.filter(helper=helper).exists():
        raise ValidationError(_("Für diesen Termin ist die Schicht schon eingetragen."))
    if taken.count() >= cafe.helpers_wanted:
        raise ValidationError(
            _("Dieser Termin ist schon voll besetzt. Bitte wählen Sie einen anderen Termin.")
        )
    shift = CafeShift(
        cafe=cafe,
        helper=helper,
        region_id=cafe.region_id,
        date=date,
        minutes=cafe.minutes(),
        created_by=actor,
    )
    shift.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            shift.save(force_insert=True)
    except IntegrityError as exc:
        raise ValidationError(_("Für diesen Termin ist die Schicht schon eingetragen.")) from exc
    audit_record(
        actor=actor, verb="cafe.shift_added", target=helper, note=date.isoformat(), purpose=PURPOSE
    )
    return shift


@transaction.atomic
def shift_sign_up(*, actor: Actor, cafe: Cafe, helper: Helper, date: dt.date) -> CafeShift:
    """The helper signs up for a date on their own page."""
    require(actor, "volunteers.change_own_helper", helper)
    return _shift_add(actor=actor, cafe=cafe, helper=helper, date=date)


@transaction.atomic
def shift_assign(*, actor: Actor, cafe: Cafe, helper: Helper, date: dt.date) -> CafeShift:
    """A multiplier puts a helper on a date (after a call, say)."""
    require(actor, "volunteers.change_cafe", cafe)
    return _shift_add(actor=actor, cafe=cafe, helper=helper, date=date)


@transaction.atomic
def shift_cancel(*, actor: Actor, shift: CafeShift) -> None:
    """The helper leaves a date they signed up for (or a multiplier takes them off)."""
    if actor is None or not actor.has_perm("volunteers.change_cafe", shift.cafe):
        require(actor, "volunteers.change_own_helper", shift.helper)
    if shift.date < timezone.localdate():
        raise ValidationError(_("Dieser Termin ist schon vorbei."))
    audit_record(
        actor=actor,
        verb="cafe.shift_removed",
        target=shift.helper,
        note=shift.date.isoformat(),
        purpose=PURPOSE,
    )
    shift.delete()


# --- Courses ------------------------------------------------------------------------------------


def _content_lines(text_or_list: Any) -> list[str]:
    if isinstance(text_or_list, str):
        items = text_or_list.splitlines()
    else:
        items = list(text_or_list)
    return [str(item).strip() for item in items if str(item).strip()]


@transaction.atomic
def course_create(*, actor: Actor, organisation: Organisation, title: str, content: Any) -> Course:
    """A new course of `organisation`, led by the actor (a multiplier, or a helper entitled to
    train others). `content`: what it covers, a list or one item per line."""
    require(actor, "volunteers.run_course", organisation)
    course = Course(
        organisation=organisation,
        region_id=organisation.region_id,
        title=title.strip(),
        content=_content_lines(content),
        led_by=actor,
    )
    if not course.content:
        raise ValidationError({"content": _("Schreiben Sie auf, was der Kurs behandelt")})
    course.full_clean()
    course.save(force_insert=True)
    audit_record(actor=actor, verb="course.created", target=course, purpose=PURPOSE)
    return course


@transaction.atomic
def course_session_add(
    *,
    actor: Actor,
    course: Course,
    date: dt.date,
    start_time: dt.time,
    end_time: dt.time,
    place: str,
) -> CourseSession:
    require(actor, "volunteers.run_course", course)
    session = CourseSession(
        course=course,
        region_id=course.region_id,
        date=date,
        start_time=start_time,
        end_time=end_time,
        place=place.strip(),
    )
    session.full_clean()
    session.save(force_insert=True)
    audit_record(actor=actor, verb="course.session_added", target=course, note=date.isoformat())
    return session


@transaction.atomic
def course_participant_add(*, actor: Actor, course: Course, helper: Helper) -> CourseParticipant:
    require(actor, "volunteers.run_course", course)
    if helper.organisation_id != course.organisation_id:
        raise ValidationError({"helper": _("Diese Person hilft bei einem anderen Träger.")})
    if helper.status == Helper.Status.LEFT:
        raise ValidationError({"helper": _("Diese Person hilft nicht mehr mit.")})
    if CourseParticipant.objects.filter(course=course, helper=helper).exists():
        raise ValidationError({"helper": _("Diese Person nimmt schon am Kurs teil.")})
    participant = CourseParticipant.objects.create(
        course=course, helper=helper, region_id=course.region_id
    )
    audit_record(actor=actor, verb="course.participant_added", target=helper, note=str(course.pk))
    return participant


@transaction.atomic
def attendance_set(
    *, actor: Actor, session: CourseSession, present: list[CourseParticipant]
) -> int:
    """Who was at the session: exactly `present` (participants of its course)."""
    course = session.course
    require(actor, "volunteers.run_course", course)
    if session.date > timezone.localdate():
        raise ValidationError(_("Die Anwesenheit lässt sich erst am Tag des Termins eintragen."))
    if any(p.course_id != course.pk for p in present):
        raise ValidationError(_("Wählen Sie Teilnehmende dieses Kurses aus der Liste."))
    ids = {p.pk for p in present}
    session.attendance.exclude(participant_id__in=ids).delete()
    have = set(session.attendance.values_list("participant_id", flat=True))
    CourseAttendance.objects.bulk_create(
        CourseAttendance(session=session, participant_id=pk, region_id=course.region_id)
        for pk in ids - have
    )
    audit_record(
        actor=actor,
        verb="course.attendance_set",
        target=course,
        note=f"{session.date.isoformat()}: {len(ids)}",
    )
    return len(ids)


@dataclass(frozen=True)
class Completion:
    participant: CourseParticipant
    credential: Credential
    # The helper's status afterwards, and why it did not become "Aktiv" (German), if not.
    activated: bool
    not_activated_because: str = ""


@transaction.atomic
def course_complete(
    *, actor: Actor, participant: CourseParticipant, on: dt.date | None = None
) -> Completion:
    """The participant finished the course: they were at every session (all of which lie in the
    past). Records the qualification (a Credential, seen by the actor) and moves a helper "In
    Qualifizierung" to "Aktiv" if the rest of their record allows it; if not, says why."""
    course = participant.course
    require(actor, "volunteers.run_course", course)
    on = on or timezone.localdate()
    participant = (
        CourseParticipant.objects.select_for_update()
        .select_related("helper__person")
        .get(pk=participant.pk)
    )
    if participant.completed_on is not None:
        raise ValidationError(
            _("Der Kurs ist für diese Person schon abgeschlossen (am %(day)s).")
            % {"day": participant.completed_on.strftime("%d.%m.%Y")}
        )
    sessions = list(course.sessions.all())
    if not sessions:
        raise ValidationError(_("Der Kurs hat noch keine Termine."))
    if any(s.date > on for s in sessions):
        raise ValidationError(_("Der Kurs hat noch Termine, die nicht vorbei sind."))
    attended = participant.attendance.count()
    if attended < len(sessions):
        raise ValidationError(
            _(
                "%(name)s war bei %(attended)s von %(total)s Terminen. "
                "Zum Abschluss fehlt noch etwas."
            )
            % {"name": participant.helper.person, "attended": attended, "total": len(sessions)}
        )
    helper = participant.helper
    if actor is None or not actor.has_perm("volunteers.add_credential", helper):
        raise ValidationError(
            _("Den Abschluss trägt ein Multiplikator oder die Koordination des Trägers ein.")
        )
    credential = services.credential_record(
        actor=actor,
        helper=helper,
        kind=Credential.Kind.QUALIFICATION,
        issued_on=on,
        seen_on=on,
        note=course.title[:200],
    )
    participant.completed_on = on
    participant.credential = credential
    participant.save(update_fields=["completed_on", "credential"])
    audit_record(actor=actor, verb="course.completed", target=helper, note=str(course.pk))
    if helper.status != Helper.Status.QUALIFYING:
        return Completion(participant, credential, activated=False)
    try:
        services.helper_status_change(
            actor=actor,
            helper=helper,
            to_status=Helper.Status.ACTIVE,
            effective_on=on,
            reason=_("Kurs „%(title)s“ abgeschlossen") % {"title": course.title},
        )
    except ValidationError as exc:
        return Completion(
            participant, credential, activated=False, not_activated_because=" ".join(exc.messages)
        )
    except PermissionDenied:
        return Completion(
            participant,
            credential,
            activated=False,
            not_activated_because=_("Den Status ändert die Koordination des Trägers."),
        )
    return Completion(participant, credential, activated=True)
