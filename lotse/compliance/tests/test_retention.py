import dataclasses
import datetime as dt
import io
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from lotse.accounts.models import Invitation
from lotse.compliance.models import RetentionRun
from lotse.compliance.rules import ERASURE_ROLES, RELEASE_ROLES
from lotse.compliance.selectors import retention_runs_pending, retention_runs_stuck
from lotse.compliance.services import (
    retention_dry_run,
    retention_run_apply,
    retention_run_release,
    retention_run_resume,
)
from lotse.compliance.tasks import retention_apply
from lotse.core.declarations import declarations
from lotse.core.models import AuditEntry, BarrierReport, Organisation
from lotse.people.models import Consent, Person

from .conftest import NOW

DAY = dt.timedelta(days=1)
SECOND = dt.timedelta(seconds=1)


def due_ids(kind: str, days: int, action: str | None = None) -> set[str]:
    rule = declarations().rules[kind]
    return {
        str(pk)
        for pk in rule.due(NOW - days * DAY, action or rule.default_action).values_list(
            "pk", flat=True
        )
    }


def _consent(person: Person, recorded_by, **fields) -> Consent:
    return Consent.objects.create(
        person=person,
        region_id=person.region_id,
        given_how=Consent.GivenHow.WRITTEN,
        recorded_by=recorded_by,
        **{"purpose": Consent.Purpose.KEEP, "given_at": NOW - 2000 * DAY, **fields},
    )


def _report(created_at: dt.datetime, **fields) -> BarrierReport:
    report = BarrierReport.objects.create(message="Schrift zu klein", **fields)
    BarrierReport.objects.filter(pk=report.pk).update(created_at=created_at)
    return report


def _invitation(office, **fields) -> Invitation:
    return Invitation.objects.create(
        organisation=office,
        role="office_staff",
        email="neu@test.de",
        token_hash=str(fields.pop("n", 1)) * 64,
        **fields,
    )


# Each rule: due / not due at the boundary


def test_person_is_due_three_years_after_the_last_change(make_person):
    old = make_person(updated_at=NOW - 1095 * DAY - SECOND)
    young = make_person(updated_at=NOW - 1095 * DAY + SECOND)

    due = due_ids("people.person", 1095)

    assert str(old.pk) in due
    assert str(young.pk) not in due


def test_person_with_active_keep_consent_is_not_due(make_person, office_staff):
    kept = make_person(updated_at=NOW - 2000 * DAY)
    _consent(kept, office_staff)
    withdrawn_long_ago = make_person(updated_at=NOW - 2000 * DAY)
    _consent(withdrawn_long_ago, office_staff, withdrawn_at=NOW - 1500 * DAY)
    withdrawn_lately = make_person(updated_at=NOW - 2000 * DAY)
    _consent(withdrawn_lately, office_staff, withdrawn_at=NOW - 10 * DAY)
    other_purpose = make_person(updated_at=NOW - 2000 * DAY)
    _consent(other_purpose, office_staff, purpose=Consent.Purpose.PHOTOS)

    due = due_ids("people.person", 1095)

    assert str(kept.pk) not in due
    assert str(withdrawn_long_ago.pk) in due
    assert str(withdrawn_lately.pk) not in due
    assert str(other_purpose.pk) in due


def test_anonymised_person_is_no_longer_due(make_person):
    person = make_person(updated_at=NOW - 2000 * DAY)
    Person.objects.filter(pk=person.pk).update(anonymised_at=NOW - 2000 * DAY)

    assert str(person.pk) not in due_ids("people.person", 1095)


def test_consent_evidence_is_due_three_years_after_withdrawal(make_person, office_staff):
    person = make_person(updated_at=NOW)
    old = _consent(
        person, office_staff, evidence_note="Brief", withdrawn_at=NOW - 1095 * DAY - SECOND
    )
    young = _consent(
        person, office_staff, evidence_note="Brief", withdrawn_at=NOW - 1095 * DAY + SECOND
    )
    empty = _consent(person, office_staff, evidence_note="", withdrawn_at=NOW - 2000 * DAY)
    active = _consent(person, office_staff, evidence_note="Brief")

    due = due_ids("people.consent_evidence", 1095)

    assert due == {str(old.pk)}
    assert {str(young.pk), str(empty.pk), str(active.pk)}.isdisjoint(due)


