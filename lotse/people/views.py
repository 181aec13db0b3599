"""Staff pages for persons and consents. Every page is behind the second-factor gate and
every page that shows a person records the read (access_person)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lotse.core.middleware import ActorRequest
from lotse.core.navigation import local_url
from lotse.core.permissions import personal_data_view
from lotse.people import selectors, services
from lotse.people.forms import (
    ConsentForm,
    PersonEditForm,
    PersonForm,
    PersonSearchForm,
    ProxyForm,
    person_initial,
    person_prefill,
    purpose_from,
)
from lotse.people.models import person_field_label


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
    if request.htmx:
        template += "#results"
    return render(request, template, context)


def _return_to(request: ActorRequest) -> str:
    """`?weiter=`: a page of this site to go back to once done (the inquiry being recorded),
    or "" for anything else."""
    return local_url(request, request.GET.get("weiter"), "")


@personal_data_view
@require_http_methods(["GET", "POST"])
def person_new(request: ActorRequest) -> HttpResponse:
    organisation = selectors.person_organisations(actor=request.actor).first()
    if organisation is None:
        raise PermissionDenied
    quarters = selectors.quarter_choices(organisation=organisation)
    back = _return_to(request)
    # Back on the inquiry form, `neu=<id>` chooses the person just created (or found).
    choose = f"{back}{'&' if '?' in back else '?'}neu=" if back else ""
    # `?name=`: what was typed into a person search, so it is not typed again.
    form = PersonForm(
        request.POST if request.method == "POST" else None,
        quarters=quarters,
        initial=person_prefill(request.GET.get("name", "")),
    )
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
            if back:
                return redirect(f"{choose}{person.id}")
            return redirect("people:person_detail", person_id=person.id)
    context = {"form": form, "candidates": candidates, "back": back, "choose": choose}
    return render(request, "people/person_form.html", context)


@personal_data_view
def person_detail(request: ActorRequest, person_id) -> HttpResponse:
    person = selectors.access_person(
        request.actor, person_id, purpose=purpose_from(request.GET.get("zweck"))
    )
    consents = list(selectors.consent_list(person=person))
    proxies = list(selectors.proxy_list(person=person))
    context = {
        "person": person,
        "history": selectors.person_history(
            actor=request.actor, person=person, consents=consents, proxies=proxies
        ),
        "consents": consents,
        "proxies": proxies,
        "corrections": selectors.correction_list(person=person),
        "duplicates": selectors.person_duplicates_of(person=person),
        "reads": selectors.person_read_log(person=person),
        # The case work's "Begleitung beginnen" (by permission name: people does not import
        # cases).
        "may_open_case": request.user.has_perm("cases.add_casefile", person.organisation),
    }
    return render(request, "people/person_detail.html", context)


@personal_data_view
@require_http_methods(["GET", "POST"])
def person_edit(request: ActorRequest, person_id) -> HttpResponse:
    person = selectors.access_person(request.actor, person_id, purpose="Pflege")
    quarters = selectors.quarter_choices(organisation=person.organisation)
    form = PersonEditForm(
        request.POST if request.method == "POST" else None,
        initial=person_initial(person),
        quarters=quarters,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(
                actor=request.actor,
                person=person,
                data=form.person_data(),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Die Änderungen sind gespeichert."))
            return redirect("people:person_detail", person_id=person.id)
    return render(request, "people/person_edit.html", {"form": form, "person": person})


@personal_data_view
def person_duplicates(request: ActorRequest, person_id) -> HttpResponse:
    person = selectors.access_person(request.actor, person_id, purpose="Zusammenführung")
    context = {"person": person, "duplicates": selectors.person_duplicates_of(person=person)}
    return render(request, "people/person_duplicates.html", context)


@personal_data_view
@require_http_methods(["GET", "POST"])
def person_merge(request: ActorRequest, person_id, duplicate_id) -> HttpResponse:
    keep = selectors.access_person(request.actor, person_id, purpose="Zusammenführung")
    duplicate = selectors.access_person(request.actor, duplicate_id, purpose="Zusammenführung")
    errors = []
    if request.method == "POST":
        try:
            services.person_merge(actor=request.actor, keep=keep, duplicate=duplicate)
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, _("Die beiden Einträge sind zusammengeführt."))
            return redirect("people:person_detail", person_id=keep.id)
    rows = [
        (
            person_field_label(name),
            services.value_shown(name, getattr(keep, name)),
            services.value_shown(name, getattr(duplicate, name)),
        )
        for name in services.PERSON_FIELDS
    ]
    context = {"keep": keep, "duplicate": duplicate, "rows": rows, "errors": errors}
    return render(request, "people/person_merge.html", context)


@personal_data_view
@require_http_methods(["GET", "POST"])
def proxy_new(request: ActorRequest, person_id) -> HttpResponse:
    person = selectors.access_person(request.actor, person_id, purpose="Vertretung")
    form = ProxyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.proxy_add(actor=request.actor, person=person, data=form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Die Vertretung ist gespeichert."))
            return redirect("people:person_detail", person_id=person.id)
    return render(request, "people/proxy_form.html", {"form": form, "person": person})


@personal_data_view
@require_http_methods(["GET", "POST"])
def proxy_end(request: ActorRequest, person_id, proxy_id) -> HttpResponse:
    person = selectors.access_person(request.actor, person_id, purpose="Vertretung")
    proxy = selectors.access_proxy(request.actor, person=person, proxy_id=proxy_id)
    if request.method == "POST":
        try:
            services.proxy_end(actor=request.actor, proxy=proxy)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Die Vertretung ist beendet."))
        return redirect("people:person_detail", person_id=person.id)
    return render(request, "people/proxy_end.html", {"person": person, "proxy": proxy})


@personal_data_view
@require_http_methods(["GET", "POST"])
def consent_new(request: ActorRequest, person_id) -> HttpResponse:
    """Records a consent. `?empfaenger=<organisation>` proposes sharing with it, `?weiter=` is
    the page of this site to return to (the inquiry page that is about to refer)."""
    person = selectors.access_person(request.actor, person_id, purpose="Einwilligung")
    recipients = selectors.recipient_choices(person=person)
    recipient = selectors.chosen_in(recipients, request.GET.get("empfaenger", ""))
    back = _return_to(request)
    form = ConsentForm(
        request.POST if request.method == "POST" else None,
        recipients=recipients,
        proxies=selectors.proxy_choices(person=person),
        recipient=recipient,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_record(actor=request.actor, person=person, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Die Einwilligung ist gespeichert."))
            return redirect(back or reverse("people:person_detail", args=[person.id]))
    context = {"form": form, "person": person, "back": back}
    return render(request, "people/consent_form.html", context)


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
