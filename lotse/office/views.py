"""Office pages: public booking without an account, and the staff day view."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lotse.core.middleware import ActorRequest
from lotse.core.permissions import personal_data_view
from lotse.office import selectors, services
from lotse.office.forms import PublicBookingForm, StaffBookingForm, parse_day, parse_start
from lotse.office.labels import day_label, slot_label
from lotse.office.models import Appointment
from lotse.people import selectors as people_selectors


def office_detail(request: ActorRequest, office_slug: str) -> HttpResponse:
    office = selectors.office_get(slug=office_slug)
    context = {"office": office, "hour_lines": selectors.office_hour_lines(office=office)}
    return render(request, "office/office_detail.html", context)


def _free_days(office) -> list[tuple[dt.date, list[dt.datetime]]]:
    days = [
        (day, selectors.office_slots(office, day))
        for day in selectors.office_bookable_days(office=office)
    ]
    return [(day, slots) for day, slots in days if slots]


def slot_choose(request: ActorRequest, office_slug: str) -> HttpResponse:
    office = selectors.office_get(slug=office_slug)
    days = _free_days(office)
    chosen = parse_day(request.GET.get("tag"))
    slots = dict(days).get(chosen) if chosen else None
    if slots is None and days and chosen is None:
        chosen, slots = days[0]
    context = {
        "office": office,
        "days": days,
        "chosen": chosen,
        "slots": [(start.isoformat(), slot_label(start)) for start in slots or []],
    }
    return render(request, "office/slot_choose.html", context)


# Session key: slot start -> cancel token of the bookings made in this browser, so that a
# double click on "Termin buchen" leads to the confirmation instead of "already taken".
BOOKED_HERE = "office_booked_here"


@require_http_methods(["GET", "POST"])
def book(request: ActorRequest, office_slug: str) -> HttpResponse:
    office = selectors.office_get(slug=office_slug)
    data = request.POST if request.method == "POST" else request.GET
    start = parse_start(data.get("beginn"))
    if start is None:
        messages.error(request, _("Bitte wählen Sie zuerst einen Termin aus."))
        return redirect("office:slot_choose", office_slug=office.slug)
    booked_here = request.session.get(BOOKED_HERE, {})
    if start.isoformat() in booked_here:
        return redirect("office:confirmation", token=booked_here[start.isoformat()])
    day = timezone.localtime(start).date()
    if request.method == "GET" and start not in selectors.office_slots(office, day):
        messages.error(
            request, _("Dieser Termin ist nicht mehr frei. Bitte wählen Sie einen anderen.")
        )
        return redirect(f"{reverse('office:slot_choose', args=[office.slug])}?tag={day}")
    initial = {}
    if request.actor is not None:
        initial = {"name": request.actor.name, "email": request.actor.email}
    form = PublicBookingForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            _appointment, token = services.appointment_book_public(
                actor=request.actor, office=office, start=start, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            request.session[BOOKED_HERE] = booked_here | {start.isoformat(): token}
            return redirect("office:confirmation", token=token)
    context = {"office": office, "form": form, "start": start, "start_label": slot_label(start)}
    return render(request, "office/book.html", context)


def confirmation(request: ActorRequest, token: str) -> HttpResponse:
    appointment = selectors.appointment_by_token(token=token)
    context = {
        "appointment": appointment,
        "office": appointment.office,
        "start_label": slot_label(appointment.start),
        "token": token,
        "cancel_url": request.build_absolute_uri(
            reverse("office:cancel_by_token", kwargs={"token": token})
        ),
    }
    return render(request, "office/confirmation.html", context)


@require_http_methods(["GET", "POST"])
def cancel_by_token(request: ActorRequest, token: str) -> HttpResponse:
    appointment = selectors.appointment_by_token(token=token)
    error = ""
    if request.method == "POST":
        try:
            services.appointment_cancel(actor=request.actor, appointment=appointment, token=token)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            booked_here = request.session.get(BOOKED_HERE, {})
            request.session[BOOKED_HERE] = {k: v for k, v in booked_here.items() if v != token}
            messages.success(request, _("Ihr Termin ist abgesagt."))
            return redirect("office:confirmation", token=token)
    context = {
        "appointment": appointment,
        "office": appointment.office,
        "start_label": slot_label(appointment.start),
        "token": token,
        "error": error,
    }
    return render(request, "office/cancel.html", context)


@personal_data_view
def staff_day(request: ActorRequest, office_slug: str) -> HttpResponse:
    office = selectors.access_office(request.actor, office_slug)
    day = parse_day(request.GET.get("tag")) or timezone.localdate()
    context = {
        "office": office,
        "day": day,
        "day_label": day_label(day),
        "previous": day - dt.timedelta(days=1),
        "next": day + dt.timedelta(days=1),
        "today": timezone.localdate(),
        "appointments": selectors.appointments_on(office=office, day=day),
        "now": timezone.now(),
        "free": len(selectors.office_slots(office, day)),
    }
    return render(request, "office/staff_day.html", context)


@personal_data_view
@require_http_methods(["GET", "POST"])
def staff_book(request: ActorRequest, office_slug: str) -> HttpResponse:
    office = selectors.access_office(request.actor, office_slug)
    data = request.POST if request.method == "POST" else request.GET
    text = data.get("q", "").strip()
    day = parse_day(data.get("tag")) or timezone.localdate()
    persons = [
        person
        for person in people_selectors.person_search(actor=request.actor, text=text)
        if person.organisation_id == office.organisation_id
    ]
    slots = selectors.office_slots(office, day)
    form = StaffBookingForm(
        request.POST if request.method == "POST" else None, persons=persons, slots=slots
    )
    if request.method == "POST" and form.is_valid():
        person = people_selectors.access_person(
            request.actor, form.cleaned_data["person"], purpose=services.PURPOSE
        )
        start = parse_start(form.cleaned_data["start"])
        assert start is not None  # the form offered only slot starts
        try:
            services.appointment_book_for_person(
                actor=request.actor,
                office=office,
                person=person,
                start=start,
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Der Termin für %(name)s am %(when)s ist gebucht.")
                % {"name": person, "when": slot_label(start)},
            )
            return redirect(f"{reverse('office:staff_day', args=[office.slug])}?tag={day}")
    context = {
        "office": office,
        "form": form,
        "text": text,
        "day": day,
        "previous": day - dt.timedelta(days=1),
        "next": day + dt.timedelta(days=1),
        "persons": persons,
    }
    return render(request, "office/staff_book.html", context)


def _day_url(appointment: Appointment) -> str:
    day = timezone.localtime(appointment.start).date()
    return f"{reverse('office:staff_day', args=[appointment.office.slug])}?tag={day}"


@personal_data_view
@require_http_methods(["GET", "POST"])
def staff_cancel(request: ActorRequest, appointment_id) -> HttpResponse:
    appointment = selectors.access_appointment(request.actor, appointment_id)
    if request.method == "POST":
        try:
            services.appointment_cancel(actor=request.actor, appointment=appointment)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Der Termin ist abgesagt."))
        return redirect(_day_url(appointment))
    context = {
        "appointment": appointment,
        "office": appointment.office,
        "start_label": slot_label(appointment.start),
    }
    return render(request, "office/staff_cancel.html", context)


@personal_data_view
@require_POST
def staff_mark(request: ActorRequest, appointment_id) -> HttpResponse:
    appointment = selectors.access_appointment(request.actor, appointment_id)
    try:
        services.appointment_mark(
            actor=request.actor, appointment=appointment, status=request.POST.get("stand", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Gespeichert."))
    return redirect(_day_url(appointment))