def test_barrier_report_is_due_two_years_after_receipt(db):
    old = _report(NOW - 730 * DAY - SECOND)
    young = _report(NOW - 730 * DAY + SECOND)

    assert due_ids("core.barrier_report", 730) == {str(old.pk)}
    assert str(young.pk) not in due_ids("core.barrier_report", 730)


def test_barrier_report_without_contact_is_not_due_for_anonymising(db):
    with_contact = _report(NOW - 800 * DAY, email="a@b.de")
    without = _report(NOW - 800 * DAY)

    assert due_ids("core.barrier_report", 730, "anonymise") == {str(with_contact.pk)}
    assert due_ids("core.barrier_report", 730, "delete") == {str(with_contact.pk), str(without.pk)}


def test_invitation_is_due_90_days_after_use_or_expiry(office):
    used_old = _invitation(office, n=1, expires_at=NOW, used_at=NOW - 90 * DAY - SECOND)
    used_young = _invitation(office, n=2, expires_at=NOW, used_at=NOW - 90 * DAY + SECOND)
    expired_old = _invitation(office, n=3, expires_at=NOW - 90 * DAY - SECOND)
    expired_young = _invitation(office, n=4, expires_at=NOW - 90 * DAY + SECOND)
    still_open = _invitation(office, n=5, expires_at=NOW + 7 * DAY)

    due = due_ids("accounts.invitation", 90)

    assert due == {str(used_old.pk), str(expired_old.pk)}
    assert {str(used_young.pk), str(expired_young.pk), str(still_open.pk)}.isdisjoint(due)


# The flow: dry run, release, apply


def platform_run(runs: list[RetentionRun]) -> RetentionRun:
    return next(run for run in runs if run.organisation_id is None)


def run_of(runs: list[RetentionRun], organisation: Organisation) -> RetentionRun:
    return next(run for run in runs if run.organisation_id == organisation.pk)


def test_dry_run_makes_one_run_per_holding_organisation_and_changes_nothing(
    coordinator, office, make_person
):
    report = _report(NOW - 800 * DAY, email="a@b.de")
    invitation = _invitation(office, expires_at=NOW - 100 * DAY)
    person = make_person(updated_at=NOW - 1200 * DAY)
    other = Organisation.objects.create(name="Caritas Anders", region_id=office.region_id)
    other_invitation = _invitation(other, n=2, expires_at=NOW - 100 * DAY)
    Organisation.objects.create(name="Nichts fällig", region_id=office.region_id)

    runs = retention_dry_run(actor=coordinator, now=NOW)

    assert {run.organisation_id for run in runs} == {None, office.pk, other.pk}
    assert all(run.status == RetentionRun.Status.DRY_RUN for run in runs)
    rules = declarations().rules
    platform = platform_run(runs).report
    assert platform["core.barrier_report"] == {
        "days": 730,
        "action": "delete",
        "ids": [str(report.pk)],
    }
    assert {kind for kind in platform} == {k for k, r in rules.items() if r.held_by is None}
    own = run_of(runs, office).report
    assert set(own) == {k for k, r in rules.items() if r.held_by is not None}
    assert own["accounts.invitation"]["ids"] == [str(invitation.pk)]
    assert own["people.person"]["ids"] == [str(person.pk)]
    assert own["people.consent_evidence"]["ids"] == []
    assert run_of(runs, other).report["accounts.invitation"]["ids"] == [str(other_invitation.pk)]
    assert run_of(runs, other).report["people.person"]["ids"] == []
    assert BarrierReport.objects.get(pk=report.pk).email == "a@b.de"
    assert Invitation.objects.filter(pk=invitation.pk).exists()
    assert Person.objects.get(pk=person.pk).given_name == "Erna"
    assert not AuditEntry.objects.filter(verb__startswith="retention.").exists()


