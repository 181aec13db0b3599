"""Pages of registrations: the public form for a date ("Für wen?", details, "Angaben prüfen"),
the confirmation with the short code, cancelling (link, short code, Mein Konto), and the
staff pages (participant list with its PDF, registering someone who called, cancelling for
someone, attendance, calls made)."""

import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lotse.core.forms import add_service_errors
from lotse.core.middleware import ActorRequest
from lotse.core.pdf import pdf_response
from lotse.core.permissions import personal_data_view
from lotse.core.throttle import try_allowed
from lotse.news import selectors_registrations as selectors
from lotse.news import services_registrations as services
from lotse.news.forms_registrations import (
    FOR_ME,
    FOR_OTHER,
    CancelCodeForm,
    PublicRegistrationForm,
    StaffRegistrationForm,
    WhomForm,
)
from lotse.news.models import Occurrence, Registration
from lotse.news.selectors import access_registration
from lotse.people import selectors as people_selectors
from lotse.people.models import ContactChannel

# Session key: occurrence id -> cancel token of the registrations made in this browser, so that
# a double click on "Verbindlich anmelden" leads to the confirmation, not to "schon angemeldet".
REGISTERED_HERE = "events_registered_here"
# Session key: the answers of the form while they are checked ("Angaben prüfen").
DRAFT = "events_registration_draft"
REGISTER_STEP = "anmelden"
CANCEL_STEP = "absagen"
# Short codes: this many look-ups per client address in this many seconds (as /buero/absagen/).
CODE_TRIES = 10
CODE_SECONDS = 10 * 60


def _event_url(event) -> str:
    """The event's public page (the events part's), or the list of events while there is
    none."""
    try:
        return reverse("events:detail", args=[event.pk])
    except NoReverseMatch:
        return reverse("events:list")


def _date_context(occurrence: Occurrence) -> dict:
    event = occurrence.event
    return {
        "occurrence": occurrence,
        "event": event,
        "event_url": _event_url(event),
        "when": selectors.date_label(occurrence),
        "where": selectors.event_place(event),
        "organiser_phone": selectors.organiser_phone(event),
        "free": selectors.places_free(occurrence),
    }


def _register_url(occurrence: Occurrence, **query: str) -> str:
    url = reverse("events:register", args=[occurrence.pk])
    return f"{url}?{urlencode(query)}" if query else url


def _closed_page(request: ActorRequest, occurrence: Occurrence, message: str, *, status: int):
    context = _date_context(occurrence) | {"message": message, "full": not message}
    context["may_register_people"] = _may_register_people(request, occurrence)
    return render(request, "news/registration_closed.html", context, status=status)


def _may_register_people(request: ActorRequest, occurrence: Occurrence) -> bool:
    actor = request.actor
    return actor is not None and actor.has_perm(services.REGISTER, occurrence.event)


def _live_registration_url(token: str) -> str:
    """The confirmation of a registration made from this browser, while it is live."""
    if not token:
        return ""
    try:
        registration = selectors.registration_by_token(token=token)
    except Http404:
        return ""
    if registration.status not in Registration.LIVE:
        return ""
    return reverse("events:registration", args=[token])


