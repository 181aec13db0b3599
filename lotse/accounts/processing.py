"""Processing activities and retention rules of accounts (see lotse.core.declarations)."""

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import Invitation
from lotse.core.declarations import Activity, RetentionRule
from lotse.core.permissions import Actor

ACTIVITIES = [
    Activity(
        key="accounts.users",
        name=_("Benutzerkonten und Anmeldung"),
        purpose=_(
            "Anmelden mit E-Mail-Adresse und Code (Bewohnerinnen, Bewohner, Angehörige) oder "
            "mit Passwort und zweitem Faktor (Mitarbeitende); Sitzungen sicher beenden."
        ),
        legal_bases=("art6_1b", "art6_1f"),
        data_subjects=(
            _("Bewohnerinnen, Bewohner und Angehörige mit Benutzerkonto"),
            _("Mitarbeitende und Ehrenamtliche"),
        ),
        recipients=(_("Rechenzentrum des Betreibers (Auftragsverarbeitung nach Art. 28 DSGVO)"),),
        models=(
            "accounts.User",
            "account.EmailAddress",
            "account.EmailConfirmation",
            "mfa.Authenticator",
            "sessions.Session",
        ),
        retention_note=_(
            "Solange das Benutzerkonto besteht; Sitzungen enden nach 10 Stunden, bei "
            "Mitarbeitenden nach 30 Minuten ohne Nutzung."
        ),
    ),
    Activity(
        key="accounts.invitations",
        name=_("Einladungen von Mitarbeitenden"),
        purpose=_("Neue Mitarbeitende per E-Mail in ihre Organisation einladen."),
        legal_bases=("art6_1b",),
        data_subjects=(_("Eingeladene Mitarbeitende"),),
        recipients=(_("Administration der einladenden Organisation"),),
        models=("accounts.Invitation",),
        retention_rules=("accounts.invitation",),
    ),
]


def invitations_due(cutoff: dt.datetime, action: str) -> QuerySet[Invitation]:
    """Invitations used, or unused and expired, before `cutoff`."""
    return Invitation.objects.filter(
        Q(used_at__lt=cutoff) | Q(used_at__isnull=True, expires_at__lt=cutoff)
    )


def invitation_apply(invitation: Invitation, *, action: str, actor: Actor, reason: str) -> None:
    invitation.delete()


RETENTION_RULES = [
    RetentionRule(
        kind="accounts.invitation",
        label=_("Angenommene oder abgelaufene Einladungen"),
        description=_("%(days)s Tage nach der Annahme oder dem Ablauf"),
        default_days=90,
        default_action="delete",
        actions=("delete",),
        held_by="organisation",
        due=invitations_due,
        apply=invitation_apply,
    ),
]
