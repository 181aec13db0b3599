"""Reads of offices and appointments, and the free slots derived from consultation hours."""

import datetime as dt
import hashlib
import uuid

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from lotse.accounts.models import User
from lotse.core.permissions import Actor, refuse_object
from lotse.directory.hours import grouped_lines, intervals_on
from lotse.directory.models import Closure, Schedule
from lotse.office.labels import closure_label, hour_label
from lotse.office.models import Appointment, ConsultationHour, Office, OfficeClosure
from lotse.office.rules import OFFICE_ROLES
from lotse.office.workdays import reminder_days
from lotse.people.models import ContactChannel


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def office_get(*, slug: str) -> Office:
    """A public office page: any office, for anyone."""
    try:
        return Office.objects.select_related("quarter", "organisation").get(slug=slug)
    except Office.DoesNotExist as exc:
        raise Http404 from exc


def access_office(actor: Actor, slug: str, *, perm: str = "office.view_appointments") -> Office:
    """An office whose appointments the actor runs (or on which the actor has `perm`, e.g.
    "office.change_office"); another organisation's answers 404, a colleague without the
    role 403."""
    office = office_get(slug=slug)
    if actor is None or not actor.has_perm(perm, office):
        refuse_object(actor, organisation_id=office.organisation_id)
    return office


