"""Office pages: public booking without an account, the staff day view and the staff pages for
consultation hours and closures. (The residents' web inquiry to an office is desk's.)"""

import datetime as dt
import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from lotse.core.forms import add_service_errors
from lotse.core.middleware import ActorRequest
from lotse.core.permissions import personal_data_view
from lotse.core.throttle import try_allowed
from lotse.office import selectors, services
from lotse.office.calendar import appointment_ics
from lotse.office.forms import (
    FOR_ME,
    FOR_OTHER,
    CancelCodeForm,
    ConsultationHourForm,
    OfficeClosureForm,
    PublicBookingForm,
    StaffBookingForm,
    WhomForm,
    parse_day,
    parse_start,
)
from lotse.office.labels import closure_label, day_label, hour_label, slot_label
from lotse.office.models import Appointment, Office
from lotse.office.workdays import reminder_days
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
    """Day, then time: no time is chosen beforehand; a chosen day's page puts the focus on its
    times (#uhrzeit, autofocus), so the next Tab lands on the first."""
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
        "time_missing": request.GET.get("fehler") == "uhrzeit" and bool(slots),
        # A day was just chosen: focus moves to its times (without JavaScript too).
        "focus_times": "tag" in request.GET and request.GET.get("fehler") != "uhrzeit",
    }
    return render(request, "office/slot_choose.html", context)


# Session key: slot start -> cancel token of the bookings made in this browser, so that a
# double click on "Termin buchen" leads to the confirmation instead of "already taken".
BOOKED_HERE = "office_booked_here"
# Session key: the answers of the booking form while the booker checks them ("Angaben
# prüfen"); "Ändern" leads back to the form with them.
BOOKING_DRAFT = "office_booking_draft"
# The button on "Angaben prüfen" that books.
BOOK_STEP = "buchen"


def _book_url(office: Office, start: dt.datetime, anchor: str = "") -> str:
    query = urlencode({"beginn": start.isoformat()})
    return f"{reverse('office:book', args=[office.slug])}?{query}{anchor}"


def _whom_page(
    request: ActorRequest, office: Office, start: dt.datetime, form: WhomForm
) -> HttpResponse:
    context = {"office": office, "form": form, "start": start, "start_label": slot_label(start)}
    return render(request, "office/book_whom.html", context)


def _slot_taken_page(
    request: ActorRequest, office: Office, start: dt.datetime, exc: services.SlotTaken
) -> HttpResponse:
    context = {
        "office": office,
        "message": exc.messages[0],
        "day": timezone.localtime(start).date(),
        "nearest": [(free.isoformat(), slot_label(free)) for free in exc.nearest],
    }
    return render(request, "office/slot_taken.html", context, status=409)


