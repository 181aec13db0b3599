"""Staff pages for persons and consents. Every page is behind the second-factor gate and
every page that shows a person records the read (access_person)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lotse.core.middleware import ActorRequest
from lotse.core.permissions import personal_data_view
from lotse.people import selectors, services
from lotse.people.forms import ConsentForm, PersonForm, PersonSearchForm, purpose_from


@personal_data_view
def person_list(request: ActorRequest) -> HttpResponse:
    organisations = selectors.person_organisations(actor=request.actor)
    if not organisations.exists():
        raise PermissionDenied
    form = PersonSearchForm(request.GET or None)
    text = form.cleaned_data["q"] if form.is_valid() else ""
    persons = selectors.person_search(actor=request.actor, text=text)
    context = {"form": form, "persons": persons, "text": text}
    template = "people/person_list.html"
    if request.headers.get("HX-Request"):
        template += "#results"
    return render(request, template, context)


@personal_data_view
@require_http_methods(["GET", "POST"])
def person_new(request: ActorRequest) -> HttpResponse:
    organisation = selectors.person_organisations(actor=request.actor).first()
    if organisation is None:
        raise PermissionDenied
    quarters = selectors.quarter_choices(organisation=organisation)
    form = PersonForm(request.POST if request.method == "POST" else None, quarters=quarters)
    candidates = []
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(
                actor=request.actor,
                organisation=organisation,
                data=form.person_data(),
                confirmed_new=bool(request.POST.get("trotzdem")),
            )
        except services.PossibleDuplicates as exc:
            candidates = exc.candidates
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Die Person ist angelegt."))
            return redirect("people:person_detail", person_id=person.id)
    return render(request, "people/person_form.html", {"form": form, "candidates": candidates})


@personal_data_view
def person_detail(request: ActorRequest, person_id) -> HttpResponse:
    person = selectors.access_person(
        request.actor, person_id, purpose=purpose_from(request.GET.get("zweck"))
    )
    context = {
        "person": person,
        "consents": selectors.consent_list(person=person),
        "reads": selectors.person_read_log(person=person),
    }
    return render(request, "people/person_detail.html", context)


@personal_data_view
@require_http_methods(["GET", "POST"])
def consent_new(request: ActorRequest, person_id) -> HttpResponse:
    person = selectors.access_person(request.actor, person_id, purpose="Einwilligung")
    recipients = selectors.recipient_choices(person=person)
    form = ConsentForm(request.POST if request.method == "POST" else None, recipients=recipients)
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_record(actor=request.actor, person=person, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Die Einwilligung ist gespeichert."))
            return redirect("people:person_detail", person_id=person.id)
    return render(request, "people/consent_form.html", {"form": form, "person": person})


@personal_data_view
@require_http_methods(["GET", "POST"])
def consent_withdraw(request: ActorRequest, person_id, consent_id) -> HttpResponse:
    person = selectors.access_person(request.actor, person_id, purpose="Einwilligung")
    consent = selectors.access_consent(request.actor, person=person, consent_id=consent_id)
    if request.method == "POST":
        try:
            services.consent_withdraw(actor=request.actor, consent=consent)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Die Einwilligung ist widerrufen. Das gilt ab sofort."))
        return redirect("people:person_detail", person_id=person.id)
    return render(request, "people/consent_withdraw.html", {"person": person, "consent": consent})
