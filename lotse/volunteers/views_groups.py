"""The pages of the group formats: the public list of Handy-Café dates; for multipliers the
cafés with their next dates and gaps, helpers put on a date, a date cancelled; for helpers
"Meine Schichten" (sign up for a date, leave it) and the confirmation of their volunteering;
the courses with sessions, participants, attendance, completion and the certificate. Pages with
personal data sit behind the second-factor gate."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from lotse.core.forms import add_service_errors
from lotse.core.middleware import ActorRequest
from lotse.core.pdf import pdf_response
from lotse.core.permissions import personal_data_view
from lotse.volunteers import selectors, selectors_groups, services_groups
from lotse.volunteers.forms_groups import (
    AssignForm,
    AttendanceForm,
    CafeForm,
    CancelDateForm,
    CourseForm,
    ParticipantForm,
    SessionForm,
    YearForm,
)
from lotse.volunteers.models import Helper
from lotse.volunteers.views import _own_helper


def _say_errors(request: ActorRequest, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


def _form_errors(request: ActorRequest, form) -> None:
    texts = [str(error) for errors in form.errors.values() for error in errors]
    messages.error(request, " ".join(texts))


# --- Public -------------------------------------------------------------------------------------


@require_safe
def cafe_public(request: ActorRequest) -> HttpResponse:
    """ "Handy-Café": the next dates per quarter, in large print and for printing."""
    context = {
        "quarters": selectors_groups.public_cafes(count=4),
        "large_print": request.GET.get("druck") == "gross",
        "today": timezone.localdate(),
    }
    return render(request, "volunteers/groups/cafe_public.html", context)


# --- Cafés for multipliers ----------------------------------------------------------------------


def _group_organisations(request: ActorRequest):
    organisations = selectors_groups.group_organisations(actor=request.actor)
    if not organisations:
        raise PermissionDenied
    return organisations


@personal_data_view
@require_safe
def cafe_list(request: ActorRequest) -> HttpResponse:
    organisations = _group_organisations(request)
    cafes = [
        (cafe, selectors_groups.cafe_plan(cafe=cafe, count=4))
        for cafe in selectors_groups.cafe_list(actor=request.actor)
    ]
    can_add = any(request.user.has_perm("volunteers.change_cafe", o) for o in organisations)
    return render(request, "volunteers/groups/cafe_list.html", {"cafes": cafes, "can_add": can_add})


@personal_data_view
@require_http_methods(["GET", "POST"])
def cafe_new(request: ActorRequest) -> HttpResponse:
    organisations = [
        o
        for o in _group_organisations(request)
        if request.user.has_perm("volunteers.change_cafe", o)
    ]
    if not organisations:
        raise PermissionDenied
    organisation = organisations[0]
    quarters = selectors.quarter_choices(organisations=[organisation])
    form = CafeForm(
        request.POST if request.method == "POST" else None,
        quarters=quarters,
        initial={"starts_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        quarter = data.pop("quarter")
        service_id = data.pop("service")
        try:
            cafe = services_groups.cafe_create(
                actor=request.actor,
                organisation=organisation,
                quarter=quarter,
                data=data,
                service_id=service_id,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Das Handy-Café ist angelegt."))
            return redirect("volunteers:cafe_detail", cafe_id=cafe.pk)
    context = {"form": form, "organisation": organisation}
    return render(request, "volunteers/groups/cafe_new.html", context)


@personal_data_view
@require_safe
def cafe_detail(request: ActorRequest, cafe_id) -> HttpResponse:
    """The next 8 dates with who is on shift; dates with fewer helpers than wanted stand out."""
    cafe = selectors_groups.access_cafe(request.actor, cafe_id)
    plan = selectors_groups.cafe_plan(cafe=cafe)
    dates = [row.date for row in plan]
    can_change = request.user.has_perm("volunteers.change_cafe", cafe)
    context = {
        "cafe": cafe,
        "plan": plan,
        "gaps": sum(1 for row in plan if row.missing),
        "cancellations": selectors_groups.cancellation_list(cafe=cafe),
        "can_change": can_change,
        "assign_form": AssignForm(
            dates=dates, helpers=selectors_groups.shift_helper_choices(cafe=cafe)
        )
        if can_change
        else None,
        "cancel_form": CancelDateForm(dates=dates) if can_change else None,
    }
    return render(request, "volunteers/groups/cafe_detail.html", context)


@personal_data_view
@require_POST
def cafe_assign(request: ActorRequest, cafe_id) -> HttpResponse:
    cafe = selectors_groups.access_cafe(request.actor, cafe_id, perm="volunteers.change_cafe")
    dates = selectors_groups.cafe_dates(cafe=cafe)
    form = AssignForm(
        request.POST, dates=dates, helpers=selectors_groups.shift_helper_choices(cafe=cafe)
    )
    if not form.is_valid():
        _form_errors(request, form)
    else:
        try:
            services_groups.shift_assign(actor=request.actor, cafe=cafe, **form.cleaned_data)
        except ValidationError as exc:
            _say_errors(request, exc)
        else:
            messages.success(
                request,
                _("%(name)s ist für den %(day)s eingetragen.")
                % {
                    "name": form.cleaned_data["helper"].person,
                    "day": form.cleaned_data["date"].strftime("%d.%m.%Y"),
                },
            )
    return redirect("volunteers:cafe_detail", cafe_id=cafe.pk)


@personal_data_view
@require_POST
def cafe_cancel_date(request: ActorRequest, cafe_id) -> HttpResponse:
    cafe = selectors_groups.access_cafe(request.actor, cafe_id, perm="volunteers.change_cafe")
    form = CancelDateForm(request.POST, dates=selectors_groups.cafe_dates(cafe=cafe))
    if not form.is_valid():
        _form_errors(request, form)
    else:
        try:
            services_groups.cafe_date_cancel(actor=request.actor, cafe=cafe, **form.cleaned_data)
        except ValidationError as exc:
            _say_errors(request, exc)
        else:
            messages.success(request, _("Der Termin fällt aus. Das steht jetzt auch öffentlich."))
    return redirect("volunteers:cafe_detail", cafe_id=cafe.pk)


@personal_data_view
@require_POST
def cafe_shift_remove(request: ActorRequest, cafe_id, shift_id) -> HttpResponse:
    cafe = selectors_groups.access_cafe(request.actor, cafe_id, perm="volunteers.change_cafe")
    shift = selectors_groups.shift_get(shift_id=shift_id, cafe=cafe)
    try:
        services_groups.shift_cancel(actor=request.actor, shift=shift)
    except ValidationError as exc:
        _say_errors(request, exc)
    else:
        messages.success(request, _("Die Schicht ist ausgetragen."))
    return redirect("volunteers:cafe_detail", cafe_id=cafe.pk)


# --- The helper's shifts and confirmation -------------------------------------------------------


@personal_data_view
@require_safe
def own_shifts(request: ActorRequest) -> HttpResponse:
    """ "Meine Schichten": the next dates of the cafés of the helper's organisation, with a
    button to sign up or leave."""
    helper = _own_helper(request)
    context: dict = {"helper": helper}
    if helper is not None:
        mine = {(s.cafe_id, s.date): s for s in selectors_groups.own_shifts(helper=helper)}
        context["cafes"] = [
            (cafe, selectors_groups.cafe_plan(cafe=cafe))
            for cafe in selectors_groups.own_cafes(helper=helper)
        ]
        context["mine"] = mine
        context["mine_keys"] = {f"{cafe_id}:{day.isoformat()}" for cafe_id, day in mine}
        context["may_sign_up"] = helper.status in services_groups.SHIFT_STATUSES
        context["years"] = selectors_groups.recognition_years(helper=helper)
    return render(request, "volunteers/groups/own_shifts.html", context)


@personal_data_view
@require_POST
def own_shift_sign_up(request: ActorRequest) -> HttpResponse:
    helper = _own_helper(request)
    if helper is None:
        raise PermissionDenied
    cafe_id = request.POST.get("cafe", "")
    cafe = next(
        (c for c in selectors_groups.own_cafes(helper=helper) if str(c.pk) == cafe_id), None
    )
    if cafe is None:
        messages.error(request, _("Wählen Sie ein Handy-Café aus der Liste."))
        return redirect("volunteers:own_shifts")
    try:
        day = dt.date.fromisoformat(request.POST.get("date", ""))
    except ValueError:
        messages.error(request, _("Wählen Sie einen Termin aus der Liste."))
        return redirect("volunteers:own_shifts")
    try:
        services_groups.shift_sign_up(actor=request.actor, cafe=cafe, helper=helper, date=day)
    except ValidationError as exc:
        _say_errors(request, exc)
    else:
        messages.success(
            request,
            _("Danke! Sie sind für %(day)s eingetragen: %(cafe)s, %(start)s bis %(end)s Uhr.")
            % {
                "day": day.strftime("%d.%m.%Y"),
                "cafe": cafe.name,
                "start": cafe.start_time.strftime("%H:%M"),
                "end": cafe.end_time.strftime("%H:%M"),
            },
        )
    return redirect("volunteers:own_shifts")


@personal_data_view
@require_POST
def own_shift_cancel(request: ActorRequest, shift_id) -> HttpResponse:
    helper = _own_helper(request)
    if helper is None:
        raise PermissionDenied
    shift = selectors_groups.shift_get(shift_id=shift_id, helper=helper)
    try:
        services_groups.shift_cancel(actor=request.actor, shift=shift)
    except ValidationError as exc:
        _say_errors(request, exc)
    else:
        messages.success(request, _("Sie sind für diesen Termin ausgetragen."))
    return redirect("volunteers:own_shifts")


def _recognition_pdf(request: ActorRequest, helper: Helper) -> HttpResponse:
    form = YearForm(request.GET or None)
    year = form.cleaned_data["jahr"] if form.is_valid() else None
    years = selectors_groups.recognition_years(helper=helper)
    if year is not None:
        years = [summary for summary in years if summary.year == year]
    context = {
        "helper": helper,
        "years": years,
        "year": year,
        "today": timezone.localdate(),
        "organisation": helper.organisation,
    }
    return pdf_response(
        "volunteers/groups/recognition.pdf.html",
        context,
        request=request,
        filename=f"bestaetigung-ehrenamt-{year or 'alle-jahre'}.pdf",
    )


@personal_data_view
@require_safe
def own_recognition(request: ActorRequest) -> HttpResponse:
    """The helper's confirmation of their volunteering (for the Ehrenamtskarte), as a PDF."""
    helper = _own_helper(request)
    if helper is None:
        raise PermissionDenied
    return _recognition_pdf(request, helper)