@require_http_methods(["GET", "POST"])
def book(request: ActorRequest, office_slug: str) -> HttpResponse:
    """The booker's details, then "Angaben prüfen", then the booking."""
    office = selectors.office_get(slug=office_slug)
    data = request.POST if request.method == "POST" else request.GET
    start = parse_start(data.get("beginn"))
    if start is None:
        day = parse_day(data.get("tag"))
        if day is not None:
            url = reverse("office:slot_choose", args=[office.slug])
            return redirect(f"{url}?{urlencode({'tag': day, 'fehler': 'uhrzeit'})}#uhrzeit")
        messages.error(request, _("Bitte wählen Sie zuerst einen Termin aus."))
        return redirect("office:slot_choose", office_slug=office.slug)
    booked_here = request.session.get(BOOKED_HERE, {})
    if start.isoformat() in booked_here:
        return redirect("office:confirmation", token=booked_here[start.isoformat()])
    day = timezone.localtime(start).date()
    if request.method == "GET" and start not in selectors.office_slots(office, day):
        messages.error(
            request,
            _("Der Termin am %(when)s ist nicht mehr frei. Bitte wählen Sie einen anderen.")
            % {"when": slot_label(start)},
        )
        return redirect(f"{reverse('office:slot_choose', args=[office.slug])}?tag={day}")
    draft: dict = request.session.get(BOOKING_DRAFT) or {}
    booking = request.method == "POST" and request.POST.get("schritt") == BOOK_STEP
    if booking and not draft:
        # The answers are gone (another tab booked, or the session ended): ask again.
        return redirect(_book_url(office, start))
    # "Für wen ist der Termin?" comes first (its own page); the answer travels with the form.
    if booking:
        fuer = draft.get("fuer", FOR_ME)
    elif request.method == "POST":
        fuer = FOR_OTHER if request.POST.get("fuer") == FOR_OTHER else FOR_ME
    elif "fuer" in request.GET or "gefragt" in request.GET:
        whom = WhomForm(request.GET)
        if not whom.is_valid():
            return _whom_page(request, office, start, whom)
        fuer = whom.cleaned_data["fuer"]
    elif draft and request.GET.get("frage") != "fuer":
        fuer = draft.get("fuer", FOR_ME)
    else:
        whom = WhomForm(initial={"fuer": draft.get("fuer")} if draft else None)
        return _whom_page(request, office, start, whom)
    for_other = fuer == FOR_OTHER
    initial = {key: value for key, value in draft.items() if key != "fuer"}
    if not initial and request.actor is not None:
        key = "booker" if for_other else ""
        initial = {
            f"{key}_name".lstrip("_"): request.actor.name,
            f"{key}_email".lstrip("_"): request.actor.email,
        }
    if booking:
        form = PublicBookingForm(draft, for_other=for_other)
    else:
        form = PublicBookingForm(
            request.POST if request.method == "POST" else None,
            initial=initial,
            for_other=for_other,
        )
    status = 0
    context = {
        "office": office,
        "form": form,
        "start": start,
        "start_label": slot_label(start),
        "fuer": fuer,
        "whom_url": _book_url(office, start) + "&frage=fuer",
    }
    if request.method == "POST" and form.is_valid():
        if not booking:
            if form.is_spam():
                status = form.refusal(request, "office:book", phone=office.phone)
            else:
                request.session[BOOKING_DRAFT] = form.booking_data() | {"fuer": fuer}
                context["rows"] = form.review_rows()
                context["change_url"] = _book_url(office, start)
                return render(request, "office/book_check.html", context)
        else:
            status = form.refusal(request, "office:book", phone=office.phone)
            if not status:
                try:
                    _appointment, token = services.appointment_book_public(
                        actor=request.actor, office=office, start=start, **form.booking_data()
                    )
                except services.SlotTaken as exc:
                    return _slot_taken_page(request, office, start, exc)
                except ValidationError as exc:
                    add_service_errors(form, exc)
                else:
                    request.session[BOOKED_HERE] = booked_here | {start.isoformat(): token}
                    request.session.pop(BOOKING_DRAFT, None)
                    return redirect("office:confirmation", token=token)
    return render(request, "office/book.html", context, status=status or 200)


def confirmation(request: ActorRequest, token: str) -> HttpResponse:
    appointment = selectors.appointment_by_token(token=token)
    days_ahead = (timezone.localtime(appointment.start).date() - timezone.localdate()).days
    context = {
        "appointment": appointment,
        "office": appointment.office,
        "start_label": slot_label(appointment.start),
        "token": token,
        # Reminder letters are queued LETTER_LEAD_DAYS ahead of the days the daily run
        # reminds (tomorrow on): one this close misses it, and the confirmation may come late.
        "letter_too_late": days_ahead <= services.LETTER_LEAD_DAYS + 1,
    }
    return render(request, "office/confirmation.html", context)


