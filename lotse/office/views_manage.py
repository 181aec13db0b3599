"""Staff pages that keep the offices themselves, so that nobody needs Django's admin (and so a
superuser) for daily work: the region coordination lists the Quartiersbüros of its region,
creates one for an office organisation and changes any of them; managers and administrators of
the running organisation change their office's contact data, appointment length and booking
period. Office data is public (the office's page shows it), so these pages need a login but no
second factor, like the hours page."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lotse.core.forms import add_service_errors
from lotse.core.middleware import ActorRequest
from lotse.office import selectors_manage as selectors
from lotse.office.forms_manage import OfficeBookingForm, OfficeForm
from lotse.office.models import Office
from lotse.office.services_manage import office_booking_change, office_create, office_update


def _regions(request: ActorRequest) -> list:
    regions = selectors.office_regions(actor=request.actor)
    if not regions:
        raise PermissionDenied(_("Sie haben dafür keine Berechtigung."))
    return regions


@login_required
@require_GET
def manage_list(request: ActorRequest) -> HttpResponse:
    """The offices of each region the coordinator looks after."""
    regions = [
        {"region": region, "offices": selectors.region_office_list(region=region)}
        for region in _regions(request)
    ]
    return render(request, "office/manage_list.html", {"regions": regions})


def _preselected(request: ActorRequest) -> dict:
    """`?traeger=<id>` (from the organisation's page in the region administration)."""
    try:
        return {"organisation": uuid.UUID(request.GET.get("traeger", ""))}
    except ValueError:
        return {}


@login_required
@require_http_methods(["GET", "POST"])
def manage_new(request: ActorRequest) -> HttpResponse:
    regions = _regions(request)
    organisations = selectors.office_organisation_choices(regions=regions)
    form = OfficeForm(
        request.POST if request.method == "POST" else None,
        initial=_preselected(request),
        organisations=organisations,
        quarters=selectors.office_quarter_choices(regions=regions),
        with_slug=True,
    )
    if request.method == "POST" and form.is_valid():
        try:
            office = office_create(
                actor=request.actor,
                organisation=form.cleaned_data["organisation"],
                quarter=form.cleaned_data["quarter"],
                data=form.contact_data(),
                slug=form.cleaned_data["slug"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "%(name)s ist angelegt. Die Seite des Büros ist /buero/%(slug)s/. Die "
                    "Sprechstunden tragen das Quartiersmanagement oder die Administration von "
                    "%(organisation)s ein."
                )
                % {
                    "name": office.name,
                    "slug": office.slug,
                    "organisation": office.organisation.name,
                },
            )
            return redirect("office:manage_list")
    context = {"form": form, "office": None, "has_organisations": organisations.exists()}
    return render(request, "office/manage_form.html", context)


def _edit_form(request: ActorRequest, office: Office, data=None) -> OfficeForm:
    assert request.actor is not None
    relocate = request.actor.has_perm("office.relocate_office", office)
    initial = {
        "quarter": office.quarter_id,
        "name": office.name,
        "street": office.street,
        "postcode": office.postcode,
        "city": office.city,
        "phone": office.phone,
        "email": office.email,
        "slug": office.slug,
    }
    quarters = selectors.organisation_quarter_choices(organisation=office.organisation)
    return OfficeForm(
        data,
        initial=initial,
        quarters=quarters if relocate else None,
        with_slug=relocate and not selectors.office_has_appointments(office=office),
    )


def _edit_page(
    request: ActorRequest,
    office: Office,
    *,
    form: OfficeForm | None = None,
    booking_form: OfficeBookingForm | None = None,
) -> HttpResponse:
    assert request.actor is not None
    booking_initial = {"slot_minutes": office.slot_minutes, "days_ahead": office.days_ahead}
    context = {
        "form": form or _edit_form(request, office),
        "booking_form": booking_form or OfficeBookingForm(initial=booking_initial),
        "office": office,
        "relocate": request.actor.has_perm("office.relocate_office", office),
        "slug_fixed": selectors.office_has_appointments(office=office),
        "may_change_hours": request.actor.has_perm("office.change_office", office),
    }
    return render(request, "office/manage_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def manage_edit(request: ActorRequest, office_slug: str) -> HttpResponse:
    office = selectors.access_managed_office(request.actor, office_slug)
    if request.method != "POST":
        return _edit_page(request, office)
    form = _edit_form(request, office, request.POST)
    if form.is_valid():
        try:
            office_update(
                actor=request.actor,
                office=office,
                data=form.contact_data(),
                quarter=form.cleaned_data.get("quarter"),
                slug=form.cleaned_data.get("slug"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            office.refresh_from_db()  # the page shows what is saved, not what was refused
        else:
            messages.success(request, _("Die Angaben zum Büro sind gespeichert."))
            return redirect("office:manage_edit", office_slug=office.slug)
    return _edit_page(request, office, form=form)


@login_required
@require_POST
def manage_booking(request: ActorRequest, office_slug: str) -> HttpResponse:
    """Appointment length and booking period, a form of its own on the office's page."""
    office = selectors.access_managed_office(request.actor, office_slug)
    form = OfficeBookingForm(request.POST)
    if form.is_valid():
        try:
            office_booking_change(
                actor=request.actor,
                office=office,
                slot_minutes=form.cleaned_data["slot_minutes"],
                days_ahead=form.cleaned_data["days_ahead"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Länge und Buchungszeitraum der Termine sind gespeichert."))
            return redirect("office:manage_edit", office_slug=office.slug)
    return _edit_page(request, office, booking_form=form)
