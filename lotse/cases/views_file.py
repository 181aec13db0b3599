"""The pages of the case file itself: opening a case (directly, or from an inquiry at the desk),
the overview, the assessment by life areas, the journal and the network. Each page gets its
case through `access_case_file` and changes it through one service of services_file."""

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lotse.cases import selectors, selectors_file, services_file
from lotse.cases.forms_file import (
    AssessmentForm,
    CaseOpenForm,
    JournalEntryForm,
    NetworkContactForm,
    PersonFindForm,
)
from lotse.cases.models import CaseFile, Stage
from lotse.cases.selectors import CHANGE_CASE, access_case_file
from lotse.cases.views_common import case_context
from lotse.core.forms import add_service_errors
from lotse.core.middleware import ActorRequest
from lotse.core.models import Organisation
from lotse.core.permissions import personal_data_view
from lotse.desk.selectors import access_inquiry
from lotse.people.models import Person
from lotse.people.selectors import chosen_in, person_search

JOURNAL_PAGE_SIZE = 50
# The chart shows the newest few assessments (the table beside it all of them).
CHART_ASSESSMENTS = 4
# The chart's drawing units (its viewBox): one block per life area, a label above a track
# with one place per support level.
CHART_WIDTH = 360
CHART_HEAD = 34
CHART_BLOCK = 58
CHART_LEVEL_X = [45, 135, 225, 315]
CHART_DOT_GAP = 27
# The stages in the order a case goes through them (the overview's progress).
STAGES = list(Stage)


# --- opening ---------------------------------------------------------------------------------


def _opening_organisation(request: ActorRequest, organisation_id: Any = None) -> Organisation:
    """The organisation the case is opened in: the inquiry's, or the first where the user may
    open cases (`?traeger=<id>` chooses among several); 403 for none."""
    allowed = [
        o
        for o in selectors.case_worker_organisations(actor=request.actor)
        if request.user.has_perm("cases.add_casefile", o)
    ]
    wanted = str(organisation_id or request.GET.get("traeger", ""))
    for organisation in allowed:
        if str(organisation.pk) == wanted:
            return organisation
    if organisation_id is not None or not allowed:
        raise PermissionDenied
    return allowed[0]


def _open_form(
    request: ActorRequest,
    organisation: Organisation,
    *,
    fixed_person: Person | None,
    with_source: bool,
    initial: dict[str, Any],
) -> tuple[CaseOpenForm, dict[str, Any]]:
    """The opening form with the person search above it (unless the person is fixed)."""
    find = PersonFindForm(request.GET)
    text = find.cleaned_data["suche"] if find.is_valid() else ""
    persons = selectors_file.case_persons(organisation=organisation)
    found: list[Person] = []
    if fixed_person is None:
        found = [
            person
            for person in person_search(actor=request.actor, text=text)
            if person.organisation_id == organisation.pk
        ]
        # `?person=<id>` (the person's page) or `?neu=<id>` (back from creating a person), or
        # the one chosen in the form sent.
        wanted = request.POST.get("person") or request.GET.get("person") or request.GET.get("neu")
        chosen = chosen_in(persons, wanted or "")
        if chosen is not None:
            found = [chosen, *[p for p in found if p.pk != chosen.pk]]
            initial.setdefault("person", chosen.pk)
            if chosen.quarter_id:
                initial.setdefault("site", chosen.quarter_id)
    workers = selectors_file.case_workers(organisation=organisation)
    if any(w.pk == request.user.pk for w in workers):
        initial.setdefault("responsible", request.user.pk)
    form = CaseOpenForm(
        request.POST if request.method == "POST" else None,
        persons=None if fixed_person is not None else persons,
        shown=found,
        sites=selectors_file.case_sites(organisation=organisation),
        workers=workers,
        with_source=with_source,
        initial=initial,
    )
    return form, {"find": find, "text": text, "found": found, "organisation": organisation}


def _opened(request: ActorRequest, case_file: CaseFile) -> HttpResponse:
    messages.success(
        request,
        _("Die Begleitung ist begonnen. Nummer für das Telefon: %(number)s")
        % {"number": case_file.number},
    )
    return redirect("cases:case_detail", case_id=case_file.pk)


