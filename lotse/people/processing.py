"""Processing activities and retention rules of persons served (see lotse.core.declarations).
The rule that anonymises persons no longer in use lives with their erasure in lotse.compliance."""

import datetime as dt

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lotse.core.declarations import Activity, RetentionRule
from lotse.core.permissions import Actor
from lotse.people.models import Consent

ART9_FIELDS = {"people.Person": ("hearing_note", "sight_note", "mobility_note")}

ACTIVITIES = [
    Activity(
        key="people.advice",
        name=_("Beratung und Weitervermittlung von Menschen im Quartier"),
        purpose=_(
            "Menschen beraten, die sich an ein Quartiersbüro wenden, ihnen passende Hilfe "
            "vermitteln und nachfragen, ob die Hilfe angekommen ist. Vertretungen und "
            "Einwilligungen festhalten, Angaben auf Wunsch berichtigen."
        ),
        legal_bases=("art6_1a", "art6_1e", "art9_2a", "art9_2h"),
        data_subjects=(
            _("Beratene Menschen, meist über 65 Jahre"),
            _("Angehörige, rechtliche Betreuerinnen und Betreuer, Bevollmächtigte"),
        ),
        recipients=(
            _("Mitarbeitende der Organisation, die die Person berät"),
            _("Anbieter, an die vermittelt wird: nur mit Einwilligung „Weitergabe“"),
            _("Rechenzentrum des Betreibers (Auftragsverarbeitung nach Art. 28 DSGVO)"),
        ),
        models=("people.Person", "people.Consent", "people.Proxy", "people.PersonCorrection"),
        retention_rules=("people.person", "people.consent_evidence"),
        retention_note=_(
            "Einwilligungen selbst bleiben als Nachweis (Art. 7 Abs. 1 DSGVO), solange die "
            "Person gespeichert ist. Auf Antrag werden Personen sofort anonymisiert (Art. 17)."
        ),
    ),
]


def consent_evidence_due(cutoff: dt.datetime, action: str) -> QuerySet[Consent]:
    """Consents withdrawn before `cutoff` that still carry an evidence note."""
    return Consent.objects.filter(withdrawn_at__lt=cutoff).exclude(evidence_note="")


def consent_evidence_apply(consent: Consent, *, action: str, actor: Actor, reason: str) -> None:
    consent.evidence_note = ""
    consent.save(update_fields=["evidence_note"])


RETENTION_RULES = [
    RetentionRule(
        kind="people.consent_evidence",
        label=_("Nachweistexte widerrufener Einwilligungen"),
        description=_("%(days)s Tage nach dem Widerruf"),
        default_days=3 * 365,
        default_action="redact",
        actions=("redact",),
        held_by="person__organisation",
        due=consent_evidence_due,
        apply=consent_evidence_apply,
    ),
]
