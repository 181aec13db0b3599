"""Retention: dry run, release, apply. Nothing is deleted or anonymised without a released
dry run, and then only the records it listed that are still due. Art. 15 exports, each one
recorded in the audit log. (Art. 17 erasure: lotse.compliance.erasure.)"""

import datetime as dt
import logging
import uuid
from typing import Any, Literal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lotse.compliance.models import RetentionRun
from lotse.compliance.selectors_rights import subject_access_collect
from lotse.core.audit import audit_record
from lotse.core.declarations import RetentionRule, declarations, rule_setting
from lotse.core.permissions import Actor, require
from lotse.people.models import Person

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


class _ClaimLost(Exception):
    """Another worker took the run over (this one had been silent for the whole lease)."""


def _claim(run_id: uuid.UUID | str) -> uuid.UUID | None:
    """Takes a released run, or a stuck one (applying without a heartbeat for the lease), for
    this worker: a compare-and-swap, so of two workers only one gets it. None: the run is
    applied, still waits for release, or another worker is applying it right now."""
    now = timezone.now()
    stale = now - dt.timedelta(seconds=settings.LOTSE_RETENTION_LEASE_SECONDS)
    token = uuid.uuid4()
    claimed = (
        RetentionRun.objects.filter(pk=run_id)
        .filter(
            Q(status=RetentionRun.Status.RELEASED)
            | Q(status=RetentionRun.Status.APPLYING, heartbeat_at__lt=stale)
            # Applying since before runs had a heartbeat.
            | Q(status=RetentionRun.Status.APPLYING, heartbeat_at__isnull=True)
        )
        .update(status=RetentionRun.Status.APPLYING, claim_token=token, heartbeat_at=now)
    )
    return token if claimed else None


def _count(run: RetentionRun, token: uuid.UUID, kind: str, outcome: str) -> dict:
    """Counts one record in the run, in the caller's transaction (the one that changed the
    record), and beats the heartbeat. Returns the new `result` for the caller to keep once its
    transaction has committed. Raises _ClaimLost if this worker no longer holds the run,
    which rolls the record's change back too."""
    result = {key: dict(counts) for key, counts in run.result.items()}
    counts = result.setdefault(kind, {"applied": 0, "skipped": 0, "failed": 0})
    counts[outcome] += 1
    held = RetentionRun.objects.filter(
        pk=run.pk, status=RetentionRun.Status.APPLYING, claim_token=token
    ).update(result=result, heartbeat_at=timezone.now())
    if not held:
        raise _ClaimLost
    return result


def retention_run_apply(*, run_id: uuid.UUID | str, now: dt.datetime | None = None) -> RetentionRun:
    """Applies a released run as the user who released it: each listed record that is still
    due and still held by the run's organisation, each in its own transaction with its audit
    entry and its count in the run.

    Resumable and idempotent: a run stuck in "applying" (its worker died) is taken over after
    the lease and goes on after the last record counted, so every record is changed at most
    once and the counts add up; a run applied, not released, or applying in a live worker is
    returned unchanged."""
    token = _claim(run_id)
    run = RetentionRun.objects.select_related("released_by").get(pk=run_id)
    if token is None:
        return run
    if run.done_total:
        logger.warning("Retention run %s: resumed after %s records", run.pk, run.done_total)
    now = now or timezone.now()
    rules = declarations().rules
    try:
        for kind, entry in run.report.items():
            _apply_kind(run, token, kind, entry, rule=rules.get(kind), now=now)
    except _ClaimLost:
        logger.warning("Retention run %s: taken over by another worker, this one stops", run.pk)
        run.refresh_from_db()
        return run
    finished = RetentionRun.objects.filter(
        pk=run.pk, status=RetentionRun.Status.APPLYING, claim_token=token
    ).update(status=RetentionRun.Status.APPLIED, applied_at=timezone.now(), claim_token=None)
    if not finished:
        logger.warning("Retention run %s: taken over by another worker, this one stops", run.pk)
    run.refresh_from_db()
    return run


def _apply_kind(
    run: RetentionRun,
    token: uuid.UUID,
    kind: str,
    entry: dict,
    *,
    rule: RetentionRule | None,
    now: dt.datetime,
) -> None:
    done = sum(run.result.get(kind, {}).values())
    if rule is None or entry["action"] not in rule.actions:
        logger.error("Retention run %s: rule %s or its action is gone", run.pk, kind)
        for _pk in entry["ids"][done:]:
            with transaction.atomic():
                result = _count(run, token, kind, "failed")
            run.result = result
        return
    cutoff = now - dt.timedelta(days=entry["days"])
    reason = _("Aufbewahrungsfrist abgelaufen (%(rule)s, Lauf %(run)s)") % {
        "rule": rule.label,
        "run": run.pk,
    }
    for pk in entry["ids"][done:]:
        try:
            with transaction.atomic():
                due = rule.due(cutoff, entry["action"]).filter(pk=pk)
                if rule.held_by is not None:
                    # A record now held by another organisation is not this run's.
                    due = due.filter(**{rule.held_by: run.organisation_id})
                record = due.select_for_update(of=("self",)).first()
                if record is not None:
                    # Recorded before the change, so a deleted record still has its key.
                    audit_record(
                        actor=run.released_by,
                        verb=f"retention.{entry['action']}",
                        target=record,
                        note=reason,
                    )
                    rule.apply(record, action=entry["action"], actor=run.released_by, reason=reason)
                result = _count(run, token, kind, "skipped" if record is None else "applied")
        except _ClaimLost:
            raise
        except Exception:
            # One record that fails must not stop the others; it stays due for the next run.
            logger.exception("Retention run %s: %s %s failed", run.pk, kind, pk)
            with transaction.atomic():
                result = _count(run, token, kind, "failed")
        run.result = result


@transaction.atomic
def retention_run_resume(*, actor: Actor, run: RetentionRun) -> RetentionRun:
    """Asks the worker again to apply a stuck run (its worker died, or none ran): it goes on
    after the last record done. Audited; refused while a worker is applying it."""
    require(actor, "compliance.release_retention_run", run)
    # Read, not locked: a worker applying the run locks the audit chain before the run's row,
    # and this would lock them the other way round. Two resumes enqueue two tasks, of which
    # the run's claim lets one work.
    run.refresh_from_db()
    if not run.is_stuck():
        raise ValidationError(
            _(
                "Dieser Lauf wird gerade ausgeführt oder ist fertig. "
                "Er muss nicht fortgesetzt werden."
            )
        )
    audit_record(
        actor=actor,
        verb="retention.resumed",
        target=run,
        note=_("Fortgesetzt nach %(done)s von %(count)s Datensätzen")
        % {"done": run.done_total, "count": run.due_total},
    )
    from lotse.compliance.tasks import retention_apply

    run_id = str(run.pk)
    transaction.on_commit(lambda: retention_apply.enqueue(run_id))
    return run


EXPORT_PURPOSE = "Auskunft nach Art. 15 DSGVO"


@transaction.atomic
def subject_access_export(
    *, actor: Actor, person: Person, file_format: Literal["json", "pdf"]
) -> dict[str, Any]:
    """The collected data for a download, the export recorded (`person.exported`)."""
    data = subject_access_collect(actor=actor, person=person)
    audit_record(
        actor=actor, verb="person.exported", target=person, note=file_format, purpose=EXPORT_PURPOSE
    )
    return data