def test_dry_run_puts_consent_evidence_in_the_run_of_the_persons_organisation(
    make_person, office, office_staff
):
    consent = _consent(
        make_person(updated_at=NOW),
        office_staff,
        evidence_note="Brief",
        withdrawn_at=NOW - 1200 * DAY,
    )

    runs = retention_dry_run(actor=None, now=NOW)

    assert run_of(runs, office).report["people.consent_evidence"]["ids"] == [str(consent.pk)]


def test_dry_run_uses_the_configured_days_and_action(settings, db):
    settings.LOTSE_RETENTION = {"core.barrier_report": {"days": 10, "action": "anonymise"}}
    report = _report(NOW - 11 * DAY, email="a@b.de")

    runs = retention_dry_run(actor=None, now=NOW)

    assert platform_run(runs).report["core.barrier_report"] == {
        "days": 10,
        "action": "anonymise",
        "ids": [str(report.pk)],
    }


def test_a_new_dry_run_replaces_all_runs_waiting(office):
    _invitation(office, expires_at=NOW - 100 * DAY)
    first = retention_dry_run(actor=None, now=NOW)

    second = retention_dry_run(actor=None, now=NOW)

    assert len(first) == 2
    assert all(
        RetentionRun.objects.get(pk=run.pk).status == RetentionRun.Status.SUPERSEDED
        for run in first
    )
    assert all(run.status == RetentionRun.Status.DRY_RUN for run in second)


def test_dry_run_refuses_staff_without_the_role(office_staff):
    with pytest.raises(PermissionDenied):
        retention_dry_run(actor=office_staff, now=NOW)

    assert not RetentionRun.objects.exists()


def test_apply_needs_a_release(db):
    report = _report(NOW - 800 * DAY)
    run = platform_run(retention_dry_run(actor=None, now=NOW))

    retention_run_apply(run_id=run.pk, now=NOW)

    run.refresh_from_db()
    assert run.status == RetentionRun.Status.DRY_RUN
    assert BarrierReport.objects.filter(pk=report.pk).exists()


def test_release_is_audited_and_enqueues_the_worker(
    coordinator, django_capture_on_commit_callbacks
):
    _report(NOW - 800 * DAY)
    run = platform_run(retention_dry_run(actor=None, now=NOW))

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        retention_run_release(actor=coordinator, run=run)

    run.refresh_from_db()
    assert run.status == RetentionRun.Status.RELEASED
    assert run.released_by == coordinator
    entry = AuditEntry.objects.get(verb="retention.released")
    assert entry.target_id == str(run.pk) and entry.actor == coordinator
    assert len(callbacks) == 1
    from django_tasks_db.models import DBTaskResult

    queued = DBTaskResult.objects.get()
    assert queued.task_path == "lotse.compliance.tasks.retention_apply"
    assert queued.args_kwargs["args"] == [str(run.pk)]


def test_organisation_run_is_released_only_by_its_managers_and_administrators(
    office, office_manager, office_admin, coordinator, office_staff, administrator
):
    _invitation(office, expires_at=NOW - 100 * DAY)
    run = run_of(retention_dry_run(actor=None, now=NOW), office)

    # Region coordination, office staff and an administrator of another organisation may not.
    for refused in (coordinator, office_staff, administrator):
        with pytest.raises(PermissionDenied):
            retention_run_release(actor=refused, run=run)
    run.refresh_from_db()
    assert run.status == RetentionRun.Status.DRY_RUN

    retention_run_release(actor=office_manager, run=run)
    with pytest.raises(ValidationError):
        retention_run_release(actor=office_admin, run=run)


def test_platform_run_is_released_by_coordination_or_administration(
    coordinator, administrator, office_manager
):
    run = platform_run(retention_dry_run(actor=None, now=NOW))

    with pytest.raises(PermissionDenied):
        retention_run_release(actor=office_manager, run=run)

    retention_run_release(actor=administrator, run=run)
    with pytest.raises(ValidationError):
        retention_run_release(actor=coordinator, run=run)


