"""The helper pages: the public start page and sign-up, the multipliers' list, detail, status
change, credentials and the list of credentials due, and the helper's own page. Every page with
personal data is behind the second-factor gate."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lotse.core.forms import add_service_errors
from lotse.core.middleware import ActorRequest
from lotse.core.permissions import personal_data_view
from lotse.volunteers import selectors, services
from lotse.volunteers.forms import (
    CredentialForm,
    HelperEditForm,
    HelperEntryForm,
    HelperFilterForm,
    HelperSignUpForm,
    OwnProfileForm,
    PauseForm,
    StatusChangeForm,
    UserLinkForm,
    profile_initial,
)
from lotse.volunteers.models import Helper

SIGN_UP_SCOPE = "volunteers:sign_up"


def start(request: ActorRequest) -> HttpResponse:
    """ "Digitalhilfe": help with phone, tablet and computer, and how to become a helper."""
    return render(request, "volunteers/start.html")


@require_http_methods(["GET", "POST"])
def sign_up(request: ActorRequest) -> HttpResponse:
    """ "Digital-Helfer/in werden", without an account."""
    quarters = selectors.public_quarter_choices()
    form = HelperSignUpForm(request.POST if request.method == "POST" else None, quarters=quarters)
    status = 200
    if request.method == "POST" and form.is_valid():
        status = form.refusal(request, SIGN_UP_SCOPE, phone=settings.LOTSE_CONTACT_PHONE) or 200
        if not form.errors:
            try:
                services.helper_register(
                    actor=None,
                    home_quarter=form.cleaned_data["home_quarter"],
                    quarters=form.cleaned_data["quarters"],
                    person_data=form.person_data(),
                    profile=form.profile_data(),
                    slots=form.slots(),
                    consent_pass_on=form.cleaned_data["consent_pass_on"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return redirect("volunteers:sign_up_thanks")
    return render(request, "volunteers/sign_up.html", {"form": form}, status=status)


def sign_up_thanks(request: ActorRequest) -> HttpResponse:
    return render(request, "volunteers/sign_up_thanks.html")


def _organisations(request: ActorRequest):
    organisations = selectors.helper_organisations(actor=request.actor)
    if not organisations:
        raise PermissionDenied
    return organisations


@personal_data_view
def helper_list(request: ActorRequest) -> HttpResponse:
    organisations = _organisations(request)
    quarters = selectors.quarter_choices(organisations=organisations)
    form = HelperFilterForm(request.GET or None, quarters=quarters)
    status, quarter = "", None
    if form.is_valid():
        status, quarter = form.cleaned_data["status"], form.cleaned_data["quartier"]
    helpers = selectors.helper_list(actor=request.actor, status=status, quarter=quarter)
    can_add = any(request.user.has_perm("volunteers.add_helper", o) for o in organisations)
    context = {"form": form, "helpers": helpers, "can_add": can_add}
    return render(request, "volunteers/helper_list.html", context)


@personal_data_view
@require_http_methods(["GET", "POST"])
def helper_new(request: ActorRequest) -> HttpResponse:
    """ "Helfer/in erfassen": a paper sign-up form typed in by staff."""
    organisations = [
        o for o in _organisations(request) if request.user.has_perm("volunteers.add_helper", o)
    ]
    if not organisations:
        raise PermissionDenied
    organisation = organisations[0]
    quarters = selectors.quarter_choices(organisations=[organisation])
    form = HelperEntryForm(request.POST if request.method == "POST" else None, quarters=quarters)
    if request.method == "POST" and form.is_valid():
        try:
            helper = services.helper_register(
                actor=request.actor,
                organisation=organisation,
                home_quarter=form.cleaned_data["home_quarter"],
                quarters=form.cleaned_data["quarters"],
                person_data=form.person_data(),
                profile=form.profile_data(),
                slots=form.slots(),
                consent_pass_on=form.cleaned_data["consent_pass_on"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Die Helferin oder der Helfer ist erfasst."))
            return redirect("volunteers:helper_detail", helper_id=helper.pk)
    return render(
        request, "volunteers/helper_new.html", {"form": form, "organisation": organisation}
    )


@personal_data_view
def helper_detail(request: ActorRequest, helper_id) -> HttpResponse:
    helper = selectors.access_helper(request.actor, helper_id)
    today = timezone.localdate()
    context = {
        "helper": helper,
        "history": selectors.status_history(helper=helper),
        "credentials": selectors.credential_list(helper=helper),
        "availabilities": helper.availabilities.all(),
        "quarters": helper.quarters.all(),
        "blockers": services.home_visit_blockers(helper, today),
        "can_change": request.user.has_perm("volunteers.change_helper_status", helper),
        "can_add_credential": request.user.has_perm("volunteers.add_credential", helper),
        "can_edit": request.user.has_perm("volunteers.change_helper", helper),
        "today": today,
    }
    return render(request, "volunteers/helper_detail.html", context)


@personal_data_view
@require_http_methods(["GET", "POST"])
def helper_status(request: ActorRequest, helper_id) -> HttpResponse:
    helper = selectors.access_helper(
        request.actor, helper_id, perm="volunteers.change_helper_status"
    )
    form = StatusChangeForm(
        request.POST if request.method == "POST" else None,
        choices=services.status_choices(helper),
        initial={"effective_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.helper_status_change(actor=request.actor, helper=helper, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Der Status ist geändert."))
            return redirect("volunteers:helper_detail", helper_id=helper.pk)
    return render(request, "volunteers/helper_status.html", {"form": form, "helper": helper})


@personal_data_view
@require_http_methods(["GET", "POST"])
def helper_edit(request: ActorRequest, helper_id) -> HttpResponse:
    """ "Angaben ändern": what the helper can do, where and when, as staff learn it."""
    helper = selectors.access_helper(request.actor, helper_id, perm="volunteers.change_helper")
    initial = {
        **profile_initial(helper),
        "quarters": [area.pk for area in helper.quarters.all()],
        "is_multiplier_qualified": helper.is_multiplier_qualified,
    }
    form = HelperEditForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        quarters=selectors.quarter_choices(organisations=[helper.organisation]),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.helper_profile_update(
                actor=request.actor, helper=helper, data=form.profile_data()
            )
            services.helper_availability_set(actor=request.actor, helper=helper, slots=form.slots())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Die Angaben sind gespeichert."))
            return redirect("volunteers:helper_detail", helper_id=helper.pk)
    return render(request, "volunteers/helper_edit.html", {"form": form, "helper": helper})


@personal_data_view
@require_http_methods(["GET", "POST"])
def helper_user(request: ActorRequest, helper_id) -> HttpResponse:
    """ "Benutzerkonto verknüpfen": the helper's login, so they see "Meine Angaben"."""
    helper = selectors.access_helper(request.actor, helper_id, perm="volunteers.change_helper")
    form = UserLinkForm(
        request.POST if request.method == "POST" else None,
        users=selectors.linkable_users(helper=helper),
        initial={"user": helper.user_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.helper_user_link(
                actor=request.actor, helper=helper, user=form.cleaned_data["user"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Das Benutzerkonto ist gespeichert."))
            return redirect("volunteers:helper_detail", helper_id=helper.pk)
    return render(request, "volunteers/helper_user.html", {"form": form, "helper": helper})


@personal_data_view
@require_http_methods(["GET", "POST"])
def credential_new(request: ActorRequest, helper_id) -> HttpResponse:
    helper = selectors.access_helper(request.actor, helper_id, perm="volunteers.add_credential")
    form = CredentialForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.credential_record(actor=request.actor, helper=helper, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Der Nachweis ist gespeichert."))
            return redirect("volunteers:helper_detail", helper_id=helper.pk)
    return render(request, "volunteers/credential_form.html", {"form": form, "helper": helper})


@personal_data_view
def credentials_due(request: ActorRequest) -> HttpResponse:
    _organisations(request)
    today = timezone.localdate()
    credentials = list(selectors.credentials_due(actor=request.actor, today=today))
    context = {
        "expired": [c for c in credentials if c.valid_until and c.valid_until < today],
        "soon": [c for c in credentials if c.valid_until and c.valid_until >= today],
        "days": settings.LOTSE_CREDENTIAL_WARNING_DAYS,
        "today": today,
    }
    return render(request, "volunteers/credentials_due.html", context)


def _own_helper(request: ActorRequest) -> Helper | None:
    if not request.user.has_perm("volunteers.change_own_helper"):
        raise PermissionDenied
    return selectors.own_helper(actor=request.actor)


@personal_data_view
@require_http_methods(["GET", "POST"])
def own_profile(request: ActorRequest) -> HttpResponse:
    """ "Meine Angaben": what the helper can do and when; pause and resume."""
    helper = _own_helper(request)
    if helper is None:
        return render(request, "volunteers/own_profile.html", {"helper": None})
    form = OwnProfileForm(
        request.POST if request.method == "POST" else None, initial=profile_initial(helper)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.helper_profile_update(
                actor=request.actor, helper=helper, data=form.profile_data()
            )
            services.helper_availability_set(actor=request.actor, helper=helper, slots=form.slots())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Ihre Angaben sind gespeichert."))
            return redirect("volunteers:own_profile")
    context = {"helper": helper, "form": form, "pause_form": PauseForm()}
    return render(request, "volunteers/own_profile.html", context)


@personal_data_view
@require_POST
def own_pause(request: ActorRequest) -> HttpResponse:
    helper = _own_helper(request)
    if helper is None:
        raise PermissionDenied
    form = PauseForm(request.POST)
    if form.is_valid():
        try:
            services.helper_pause(
                actor=request.actor, helper=helper, until=form.cleaned_data["until"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Ihre Pause ist eingetragen. Wir schicken Ihnen bis dahin keine Anfragen."),
            )
            return redirect("volunteers:own_profile")
    context = {"helper": helper, "pause_form": form, "form": None}
    return render(request, "volunteers/own_profile.html", context, status=200)


@personal_data_view
@require_POST
def own_resume(request: ActorRequest) -> HttpResponse:
    helper = _own_helper(request)
    if helper is None:
        raise PermissionDenied
    try:
        services.helper_resume(actor=request.actor, helper=helper)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Schön, dass Sie wieder dabei sind."))
    return redirect("volunteers:own_profile")