@personal_data_view
@require_safe
def helper_recognition(request: ActorRequest, helper_id) -> HttpResponse:
    """The same confirmation, printed by staff for the helper."""
    helper = selectors.access_helper(request.actor, helper_id, perm="volunteers.change_helper")
    return _recognition_pdf(request, helper)


# --- Courses ------------------------------------------------------------------------------------


@personal_data_view
@require_safe
def course_list(request: ActorRequest) -> HttpResponse:
    courses = selectors_groups.course_list(actor=request.actor)
    can_add = bool(selectors_groups.course_organisations(actor=request.actor))
    if not can_add and not selectors_groups.group_organisations(actor=request.actor):
        raise PermissionDenied
    return render(
        request, "volunteers/groups/course_list.html", {"courses": courses, "can_add": can_add}
    )


@personal_data_view
@require_http_methods(["GET", "POST"])
def course_new(request: ActorRequest) -> HttpResponse:
    organisations = selectors_groups.course_organisations(actor=request.actor)
    if not organisations:
        raise PermissionDenied
    organisation = organisations[0]
    form = CourseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            course = services_groups.course_create(
                actor=request.actor, organisation=organisation, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Der Kurs ist angelegt. Tragen Sie jetzt die Termine ein."))
            return redirect("volunteers:course_detail", course_id=course.pk)
    context = {"form": form, "organisation": organisation}
    return render(request, "volunteers/groups/course_new.html", context)


@personal_data_view
@require_safe
def course_detail(request: ActorRequest, course_id) -> HttpResponse:
    course = selectors_groups.access_course(request.actor, course_id)
    can_run = request.user.has_perm("volunteers.run_course", course)
    sessions = list(course.sessions.all())
    context = {
        "course": course,
        "sessions": sessions,
        "participants": selectors_groups.participant_list(course=course),
        "can_run": can_run,
        "session_form": SessionForm() if can_run else None,
        "participant_form": ParticipantForm(
            helpers=selectors_groups.course_helper_choices(course=course)
        )
        if can_run
        else None,
        "today": timezone.localdate(),
    }
    return render(request, "volunteers/groups/course_detail.html", context)


@personal_data_view
@require_POST
def course_session_add(request: ActorRequest, course_id) -> HttpResponse:
    course = selectors_groups.access_course(request.actor, course_id, perm="volunteers.run_course")
    form = SessionForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
    else:
        try:
            services_groups.course_session_add(
                actor=request.actor, course=course, **form.cleaned_data
            )
        except ValidationError as exc:
            _say_errors(request, exc)
        else:
            messages.success(request, _("Der Termin ist eingetragen."))
    return redirect("volunteers:course_detail", course_id=course.pk)


@personal_data_view
@require_POST
def course_participant_add(request: ActorRequest, course_id) -> HttpResponse:
    course = selectors_groups.access_course(request.actor, course_id, perm="volunteers.run_course")
    form = ParticipantForm(
        request.POST, helpers=selectors_groups.course_helper_choices(course=course)
    )
    if not form.is_valid():
        _form_errors(request, form)
    else:
        try:
            services_groups.course_participant_add(
                actor=request.actor, course=course, helper=form.cleaned_data["helper"]
            )
        except ValidationError as exc:
            _say_errors(request, exc)
        else:
            messages.success(request, _("Die Person nimmt jetzt am Kurs teil."))
    return redirect("volunteers:course_detail", course_id=course.pk)


@personal_data_view
@require_http_methods(["GET", "POST"])
def course_attendance(request: ActorRequest, course_id, session_id) -> HttpResponse:
    course = selectors_groups.access_course(request.actor, course_id, perm="volunteers.run_course")
    try:
        session = course.sessions.get(id=session_id)
    except (course.sessions.model.DoesNotExist, ValidationError, ValueError) as exc:
        raise Http404 from exc
    participants = course.participants.select_related("helper__person")
    initial = {"present": list(session.attendance.values_list("participant_id", flat=True))}
    form = AttendanceForm(
        request.POST if request.method == "POST" else None,
        participants=participants,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services_groups.attendance_set(
                actor=request.actor, session=session, present=list(form.cleaned_data["present"])
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Die Anwesenheit ist gespeichert."))
            return redirect("volunteers:course_detail", course_id=course.pk)
    context = {"course": course, "session": session, "form": form}
    return render(request, "volunteers/groups/course_attendance.html", context)


@personal_data_view
@require_POST
def course_complete(request: ActorRequest, course_id, participant_id) -> HttpResponse:
    course = selectors_groups.access_course(request.actor, course_id, perm="volunteers.run_course")
    participant = selectors_groups.participant_get(course=course, participant_id=participant_id)
    try:
        done = services_groups.course_complete(actor=request.actor, participant=participant)
    except ValidationError as exc:
        _say_errors(request, exc)
    else:
        name = participant.helper.person
        if done.activated:
            text = _("%(name)s hat den Kurs abgeschlossen und ist jetzt aktiv.") % {"name": name}
        elif done.not_activated_because:
            text = _("%(name)s hat den Kurs abgeschlossen. Der Status bleibt, weil: %(why)s") % {
                "name": name,
                "why": done.not_activated_because,
            }
        else:
            text = _("%(name)s hat den Kurs abgeschlossen.") % {"name": name}
        messages.success(request, text)
    return redirect("volunteers:course_detail", course_id=course.pk)


@personal_data_view
@require_safe
def course_certificate(request: ActorRequest, course_id, participant_id) -> HttpResponse:
    """The certificate of a participant who completed the course, as a PDF."""
    course = selectors_groups.access_course(request.actor, course_id)
    participant = selectors_groups.participant_get(course=course, participant_id=participant_id)
    if participant.completed_on is None:
        raise Http404
    context = {
        "course": course,
        "participant": participant,
        "sessions": list(course.sessions.all()),
        "organisation": course.organisation,
    }
    return pdf_response(
        "volunteers/groups/certificate.pdf.html",
        context,
        request=request,
        filename="teilnahmebescheinigung.pdf",
    )