# One rule, the page's list and the service alike: every persona, on an organisation run of
# the office and on the platform run.
@pytest.mark.parametrize(
    ("persona", "office_run", "platform"),
    [
        ("resident", False, False),
        ("relative", False, False),
        ("helper", False, False),
        ("multiplier", False, False),
        ("office_staff", False, False),
        ("care_navigator", False, False),
        ("provider_staff", False, False),
        ("office_manager", True, False),
        ("office_admin", True, True),
        ("coordinator", False, True),
        ("researcher", False, False),
        ("administrator", False, True),  # administers AWO Altstadt, not the office
        ("outsider", False, False),
    ],
)
def test_release_rule_for_every_persona(request, office, persona, office_run, platform):
    _invitation(office, expires_at=NOW - 100 * DAY)
    runs = retention_dry_run(actor=None, now=NOW)
    user = request.getfixturevalue(persona)

    listed = {run.pk for run in retention_runs_pending(user)}

    assert user.has_perm("compliance.release_retention_run", run_of(runs, office)) is office_run
    assert user.has_perm("compliance.release_retention_run", platform_run(runs)) is platform
    assert (run_of(runs, office).pk in listed) is office_run
    assert (platform_run(runs).pk in listed) is platform


def test_release_roles_are_the_erasure_roles():
    assert set(RELEASE_ROLES) == set(ERASURE_ROLES)


def test_superseded_run_cannot_be_released(coordinator):
    old = platform_run(retention_dry_run(actor=None, now=NOW))
    retention_dry_run(actor=None, now=NOW)
    old.refresh_from_db()

    with pytest.raises(ValidationError):
        retention_run_release(actor=coordinator, run=old)


def test_apply_changes_exactly_the_listed_records_still_due(coordinator, office_admin, office):
    listed = _report(NOW - 800 * DAY)
    listed_but_gone = _report(NOW - 800 * DAY)
    invitation = _invitation(office, expires_at=NOW - 100 * DAY)
    runs = retention_dry_run(actor=None, now=NOW)
    retention_run_release(actor=coordinator, run=platform_run(runs))
    retention_run_release(actor=office_admin, run=run_of(runs, office))
    not_listed = _report(NOW - 900 * DAY)
    listed_but_gone.delete()

    platform = retention_run_apply(run_id=platform_run(runs).pk, now=NOW)
    own = retention_run_apply(run_id=run_of(runs, office).pk, now=NOW)

    assert not BarrierReport.objects.filter(pk=listed.pk).exists()
    assert not Invitation.objects.filter(pk=invitation.pk).exists()
    assert BarrierReport.objects.filter(pk=not_listed.pk).exists()
    assert platform.status == own.status == RetentionRun.Status.APPLIED
    assert platform.result["core.barrier_report"] == {"applied": 1, "skipped": 1, "failed": 0}
    assert own.result["accounts.invitation"] == {"applied": 1, "skipped": 0, "failed": 0}
    entries = AuditEntry.objects.filter(verb="retention.delete")
    assert {(e.target_id, e.actor) for e in entries} == {
        (str(listed.pk), coordinator),
        (str(invitation.pk), office_admin),
    }


def test_apply_skips_a_record_no_longer_due(office_manager, office, make_person, office_staff):
    person = make_person(updated_at=NOW - 800 * DAY)
    consent = _consent(person, office_staff, evidence_note="Brief", withdrawn_at=NOW - 1200 * DAY)
    run = run_of(retention_dry_run(actor=None, now=NOW), office)
    retention_run_release(actor=office_manager, run=run)
    Consent.objects.filter(pk=consent.pk).update(withdrawn_at=NOW - 10 * DAY)

    run = retention_run_apply(run_id=run.pk, now=NOW)

    assert Consent.objects.get(pk=consent.pk).evidence_note == "Brief"
    assert run.result["people.consent_evidence"] == {"applied": 0, "skipped": 1, "failed": 0}


