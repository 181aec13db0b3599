"""Staff pages that keep the offices themselves, so that nobody needs Django's admin (and so a
superuser) for daily work: the region coordination lists the Quartiersbüros of its region,
creates one for an office organisation and changes any of them; managers and administrators of
the running organisation change their office's contact data. Office data is public (the
office's page shows it), so these pages need a login but no second factor, like the hours
page."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lotse.core.middleware import ActorRequest
from lotse.office import selectors_manage as selectors
from lotse.office.forms_manage import OfficeForm
from lotse.office.services_manage import office_create, office_update


def _regions(request: ActorRequest) -> list:
    regions = selectors.office_regions(actor=request.actor)
    if not regions:
        raise PermissionDenied(_("Sie haben dafür keine Berechtigung."))
    return regions


def _add_errors(form: OfficeForm, exc: ValidationError) -> None:
    """The service's errors next to their fields; those of fields the form does not show at
    the top."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@login_required
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
            _add_errors(form, exc)
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


@login_required
@require_http_methods(["GET", "POST"])
def manage_edit(request: ActorRequest, office_slug: str) -> HttpResponse:
    office = selectors.access_managed_office(request.actor, office_slug)
    assert request.actor is not None
    relocate = request.actor.has_perm("office.relocate_office", office)
    slug_fixed = selectors.office_has_appointments(office=office)
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
    form = OfficeForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        quarters=quarters if relocate else None,
        with_slug=relocate and not slug_fixed,
    )
    if request.method == "POST" and form.is_valid():
        try:
            office_update(
                actor=request.actor,
                office=office,
                data=form.contact_data(),
                quarter=form.cleaned_data.get("quarter"),
                slug=form.cleaned_data.get("slug"),
            )
        except ValidationError as exc:
            _add_errors(form, exc)
            office.refresh_from_db()  # the page shows what is saved, not what was refused
        else:
            messages.success(request, _("Die Angaben zum Büro sind gespeichert."))
            return redirect("office:manage_edit", office_slug=office.slug)
    context = {
        "form": form,
        "office": office,
        "relocate": relocate,
        "slug_fixed": slug_fixed,
        "may_change_hours": request.actor.has_perm("office.change_office", office),
    }
    return render(request, "office/manage_form.html", context)
