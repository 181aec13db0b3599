import uuid

from allauth.account import views as allauth_views
from allauth.account.internal.flows import reauthentication
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lotse.accounts import code_lockout, selectors, services
from lotse.accounts.forms import InvitationAcceptForm, InvitationForm, MembershipForm
from lotse.accounts.models import User
from lotse.accounts.registry import account_sections
from lotse.accounts.role_catalogue import role_catalogue_cached
from lotse.core.middleware import ActorRequest
from lotse.core.navigation import local_url
from lotse.core.permissions import AFTER_MFA_SETUP, personal_data_view
from lotse.core.rules import is_staff_member


def _resident_sections(request: HttpRequest, user: User) -> list[SafeString]:
    """The sections the domain apps contribute (appointments, messages, Merkliste), rendered;
    for staff only those with something in them."""
    staff = is_staff_member(user)
    rendered: list[SafeString] = []
    for section in account_sections():
        context = section.context(user)
        if staff and not any(context.values()):
            continue
        rendered.append(render_to_string(section.template, context, request=request))
    return rendered


@personal_data_view
def overview(request: ActorRequest) -> HttpResponse:
    """ "Mein Konto": the resident's appointments, messages and Merkliste; who is logged in,
    in which organisations and roles."""
    user = request.actor
    assert user is not None  # the gate lets only logged-in users through
    staff = is_staff_member(user)
    return render(
        request,
        "accounts/overview.html",
        {
            "sections": _resident_sections(request, user),
            "memberships": selectors.membership_list(user=user),
            "is_staff_member": staff,
            "has_totp": is_mfa_enabled(user, [Authenticator.Type.TOTP]),
            "may_invite": user.has_perm("accounts.view_members"),
            "may_administer_region": user.has_perm("core.view_region_administration"),
        },
    )


def _require_administrator(request: ActorRequest) -> None:
    if request.actor is None or not request.actor.has_perm("accounts.view_members"):
        raise PermissionDenied


@personal_data_view
def members(request: ActorRequest) -> HttpResponse:
    """Administrators: the staff of their organisations and the invitations sent."""
    _require_administrator(request)
    return render(
        request,
        "accounts/members.html",
        {
            "members": selectors.member_list(actor=request.actor),
            "invitations": selectors.invitation_list(actor=request.actor)[:100],
            "now": timezone.now(),
        },
    )