def test_apply_skips_a_record_now_held_by_another_organisation(office_manager, office):
    invitation = _invitation(office, expires_at=NOW - 100 * DAY)
    run = run_of(retention_dry_run(actor=None, now=NOW), office)
    retention_run_release(actor=office_manager, run=run)
    other = Organisation.objects.create(name="Caritas Anders", region_id=office.region_id)
    Invitation.objects.filter(pk=invitation.pk).update(organisation=other)

    run = retention_run_apply(run_id=run.pk, now=NOW)

    assert Invitation.objects.filter(pk=invitation.pk).exists()
    assert run.result["accounts.invitation"] == {"applied": 0, "skipped": 1, "failed": 0}


def test_apply_redacts_consent_evidence(office_manager, office, make_person, office_staff):
    person = make_person(updated_at=NOW)
    consent = _consent(
        person, office_staff, evidence_note="Brief vom 3. März", withdrawn_at=NOW - 1200 * DAY
    )
    run = run_of(retention_dry_run(actor=None, now=NOW), office)
    retention_run_release(actor=office_manager, run=run)

    retention_run_apply(run_id=run.pk, now=NOW)

    consent.refresh_from_db()
    assert consent.evidence_note == ""
    assert consent.withdrawn_at is not None
    assert AuditEntry.objects.filter(verb="retention.redact", target_id=str(consent.pk)).exists()


def test_organisation_run_released_by_its_manager_anonymises_the_person(
    office_manager, office, make_person
):
    old = make_person(updated_at=NOW - 1200 * DAY, given_name="Alte")
    kept = make_person(updated_at=NOW - 10 * DAY, given_name="Neue")
    run = run_of(retention_dry_run(actor=None, now=NOW), office)
    retention_run_release(actor=office_manager, run=run)

    run = retention_run_apply(run_id=run.pk, now=NOW)

    old.refresh_from_db()
    kept.refresh_from_db()
    assert old.anonymised_at is not None and old.given_name == "" and old.phone == ""
    assert kept.anonymised_at is None and kept.given_name == "Neue"
    assert run.result["people.person"] == {"applied": 1, "skipped": 0, "failed": 0}
    entry = AuditEntry.objects.get(verb="retention.anonymise")
    assert entry.target_id == str(old.pk) and entry.actor == office_manager


def test_apply_counts_a_failing_record_and_goes_on(
    office_manager, office, make_person, office_staff
):
    # The manager left the office between release and apply: lotse.compliance no longer lets
    # them anonymise its persons. The person stays, the rest of the run goes on.
    person = make_person(updated_at=NOW - 1200 * DAY)
    consent = _consent(
        make_person(updated_at=NOW),
        office_staff,
        evidence_note="Brief",
        withdrawn_at=NOW - 1200 * DAY,
    )
    run = run_of(retention_dry_run(actor=None, now=NOW), office)
    retention_run_release(actor=office_manager, run=run)
    office_manager.memberships.all().delete()

    run = retention_run_apply(run_id=run.pk, now=NOW)

    person.refresh_from_db()
    assert person.anonymised_at is None and person.given_name == "Erna"
    assert run.result["people.person"] == {"applied": 0, "skipped": 0, "failed": 1}
    assert Consent.objects.get(pk=consent.pk).evidence_note == ""
    assert not AuditEntry.objects.filter(verb="retention.anonymise").exists()


def test_apply_runs_once(coordinator):
    _report(NOW - 800 * DAY)
    run = platform_run(retention_dry_run(actor=None, now=NOW))
    retention_run_release(actor=coordinator, run=run)
    first = retention_run_apply(run_id=run.pk, now=NOW)

    second = retention_run_apply(run_id=run.pk, now=NOW)

    assert second.result == first.result
    assert second.applied_at == first.applied_at
    assert AuditEntry.objects.filter(verb="retention.delete").count() == 1