@require_http_methods(["GET", "POST"])
def register(request: ActorRequest, occurrence_id: uuid.UUID) -> HttpResponse:
    """ "Für wen ist die Anmeldung?", the details, "Angaben prüfen", then the registration.
    A full date without a waiting list, a cancelled or past one, and an event without
    registration say so instead, with the organiser's phone."""
    occurrence = selectors.occurrence_public_get(occurrence_id=occurrence_id)
    key = str(occurrence.pk)
    registered_here = request.session.get(REGISTERED_HERE, {})
    refusal = selectors.registration_refusal(occurrence)
    if refusal:
        return _closed_page(request, occurrence, refusal, status=200)
    event = occurrence.event
    free = selectors.places_free(occurrence)
    full = free is not None and free < 1
    if full and not event.waiting_list:
        return _closed_page(request, occurrence, "", status=200)
    # Without a waiting list nobody may ask for more places than are free.
    most = services.MAX_PLACES if event.waiting_list or free is None else free
    if event.capacity is not None:
        most = min(most, event.capacity)
    draft: dict = request.session.get(DRAFT) or {}
    if draft.get("occurrence") != key:
        draft = {}
    registering = request.method == "POST" and request.POST.get("schritt") == REGISTER_STEP
    if registering and not draft:
        if key in registered_here:
            # A second click on "Verbindlich anmelden": the registration is made already.
            return redirect("events:registration", token=registered_here[key])
        # The answers are gone (another tab registered, or the session ended): ask again.
        return redirect(_register_url(occurrence))
    context = _date_context(occurrence) | {
        "full": full,
        "next_position": selectors.position_words(selectors.waiting_list(occurrence).count() + 1)
        if full
        else "",
        "may_register_people": _may_register_people(request, occurrence),
        # Registered from this browser already: the way to that registration (someone may
        # still register another person).
        "registered_here_url": _live_registration_url(registered_here.get(key, "")),
    }
    if registering:
        fuer = draft.get("fuer", FOR_ME)
    elif request.method == "POST":
        fuer = FOR_OTHER if request.POST.get("fuer") == FOR_OTHER else FOR_ME
    elif "fuer" in request.GET or "gefragt" in request.GET:
        whom = WhomForm(request.GET)
        if not whom.is_valid():
            return render(request, "news/registration_whom.html", context | {"form": whom})
        fuer = whom.cleaned_data["fuer"]
    elif draft and request.GET.get("frage") != "fuer":
        fuer = draft.get("fuer", FOR_ME)
    else:
        whom = WhomForm(initial={"fuer": draft.get("fuer")} if draft else None)
        return render(request, "news/registration_whom.html", context | {"form": whom})
    for_other = fuer == FOR_OTHER
    initial = {k: v for k, v in draft.items() if k not in ("fuer", "occurrence")}
    if not initial and request.actor is not None:
        prefix = "booker_" if for_other else ""
        initial = {f"{prefix}name": request.actor.name, f"{prefix}email": request.actor.email}
    form_kwargs = {"for_other": for_other, "most_places": most, "waiting": full}
    if registering:
        form = PublicRegistrationForm(
            {k: v for k, v in draft.items() if k not in ("fuer", "occurrence")}, **form_kwargs
        )
    else:
        form = PublicRegistrationForm(
            request.POST if request.method == "POST" else None, initial=initial, **form_kwargs
        )
    context |= {
        "form": form,
        "fuer": fuer,
        "whom_url": _register_url(occurrence, frage="fuer"),
    }
    status = 0
    if request.method == "POST" and form.is_valid():
        if not registering:
            if form.is_spam():
                status = form.refusal(request, "events:register", phone=context["organiser_phone"])
            else:
                data = form.registration_data()
                request.session[DRAFT] = data | {"fuer": fuer, "occurrence": key}
                places = data["places"]
                context |= {
                    "rows": form.review_rows(),
                    "change_url": _register_url(occurrence),
                    "will_wait": full or (free is not None and places > free),
                }
                return render(request, "news/registration_check.html", context)
        else:
            status = form.refusal(request, "events:register", phone=context["organiser_phone"])
            if not status:
                try:
                    _registration, token = services.registration_register_public(
                        actor=request.actor, occurrence=occurrence, **form.registration_data()
                    )
                except services.EventFull:
                    request.session.pop(DRAFT, None)
                    return _closed_page(request, occurrence, "", status=409)
                except ValidationError as exc:
                    add_service_errors(form, exc)
                else:
                    request.session[REGISTERED_HERE] = registered_here | {key: token}
                    request.session.pop(DRAFT, None)
                    return redirect("events:registration", token=token)
    return render(request, "news/registration_form.html", context, status=status or 200)


def _registration_context(registration: Registration) -> dict:
    context = _date_context(registration.occurrence) | {"registration": registration}
    position = selectors.waiting_position(registration)
    context["position"] = selectors.position_words(position) if position else ""
    return context


@never_cache
def confirmation(request: ActorRequest, token: str) -> HttpResponse:
    """ "Sie sind angemeldet" (or on the waiting list, at which place), the short code in large
    type, what happens next and how to cancel."""
    registration = selectors.registration_by_token(token=token)
    context = _registration_context(registration) | {"token": token}
    return render(request, "news/registration_confirmation.html", context)


def _forget_here(request: ActorRequest, token: str) -> None:
    here = request.session.get(REGISTERED_HERE, {})
    request.session[REGISTERED_HERE] = {k: v for k, v in here.items() if v != token}


