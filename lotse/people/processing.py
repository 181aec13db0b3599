"""Processing activities and retention rules of persons served (see lotse.core.declarations)."""

import datetime as dt
import importlib

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from lotse.core.declarations import Activity, RetentionRule
from lotse.core.permissions import Actor
from lotse.people.models import Consent, Person

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


# Which time stamp of a record pointing at a person says it was last touched, best first.
TOUCHED_FIELDS = ("updated_at", "changed_at", "created_at")


def _touched_since(cutoff: dt.datetime) -> Q:
    """Persons with a record of any app pointing at them (an inquiry, an appointment, a
    message, a correction …) touched since `cutoff`: such a person is still in use. Found from
    the relations themselves, so records that apps add later count without changes here."""
    touched = Q()
    for rel in Person._meta.get_fields(include_hidden=True):
        if not (rel.auto_created and not rel.concrete and rel.is_relation):
            continue
        model = rel.related_model
        names = {f.name for f in model._meta.concrete_fields}  # type: ignore[union-attr]
        stamp = next((name for name in TOUCHED_FIELDS if name in names), None)
        if stamp is None:
            continue
        recent = model._default_manager.filter(**{f"{stamp}__gte": cutoff})  # type: ignore[union-attr]
        touched |= Q(pk__in=recent.values(rel.field.attname))  # type: ignore[union-attr]
    return touched


def persons_due(cutoff: dt.datetime, action: str) -> QuerySet[Person]:
    """Persons unchanged since `cutoff`, not yet anonymised, without an active "Daten
    speichern" consent, without any consent given or withdrawn since `cutoff` and without any
    other record about them touched since then."""
    keep = Consent.objects.filter(
        person=OuterRef("pk"), purpose=Consent.Purpose.KEEP, withdrawn_at__isnull=True
    )
    recent = Consent.objects.filter(person=OuterRef("pk")).filter(
        Q(given_at__gte=cutoff) | Q(withdrawn_at__gte=cutoff)
    )
    due = Person.objects.filter(updated_at__lt=cutoff, anonymised_at__isnull=True).exclude(
        Exists(keep) | Exists(recent)
    )
    touched = _touched_since(cutoff)
    return due.exclude(touched) if touched else due


def person_apply(person: Person, *, action: str, actor: Actor, reason: str) -> None:
    # Looked up at call time: lotse.privacy owns erasure (Art. 17) and all it entails.
    erasure = importlib.import_module("lotse.privacy.erasure")
    erasure.person_anonymise(actor=actor, person=person, reason=reason)


def consent_evidence_due(cutoff: dt.datetime, action: str) -> QuerySet[Consent]:
    """Consents withdrawn before `cutoff` that still carry an evidence note."""
    return Consent.objects.filter(withdrawn_at__lt=cutoff).exclude(evidence_note="")


def consent_evidence_apply(consent: Consent, *, action: str, actor: Actor, reason: str) -> None:
    consent.evidence_note = ""
    consent.save(update_fields=["evidence_note"])


RETENTION_RULES = [
    RetentionRule(
        kind="people.person",
        label=_("Personen ohne Änderung und ohne Einwilligung „Daten speichern“"),
        description=_(
            "%(days)s Tage nach der letzten Änderung, wenn keine Einwilligung „Daten "
            "speichern“ gilt und seitdem nichts über die Person erfasst wurde (Einwilligung, "
            "Anliegen, Termin, Nachricht)"
        ),
        default_days=3 * 365,
        default_action="anonymise",
        actions=("anonymise",),
        held_by="organisation",
        due=persons_due,
        apply=person_apply,
    ),
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
