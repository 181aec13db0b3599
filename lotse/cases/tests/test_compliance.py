"""Issue 19: the Art. 15 copy, the Art. 17 erasure and the retention include everything a case
holds; the record of processing activities and the privacy notice declare it."""

import datetime as dt
import json

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.utils import timezone

from lotse.cases.models import (
    Action,
    Assessment,
    AssessmentRating,
    CaseEvent,
    CaseFile,
    Goal,
    JournalEntry,
    LifeArea,
    NetworkContact,
    Review,
    Stage,
)
from lotse.cases.processing import ERASED, case_file_text_erase
from lotse.compliance.erasure import erasure_plan, person_anonymise
from lotse.compliance.selectors import processing_record
from lotse.compliance.selectors_rights import subject_access_collect
from lotse.compliance.services import (
    retention_dry_run,
    retention_run_apply,
    retention_run_release,
)
from lotse.core.declarations import declarations
from lotse.core.models import AuditEntry

JOURNAL_NOTE = "Hausbesuch: Herzmedikamente neu eingestellt, wirkt müde."
GOAL = "Ich möchte wieder allein einkaufen gehen."
RATING_NOTE = "Braucht beim Duschen Hilfe."
CONTACT = "Sabine Müller (Tochter)"
REVIEW = "Einkaufen klappt mit der Nachbarschaftshilfe."
HANDOVER = "Übergabe: Tochter Sabine ist informiert."
TEXTS = (JOURNAL_NOTE, GOAL, RATING_NOTE, CONTACT, REVIEW, HANDOVER, "0171 4455667")


def fill(case_file: CaseFile) -> CaseFile:
    """One of everything a case holds, with text in each."""
    by = case_file.responsible
    today = timezone.localdate()
    assessment = Assessment.objects.create(case_file=case_file, assessed_on=today, recorded_by=by)
    AssessmentRating.objects.create(
        assessment=assessment, area=LifeArea.EVERYDAY, level=2, note=RATING_NOTE
    )
    goal = Goal.objects.create(case_file=case_file, text=GOAL, area=LifeArea.EVERYDAY)
    Action.objects.create(
        case_file=case_file,
        goal=goal,
        title="Einkaufshilfe bei Frau Ostermann anfragen",
        doer=Action.Doer.RELATIVE,
        doer_name="Sabine Müller",
        due_on=today,
        created_by=by,
    )
    JournalEntry.objects.create(
        case_file=case_file,
        kind=JournalEntry.Kind.HOME_VISIT,
        happened_at=timezone.now(),
        minutes=60,
        note=JOURNAL_NOTE,
        author=by,
    )
    NetworkContact.objects.create(
        case_file=case_file,
        role=NetworkContact.Role.RELATIVE,
        name=CONTACT,
        phone="0171 4455667",
        email="sabine@example.org",
        note="Nur abends.",
    )
    Review.objects.create(
        case_file=case_file,
        reviewed_on=today,
        what_changed=REVIEW,
        plan_note="Plan bleibt.",
        assessment=assessment,
        recorded_by=by,
    )
    CaseEvent.objects.create(
        case_file=case_file, kind=CaseEvent.Kind.HANDED_OVER, actor=by, note=HANDOVER
    )
    return case_file


def raw_rows() -> str:
    """Every cases table as stored, decrypted where encrypted, as one text to search."""
    rows = []
    for model in (
        CaseFile,
        CaseEvent,
        AssessmentRating,
        Goal,
        Action,
        JournalEntry,
        NetworkContact,
        Review,
    ):
        rows += [json.dumps(row, cls=DjangoJSONEncoder) for row in model.objects.values()]
    return "\n".join(rows)


# Art. 30 and the privacy notice


def test_case_work_is_declared_with_every_cases_model_and_health_fields():
    found = declarations()

    (activity,) = [a for a in found.activities if a.key == "cases.case_work"]
    assert {label.split(".")[1] for label in activity.models} >= {
        "CaseFile",
        "CaseEvent",
        "Assessment",
        "AssessmentRating",
        "Goal",
        "Action",
        "JournalEntry",
        "NetworkContact",
        "Review",
        "Cover",
    }
    assert set(activity.legal_bases) == {"art6_1a", "art9_2a", "art9_2h"}
    assert "cases.closed_case" in found.rules
    assert "note" in found.art9_fields["cases.JournalEntry"]


def test_record_and_privacy_notice_list_the_case_work(client, db):
    record = processing_record()

    text = client.get("/datenschutz/hinweise/").content.decode()

    (item,) = [a for a in record["activities"] if a.activity.key == "cases.case_work"]
    journal = next(m for m in item.models if m.name == "Journal")
    assert any(f.encrypted and f.health for f in journal.fields)
    assert "Kümmerer-Begleitung" in text