def test_the_worker_task_applies_a_released_run(office_manager, office, make_person):
    person = make_person(updated_at=timezone.now() - 1200 * DAY)
    run = run_of(retention_dry_run(actor=None), office)
    retention_run_release(actor=office_manager, run=run)

    result = retention_apply.call(str(run.pk))

    assert result["people.person"]["applied"] == 1
    assert Person.objects.get(pk=person.pk).anonymised_at is not None


def test_command_prints_the_dry_run_and_applies_released_runs(coordinator, office_manager, office):
    report = _report(timezone.now() - 800 * DAY)
    invitation = _invitation(office, expires_at=timezone.now() - 100 * DAY)
    out = io.StringIO()

    call_command("retention_run", "--dry-run", stdout=out)

    assert "für Daten ohne Träger" in out.getvalue()
    assert "für Quartiersbüro Altstadt" in out.getvalue()
    assert "core.barrier_report: 1 fällig (delete nach 730 Tagen)" in out.getvalue()
    assert str(report.pk) in out.getvalue() and str(invitation.pk) in out.getvalue()
    assert BarrierReport.objects.filter(pk=report.pk).exists()
    runs = list(RetentionRun.objects.all())
    retention_run_release(actor=coordinator, run=platform_run(runs))
    retention_run_release(actor=office_manager, run=run_of(runs, office))
    out = io.StringIO()
    call_command("retention_run", "--apply", stdout=out)
    assert "Meldungen über Barrieren: 1 geändert" in out.getvalue()
    assert "Angenommene oder abgelaufene Einladungen: 1 geändert" in out.getvalue()
    assert not BarrierReport.objects.filter(pk=report.pk).exists()
    assert not Invitation.objects.filter(pk=invitation.pk).exists()


def test_person_with_a_record_touched_lately_is_not_due(make_person, office_staff):
    from lotse.people.models import PersonCorrection

    corrected_lately = make_person(updated_at=NOW - 2000 * DAY)
    PersonCorrection.objects.create(
        person=corrected_lately,
        region_id=corrected_lately.region_id,
        changed_by=office_staff,
        changed_at=NOW - 10 * DAY,
    )
    corrected_long_ago = make_person(updated_at=NOW - 2000 * DAY)
    PersonCorrection.objects.create(
        person=corrected_long_ago,
        region_id=corrected_long_ago.region_id,
        changed_by=office_staff,
        changed_at=NOW - 1500 * DAY,
    )

    due = due_ids("people.person", 1095)

    assert str(corrected_lately.pk) not in due
    assert str(corrected_long_ago.pk) in due


# A worker that dies: the run is resumed where it stopped, each record changed once.


def _stall(run: RetentionRun, *, seconds: int = 301) -> None:
    """As a dead worker leaves a run: applying, its last heartbeat older than the lease."""
    RetentionRun.objects.filter(pk=run.pk).update(
        heartbeat_at=timezone.now() - dt.timedelta(seconds=seconds)
    )


def _die_after(monkeypatch, records: int) -> None:
    """The worker dies (an exception that nothing catches) while applying record `records`+1,
    before its transaction commits."""
    rule = declarations().rules["core.barrier_report"]
    original = rule.apply
    calls = {"n": 0}

    def apply(record, **kwargs):
        calls["n"] += 1
        if calls["n"] > records:
            raise KeyboardInterrupt  # a BaseException: like SIGKILL, nothing records it
        return original(record, **kwargs)

    monkeypatch.setitem(declarations().rules, rule.kind, dataclasses.replace(rule, apply=apply))


