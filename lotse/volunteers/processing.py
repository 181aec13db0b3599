"""Processing activities of the digital helpers (see lotse.core.declarations), and the
retention rule for the credentials of helpers who have left.

The records point to people.Person (a helper is a person; a help request is a person's), so the
Art. 15 copy and the Art. 17 erasure (lotse.compliance) find them through those relations;
Helper and HelpRequest declare PERSON_ERASURE."""

import datetime as dt

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from lotse.core.audit import audit_record
from lotse.core.declarations import Activity, RetentionRule
from lotse.core.permissions import Actor
from lotse.volunteers.models import Credential, Helper, HelperStatusChange

ACTIVITIES = [
    Activity(
        key="volunteers.helpers",
        name=_("Digital-Helfer: Anmeldung, Einsatzplanung und Nachweise"),
        purpose=_(
            "Ehrenamtliche Digital-Helferinnen und -Helfer gewinnen, begleiten und passend "
            "einsetzen: was sie können, wann und wo sie helfen, ihr Status und welche Nachweise "
            "(Führungszeugnis, Verschwiegenheitserklärung, Qualifizierung) gesehen wurden. "
            "Kopien der Nachweise werden nicht gespeichert."
        ),
        legal_bases=("art6_1a", "art6_1f"),
        data_subjects=(_("Ehrenamtliche Digital-Helferinnen und Digital-Helfer"),),
        recipients=(
            _("Multiplikatoren, Quartiersmanagement und Koordination des Trägers"),
            _(
                "Menschen, denen geholfen wird: Vorname und Kontaktdaten, nur mit Einwilligung "
                "„Kontaktdaten an Menschen geben, denen geholfen wird“"
            ),
        ),
        models=(
            "volunteers.Helper",
            "volunteers.HelperAvailability",
            "volunteers.HelperStatusChange",
            "volunteers.Credential",
        ),
        retention_rules=("volunteers.former_helper_credentials",),
        retention_note=_(
            "Die Angaben bleiben, solange die Person mithilft. Wer ausgeschieden ist, bleibt "
            "mit Status und Stunden für die Statistik; die Person kann die Löschung verlangen "
            "(dann wird sie anonymisiert)."
        ),
    ),
    Activity(
        key="volunteers.help_requests",
        name=_("Digitalhilfe: Hilfeanfragen, Vermittlung an Helfer und Einsatzberichte"),
        purpose=_(
            "Anfragen von Menschen, die Hilfe mit Handy, Tablet oder Computer möchten, an "
            "passende Digital-Helfer vermitteln und festhalten, ob die Hilfe geklappt hat."
        ),
        legal_bases=("art6_1a", "art6_1e"),
        data_subjects=(
            _("Menschen, die Hilfe mit digitalen Geräten möchten"),
            _("Digital-Helferinnen und Digital-Helfer"),
        ),
        recipients=(
            _("Mitarbeitende des Quartiersbüros und Multiplikatoren"),
            _("Die Digital-Helferin oder der Digital-Helfer, der die Anfrage angeboten wird"),
        ),
        models=("volunteers.HelpRequest", "volunteers.HelpOffer", "volunteers.HelpSession"),
        retention_note=_(
            "Anfragen und Einsatzberichte bleiben für die Statistik; eine Anfrage wird mit der "
            "Person anonymisiert."
        ),
    ),
]


def former_helper_credentials_due(cutoff: dt.datetime, action: str) -> QuerySet[Credential]:
    """Credentials of helpers who left before `cutoff` and did not come back since."""
    left_before = HelperStatusChange.objects.filter(
        helper_id=OuterRef("helper_id"),
        to_status=Helper.Status.LEFT,
        changed_at__lt=cutoff,
    )
    changed_since = HelperStatusChange.objects.filter(
        helper_id=OuterRef("helper_id"), changed_at__gte=cutoff
    )
    return Credential.objects.filter(helper__status=Helper.Status.LEFT).filter(
        Exists(left_before) & ~Exists(changed_since)
    )


def former_helper_credential_apply(
    credential: Credential, *, action: str, actor: Actor, reason: str
) -> None:
    audit_record(
        actor=actor,
        verb="credential.deleted",
        target=credential.helper,
        note=credential.kind,
        purpose="Löschfrist",
    )
    credential.delete()


RETENTION_RULES = [
    RetentionRule(
        kind="volunteers.former_helper_credentials",
        label=_("Nachweise (Führungszeugnis gesehen u. a.) von ausgeschiedenen Digital-Helfern"),
        description=_("%(days)s Tage nach dem Ausscheiden"),
        default_days=365,
        default_action="delete",
        actions=("delete",),
        held_by="helper__organisation",
        due=former_helper_credentials_due,
        apply=former_helper_credential_apply,
    ),
]


# Group formats and training (Handy-Café shifts, courses with attendance).
ACTIVITIES.append(
    Activity(
        key="volunteers.groups",
        name=_("Digitalhilfe: Handy-Café-Schichten und Qualifizierungskurse"),
        purpose=_(
            "Schichten der Digital-Helfer im Handy-Café planen; Qualifizierungskurse mit "
            "Terminen, Teilnehmenden und Anwesenheit durchführen, den Abschluss bescheinigen; "
            "den Helfern ihre ehrenamtlichen Stunden bestätigen (zum Beispiel für die "
            "Ehrenamtskarte) und die Stunden für die Berichte des Programms zählen."
        ),
        legal_bases=("art6_1a", "art6_1f"),
        data_subjects=(_("Ehrenamtliche Digital-Helferinnen und Digital-Helfer"),),
        recipients=(
            _("Multiplikatoren, Quartiersmanagement und Koordination des Trägers"),
            _("Die Kursleitung"),
        ),
        models=(
            "volunteers.Cafe",
            "volunteers.CafeCancellation",
            "volunteers.CafeShift",
            "volunteers.Course",
            "volunteers.CourseSession",
            "volunteers.CourseParticipant",
            "volunteers.CourseAttendance",
        ),
        retention_note=_(
            "Schichten und Kursteilnahmen bleiben, solange die Person mithilft, und danach für "
            "die Stunden-Bestätigung und die Statistik; die Person kann die Löschung verlangen "
            "(dann wird sie mit ihrem Helfer-Eintrag anonymisiert)."
        ),
    )
)