# Art. 15


def test_copy_holds_the_case_with_its_journal_goals_network_and_ratings(office_staff, case_file):
    fill(case_file)

    data = subject_access_collect(actor=office_staff, person=case_file.person)

    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    (section,) = [s for s in data["records"] if s["model"] == "cases.CaseFile"]
    assert len(section["items"]) == 1
    for value in TEXTS:
        assert value in text, value
    assert "Nach dem Schlaganfall allein zu Hause." in text
    assert "fernet:" not in text
    assert "Begleitung angesehen" in text or "Begleitung begonnen" in text


# Art. 17


def test_erasure_leaves_no_note_name_or_goal_text_in_the_case(manager, case_file):
    fill(case_file)
    assert any(line.count >= 1 for line in erasure_plan(person=case_file.person))

    person_anonymise(actor=manager, person=case_file.person, reason="Antrag")

    stored = raw_rows()
    for value in (*TEXTS, "Klinikum Nord", "Schlaganfall allein", "Nur abends", "Plan bleibt"):
        assert value not in stored, value
    case_file.refresh_from_db()
    assert case_file.stage == Stage.CLOSED
    assert case_file.closing_reason == CaseFile.ClosingReason.OTHER
    assert NetworkContact.objects.get().name == ERASED
    assert Goal.objects.get().text == ""
    assert Action.objects.get().status == Action.Status.CANCELLED
    # The counts stay: the case, its journal minutes, the support level.
    assert JournalEntry.objects.get().minutes == 60
    assert AssessmentRating.objects.get().level == 2
    with connection.cursor() as cursor:
        cursor.execute("SELECT note FROM cases_journalentry")
        assert cursor.fetchall() == [("",)]


# Retention


def _closed(case_file: CaseFile, days_ago: int) -> CaseFile:
    closed_on = timezone.localdate() - dt.timedelta(days=days_ago)
    CaseFile.objects.filter(pk=case_file.pk).update(
        closed_on=closed_on, stage=Stage.CLOSED, closing_reason="goals_reached"
    )
    case_file.refresh_from_db()
    return case_file


def _due(days: int, action: str = "anonymise") -> set:
    rule = declarations().rules["cases.closed_case"]
    cutoff = timezone.now() - dt.timedelta(days=days)
    return set(rule.due(cutoff, action).values_list("pk", flat=True))


def test_closed_case_is_due_three_years_after_closing_and_not_before(case_file):
    fill(case_file)

    _closed(case_file, 3 * 365 - 1)
    not_yet = _due(3 * 365)
    _closed(case_file, 3 * 365 + 1)
    due = _due(3 * 365)

    assert case_file.pk not in not_yet
    assert case_file.pk in due


def test_open_case_is_never_due(case_file):
    fill(case_file)
    CaseFile.objects.filter(pk=case_file.pk).update(opened_on=dt.date(2000, 1, 1))

    assert _due(1) == set()
    assert _due(1, "delete") == set()


def test_anonymised_case_is_no_longer_due_and_keeps_its_counts(case_file):
    fill(case_file)
    _closed(case_file, 4 * 365)

    case_file_text_erase(case_file)

    assert _due(3 * 365) == set()
    assert JournalEntry.objects.get().minutes == 60
    for value in TEXTS:
        assert value not in raw_rows(), value


@pytest.mark.parametrize("action", ["anonymise", "delete"])
def test_retention_run_released_by_the_manager_applies_the_rule(
    settings, manager, case_file, action
):
    settings.LOTSE_RETENTION = {"cases.closed_case": {"days": 3 * 365, "action": action}}
    fill(case_file)
    _closed(case_file, 3 * 365 + 10)
    updated_at = CaseFile.objects.get().updated_at

    runs = retention_dry_run(actor=None)
    (run,) = [r for r in runs if r.organisation_id == case_file.organisation_id]
    assert run.report["cases.closed_case"]["ids"] == [str(case_file.pk)]
    retention_run_release(actor=manager, run=run)
    retention_run_apply(run_id=run.pk)

    assert _due(3 * 365, action) == set()
    if action == "delete":
        assert not CaseFile.objects.exists()
        assert not JournalEntry.objects.exists()
    else:
        # The person's own retention clock reads updated_at: anonymising does not move it.
        assert CaseFile.objects.get().updated_at == updated_at
        assert GOAL not in raw_rows()
    verb = "casefile.deleted" if action == "delete" else "casefile.anonymised"
    assert AuditEntry.objects.filter(verb=verb, target_id=str(case_file.pk)).exists()