@personal_data_view
@require_http_methods(["GET", "POST"])
def case_new(request: ActorRequest) -> HttpResponse:
    """ "Begleitung beginnen": directly, or after a hospital's discharge management or a
    doctor referred the person (staff record who)."""
    organisation = _opening_organisation(request)
    form, context = _open_form(
        request, organisation, fixed_person=None, with_source=True, initial={}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case_file = services_file.case_file_open(
                actor=request.actor,
                organisation=organisation,
                person=data["person"],
                site=data["site"],
                reason=data["reason"],
                source=data["source"],
                source_detail=data["source_detail"],
                reason_note=data["reason_note"],
                responsible=data["responsible"],
                team=data["team"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _opened(request, case_file)
    return render(request, "cases/case_new.html", {"form": form, **context})


@personal_data_view
@require_http_methods(["GET", "POST"])
def case_new_from_inquiry(request: ActorRequest, inquiry_id: uuid.UUID) -> HttpResponse:
    """ "Als Begleitung übernehmen": the opening form prefilled from the inquiry; the inquiry
    is closed with it."""
    inquiry = access_inquiry(request.actor, inquiry_id, purpose=selectors.PURPOSE)
    organisation = _opening_organisation(request, inquiry.organisation_id)
    initial: dict[str, Any] = {
        "reason_note": inquiry.description,
        "source_detail": _("Anliegen vom %(day)s")
        % {"day": timezone.localtime(inquiry.contacted_at).strftime("%d.%m.%Y")},
    }
    if inquiry.quarter_id:
        initial["site"] = inquiry.quarter_id
    form, context = _open_form(
        request,
        organisation,
        fixed_person=inquiry.person,
        with_source=False,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case_file = services_file.case_open_from_inquiry(
                actor=request.actor,
                inquiry=inquiry,
                person=inquiry.person or data["person"],
                site=data["site"],
                reason=data["reason"],
                source_detail=data["source_detail"],
                reason_note=data["reason_note"],
                responsible=data["responsible"],
                team=data["team"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _opened(request, case_file)
    return render(
        request,
        "cases/case_new.html",
        {"form": form, "inquiry": inquiry, **context},
    )


# --- overview --------------------------------------------------------------------------------


@personal_data_view
@require_GET
def case_detail(request: ActorRequest, case_id: uuid.UUID) -> HttpResponse:
    case_file = access_case_file(request.actor, case_id)
    context = case_context(case_file, section="detail")
    current = case_file.stage_today(context["today"])
    context |= {
        "stages": [
            {"value": s.value, "label": s.label, "current": s.value == current} for s in STAGES
        ],
        "team": selectors_file.case_team(case_file=case_file),
        "actions_due": selectors_file.case_actions_due(case_file=case_file),
        "journal": selectors_file.journal_latest(case_file=case_file),
        "events": selectors_file.case_events(case_file=case_file),
        "may_change": request.user.has_perm(CHANGE_CASE, case_file),
    }
    return render(request, "cases/case_detail.html", context)


# --- assessment ------------------------------------------------------------------------------


def _chart(grid: list[selectors_file.AreaRow]) -> dict[str, Any]:
    """Where the chart's dots go: per life area a block, per newest assessment a numbered dot at
    its level (dots on the same level side by side). Numbers, not colours, tell them apart."""
    rows = []
    for index, row in enumerate(grid):
        top = CHART_HEAD + index * CHART_BLOCK
        cells = row.cells[-CHART_ASSESSMENTS:]
        first_number = len(row.cells) - len(cells) + 1
        dots = []
        for level in range(len(CHART_LEVEL_X)):
            here = [
                (first_number + i, i == len(cells) - 1)
                for i, cell in enumerate(cells)
                if cell.level == level
            ]
            start = CHART_LEVEL_X[level] - (len(here) - 1) * CHART_DOT_GAP / 2
            for k, (number, latest) in enumerate(here):
                dots.append({"x": start + k * CHART_DOT_GAP, "number": number, "latest": latest})
        rows.append(
            {
                "label": row.label,
                "label_y": top + 20,
                "track_y": top + 40,
                "dots": dots,
            }
        )
    return {
        "rows": rows,
        "width": CHART_WIDTH,
        "height": CHART_HEAD + len(grid) * CHART_BLOCK,
        "levels": [
            {"x": x, "label": label}
            for x, label in zip(
                CHART_LEVEL_X,
                [_("keine"), _("etwas"), _("viel"), _("dringend")],
                strict=True,
            )
        ],
        "shown_from": max(1, (len(grid[0].cells) if grid else 0) - CHART_ASSESSMENTS + 1),
    }


@personal_data_view
@require_GET
def assessment_list(request: ActorRequest, case_id: uuid.UUID) -> HttpResponse:
    case_file = access_case_file(request.actor, case_id)
    assessments = selectors_file.assessment_list(case_file=case_file)
    grid = selectors_file.assessment_grid(assessments)
    context = case_context(case_file, section="assessment")
    context |= {
        "assessments": assessments,
        "grid": grid,
        "chart": _chart(grid),
        "may_change": request.user.has_perm(CHANGE_CASE, case_file),
    }
    return render(request, "cases/assessment_list.html", context)


@personal_data_view
@require_http_methods(["GET", "POST"])
def assessment_new(request: ActorRequest, case_id: uuid.UUID) -> HttpResponse:
    case_file = access_case_file(request.actor, case_id, perm=CHANGE_CASE)
    form = AssessmentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services_file.assessment_record(
                actor=request.actor,
                case_file=case_file,
                assessed_on=form.cleaned_data["assessed_on"],
                ratings=form.ratings(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Die Einschätzung ist gespeichert."))
            return redirect("cases:assessment_list", case_id=case_file.pk)
    context = case_context(case_file, section="assessment", form=form)
    return render(request, "cases/assessment_new.html", context)


# --- journal ---------------------------------------------------------------------------------


@personal_data_view
@require_GET
def journal(request: ActorRequest, case_id: uuid.UUID) -> HttpResponse:
    case_file = access_case_file(request.actor, case_id)
    page = Paginator(selectors_file.journal_list(case_file=case_file), JOURNAL_PAGE_SIZE).get_page(
        request.GET.get("seite")
    )
    months = selectors_file.journal_minutes_by_month(case_file=case_file)
    context = case_context(case_file, section="journal")
    context |= {
        "page": page,
        "months": months,
        "minutes_total": sum(m.minutes for m in months),
        "may_change": request.user.has_perm(CHANGE_CASE, case_file),
    }
    return render(request, "cases/journal.html", context)


@personal_data_view
@require_http_methods(["GET", "POST"])
def journal_new(request: ActorRequest, case_id: uuid.UUID) -> HttpResponse:
    case_file = access_case_file(request.actor, case_id, perm=CHANGE_CASE)
    form = JournalEntryForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services_file.journal_entry_add(
                actor=request.actor,
                case_file=case_file,
                kind=form.cleaned_data["kind"],
                happened_at=form.happened_at(),
                minutes=form.cleaned_data["minutes"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc, happened_at="day")
        else:
            messages.success(request, _("Der Kontakt ist im Journal eingetragen."))
            return redirect("cases:journal", case_id=case_file.pk)
    context = case_context(case_file, section="journal", form=form)
    return render(request, "cases/journal_new.html", context)


# --- network ---------------------------------------------------------------------------------


@personal_data_view
@require_GET
def network(request: ActorRequest, case_id: uuid.UUID) -> HttpResponse:
    case_file = access_case_file(request.actor, case_id)
    context = case_context(case_file, section="network")
    context |= {
        "contacts": selectors_file.network_list(case_file=case_file),
        "may_change": request.user.has_perm(CHANGE_CASE, case_file),
    }
    return render(request, "cases/network.html", context)


def _network_form(request: ActorRequest, case_file: CaseFile, contact: Any = None) -> HttpResponse:
    """The form of a new contact (`contact` None) or of one being corrected."""
    proxies = selectors_file.network_proxy_choices(
        case_file=case_file, current=contact.proxy if contact else None
    )
    initial: dict[str, Any] = {}
    if contact is not None:
        initial = {
            "role": contact.role,
            "name": contact.name,
            "phone": contact.phone,
            "email": contact.email,
            "note": contact.note,
            "may_contact": contact.may_contact,
            "agreed_on": contact.agreed_on,
            "proxy": contact.proxy_id,
        }
    form = NetworkContactForm(
        request.POST if request.method == "POST" else None, proxies=proxies, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = services_file.network_data(form.cleaned_data)
        try:
            if contact is None:
                services_file.network_contact_add(actor=request.actor, case_file=case_file, **data)
            else:
                services_file.network_contact_change(actor=request.actor, contact=contact, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Das Netzwerk ist gespeichert."))
            return redirect("cases:network", case_id=case_file.pk)
    context = case_context(case_file, section="network", form=form, contact=contact)
    return render(request, "cases/network_form.html", context)


@personal_data_view
@require_http_methods(["GET", "POST"])
def network_new(request: ActorRequest, case_id: uuid.UUID) -> HttpResponse:
    case_file = access_case_file(request.actor, case_id, perm=CHANGE_CASE)
    return _network_form(request, case_file)


@personal_data_view
@require_http_methods(["GET", "POST"])
def network_edit(request: ActorRequest, case_id: uuid.UUID, contact_id: uuid.UUID) -> HttpResponse:
    case_file = access_case_file(request.actor, case_id, perm=CHANGE_CASE)
    contact = selectors_file.access_network_contact(case_file=case_file, contact_id=contact_id)
    return _network_form(request, case_file, contact)


@personal_data_view
@require_http_methods(["GET", "POST"])
def network_remove(
    request: ActorRequest, case_id: uuid.UUID, contact_id: uuid.UUID
) -> HttpResponse:
    """Asks first ("Möchten Sie … entfernen?"), removes on the button."""
    case_file = access_case_file(request.actor, case_id, perm=CHANGE_CASE)
    contact = selectors_file.access_network_contact(case_file=case_file, contact_id=contact_id)
    errors: list[str] = []
    if request.method == "POST":
        try:
            services_file.network_contact_remove(actor=request.actor, contact=contact)
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(
                request, _("%(name)s ist aus dem Netzwerk entfernt.") % {"name": contact.name}
            )
            return redirect("cases:network", case_id=case_file.pk)
    context = case_context(case_file, section="network", contact=contact, errors=errors)
    return render(request, "cases/network_remove.html", context)
