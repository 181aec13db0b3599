import hashlib
import secrets
from collections.abc import Iterable
from functools import partial

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lotse.accounts.models import Invitation, User
from lotse.accounts.reach import check_grant
from lotse.core.audit import audit_record
from lotse.core.links import site_link
from lotse.core.models import Area, Membership, Organisation, Role
from lotse.core.permissions import Actor, require
from lotse.core.rules import NON_STAFF_ROLES


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def user_create(*, email: str, password: str | None = None, name: str = "") -> User:
    """A user whose e-mail address counts as confirmed (an invitation link or the demo data
    proved it); without a password the user signs in with a code by e-mail."""
    user = User.objects.create_user(email, password, name=name)
    if password is None:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    return user


@transaction.atomic
def invitation_create(
    *,
    actor: Actor,
    organisation: Organisation,
    email: str,
    role: str,
    areas: Iterable[Area] = (),
    base_url: str = "",
) -> Invitation:
    """Invites someone to work in `organisation`; the e-mail with the one-time link is sent
    after the transaction commits. The link starts with LOTSE_SITE_URL (or `base_url`, for
    tests), never with the address a request came in on.

    Who may invite whom (rules.py, reach.py): an administrator their organisation's staff;
    a region coordinator the first administrator of an organisation of their region."""
    require(actor, "accounts.add_invitation", organisation)
    if role in NON_STAFF_ROLES:
        raise ValidationError(_("Einladungen gibt es nur für Mitarbeitende."))
    areas = list(areas)
    if any(
        area.region_id != organisation.region_id or area.kind == Area.Kind.REGION for area in areas
    ):
        raise ValidationError(_("Wählen Sie nur Gebiete aus der Region der Organisation."))
    if errors := check_grant(actor=actor, organisation=organisation, role=role, areas=areas):
        raise ValidationError(errors)
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        organisation=organisation,
        role=role,
        email=email.strip().lower(),
        token_hash=token_hash(token),
        expires_at=timezone.now() + Invitation.VALID_FOR,
        invited_by=actor,
    )
    invitation.full_clean()
    invitation.save()
    invitation.areas.set(areas)
    audit_record(actor=actor, verb="invitation.created", target=invitation, note=invitation.email)
    path = reverse("accounts:invitation_accept", args=[token])
    link = base_url.rstrip("/") + path if base_url else site_link(path)
    transaction.on_commit(partial(_invitation_mail, invitation=invitation, link=link))
    return invitation


def _invitation_mail(*, invitation: Invitation, link: str) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        body = _(
            "Guten Tag,\n\n"
            "%(organisation)s lädt Sie zum Quartierslotsen ein. Ihre Rolle: %(role)s.\n\n"
            "Mit diesem Link legen Sie Ihr Passwort fest:\n%(link)s\n\n"
            "Der Link gilt 7 Tage und nur einmal. Danach richten Sie einen zweiten Faktor "
            "ein: eine App auf Ihrem Handy, die Codes zeigt.\n\n"
            "Sie haben diese E-Mail nicht erwartet? Dann löschen Sie sie einfach.\n"
        ) % {
            "organisation": invitation.organisation.name,
            "role": invitation.get_role_display(),
            "link": link,
        }
        send_mail(
            subject=_("Quartierslotse: Einladung von %(organisation)s")
            % {"organisation": invitation.organisation.name},
            message=body,
            from_email=None,
            recipient_list=[invitation.email],
        )


