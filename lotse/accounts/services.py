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
from lotse.core.audit import audit_record
from lotse.core.models import Area, Membership, Organisation
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
    base_url: str,
) -> Invitation:
    """Invites someone to work in `organisation`; the e-mail with the one-time link is sent
    after the transaction commits. `base_url` is the site address the link starts with."""
    require(actor, "accounts.add_invitation", organisation)
    if role in NON_STAFF_ROLES:
        raise ValidationError(_("Einladungen gibt es nur für Mitarbeitende."))
    areas = list(areas)
    if any(area.region_id != organisation.region_id for area in areas):
        raise ValidationError(_("Wählen Sie nur Gebiete aus der Region der Organisation."))
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
    link = base_url.rstrip("/") + reverse("accounts:invitation_accept", args=[token])
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