def calendar_file(request: ActorRequest, token: str) -> HttpResponse:
    """The booked appointment as a calendar entry (.ics, RFC 5545) with the office's address."""
    appointment = selectors.appointment_by_token(token=token)
    if appointment.status != Appointment.Status.BOOKED:
        raise Http404
    response = HttpResponse(
        appointment_ics(appointment=appointment), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="termin.ics"'
    return response


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
        "error": error,
        "back_url": reverse("office:confirmation", args=[token]),
        "back_label": _("Zurück"),
    }
    return render(request, "office/cancel.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def own_cancel(request: ActorRequest, appointment_id: uuid.UUID) -> HttpResponse:
    """From "Mein Konto": "Möchten Sie den Termin am … absagen?", then cancelled and back to
    Mein Konto. Only the account that booked it online finds it (others: 404)."""
    if request.actor is None:
        return redirect_to_login(
            request.get_full_path(), login_url=reverse("account_request_login_code")
        )
    appointment = selectors.access_own_appointment(request.actor, appointment_id)
    error = ""
    if request.method == "POST":
        try:
            services.appointment_cancel(actor=request.actor, appointment=appointment)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(
                request,
                _("Ihr Termin am %(when)s ist abgesagt.") % {"when": slot_label(appointment.start)},
            )
            return redirect(reverse("accounts:overview") + "#termine")
    context = {
        "appointment": appointment,
        "office": appointment.office,
        "start_label": slot_label(appointment.start),
        "error": error,
        "back_url": reverse("accounts:overview") + "#termine",
        "back_label": _("Zurück zu „Mein Konto“"),
    }
    return render(request, "office/cancel.html", context)


# Short codes: this many look-ups per client address in this many seconds (as /bestaetigen/).
CODE_TRIES = 10
CODE_SECONDS = 10 * 60
CANCEL_STEP = "absagen"


@never_cache
@require_http_methods(["GET", "POST"])
def cancel_by_code(request: ActorRequest) -> HttpResponse:
    """/buero/absagen/: the short code, then "Möchten Sie den Termin am … absagen?", then
    cancelled. Every look-up counts against the address's tries; the answer names only the
    time and the office, never the booker."""
    form = CancelCodeForm(request.POST if request.method == "POST" else None)
    context: dict[str, object] = {"form": form}
    status = 200
    if request.method == "POST" and form.is_valid():
        if not try_allowed(request, "office:cancel", tries=CODE_TRIES, seconds=CODE_SECONDS):
            context["limited"] = True
            return render(request, "office/cancel_code.html", context, status=429)
        code = form.cleaned_data["code"]
        appointment = selectors.appointment_by_code(code=code)
        if appointment is None:
            form.add_error(
                "code",
                _(
                    "Zu diesem Kurzcode gibt es keinen gebuchten Termin. Prüfen Sie den Code "
                    "oder rufen Sie das Quartiersbüro an."
                ),
            )
        elif request.POST.get("schritt") != CANCEL_STEP:
            context.update(appointment=appointment, start_label=slot_label(appointment.start))
            return render(request, "office/cancel_code_check.html", context)
        else:
            try:
                services.appointment_cancel(actor=request.actor, appointment=appointment, code=code)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                context.update(
                    cancelled=appointment,
                    office=appointment.office,
                    start_label=slot_label(appointment.start),
                )
    return render(request, "office/cancel_code.html", context, status=status)


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
        # The reminders that no message sends, up to the next working day: staff call these.
        "call_days": [day_label(each) for each in reminder_days(day)],
        "calls": [
            (appointment, slot_label(appointment.start))
            for appointment in selectors.appointments_to_call(office=office, today=day)
        ],
        # Online bookings that asked for a call as their confirmation.
        "confirm_calls": [
            (appointment, slot_label(appointment.start))
            for appointment in selectors.appointments_to_confirm_by_call(office=office)
        ],
        "now": timezone.now(),
        "free": len(selectors.office_slots(office, day)),
    }
    return render(request, "office/staff_day.html", context)


def warn_if_unconfirmed(request: ActorRequest, appointment: Appointment) -> None:
    """After staff booked for a person: no confirmation went out (a call, or no consent or
    address for the person's way), so staff are told to pass the appointment on themselves."""
    if appointment.confirmed_at is not None:
        return
    name = appointment.person
    if appointment.reminded_by_call:
        text = _(
            "%(name)s möchte angerufen werden. Sagen Sie den Termin bitte am Telefon. Am Tag "
            "vorher steht der Anruf hier unter „Heute anrufen“."
        )
    else:
        text = _(
            "%(name)s bekommt keine Bestätigung und keine Erinnerung per E-Mail, SMS oder "
            "Brief (es fehlt die Einwilligung oder die Adresse, oder die Person möchte keine "
            "Nachrichten). Sagen Sie den Termin bitte selbst, zum Beispiel am Telefon."
        )
    messages.warning(request, text % {"name": name})


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
            appointment, _token = services.appointment_book_for_person(
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
            warn_if_unconfirmed(request, appointment)
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
def staff_confirm(request: ActorRequest, appointment_id) -> HttpResponse:
    """The office called the booker to confirm the appointment."""
    appointment = selectors.access_appointment(request.actor, appointment_id)
    try:
        services.appointment_confirm_by_call(actor=request.actor, appointment=appointment)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Vermerkt: %(name)s weiß Bescheid über den Termin am %(when)s.")
            % {"name": appointment.display_name, "when": slot_label(appointment.start)},
        )
    # Back to the day the list was shown on.
    day = parse_day(request.POST.get("tag")) or timezone.localdate()
    return redirect(f"{reverse('office:staff_day', args=[appointment.office.slug])}?tag={day}")


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


