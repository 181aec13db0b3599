"""Staff book a visit outside the slots for a person: a home visit or an appointment in the
office outside the consultation hours. Reached from the day view and the person's page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lotse.core.forms import add_service_errors
from lotse.core.middleware import ActorRequest
from lotse.core.permissions import personal_data_view
from lotse.office import selectors, services
from lotse.office.forms import parse_day
from lotse.office.forms_visit import SERVICE_FIELDS, VisitForm
from lotse.office.labels import slot_label
from lotse.office.views import warn_if_unconfirmed
from lotse.people import selectors as people_selectors


@personal_data_view
@require_http_methods(["GET", "POST"])
def staff_visit(request: ActorRequest, office_slug: str) -> HttpResponse:
    """Find the person (or come with `?person=<id>` from their page), then day, time, length,
    who goes and where."""
    office = selectors.access_office(request.actor, office_slug, perm="office.book_appointment")
    data = request.POST if request.method == "POST" else request.GET
    text = data.get("q", "").strip()
    chosen_id = data.get("person", "") if not text else ""
    if chosen_id:
        chosen = people_selectors.access_person(request.actor, chosen_id, purpose=services.PURPOSE)
        persons = [chosen] if chosen.organisation_id == office.organisation_id else []
    else:
        persons = [
            person
            for person in people_selectors.person_search(actor=request.actor, text=text)
            if person.organisation_id == office.organisation_id
        ]
    team = selectors.office_team(office=office)
    assert request.actor is not None  # personal_data_view lets only staff in
    day = parse_day(data.get("tag"))
    initial = {"staff_member": str(request.actor.public_id), "day": day}
    form = VisitForm(
        request.POST if request.method == "POST" else None,
        persons=persons,
        team=team,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        person = people_selectors.access_person(
            request.actor, form.cleaned_data["person"], purpose=services.PURPOSE
        )
        try:
            appointment = services.appointment_visit_book(
                actor=request.actor, office=office, person=person, **form.visit_data()
            )
        except ValidationError as exc:
            add_service_errors(form, exc, **SERVICE_FIELDS)
        else:
            messages.success(
                request,
                _("%(kind)s für %(name)s am %(when)s ist gebucht.")
                % {
                    "kind": appointment.get_kind_display(),
                    "name": person,
                    "when": slot_label(appointment.start),
                },
            )
            warn_if_unconfirmed(request, appointment)
            day = timezone.localtime(appointment.start).date()
            return redirect(f"{reverse('office:staff_day', args=[office.slug])}?tag={day}")
    context = {
        "office": office,
        "form": form,
        "text": text,
        "persons": persons,
        "chosen_id": chosen_id if persons else "",
        "day": day,
    }
    return render(request, "office/staff_visit.html", context)