@personal_data_view
@require_http_methods(["GET", "POST"])
def invitation_new(request: ActorRequest) -> HttpResponse:
    _require_administrator(request)
    organisations = selectors.administered_organisation_list(actor=request.actor)
    form = InvitationForm(
        request.POST if request.method == "POST" else None,
        organisations=organisations,
        roles=selectors.grantable_roles(actor=request.actor, organisations=organisations),
        areas=selectors.grantable_area_choices(actor=request.actor, organisations=organisations),
    )
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_create(
                actor=request.actor,
                organisation=form.cleaned_data["organisation"],
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                areas=form.cleaned_data["areas"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Die Einladung an %(email)s ist verschickt. Der Link gilt 7 Tage.")
                % {"email": invitation.email},
            )
            return redirect("accounts:members")
    return render(request, "accounts/invitation_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the e-mail: set a password, then set up the second factor."""
    invitation = selectors.invitation_get_by_token(token=token)
    if invitation is None or not invitation.is_open(now=timezone.now()):
        # The same page for a wrong, used or expired link.
        return render(request, "accounts/invitation_invalid.html", status=404)
    form = InvitationAcceptForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                invitation=invitation, password=form.cleaned_data["password1"]
            )
        except ValidationError as exc:
            form.add_error("password1", exc)
        else:
            login(request, user, backend="allauth.account.auth_backends.AuthenticationBackend")
            # The password was typed twice just now: allauth need not ask for it a third time
            # before the second factor is set up (its own password confirmation records the same).
            reauthentication.reauthenticate_by_password(request)
            messages.success(
                request,
                _("Ihr Passwort ist gespeichert. Jetzt richten Sie noch den zweiten Faktor ein."),
            )
            return redirect(reverse("mfa_activate_totp"))
    return render(
        request, "accounts/invitation_accept.html", {"form": form, "invitation": invitation}
    )


@personal_data_view
@require_http_methods(["GET", "POST"])
def mfa_reset(request: ActorRequest, user_id: uuid.UUID) -> HttpResponse:
    """Confirmation page, then the reset of a member's lost second factor."""
    member = selectors.access_member(request.actor, user_id)
    if request.method == "POST":
        services.mfa_reset(actor=request.actor, user=member)
        messages.success(
            request,
            _("Der zweite Faktor von %(email)s ist zurückgesetzt.") % {"email": member.email},
        )
        return redirect("accounts:members")
    return render(request, "accounts/mfa_reset.html", {"member": member})


@require_POST
def keepalive(request: HttpRequest) -> HttpResponse:
    """ "Angemeldet bleiben": the middleware has already counted this request as activity."""
    if not request.user.is_authenticated:
        return HttpResponse(status=401)
    if request.headers.get("X-Requested-With") == "fetch":
        return HttpResponse(status=204)
    return redirect(local_url(request, request.POST.get("next"), "/"))


def after_mfa_setup(request: HttpRequest) -> HttpResponse:
    """ "Weiter" after the recovery codes: back to the page the gate stopped, else Mein Konto."""
    back = request.session.pop(AFTER_MFA_SETUP, "")
    return redirect(local_url(request, back, reverse("accounts:overview")))


@personal_data_view
@require_http_methods(["GET", "POST"])
def membership_edit(request: ActorRequest, membership_id: uuid.UUID) -> HttpResponse:
    """Role and areas of one member."""
    membership = selectors.access_membership(request.actor, membership_id)
    initial = {"role": membership.role, "areas": list(membership.areas.all())}
    form = MembershipForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        roles=selectors.grantable_roles(
            actor=request.actor, organisations=[membership.organisation]
        ),
        areas=selectors.membership_area_choices(actor=request.actor, membership=membership),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_change(
                actor=request.actor,
                membership=membership,
                role=form.cleaned_data["role"],
                areas=form.cleaned_data["areas"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Rolle und Gebiete von %(email)s sind gespeichert.")
                % {"email": membership.user.email},
            )
            return redirect("accounts:members")
    return render(
        request, "accounts/membership_form.html", {"form": form, "membership": membership}
    )


@personal_data_view
@require_http_methods(["GET", "POST"])
def membership_remove(request: ActorRequest, membership_id: uuid.UUID) -> HttpResponse:
    """Confirmation page, then the removal of one membership."""
    membership = selectors.access_membership(request.actor, membership_id)
    error = ""
    if request.method == "POST":
        try:
            services.membership_remove(actor=request.actor, membership=membership)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(
                request,
                _("%(email)s gehört nicht mehr zu %(organisation)s.")
                % {"email": membership.user.email, "organisation": membership.organisation.name},
            )
            return redirect("accounts:members")
    return render(
        request,
        "accounts/membership_remove.html",
        {"membership": membership, "error": error},
        status=400 if error else 200,
    )


@login_required
def roles(request: ActorRequest) -> HttpResponse:
    """Every role and what it may do, read from the rules. For all staff: it shows no personal
    data, and knowing what a colleague's role allows helps in daily work."""
    if not is_staff_member(request.user):
        raise PermissionDenied
    return render(request, "accounts/roles.html", {"roles": role_catalogue_cached()})


class ConfirmLoginCodeView(allauth_views.ConfirmLoginCodeView):
    """allauth's "Code aus der E-Mail", plus the lockout that grows with wrong codes per
    address (code_lockout): while the address waits, no code is taken, not even the right
    one."""

    def _email(self) -> str:
        return self._process.state.get("email") or ""

    def form_valid(self, form) -> HttpResponse:
        email = self._email()
        if self._action == "verify" and email:
            if seconds := code_lockout.seconds_locked(email):
                form.add_error("code", code_lockout.locked_message(seconds))
                return super().form_invalid(form)
            code_lockout.logged_in(email)
        return super().form_valid(form)

    def form_invalid(self, form) -> HttpResponse:
        email = self._email()
        if self._action == "verify" and email and form.data.get("code"):
            code_lockout.wrong_code(email)
        return super().form_invalid(form)


confirm_login_code = ConfirmLoginCodeView.as_view()
