"""Region administration: region coordinators look after the organisations, municipalities and
quarters of their region. Behind the second-factor gate like every staff administration."""

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lotse.accounts import selectors_region as selectors
from lotse.accounts.forms_region import AreaForm, FirstAdministratorForm, OrganisationForm
from lotse.accounts.services import invitation_create
from lotse.core import services
from lotse.core.middleware import ActorRequest
from lotse.core.models import Area, Organisation, Role
from lotse.core.permissions import personal_data_view


def _region(request: ActorRequest) -> Area:
    """The region a new organisation or area goes into: `?kreis=<id>` among the coordinated
    ones, else the first."""
    if request.actor is None or not request.actor.has_perm("core.view_region_administration"):
        raise PermissionDenied
    regions = selectors.coordinated_region_list(actor=request.actor)
    wanted = request.GET.get("kreis", "")
    if wanted:
        try:
            regions = regions.filter(pk=uuid.UUID(wanted))
        except ValueError as exc:
            raise Http404 from exc
    region = regions.first()
    if region is None:
        raise Http404
    return region


@personal_data_view
def admin_home(request: ActorRequest) -> HttpResponse:
    """The organisations and areas of each region the coordinator looks after."""
    if request.actor is None or not request.actor.has_perm("core.view_region_administration"):
        raise PermissionDenied
    regions = [
        {
            "region": region,
            "organisations": selectors.region_organisation_list(region=region),
            "areas": selectors.region_area_list(region=region),
        }
        for region in selectors.coordinated_region_list(actor=request.actor)
    ]
    return render(request, "accounts/region_home.html", {"regions": regions})