@never_cache
@require_http_methods(["GET", "POST"])
def cancel_by_token(request: ActorRequest, token: str) -> HttpResponse:
    registration = selectors.registration_by_token(token=token)
    error = ""
    if request.method == "POST":
        try:
            services.registration_cancel(
                actor=request.actor, registration=registration, token=token
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            _forget_here(request, token)
            messages.success(request, _("Ihre Anmeldung ist abgesagt."))
            return redirect("events:registration", token=token)
    context = _registration_context(registration) | {
        "error": error,
        "back_url": reverse("events:registration", args=[token]),
        "back_label": _("Zurück"),
    }
    return render(request, "news/registration_cancel.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def own_cancel(request: ActorRequest, registration_id: uuid.UUID) -> HttpResponse:
    """From "Mein Konto": "Möchten Sie die Anmeldung … absagen?", then back to Mein Konto.
    Only registrations of the account (its own or with its e-mail address) are found."""
    if request.actor is None:
        return redirect_to_login(
            request.get_full_path(), login_url=reverse("account_request_login_code")
        )
    registration = selectors.access_own_registration(request.actor, registration_id)
    error = ""
    if request.method == "POST":
        try:
            services.registration_cancel(actor=request.actor, registration=registration)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(
                request,
                _("Ihre Anmeldung für „%(title)s“ am %(when)s ist abgesagt.")
                % {
                    "title": registration.event.title,
                    "when": selectors.date_label(registration.occurrence),
                },
            )
            return redirect(reverse("accounts:overview") + "#anmeldungen")
    context = _registration_context(registration) | {
        "error": error,
        "back_url": reverse("accounts:overview") + "#anmeldungen",
        "back_label": _("Zurück zu „Mein Konto“"),
    }
    return render(request, "news/registration_cancel.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def cancel_by_code(request: ActorRequest) -> HttpResponse:
    """/veranstaltungen/absagen/: the short code and the phone number or e-mail address, then
    "Möchten Sie … absagen?", then cancelled. Every look-up counts against the address's
    tries; a wrong code and a wrong contact get the same answer, and it names only the
    event and the date."""
    form = CancelCodeForm(request.POST if request.method == "POST" else None)
    context: dict[str, object] = {"form": form}
    if request.method == "POST" and form.is_valid():
        if not try_allowed(request, "events:cancel", tries=CODE_TRIES, seconds=CODE_SECONDS):
            context["limited"] = True
            return render(request, "news/registration_cancel_code.html", context, status=429)
        code = form.cleaned_data["code"]
        registration = selectors.registration_by_code(code=code)
        if registration is None or not selectors.contact_matches(
            registration, form.cleaned_data["contact"]
        ):
            form.add_error(
                "code",
                _(
                    "Zu diesem Kurzcode und dieser Telefonnummer oder E-Mail-Adresse gibt es "
                    "keine Anmeldung. Prüfen Sie Ihre Angaben oder rufen Sie den Veranstalter an."
                ),
            )
        elif request.POST.get("schritt") != CANCEL_STEP:
            context |= _registration_context(registration)
            return render(request, "news/registration_cancel_code_check.html", context)
        else:
            try:
                _cancelled, _promoted = services.registration_cancel(
                    actor=request.actor, registration=registration, code=code
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                context |= _registration_context(registration) | {"cancelled": True}
    return render(request, "news/registration_cancel_code.html", context)


# Staff pages -------------------------------------------------------------------------------------


def _participants_context(request: ActorRequest, occurrence: Occurrence) -> dict:
    lists = selectors.participant_list(
        actor=request.actor, occurrence=occurrence, purpose=services.PURPOSE
    )
    return _date_context(occurrence) | {
        **lists,
        "now": timezone.now(),
        "today": timezone.localdate(),
        "may_register_people": _may_register_people(request, occurrence),
    }


@personal_data_view
@require_GET
def participants(request: ActorRequest, occurrence_id: uuid.UUID) -> HttpResponse:
    """The participant list of a date: the calls to make, who holds a place (with phone and
    attendance afterwards), the waiting list in order; printable, also as a PDF."""
    occurrence = selectors.access_occurrence(request.actor, occurrence_id)
    context = _participants_context(request, occurrence)
    context["dates"] = [
        (date, selectors.date_label(date))
        for date in selectors.event_dates_with_registrations(occurrence=occurrence)
    ]
    return render(request, "news/registration_participants.html", context)


@personal_data_view
@require_GET
def participants_pdf(request: ActorRequest, occurrence_id: uuid.UUID) -> HttpResponse:
    """The participant list in large print, with empty boxes to tick at the door."""
    occurrence = selectors.access_occurrence(request.actor, occurrence_id)
    context = _participants_context(request, occurrence)
    day = timezone.localtime(occurrence.start).date()
    return pdf_response(
        "news/registration_participants_pdf.html",
        context,
        request=request,
        filename=f"teilnehmende-{day.isoformat()}.pdf",
        inline=True,
    )


def _participants_url(occurrence: Occurrence) -> str:
    return reverse("events:participants", args=[occurrence.pk])


def _tell_staff(request: ActorRequest, registration: Registration) -> None:
    """After staff registered someone: the short code to read out, and whether a message goes
    out or they should say it on the phone."""
    state = (
        _("angemeldet")
        if registration.status == Registration.Status.CONFIRMED
        else _("auf der Warteliste (%(position)s)")
        % {"position": selectors.position_words(selectors.waiting_position(registration) or 1)}
    )
    messages.success(
        request,
        _("%(name)s ist %(state)s. Kurzcode zum Absagen: %(code)s – bitte vorlesen.")
        % {"name": registration.display_name, "state": state, "code": registration.short_code},
    )
    channel = (
        registration.person.contact_channel
        if registration.person_id and registration.person is not None
        else registration.channel
    )
    if channel in (ContactChannel.PHONE, ContactChannel.NONE):
        messages.info(
            request,
            _("%(name)s bekommt keine Nachricht. Sagen Sie Tag, Uhrzeit und Ort bitte am Telefon.")
            % {"name": registration.display_name},
        )


@personal_data_view
@require_http_methods(["GET", "POST"])
def staff_register(request: ActorRequest, occurrence_id: uuid.UUID) -> HttpResponse:
    """ "Jemanden anmelden": a person the organisation holds (search by name, phone or street,
    as the desk does) or a caller by name and phone; staff are recorded as who registered."""
    occurrence = selectors.access_occurrence(request.actor, occurrence_id, perm=services.REGISTER)
    data = request.POST if request.method == "POST" else request.GET
    text = data.get("q", "").strip()
    persons = people_selectors.person_search(actor=request.actor, text=text) if text else []
    event = occurrence.event
    free = selectors.places_free(occurrence)
    most = services.MAX_PLACES if event.waiting_list or free is None else max(free, 1)
    if event.capacity is not None:
        most = min(most, event.capacity)
    form = StaffRegistrationForm(
        request.POST if request.method == "POST" else None, persons=persons, most_places=most
    )
    if request.method == "POST" and form.is_valid():
        person = None
        if form.cleaned_data.get("person"):
            person = people_selectors.access_person(
                request.actor, form.cleaned_data["person"], purpose=services.PURPOSE
            )
        try:
            if person is not None:
                registration, _token = services.registration_register_by_staff(
                    actor=request.actor,
                    occurrence=occurrence,
                    person=person,
                    places=form.cleaned_data["places"],
                )
            else:
                registration, _token = services.registration_register_by_staff(
                    actor=request.actor, occurrence=occurrence, **form.caller_data()
                )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            _tell_staff(request, registration)
            return redirect(_participants_url(occurrence))
    context = _date_context(occurrence) | {
        "form": form,
        "text": text,
        "persons": persons,
        "refusal": selectors.registration_refusal(occurrence, public=False),
    }
    return render(request, "news/registration_staff_form.html", context)


@personal_data_view
@require_http_methods(["GET", "POST"])
def staff_cancel(request: ActorRequest, registration_id: uuid.UUID) -> HttpResponse:
    """Staff cancel for someone who called: a confirmation page, then back to the list."""
    registration = access_registration(request.actor, registration_id)
    if request.method == "POST":
        try:
            _cancelled, promoted = services.registration_cancel(
                actor=request.actor, registration=registration
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("Die Anmeldung von %(name)s ist abgesagt.") % {"name": registration.display_name},
            )
            for moved in promoted:
                messages.info(
                    request,
                    _("%(name)s hat den Platz von der Warteliste bekommen.")
                    % {"name": moved.display_name},
                )
        return redirect(_participants_url(registration.occurrence))
    context = _registration_context(registration)
    return render(request, "news/registration_staff_cancel.html", context)


@personal_data_view
@require_POST
def staff_mark(request: ActorRequest, registration_id: uuid.UUID) -> HttpResponse:
    """ "War da" / "War nicht da" after the date has begun."""
    registration = access_registration(request.actor, registration_id)
    try:
        services.registration_mark(
            actor=request.actor, registration=registration, status=request.POST.get("stand", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Gespeichert: %(name)s.") % {"name": registration.display_name})
    return redirect(_participants_url(registration.occurrence))


@personal_data_view
@require_POST
def staff_called(request: ActorRequest, registration_id: uuid.UUID) -> HttpResponse:
    """The call on the list is made ("Angerufen")."""
    registration = access_registration(request.actor, registration_id)
    try:
        services.registration_call_done(actor=request.actor, registration=registration)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Vermerkt: %(name)s ist angerufen.") % {"name": registration.display_name},
        )
    return redirect(_participants_url(registration.occurrence))
