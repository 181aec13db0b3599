"""Retention: dry run, release, apply. Nothing is deleted or anonymised without a released
dry run, and then only the records it listed that are still due."""

import datetime as dt
import logging
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotse.compliance.models import RetentionRun
from lotse.compliance.registry import declarations, rule_setting
from lotse.core.audit import audit_record
from lotse.core.permissions import Actor, require

logger = logging.getLogger(__name__)


def retention_dry_run(*, actor: Actor, now: dt.datetime | None = None) -> list[RetentionRun]:
    """Lists the records each rule would change now, changing none of them: one run per
    organisation that holds due records, plus the platform run for records of no organisation
    (always made, so the page shows when the last dry run was). A newer dry run replaces all
    that still wait for release. `actor` None: the scheduled system run."""
    if actor is not None:
        require(actor, "compliance.add_retention_run")
    now = now or timezone.now()
    configured = {kind: rule_setting(rule) for kind, rule in declarations().rules.items()}
    # {organisation id or None (the platform): {kind: [id, …]}}
    found: dict[uuid.UUID | None, dict[str, list[str]]] = {None: {}}
    for kind, rule in declarations().rules.items():
        days, action = configured[kind]
        due = rule.due(now - dt.timedelta(days=days), action).order_by("pk")
        if rule.held_by is None:
            found[None][kind] = [str(pk) for pk in due.values_list("pk", flat=True)]
            continue
        for pk, organisation_id in due.values_list("pk", rule.held_by):
            found.setdefault(organisation_id, {}).setdefault(kind, []).append(str(pk))
    with transaction.atomic():
        RetentionRun.objects.filter(status=RetentionRun.Status.DRY_RUN).update(
            status=RetentionRun.Status.SUPERSEDED
        )
        runs = []
        for organisation_id, ids in found.items():
            # The platform run lists the rules of no organisation, an organisation's run all
            # the others, each also when nothing is due.
            report = {
                kind: {"days": days, "action": action, "ids": ids.get(kind, [])}
                for kind, (days, action) in configured.items()
                if (declarations().rules[kind].held_by is None) == (organisation_id is None)
                or kind in ids
            }
            runs.append(RetentionRun.objects.create(organisation_id=organisation_id, report=report))
    return runs


@transaction.atomic
def retention_run_release(*, actor: Actor, run: RetentionRun) -> RetentionRun:
    """Releases a dry run; the worker then applies it (task `retention_apply`)."""
    require(actor, "compliance.release_retention_run", run)
    run = RetentionRun.objects.select_for_update().get(pk=run.pk)
    if run.status != RetentionRun.Status.DRY_RUN:
        raise ValidationError(
            _("Dieser Probelauf ist schon freigegeben oder durch einen neueren ersetzt.")
        )
    run.status = RetentionRun.Status.RELEASED
    run.released_at = timezone.now()
    run.released_by = actor
    run.save(update_fields=["status", "released_at", "released_by"])
    audit_record(
        actor=actor,
        verb="retention.released",
        target=run,
        note=_("%(count)s Datensätze zur Löschung oder Anonymisierung freigegeben")
        % {"count": run.due_total},
    )
    # Imported here: the task module imports this one.
    from lotse.compliance.tasks import retention_apply

    run_id = str(run.pk)
    transaction.on_commit(lambda: retention_apply.enqueue(run_id))
    return run


def retention_run_apply(*, run_id: uuid.UUID | str, now: dt.datetime | None = None) -> RetentionRun:
    """Applies a released run as the user who released it: each listed record that is still
    due and still held by the run's organisation, each in its own transaction with its audit
    entry. Runs once: a second call finds the run no longer
    released and returns it unchanged."""
    claimed = RetentionRun.objects.filter(pk=run_id, status=RetentionRun.Status.RELEASED).update(
        status=RetentionRun.Status.APPLYING
    )
    run = RetentionRun.objects.select_related("released_by").get(pk=run_id)
    if not claimed:
        return run
    now = now or timezone.now()
    rules = declarations().rules
    result = {}
    for kind, entry in run.report.items():
        counts = {"applied": 0, "skipped": 0, "failed": 0}
        rule = rules.get(kind)
        if rule is None or entry["action"] not in rule.actions:
            counts["failed"] = len(entry["ids"])
            logger.error("Retention run %s: rule %s or its action is gone", run.pk, kind)
            result[kind] = counts
            continue
        cutoff = now - dt.timedelta(days=entry["days"])
        reason = _("Aufbewahrungsfrist abgelaufen (%(rule)s, Lauf %(run)s)") % {
            "rule": rule.label,
            "run": run.pk,
        }
        for pk in entry["ids"]:
            try:
                with transaction.atomic():
                    due = rule.due(cutoff, entry["action"]).filter(pk=pk)
                    if rule.held_by is not None:
                        # A record now held by another organisation is not this run's.
                        due = due.filter(**{rule.held_by: run.organisation_id})
                    record = due.select_for_update(of=("self",)).first()
                    if record is None:
                        counts["skipped"] += 1
                        continue
                    # Recorded before the change, so a deleted record still has its key.
                    audit_record(
                        actor=run.released_by,
                        verb=f"retention.{entry['action']}",
                        target=record,
                        note=reason,
                    )
                    rule.apply(record, action=entry["action"], actor=run.released_by, reason=reason)
                counts["applied"] += 1
            except Exception:
                # One record that fails must not stop the others; it stays due for the next run.
                logger.exception("Retention run %s: %s %s failed", run.pk, kind, pk)
                counts["failed"] += 1
        result[kind] = counts
    run.status = RetentionRun.Status.APPLIED
    run.applied_at = timezone.now()
    run.result = result
    run.save(update_fields=["status", "applied_at", "result"])
    return run
