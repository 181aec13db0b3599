"""Processing activity of the Kümmerer case work (see lotse.core.declarations), its health data
fields, and the retention rule for closed cases.

A case file points to people.Person, so the Art. 15 copy finds it through that relation and
walks down to what hangs off it (events, assessments with their ratings, goals, actions,
journal, network, reviews). The Art. 17 erasure keeps the case file for the counts
(`CaseFile.PERSON_ERASURE = "keep"`) and, through the hook registered in CasesConfig.ready
(`case_file_erase`), clears the free text of everything in it and closes it if it was open.
The retention rule clears the same text three years after a case was closed (or deletes the
case, if configured so)."""

import datetime as dt

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.cases.models import (
    Action,
    AssessmentRating,
    CaseEvent,
    CaseFile,
    Goal,
    JournalEntry,
    NetworkContact,
    Review,
    Stage,
)
from lotse.core.audit import audit_record
from lotse.core.declarations import Activity, RetentionRule
from lotse.core.permissions import Actor

# What a name in the network or the title of a task becomes when its case is anonymised.
ERASED = "—"
RETENTION_PURPOSE = "Löschfrist"

# Why someone is accompanied, how they are, what they want and what happened: health data.
ART9_FIELDS = {
    "cases.CaseFile": ("reason", "reason_note", "closing_note"),
    "cases.AssessmentRating": ("level", "note"),
    "cases.Goal": ("text", "outcome_note"),
    "cases.JournalEntry": ("note",),
    "cases.Review": ("what_changed", "plan_note"),
    "cases.CaseEvent": ("note",),
}

ACTIVITIES = [
    Activity(
        key="cases.case_work",
        name=_(
            "Kümmerer-Begleitung: Fallakte, Einschätzung, Hilfeplan, Journal, Netzwerk und "
            "Überprüfungen"
        ),
        purpose=_(
            "Menschen nach einem Schlaganfall, bei Krankheit, Pflegebedarf, nach einem Trauerfall "
            "oder in anderen schwierigen Lagen über Wochen und Monate begleiten: einschätzen, "
            "wo Unterstützung nötig ist, mit ihnen Ziele und Schritte vereinbaren, Beratung und "
            "Hilfe abstimmen, Kontakte festhalten, mit den Menschen um sie herum sprechen (nur mit "
            "ihrem Einverständnis), regelmäßig überprüfen und die Begleitung abschließen. "
            "Vertretungen der Kümmerer während ihrer Abwesenheit."
        ),
        legal_bases=("art6_1a", "art9_2a", "art9_2h"),
        data_subjects=(
            _("Begleitete Menschen"),
            _(
                "Menschen aus ihrem Umfeld: Angehörige, Nachbarn, Hausarztpraxis, Pflegedienst, "
                "rechtliche Betreuung und Bevollmächtigte"
            ),
            _("Kümmerinnen und Kümmerer (Zuständigkeit, Vertretung, Einträge)"),
        ),
        recipients=(
            _(
                "Die zuständige Kümmerin oder der zuständige Kümmerer, das Team der Begleitung "
                "und die Vertretung während einer Abwesenheit"
            ),
            _("Leitung und Verwaltung des Trägers, der die Begleitung führt"),
            _(
                "Anbieter von Hilfe und Beratung: nur über eine Weitervermittlung und nur mit "
                "Einwilligung „Weitergabe“"
            ),
        ),
        models=(
            "cases.CaseFile",
            "cases.CaseEvent",
            "cases.Assessment",
            "cases.AssessmentRating",
            "cases.Goal",
            "cases.Action",
            "cases.JournalEntry",
            "cases.NetworkContact",
            "cases.Review",
            "cases.Cover",
        ),
        retention_rules=("cases.closed_case",),
        retention_note=_(
            "Eine Begleitung bleibt vollständig, solange sie läuft, und nach dem Abschluss "
            "drei Jahre für Nachfragen und eine Wiederaufnahme. Danach bleiben nur Phase, "
            "Anlass, Daten, Zeitaufwand und Einschätzungsstufen für die Statistik. Wird die "
            "Person gelöscht, wird auch ihre Begleitung sofort anonymisiert."
        ),
    ),
]


def case_file_text_erase(case_file: CaseFile) -> int:
    """Clears the free text of the case and of everything in it: notes, goals in the person's
    words, names and contact data of the network, review texts, the titles and doers of
    tasks, handover notes. Counts, stages, dates, minutes and support levels stay. Written with
    `update()` so no time stamp moves (the person's own retention clock reads them). Returns
    how many rows it changed."""
    changed = CaseFile.objects.filter(pk=case_file.pk).update(
        reason_note="", closing_note="", source_detail=""
    )
    changed += CaseEvent.objects.filter(case_file=case_file).exclude(note="").update(note="")
    changed += (
        AssessmentRating.objects.filter(assessment__case_file=case_file)
        .exclude(note="")
        .update(note="")
    )
    changed += Goal.objects.filter(case_file=case_file).update(text="", outcome_note="")
    changed += Action.objects.filter(case_file=case_file).update(title=ERASED, doer_name="")
    changed += JournalEntry.objects.filter(case_file=case_file).exclude(note="").update(note="")
    changed += NetworkContact.objects.filter(case_file=case_file).update(
        name=ERASED, phone="", email="", note=""
    )
    changed += Review.objects.filter(case_file=case_file).update(what_changed="", plan_note="")
    case_file.reason_note = case_file.closing_note = case_file.source_detail = ""
    return changed