def access_appointment(actor: Actor, appointment_id: uuid.UUID | str) -> Appointment:
    try:
        appointment = Appointment.objects.select_related("office", "person").get(id=appointment_id)
    except (Appointment.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise Http404 from exc
    if actor is None or not actor.has_perm("office.change_appointment", appointment):
        refuse_object(actor, organisation_id=appointment.office.organisation_id)
    return appointment


def _own_bookings(user) -> QuerySet[Appointment]:
    """The appointments of the person an account belongs to. An account is linked to no person
    record; what ties them is the account's e-mail address, which the account has confirmed
    (a code by e-mail at sign-up and login; it cannot be changed). So: what the user booked
    online while logged in, and every appointment made with that address: online without
    login, by a relative for them or by them for a relative (the booker's address), and by
    staff for a person the office holds with that address. Staff who book for a person are
    `booked_by` too, but such appointments carry the person and are not the staff's own."""
    mine = Q(booked_by=user, person__isnull=True)
    if user.email:
        mine |= (
            Q(email__iexact=user.email)
            | Q(booker_email__iexact=user.email)
            | Q(person__email__iexact=user.email, person__anonymised_at__isnull=True)
        )
    return Appointment.objects.filter(mine)


def appointment_is_own(*, user, appointment: Appointment) -> bool:
    """Whether the appointment is one of the user's own (as "Mein Konto" lists them)."""
    return _own_bookings(user).filter(pk=appointment.pk).exists()


def access_own_appointment(actor: Actor, appointment_id: uuid.UUID | str) -> Appointment:
    """One of the actor's own appointments (see _own_bookings); anyone else's answers 404."""
    if actor is None:
        raise Http404
    try:
        return _own_bookings(actor).select_related("office").get(id=appointment_id)
    except (Appointment.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise Http404 from exc


# Past appointments "Mein Konto" still shows, the latest first.
OWN_PAST_SHOWN = 5


def own_appointment_lists(
    *, user, now: dt.datetime | None = None
) -> tuple[list[Appointment], list[Appointment]]:
    """For "Mein Konto": the user's coming appointments (booked or cancelled, soonest first)
    and the last few past ones."""
    now = now or timezone.now()
    mine = _own_bookings(user).select_related("office")
    coming = list(mine.filter(end__gt=now).order_by("start"))
    past = list(mine.filter(end__lte=now).order_by("-start")[:OWN_PAST_SHOWN])
    return coming, past


def appointment_by_token(*, token: str) -> Appointment:
    """The appointment the holder of a cancel link booked; an unknown link answers 404."""
    try:
        return Appointment.objects.select_related("office").get(cancel_token_hash=token_hash(token))
    except Appointment.DoesNotExist as exc:
        raise Http404 from exc


def appointment_by_code(*, code: str, now: dt.datetime | None = None) -> Appointment | None:
    """The booked, future appointment with this short code (as `short_code_normalise` gives
    it), or None. Past and cancelled ones do not count, so an old code reveals nothing."""
    now = now or timezone.now()
    return (
        Appointment.objects.select_related("office")
        .filter(short_code=code, status=Appointment.Status.BOOKED, start__gt=now)
        .first()
    )


def office_hour_lines(*, office: Office) -> list[str]:
    """The consultation hours as sentences ("Montag bis Freitag: 9 Uhr bis 12 Uhr")."""
    return grouped_lines([hour.as_rule() for hour in office.hours.all()])


def hour_list(*, office: Office) -> list[tuple[ConsultationHour, str]]:
    """Each consultation hour with its sentence, for the staff page that changes them."""
    hours = sorted(office.hours.all(), key=lambda hour: (hour.freq, hour.byday, hour.opens_at))
    return [(hour, hour_label(hour)) for hour in hours]


def closure_list(
    *, office: Office, today: dt.date | None = None
) -> list[tuple[OfficeClosure, str]]:
    """The closures that have not ended yet, the next first, each with its dates in words."""
    today = today or timezone.localdate()
    closures = office.closures.filter(ends_on__gte=today).order_by("starts_on")
    return [(closure, closure_label(closure)) for closure in closures]


def hour_get(*, office: Office, hour_id: uuid.UUID) -> ConsultationHour:
    """One consultation hour of this office; another office's answers 404."""
    try:
        return office.hours.get(public_id=hour_id)
    except ConsultationHour.DoesNotExist as exc:
        raise Http404 from exc


def closure_get(*, office: Office, closure_id: uuid.UUID) -> OfficeClosure:
    """One closure of this office; another office's answers 404."""
    try:
        return office.closures.get(public_id=closure_id)
    except OfficeClosure.DoesNotExist as exc:
        raise Http404 from exc


def _covered(rules: list[Schedule], closures: list[Closure], start: dt.datetime) -> bool:
    local = timezone.localtime(start)
    intervals = intervals_on(rules, closures, local.date())
    return any(opens <= local.time() < closes for opens, closes in intervals)


def appointments_stranded(
    *, office: Office, hours: list[ConsultationHour], closures: list[OfficeClosure]
) -> list[Appointment]:
    """The office's future booked appointments that its consultation hours and closures cover
    now but the given ones would not: what a change of the hours would leave outside them."""
    rules_now = [hour.as_rule() for hour in office.hours.all()]
    closures_now = [closure.as_closure() for closure in office.closures.all()]
    rules_then = [hour.as_rule() for hour in hours]
    closures_then = [closure.as_closure() for closure in closures]
    # Visits booked by staff lie outside the hours on purpose.
    booked = Appointment.objects.filter(
        office=office,
        kind=Appointment.Kind.SLOT,
        status=Appointment.Status.BOOKED,
        start__gt=timezone.now(),
    )
    return [
        appointment
        for appointment in booked
        if _covered(rules_now, closures_now, appointment.start)
        and not _covered(rules_then, closures_then, appointment.start)
    ]


def slot_starts(*, office: Office, day: dt.date) -> list[dt.datetime]:
    """Every slot start of the day's consultation hours (holidays and closures give none), as
    aware datetimes. Slots step by wall-clock time; a time that does not exist on the day
    clocks go forward is left out, an hour that repeats when they go back counts once."""
    rules = [hour.as_rule() for hour in office.hours.all()]
    closures = [closure.as_closure() for closure in office.closures.all()]
    length = dt.timedelta(minutes=office.slot_minutes)
    zone = timezone.get_current_timezone()
    starts: list[dt.datetime] = []
    for opens, closes in intervals_on(rules, closures, day):
        wall = dt.datetime.combine(day, opens)
        last = dt.datetime.combine(day, closes) - length
        while wall <= last:
            aware = wall.replace(tzinfo=zone)
            real = aware.astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None)
            if real == wall and aware not in starts:
                starts.append(aware)
            wall += length
    return sorted(starts)


def office_bookable_days(*, office: Office, today: dt.date | None = None) -> list[dt.date]:
    """Today and the days up to `days_ahead` from it."""
    today = today or timezone.localdate()
    return [today + dt.timedelta(days=n) for n in range(office.days_ahead + 1)]


def office_slots(
    office: Office, day: dt.date, *, now: dt.datetime | None = None
) -> list[dt.datetime]:
    """The free slots of a day: consultation hours minus booked and past times, and none
    beyond the days the office lets people book ahead."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    if not today <= day <= today + dt.timedelta(days=office.days_ahead):
        return []
    starts = [start for start in slot_starts(office=office, day=day) if start > now]
    if not starts:
        return []
    taken = set(
        Appointment.objects.filter(office=office, start__in=starts, kind=Appointment.Kind.SLOT)
        .exclude(status=Appointment.Status.CANCELLED)
        .values_list("start", flat=True)
    )
    return [start for start in starts if start not in taken]


def office_nearest_slots(
    office: Office, start: dt.datetime, *, count: int = 3
) -> list[dt.datetime]:
    """Free slots close to `start` (for a slot taken in the meantime): the same day first,
    nearest in time, else the next days with free slots."""
    day = timezone.localtime(start).date()
    same_day = sorted(office_slots(office, day), key=lambda free: abs(free - start))
    nearest = same_day[:count]
    following = day
    for _ in range(office.days_ahead):
        if len(nearest) >= count:
            break
        following += dt.timedelta(days=1)
        nearest += office_slots(office, following)[: count - len(nearest)]
    return sorted(nearest)


def appointments_on(*, office: Office, day: dt.date) -> QuerySet[Appointment]:
    """The day's appointments of an office, cancelled ones included, in order."""
    zone = timezone.get_current_timezone()
    begin = dt.datetime.combine(day, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return Appointment.objects.filter(
        office=office, start__gte=begin, start__lt=end
    ).select_related("person", "staff_member")


def visit_offices(*, actor: Actor, organisation_id: uuid.UUID) -> list[Office]:
    """The offices of an organisation in which the actor may book appointments."""
    if actor is None:
        return []
    offices = Office.objects.filter(organisation_id=organisation_id).order_by("name")
    return [office for office in offices if actor.has_perm("office.book_appointment", office)]


def office_team(*, office: Office) -> list[User]:
    """The active staff who run the office's appointments (who may keep a visit), by name."""
    users = User.objects.filter(
        is_active=True,
        memberships__organisation_id=office.organisation_id,
        memberships__role__in=OFFICE_ROLES,
    ).distinct()
    return sorted(users, key=lambda user: (user.name or user.email).casefold())


def office_day_list(*, organisation_id: uuid.UUID, day: dt.date) -> QuerySet[Office]:
    """The offices an organisation runs, each with `booked`: its appointments of the day that
    are not cancelled (for the office dashboard)."""
    zone = timezone.get_current_timezone()
    begin = dt.datetime.combine(day, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    of_the_day = (
        Q(appointments__start__gte=begin)
        & Q(appointments__start__lt=end)
        & ~Q(appointments__status=Appointment.Status.CANCELLED)
    )
    return Office.objects.filter(organisation_id=organisation_id).annotate(
        booked=Count("appointments", filter=of_the_day)
    )


def appointments_to_call(*, office: Office, today: dt.date) -> list[Appointment]:
    """ "Heute anrufen": the booked appointments of the days reminded on `today` (up to the
    next working day) whose bookers want a call instead of a message."""
    days = reminder_days(today)
    zone = timezone.get_current_timezone()
    begin = dt.datetime.combine(days[0], dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(days[-1] + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    booked = Appointment.objects.filter(
        office=office, start__gte=begin, start__lt=end, status=Appointment.Status.BOOKED
    ).select_related("person")
    return [appointment for appointment in booked if appointment.reminded_by_call]


def appointments_to_confirm_by_call(*, office: Office) -> QuerySet[Appointment]:
    """Future online bookings that asked for a call as their confirmation and got none yet."""
    return Appointment.objects.filter(
        office=office,
        person__isnull=True,
        channel=ContactChannel.PHONE,
        status=Appointment.Status.BOOKED,
        confirmed_at__isnull=True,
        start__gt=timezone.now(),
    )


def appointments_to_remind(*, day: dt.date) -> QuerySet[Appointment]:
    """Booked appointments of a day, for the reminders sent the day before."""
    zone = timezone.get_current_timezone()
    begin = dt.datetime.combine(day, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return Appointment.objects.filter(
        start__gte=begin, start__lt=end, status=Appointment.Status.BOOKED
    ).select_related("office", "person")