def test_a_run_whose_worker_died_is_resumed_and_changes_each_record_once(
    coordinator, monkeypatch, settings
):
    settings.LOTSE_RETENTION_LEASE_SECONDS = 300
    reports = [_report(NOW - 800 * DAY) for _ in range(5)]
    run = platform_run(retention_dry_run(actor=None, now=NOW))
    retention_run_release(actor=coordinator, run=run)
    _die_after(monkeypatch, 2)
    with pytest.raises(KeyboardInterrupt):
        retention_run_apply(run_id=run.pk, now=NOW)
    monkeypatch.undo()
    run.refresh_from_db()
    assert run.status == RetentionRun.Status.APPLYING
    assert run.result["core.barrier_report"] == {"applied": 2, "skipped": 0, "failed": 0}
    assert BarrierReport.objects.count() == 3
    # Within the lease a second worker leaves it alone: the first might still be alive.
    assert retention_run_apply(run_id=run.pk, now=NOW).status == RetentionRun.Status.APPLYING
    assert not run.is_stuck()

    _stall(run)
    run.refresh_from_db()
    assert run.is_stuck()
    resumed = retention_run_apply(run_id=run.pk, now=NOW)

    assert resumed.status == RetentionRun.Status.APPLIED
    assert resumed.result["core.barrier_report"] == {"applied": 5, "skipped": 0, "failed": 0}
    assert not BarrierReport.objects.filter(pk__in=[r.pk for r in reports]).exists()
    deleted = AuditEntry.objects.filter(verb="retention.delete")
    assert sorted(deleted.values_list("target_id", flat=True)) == sorted(str(r.pk) for r in reports)
    assert resumed.claim_token is None


def test_the_task_reclaimed_before_the_runs_lease_ran_out_looks_again_and_resumes_it(
    coordinator, monkeypatch, settings
):
    # Given a run whose worker died a moment ago, within the run's lease of 1 s
    settings.LOTSE_RETENTION_LEASE_SECONDS = 1
    reports = [_report(NOW - 800 * DAY) for _ in range(3)]
    run = platform_run(retention_dry_run(actor=None, now=NOW))
    retention_run_release(actor=coordinator, run=run)
    _die_after(monkeypatch, 1)
    with pytest.raises(KeyboardInterrupt):
        retention_run_apply(run_id=run.pk, now=NOW)
    monkeypatch.undo()
    RetentionRun.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now())

    # When the task worker, having reclaimed the task, runs it at once
    result = retention_apply.call(str(run.pk))

    # Then it waited for the lease and applied the rest
    run.refresh_from_db()
    assert run.status == RetentionRun.Status.APPLIED
    assert result["core.barrier_report"]["applied"] == 3
    assert not BarrierReport.objects.filter(pk__in=[r.pk for r in reports]).exists()


def test_the_task_leaves_a_run_a_live_worker_applies(coordinator, monkeypatch, settings):
    # Given a run another worker holds and keeps alive
    settings.LOTSE_RETENTION_LEASE_SECONDS = 1
    _report(NOW - 800 * DAY)
    run = platform_run(retention_dry_run(actor=None, now=NOW))
    retention_run_release(actor=coordinator, run=run)
    RetentionRun.objects.filter(pk=run.pk).update(
        status=RetentionRun.Status.APPLYING, claim_token=uuid.uuid4(), heartbeat_at=timezone.now()
    )
    slept = []

    def sleep(seconds):
        slept.append(seconds)
        RetentionRun.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now())

    monkeypatch.setattr("lotse.compliance.tasks.time.sleep", sleep)

    # When the task runs
    retention_apply.call(str(run.pk))

    # Then it looked once more, found the run alive, and left it to that worker
    run.refresh_from_db()
    assert len(slept) == 1
    assert run.status == RetentionRun.Status.APPLYING
    assert BarrierReport.objects.count() == 1


def test_a_run_taken_over_by_another_worker_stops_and_rolls_back_its_record(
    coordinator, monkeypatch
):
    first, second = _report(NOW - 800 * DAY), _report(NOW - 800 * DAY)
    run = platform_run(retention_dry_run(actor=None, now=NOW))
    retention_run_release(actor=coordinator, run=run)
    rule = declarations().rules["core.barrier_report"]
    original = rule.apply

    def slow_apply(record, **kwargs):
        # This worker was silent for the whole lease: another one took the run over.
        RetentionRun.objects.filter(pk=run.pk).update(claim_token=uuid.uuid4())
        return original(record, **kwargs)

    monkeypatch.setitem(
        declarations().rules, rule.kind, dataclasses.replace(rule, apply=slow_apply)
    )

    stopped = retention_run_apply(run_id=run.pk, now=NOW)

    assert stopped.status == RetentionRun.Status.APPLYING
    assert stopped.result == {}
    assert BarrierReport.objects.filter(pk__in=[first.pk, second.pk]).count() == 2
    assert not AuditEntry.objects.filter(verb="retention.delete").exists()