@personal_data_view
@require_http_methods(["GET", "POST"])
def organisation_new(request: ActorRequest) -> HttpResponse:
    region = _region(request)
    form = OrganisationForm(
        request.POST if request.method == "POST" else None,
        coordinates=selectors.coordinates_choices(region=region),
    )
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_create(
                actor=request.actor,
                region=region,
                data=form.organisation_data(),
                coordinates=form.cleaned_data["coordinates"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("%(name)s ist angelegt. Laden Sie jetzt die erste Administration ein.")
                % {"name": organisation.name},
            )
            return redirect("admin_region:organisation_edit", organisation_id=organisation.pk)
    return render(
        request,
        "accounts/region_organisation_form.html",
        {"form": form, "region": region, "organisation": None},
    )


def _administration(request: ActorRequest, organisation: Organisation) -> dict:
    """Who administers the organisation, open invitations, and whether the coordinator may
    invite its first administrator (lotse/accounts/rules.py)."""
    return {
        "administrators": selectors.organisation_administrator_list(organisation=organisation),
        "invitations": selectors.organisation_open_administrator_invitations(
            organisation=organisation
        ),
        "may_invite": bool(
            request.actor
            and request.actor.has_perm("accounts.invite_first_administrator", organisation)
        ),
    }


@personal_data_view
@require_http_methods(["GET", "POST"])
def organisation_edit(request: ActorRequest, organisation_id: uuid.UUID) -> HttpResponse:
    organisation = selectors.access_admin_organisation(request.actor, organisation_id)
    initial = {
        "name": organisation.name,
        "kind": organisation.kind,
        "alternate_name": organisation.alternate_name,
        "email": organisation.email,
        "website": organisation.website,
        "description": organisation.description,
        "coordinates": list(organisation.coordinates.all()),
    }
    form = OrganisationForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        coordinates=selectors.coordinates_choices(region=organisation.region),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(
                actor=request.actor,
                organisation=organisation,
                data=form.organisation_data(),
                coordinates=form.cleaned_data["coordinates"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("%(name)s ist gespeichert.") % {"name": organisation.name})
            return redirect("admin_region:home")
    return render(
        request,
        "accounts/region_organisation_form.html",
        {
            "form": form,
            "region": organisation.region,
            "organisation": organisation,
            **_administration(request, organisation),
        },
    )


@personal_data_view
@require_http_methods(["GET", "POST"])
def organisation_invite(request: ActorRequest, organisation_id: uuid.UUID) -> HttpResponse:
    """The first administrator of an organisation of the region: one e-mail address, then the
    invitation. An organisation that has an administrator already says who invites its staff;
    a POST there is refused (403)."""
    organisation = selectors.access_admin_organisation(request.actor, organisation_id)
    administration = _administration(request, organisation)
    form = FirstAdministratorForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not administration["may_invite"]:
            raise PermissionDenied(
                _("%(name)s hat schon eine Administration. Sie lädt die Mitarbeitenden ein.")
                % {"name": organisation.name}
            )
        if form.is_valid():
            try:
                invitation = invitation_create(
                    actor=request.actor,
                    organisation=organisation,
                    email=form.cleaned_data["email"],
                    role=Role.ADMINISTRATOR,
                )
            except ValidationError as exc:
                form.add_error("email", exc)
            else:
                messages.success(
                    request,
                    _(
                        "Die Einladung an %(email)s ist verschickt. Der Link gilt 7 Tage. "
                        "Sobald die Person ihn nutzt, lädt sie die Mitarbeitenden von "
                        "%(name)s selbst ein."
                    )
                    % {"email": invitation.email, "name": organisation.name},
                )
                return redirect("admin_region:organisation_edit", organisation_id=organisation.pk)
    return render(
        request,
        "accounts/region_organisation_invite.html",
        {"form": form, "organisation": organisation, **administration},
    )


@personal_data_view
@require_http_methods(["GET", "POST"])
def area_new(request: ActorRequest) -> HttpResponse:
    region = _region(request)
    form = AreaForm(
        request.POST if request.method == "POST" else None,
        initial={"parent": region},
        parents=selectors.parent_choices(region=region),
    )
    if request.method == "POST" and form.is_valid():
        try:
            area = services.area_create(
                actor=request.actor,
                region=region,
                name=form.cleaned_data["name"],
                kind=form.cleaned_data["kind"],
                parent=form.cleaned_data["parent"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("%(name)s ist angelegt.") % {"name": area.name})
            return redirect("admin_region:home")
    return render(
        request, "accounts/region_area_form.html", {"form": form, "region": region, "area": None}
    )


@personal_data_view
@require_http_methods(["GET", "POST"])
def area_edit(request: ActorRequest, area_id: uuid.UUID) -> HttpResponse:
    """Rename; a quarter can also move under another municipality."""
    area = selectors.access_admin_area(request.actor, area_id)
    assert area.region is not None and area.parent is not None
    movable = area.kind == Area.Kind.QUARTER
    form = AreaForm(
        request.POST if request.method == "POST" else None,
        initial={"name": area.name, "parent": area.parent},
        parents=selectors.parent_choices(region=area.region),
        with_kind=False,
        with_parent=movable,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.area_update(
                actor=request.actor,
                area=area,
                name=form.cleaned_data["name"],
                parent=form.cleaned_data["parent"] if movable else area.parent,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("%(name)s ist gespeichert.") % {"name": area.name})
            return redirect("admin_region:home")
    return render(
        request,
        "accounts/region_area_form.html",
        {"form": form, "region": area.region, "area": area},
    )


@personal_data_view
@require_http_methods(["GET", "POST"])
def area_delete(request: ActorRequest, area_id: uuid.UUID) -> HttpResponse:
    """Confirmation page, then the deletion; a used area stays and the page says why."""
    area = selectors.access_admin_area(request.actor, area_id)
    error = ""
    if request.method == "POST":
        try:
            services.area_delete(actor=request.actor, area=area)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("%(name)s ist gelöscht.") % {"name": area.name})
            return redirect("admin_region:home")
    return render(
        request,
        "accounts/region_area_delete.html",
        {"area": area, "error": error},
        status=400 if error else 200,
    )
