"""Processing activities and retention rules of the core (see lotse.core.declarations)."""

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from lotse.core.declarations import Activity, RetentionRule
from lotse.core.models import BarrierReport
from lotse.core.permissions import Actor

ACTIVITIES = [
    Activity(
        key="core.memberships",
        name=_("Rollen der Mitarbeitenden in Organisationen"),
        purpose=_(
            "Festlegen, wer in welcher Organisation und in welchem Gebiet welche Aufgabe hat "
            "und damit welche Daten sehen darf."
        ),
        legal_bases=("art6_1b", "art6_1c"),
        data_subjects=(_("Mitarbeitende und Ehrenamtliche der Organisationen"),),
        recipients=(_("Administration der jeweiligen Organisation"),),
        models=("core.Membership",),
        retention_note=_("Solange die Person in der Organisation mitarbeitet."),
    ),
    Activity(
        key="core.audit",
        name=_("Prüfprotokoll"),
        purpose=_(
            "Nachweisen, wer wann welche personenbezogenen Daten gesehen oder geändert hat "
            "und warum (Rechenschaftspflicht, Sicherheit der Verarbeitung)."
        ),
        legal_bases=("art6_1c",),
        data_subjects=(
            _("Mitarbeitende, die Daten sehen oder ändern"),
            _("Menschen, deren Daten gesehen oder geändert werden (nur als Kennung)"),
        ),
        recipients=(
            _("Datenschutzbeauftragte Person und Administration"),
            _("Aufsichtsbehörde auf Anforderung"),
        ),
        models=("core.AuditEntry", "admin.LogEntry"),
        retention_note=_(
            "Wird nicht automatisch gelöscht: Das Protokoll ist gegen Änderungen gesichert "
            "(Hash-Kette). Einträge nennen Personen nur über ihre Kennung."
        ),
    ),
    Activity(
        key="core.barrier_reports",
        name=_("Meldungen über Barrieren"),
        purpose=_(
            "Meldungen über Barrieren auf den Seiten annehmen und innerhalb eines Monats "
            "beantworten (BITV 2.0 § 7, BGG § 12b)."
        ),
        legal_bases=("art6_1c", "art6_1e"),
        data_subjects=(_("Menschen, die eine Barriere melden"),),
        recipients=(_("Stelle für Barrierefreiheit des Betreibers"),),
        models=("core.BarrierReport",),
        retention_rules=("core.barrier_report",),
    ),
]


def barrier_reports_due(cutoff: dt.datetime, action: str) -> QuerySet[BarrierReport]:
    due = BarrierReport.objects.filter(created_at__lt=cutoff)
    if action == "anonymise":
        due = due.exclude(Q(name="") & Q(email="") & Q(phone=""))
    return due


def barrier_report_apply(report: BarrierReport, *, action: str, actor: Actor, reason: str) -> None:
    if action == "delete":
        report.delete()
        return
    report.name = report.email = report.phone = ""
    report.save(update_fields=["name", "email", "phone"])


RETENTION_RULES = [
    RetentionRule(
        kind="core.barrier_report",
        label=_("Meldungen über Barrieren"),
        description=_("%(days)s Tage nach dem Eingang"),
        default_days=2 * 365,
        default_action="delete",
        actions=("delete", "anonymise"),
        held_by=None,  # reports go to the operator: the platform run
        due=barrier_reports_due,
        apply=barrier_report_apply,
    ),
]