def test_a_run_stuck_since_before_heartbeats_is_resumed_and_skips_what_is_done(coordinator):
    done, left = _report(NOW - 800 * DAY), _report(NOW - 800 * DAY)
    run = platform_run(retention_dry_run(actor=None, now=NOW))
    retention_run_release(actor=coordinator, run=run)
    RetentionRun.objects.filter(pk=run.pk).update(status=RetentionRun.Status.APPLYING)
    done.delete()

    run = retention_run_apply(run_id=run.pk, now=NOW)

    assert run.status == RetentionRun.Status.APPLIED
    assert run.result["core.barrier_report"] == {"applied": 1, "skipped": 1, "failed": 0}
    assert not BarrierReport.objects.filter(pk=left.pk).exists()


def test_resume_enqueues_the_worker_again_and_is_audited(
    coordinator, office_manager, django_capture_on_commit_callbacks
):
    _report(NOW - 800 * DAY)
    run = platform_run(retention_dry_run(actor=None, now=NOW))
    retention_run_release(actor=coordinator, run=run)
    RetentionRun.objects.filter(pk=run.pk).update(status=RetentionRun.Status.APPLYING)
    _stall(run)
    run.refresh_from_db()

    with pytest.raises(PermissionDenied):
        retention_run_resume(actor=office_manager, run=run)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        retention_run_resume(actor=coordinator, run=run)

    assert len(callbacks) == 1
    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.get().args_kwargs["args"] == [str(run.pk)]
    entry = AuditEntry.objects.get(verb="retention.resumed")
    assert entry.actor == coordinator and entry.target_id == str(run.pk)


def test_resume_refuses_a_run_that_is_working_or_done(coordinator):
    _report(NOW - 800 * DAY)
    run = platform_run(retention_dry_run(actor=None, now=NOW))
    retention_run_release(actor=coordinator, run=run)
    run.refresh_from_db()

    # Released a moment ago: the worker has not had its chance yet.
    with pytest.raises(ValidationError):
        retention_run_resume(actor=coordinator, run=run)
    applied = retention_run_apply(run_id=run.pk, now=NOW)
    with pytest.raises(ValidationError):
        retention_run_resume(actor=coordinator, run=applied)
    assert not AuditEntry.objects.filter(verb="retention.resumed").exists()


def test_command_apply_resumes_a_stuck_run(coordinator):
    report = _report(timezone.now() - 800 * DAY)
    run = platform_run(retention_dry_run(actor=None))
    retention_run_release(actor=coordinator, run=run)
    RetentionRun.objects.filter(pk=run.pk).update(status=RetentionRun.Status.APPLYING)
    _stall(run)
    out = io.StringIO()

    call_command("retention_run", "--apply", stdout=out)

    assert "Meldungen über Barrieren: 1 geändert" in out.getvalue()
    assert not BarrierReport.objects.filter(pk=report.pk).exists()
    assert RetentionRun.objects.get(pk=run.pk).status == RetentionRun.Status.APPLIED


def test_a_released_run_no_worker_took_is_stuck_after_the_lease(coordinator, office_manager):
    _report(NOW - 800 * DAY)
    run = platform_run(retention_dry_run(actor=None, now=NOW))
    retention_run_release(actor=coordinator, run=run)
    run.refresh_from_db()

    assert not run.is_stuck()
    assert run.is_stuck(now=timezone.now() + dt.timedelta(seconds=301))
    RetentionRun.objects.filter(pk=run.pk).update(released_at=timezone.now() - 301 * SECOND)
    assert [stuck.pk for stuck in retention_runs_stuck(coordinator)] == [run.pk]
    assert retention_runs_stuck(office_manager) == []  # not theirs to resume
