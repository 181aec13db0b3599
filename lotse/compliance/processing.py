"""The retention rule for persons served (see lotse.core.declarations): a person no longer in
use is anonymised as on request (Art. 17 DSGVO), by the same erasure. The processing activity
it belongs to is declared by lotse.people ("people.advice"); the kind keeps its name, which
`LOTSE_RETENTION` and the reports of past retention runs use."""

import datetime as dt

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from lotse.compliance.erasure import person_anonymise
from lotse.core.declarations import RetentionRule
from lotse.core.permissions import Actor
from lotse.people.models import Consent, Person

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
    person_anonymise(actor=actor, person=person, reason=reason)


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
]