def case_file_erase(case_file: CaseFile, *, actor: Actor) -> int:
    """The Art. 17 erasure of the case's person (lotse.compliance.erasure): an open case is
    closed (reason "other", no note: the erasure's reason stays with the erasure), open tasks
    are dropped, then every free text is cleared."""
    if case_file.closed_on is None:
        today = timezone.localdate()
        CaseFile.objects.filter(pk=case_file.pk).update(
            closed_on=today, closing_reason=CaseFile.ClosingReason.OTHER, stage=Stage.CLOSED
        )
        case_file.closed_on, case_file.stage = today, Stage.CLOSED
        case_file.closing_reason = CaseFile.ClosingReason.OTHER
        Action.objects.filter(case_file=case_file, status=Action.Status.OPEN).update(
            status=Action.Status.CANCELLED
        )
        CaseEvent.objects.create(case_file=case_file, kind=CaseEvent.Kind.CLOSED, actor=actor)
    return case_file_text_erase(case_file)


def _has_text() -> Q:
    """A case that still carries free text somewhere (after `case_file_text_erase` none)."""
    here = OuterRef("pk")
    return (
        ~Q(reason_note="")
        | ~Q(closing_note="")
        | ~Q(source_detail="")
        | Exists(CaseEvent.objects.filter(case_file=here).exclude(note=""))
        | Exists(AssessmentRating.objects.filter(assessment__case_file=here).exclude(note=""))
        | Exists(Goal.objects.filter(case_file=here).filter(~Q(text="") | ~Q(outcome_note="")))
        | Exists(Action.objects.filter(case_file=here).filter(~Q(title=ERASED) | ~Q(doer_name="")))
        | Exists(JournalEntry.objects.filter(case_file=here).exclude(note=""))
        | Exists(NetworkContact.objects.filter(case_file=here).exclude(name=ERASED))
        | Exists(NetworkContact.objects.filter(case_file=here).filter(~Q(phone="") | ~Q(email="")))
        | Exists(
            Review.objects.filter(case_file=here).filter(~Q(what_changed="") | ~Q(plan_note=""))
        )
    )


def closed_cases_due(cutoff: dt.datetime, action: str) -> QuerySet[CaseFile]:
    """Cases closed before `cutoff` (a day counts whole: closed on the cutoff's day is not yet
    due); for anonymising only those that still carry free text."""
    closed = CaseFile.objects.filter(stage=Stage.CLOSED, closed_on__lt=timezone.localdate(cutoff))
    if action == "delete":
        return closed
    return closed.filter(_has_text())


def closed_case_apply(case_file: CaseFile, *, action: str, actor: Actor, reason: str) -> None:
    if action == "delete":
        audit_record(
            actor=actor, verb="casefile.deleted", target=case_file, purpose=RETENTION_PURPOSE
        )
        case_file.delete()
        return
    case_file_text_erase(case_file)
    audit_record(
        actor=actor, verb="casefile.anonymised", target=case_file, purpose=RETENTION_PURPOSE
    )


RETENTION_RULES = [
    RetentionRule(
        kind="cases.closed_case",
        label=_("Abgeschlossene Begleitungen: Notizen, Ziele, Namen im Netzwerk und andere Texte"),
        description=_("%(days)s Tage nach dem Abschluss der Begleitung"),
        default_days=3 * 365,
        default_action="anonymise",
        actions=("anonymise", "delete"),
        held_by="organisation",
        due=closed_cases_due,
        apply=closed_case_apply,
    ),
]


def compliance_register() -> None:
    """Called from CasesConfig.ready: the Art. 17 erasure clears what is in a case file, and
    the Art. 15 copy names the case's fields and audit verbs in German."""
    # Imported here: compliance builds on the apps' declarations, not the other way round.
    from lotse.compliance.erasure import kept_record_eraser_register  # noqa: PLC0415
    from lotse.compliance.selectors_rights import export_labels_register  # noqa: PLC0415

    kept_record_eraser_register(CaseFile._meta.label, case_file_erase)
    export_labels_register(
        fields={
            "cases.CaseEvent.actor": _("Von"),
            "cases.CaseEvent.from_user": _("Zuständig vorher"),
            "cases.CaseEvent.to_user": _("Zuständig danach"),
            "cases.CaseEvent.at": _("Wann"),
            "cases.Goal.position": _("Reihenfolge"),
            "cases.Action.referral": _("Weitervermittlung"),
            "cases.Action.appointment": _("Termin"),
            "cases.Action.help_request": _("Anfrage an die Digital-Hilfe"),
            "cases.JournalEntry.author": _("Eingetragen von"),
            "cases.Review.assessment": _("Einschätzung dazu"),
        },
        verbs={
            "casefile.read": _("Begleitung angesehen"),
            "casefile.opened": _("Begleitung begonnen"),
            "casefile.anonymised": _("Begleitung nach Ablauf der Frist anonymisiert"),
            "casefile.deleted": _("Begleitung nach Ablauf der Frist gelöscht"),
        },
    )