# Consultation hours and closures: public data, so a login is enough (no second factor).


def _hours_page(
    request: ActorRequest,
    office: Office,
    *,
    hour_form: ConsultationHourForm | None = None,
    closure_form: OfficeClosureForm | None = None,
) -> HttpResponse:
    context = {
        "office": office,
        "hours": selectors.hour_list(office=office),
        "closures": selectors.closure_list(office=office),
        "hour_form": hour_form or ConsultationHourForm(prefix="sprechstunde"),
        "closure_form": closure_form or OfficeClosureForm(prefix="schliesszeit"),
    }
    return render(request, "office/staff_hours.html", context)


@login_required
def staff_hours(request: ActorRequest, office_slug: str) -> HttpResponse:
    office = selectors.access_office(request.actor, office_slug, perm="office.change_office")
    return _hours_page(request, office)


@login_required
@require_POST
def staff_hour_add(request: ActorRequest, office_slug: str) -> HttpResponse:
    office = selectors.access_office(request.actor, office_slug, perm="office.change_office")
    form = ConsultationHourForm(request.POST, prefix="sprechstunde")
    if form.is_valid():
        try:
            services.consultation_hour_add(actor=request.actor, office=office, **form.hour_data())
        except ValidationError as exc:
            add_service_errors(form, exc, byday="days", freq="week")
        else:
            messages.success(request, _("Die Sprechstunde ist eingetragen."))
            return redirect("office:staff_hours", office_slug=office.slug)
    return _hours_page(request, office, hour_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def staff_hour_remove(request: ActorRequest, office_slug: str, hour_id: uuid.UUID) -> HttpResponse:
    office = selectors.access_office(request.actor, office_slug, perm="office.change_office")
    hour = selectors.hour_get(office=office, hour_id=hour_id)
    error = ""
    if request.method == "POST":
        try:
            services.consultation_hour_remove(actor=request.actor, hour=hour)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("Die Sprechstunde ist entfernt."))
            return redirect("office:staff_hours", office_slug=office.slug)
    context = {
        "office": office,
        "what": hour_label(hour),
        "error": error,
    }
    return render(request, "office/staff_remove.html", context)


@login_required
@require_POST
def staff_closure_add(request: ActorRequest, office_slug: str) -> HttpResponse:
    office = selectors.access_office(request.actor, office_slug, perm="office.change_office")
    form = OfficeClosureForm(request.POST, prefix="schliesszeit")
    if form.is_valid():
        try:
            services.office_closure_add(actor=request.actor, office=office, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Die Schließzeit ist eingetragen."))
            return redirect("office:staff_hours", office_slug=office.slug)
    return _hours_page(request, office, closure_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def staff_closure_remove(
    request: ActorRequest, office_slug: str, closure_id: uuid.UUID
) -> HttpResponse:
    office = selectors.access_office(request.actor, office_slug, perm="office.change_office")
    closure = selectors.closure_get(office=office, closure_id=closure_id)
    if request.method == "POST":
        services.office_closure_remove(actor=request.actor, closure=closure)
        messages.success(
            request, _("Die Schließzeit ist entfernt. An diesen Tagen ist wieder offen.")
        )
        return redirect("office:staff_hours", office_slug=office.slug)
    context = {"office": office, "what": closure_label(closure), "error": ""}
    return render(request, "office/staff_remove.html", context)