@transaction.atomic
def invitation_accept(*, invitation: Invitation, password: str) -> User:
    """Creates the user with the password and the membership; the link works once."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_open(now=timezone.now()):
        raise ValidationError(_("Die Einladung gilt nicht mehr."))
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError(
            _(
                "Für diese E-Mail-Adresse gibt es schon ein Benutzerkonto. "
                "Bitte wenden Sie sich an Ihre Administration."
            )
        )
    password_validation.validate_password(password, user=User(email=invitation.email))
    user = user_create(email=invitation.email, password=password)
    membership = Membership.objects.create(
        user=user, organisation=invitation.organisation, role=invitation.role
    )
    membership.areas.set(invitation.areas.all())
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    audit_record(actor=user, verb="invitation.accepted", target=invitation)
    return user


@transaction.atomic
def mfa_reset(*, actor: Actor, user: User) -> None:
    """An administrator removes a member's lost second factor (app, recovery codes, keys);
    the member sets up a new one before seeing personal data again."""
    require(actor, "accounts.reset_second_factor", user)
    Authenticator.objects.filter(user=user).delete()
    audit_record(actor=actor, verb="mfa.reset", target=user)


def _check_keeps_an_administrator(membership: Membership) -> None:
    """An organisation keeps at least one administrator: otherwise nobody could invite staff or
    reset a lost second factor there any more."""
    others = (
        Membership.objects.filter(
            organisation_id=membership.organisation_id, role=Role.ADMINISTRATOR
        )
        .exclude(pk=membership.pk)
        .select_for_update()
    )
    if membership.role == Role.ADMINISTRATOR and not others.exists():
        raise ValidationError(
            _(
                "%(organisation)s braucht mindestens eine Administration. Laden Sie zuerst "
                "eine andere Person als Administration ein."
            )
            % {"organisation": membership.organisation.name}
        )


def _check_within_reach(*, actor: Actor, membership: Membership) -> None:
    """Only who could give a membership changes or removes it (accounts.reach)."""
    if check_grant(
        actor=actor,
        organisation=membership.organisation,
        role=membership.role,
        areas=membership.areas.all(),
    ):
        raise ValidationError(
            _(
                "Diese Mitgliedschaft reicht weiter als Ihre eigene Zuständigkeit. Nur wer sie "
                "vergeben kann, kann sie ändern oder entfernen."
            )
        )


@transaction.atomic
def membership_change(
    *, actor: Actor, membership: Membership, role: str, areas: Iterable[Area] = ()
) -> Membership:
    """An administrator changes a member's role and the areas the membership covers (none: the
    whole region of the organisation)."""
    require(actor, "accounts.change_membership", membership)
    organisation = membership.organisation
    if role in NON_STAFF_ROLES or role not in Role.values:
        raise ValidationError(_("Wählen Sie eine Rolle für Mitarbeitende aus."))
    areas = list(areas)
    if any(
        area.region_id != organisation.region_id or area.kind == Area.Kind.REGION for area in areas
    ):
        raise ValidationError(_("Wählen Sie nur Gebiete aus der Region der Organisation."))
    # Only a membership the actor could have given may be changed, and only into one.
    _check_within_reach(actor=actor, membership=membership)
    if errors := check_grant(actor=actor, organisation=organisation, role=role, areas=areas):
        raise ValidationError(errors)
    if role != membership.role:
        _check_keeps_an_administrator(membership)
        duplicate = Membership.objects.filter(
            user_id=membership.user_id, organisation=organisation, role=role
        ).exclude(pk=membership.pk)
        if duplicate.exists():
            raise ValidationError(
                _("%(email)s hat diese Rolle in der Organisation schon.")
                % {"email": membership.user.email}
            )
    before = (membership.role, sorted(a.name for a in membership.areas.all()))
    membership.role = role
    membership.full_clean()
    membership.save(update_fields=["role"])
    membership.areas.set(areas)
    after = (role, sorted(a.name for a in areas))
    if after != before:
        audit_record(
            actor=actor,
            verb="membership.changed",
            target=membership,
            note=f"{membership.user.email}: {before[0]} {before[1]} -> {after[0]} {after[1]}",
        )
    return membership


@transaction.atomic
def membership_remove(*, actor: Actor, membership: Membership) -> None:
    """An administrator removes a membership; the user keeps their account and other
    memberships."""
    require(actor, "accounts.delete_membership", membership)
    _check_within_reach(actor=actor, membership=membership)
    _check_keeps_an_administrator(membership)
    audit_record(
        actor=actor,
        verb="membership.removed",
        target=membership,
        note=f"{membership.user.email}: {membership.role} in {membership.organisation.name}",
    )
    membership.delete()
