"""Reads: the record of processing activities, assembled from the apps' declarations and
their models; the retention runs."""

import uuid
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from lotse.compliance.models import RetentionRun
from lotse.compliance.registry import (
    ACTION_LABELS,
    LEGAL_BASES,
    Activity,
    DataField,
    RetentionRule,
    data_fields,
    declarations,
    model_name,
    rule_setting,
)
from lotse.compliance.rules import releases_platform_runs, releasing_organisation_ids
from lotse.core.permissions import Actor, refuse_object


@dataclass(frozen=True)
class RuleView:
    kind: str
    label: str
    text: str
    days: int
    action: str


@dataclass(frozen=True)
class ModelView:
    name: str
    fields: list[DataField]


@dataclass(frozen=True)
class ActivityView:
    activity: Activity
    legal_bases: list[str]
    models: list[ModelView]
    retention: list[RuleView]


def rule_view(rule: RetentionRule) -> RuleView:
    days, action = rule_setting(rule)
    return RuleView(
        kind=rule.kind,
        label=str(rule.label),
        text=str(rule.description) % {"days": days},
        days=days,
        action=str(ACTION_LABELS.get(action, action)),
    )


def retention_rule_list() -> list[RuleView]:
    return [rule_view(rule) for rule in declarations().rules.values()]


def processing_record() -> dict:
    """Everything the record of processing activities shows, page and PDF alike."""
    found = declarations()
    activities = []
    for activity in found.activities:
        models = []
        for label in activity.models:
            model = apps.get_model(label)
            models.append(ModelView(name=model_name(model), fields=data_fields(model)))
        activities.append(
            ActivityView(
                activity=activity,
                legal_bases=[str(LEGAL_BASES[code]) for code in activity.legal_bases],
                models=models,
                retention=[rule_view(found.rules[kind]) for kind in activity.retention_rules],
            )
        )
    return {
        "controller": {
            "name": settings.LOTSE_CONTROLLER_NAME,
            "address": settings.LOTSE_CONTROLLER_ADDRESS,
            "contact": settings.LOTSE_CONTROLLER_CONTACT,
            "dpo": settings.LOTSE_CONTROLLER_DPO,
        },
        "activities": activities,
        "as_of": timezone.localdate(),
    }


@dataclass(frozen=True)
class ReportRow:
    label: str
    days: int
    action: str
    due: int
    applied: int | None
    skipped: int | None
    failed: int | None


def retention_report_rows(run: RetentionRun) -> list[ReportRow]:
    """One row per rule of a run: what the dry run found and, once applied, what happened."""
    rules = declarations().rules
    rows = []
    for kind, entry in run.report.items():
        rule = rules.get(kind)
        outcome = run.result.get(kind, {})
        rows.append(
            ReportRow(
                label=str(rule.label) if rule else kind,
                days=entry["days"],
                action=str(ACTION_LABELS.get(entry["action"], entry["action"])),
                due=len(entry["ids"]),
                applied=outcome.get("applied"),
                skipped=outcome.get("skipped"),
                failed=outcome.get("failed"),
            )
        )
    return rows


def _releasable(actor: Actor) -> Q:
    """The runs `actor` may release, as a filter: the query form of the rule
    `compliance.release_retention_run`."""
    if actor is None or not actor.is_authenticated:
        return Q(pk__in=[])
    visible = Q(organisation_id__in=releasing_organisation_ids(actor))
    if releases_platform_runs(actor):
        visible |= Q(organisation__isnull=True)
    return visible


def retention_runs_pending(actor: Actor) -> list[RetentionRun]:
    """The dry runs waiting for release that `actor` may release: the platform run first,
    then by organisation."""
    runs = RetentionRun.objects.filter(
        _releasable(actor), status=RetentionRun.Status.DRY_RUN
    ).select_related("organisation")
    return sorted(runs, key=lambda run: (run.organisation is not None, str(run.organisation)))


def retention_run_released_ids() -> list[uuid.UUID]:
    """Runs released but not yet applied (the worker's queue, or `retention_run --apply`)."""
    return list(
        RetentionRun.objects.filter(status=RetentionRun.Status.RELEASED).values_list(
            "pk", flat=True
        )
    )


def retention_run_list(actor: Actor, *, limit: int = 10) -> QuerySet[RetentionRun]:
    """The latest runs `actor` may release, newest first."""
    return RetentionRun.objects.filter(_releasable(actor)).select_related(
        "organisation", "released_by"
    )[:limit]


def access_retention_run(actor: Actor, run_id: uuid.UUID | str) -> RetentionRun:
    """A run the actor may release. A member of the organisation it is for without the role
    gets 403; anyone else 404, as for a run that does not exist (the platform run belongs to
    no organisation: 404)."""
    try:
        run = RetentionRun.objects.select_related("organisation").get(pk=run_id)
    except (RetentionRun.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise Http404 from exc
    if actor is None or not actor.has_perm("compliance.release_retention_run", run):
        if run.organisation_id is None:
            raise Http404
        refuse_object(actor, organisation_id=run.organisation_id)
    return run
