import datetime as dt
import io
import uuid

import pytest
from django.utils import timezone
from pypdf import PdfReader

from lotse.compliance.models import RetentionRun
from lotse.compliance.services import retention_dry_run
from lotse.compliance.tasks import retention_apply
from lotse.core.models import AuditEntry, BarrierReport

RECORD = "/datenschutz/verzeichnis/"
PDF = "/datenschutz/verzeichnis.pdf"
RETENTION = "/datenschutz/aufbewahrung/"
DRY_RUN = "/datenschutz/aufbewahrung/probelauf/"


@pytest.fixture
def login(client, with_totp):
    def login_as(user):
        with_totp(user)
        client.force_login(user)
        return client

    return login_as


def _old_report() -> BarrierReport:
    report = BarrierReport.objects.create(message="Kontrast zu schwach", email="a@b.de")
    BarrierReport.objects.filter(pk=report.pk).update(
        created_at=timezone.now() - dt.timedelta(days=800)
    )
    return report


def test_record_page_shows_fields_with_their_marks(login, manager):
    response = login(manager).get(RECORD)

    assert response.status_code == 200
    assert "Verzeichnis von Verarbeitungstätigkeiten" in response.text
    assert "Vorname" in response.text
    assert "verschlüsselt gespeichert" in response.text
    assert "Gesundheitsdaten, Art. 9 DSGVO" in response.text
    assert "Kreis Lindenau" in response.text


def test_record_pdf_holds_the_same_content(login, region_coordinator):
    response = login(region_coordinator).get(PDF)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert "Verzeichnis von Verarbeitungstätigkeiten" in text
    assert "Beratung und Weitervermittlung" in text
    assert "Vorname" in text
    assert "Hören (verschlüsselt gespeichert) (Gesundheitsdaten, Art. 9 DSGVO)" in text


def test_record_refuses_office_staff_and_sends_visitors_to_the_login(client, login, office_staff):
    assert client.get(RECORD).status_code == 302
    assert "/konto/anmelden/" in client.get(PDF)["Location"]

    assert login(office_staff).get(RECORD).status_code == 403
    assert client.get(PDF).status_code == 403


def _platform_run() -> RetentionRun:
    return next(run for run in retention_dry_run(actor=None) if run.organisation_id is None)


def _office_run(office) -> RetentionRun:
    return next(run for run in retention_dry_run(actor=None) if run.organisation_id == office.pk)


def _release(run: RetentionRun) -> str:
    return f"/datenschutz/aufbewahrung/{run.pk}/freigeben/"


def _pending_part(response) -> str:
    """The page up to the rules table: the runs waiting for release."""
    return response.text.split("Probeläufe zur Freigabe")[1].split("Geltende")[0]


def test_retention_page_shows_coordination_the_platform_run_only(
    login, coordinator, office, make_person
):
    _old_report()
    make_person(updated_at=timezone.now() - dt.timedelta(days=1200))
    runs = retention_dry_run(actor=None)
    platform, own = sorted(runs, key=lambda run: run.organisation_id is not None)

    response = login(coordinator).get(RETENTION)

    assert response.status_code == 200
    pending = _pending_part(response)
    assert f'id="lauf-{platform.pk}"' in pending
    assert "Meldungen über Barrieren" in pending
    assert "Möchten Sie 1 Datensatz jetzt löschen oder anonymisieren lassen?" in pending
    # The office's run (one person due) is not coordination's to see.
    assert str(own.pk) not in response.text
    assert "Personen ohne Änderung" not in pending


def test_retention_page_shows_a_manager_the_run_of_their_organisation_only(
    login, office_manager, office, make_person
):
    _old_report()
    make_person(updated_at=timezone.now() - dt.timedelta(days=1200), given_name="Wilhelmine")
    runs = retention_dry_run(actor=None)
    platform, own = sorted(runs, key=lambda run: run.organisation_id is not None)

    response = login(office_manager).get(RETENTION)

    assert response.status_code == 200
    pending = _pending_part(response)
    assert f'id="lauf-{own.pk}"' in pending
    assert "Personen ohne Änderung" in pending
    assert _release(own) in pending
    assert str(platform.pk) not in response.text
    assert "Meldungen über Barrieren" not in pending
    # Counts only, never names.
    assert "Wilhelmine" not in response.text and "Müller" not in response.text


def test_manager_releases_the_run_and_the_worker_anonymises_the_person(
    login, office_manager, office, make_person, django_capture_on_commit_callbacks
):
    person = make_person(updated_at=timezone.now() - dt.timedelta(days=1200))
    run = _office_run(office)
    client = login(office_manager)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(_release(run), follow=True)

    run.refresh_from_db()
    assert run.status == RetentionRun.Status.RELEASED
    assert "Der Probelauf ist freigegeben" in response.text
    # The worker anonymises, not the page.
    person.refresh_from_db()
    assert person.anonymised_at is None
    retention_apply.call(str(run.pk))
    person.refresh_from_db()
    assert person.anonymised_at is not None and person.given_name == ""
    assert len(callbacks) == 1


def test_administrator_of_another_organisation_neither_sees_nor_releases_the_run(
    login, administrator, office, make_person
):
    make_person(updated_at=timezone.now() - dt.timedelta(days=1200))
    run = _office_run(office)
    client = login(administrator)

    page = client.get(RETENTION)
    response = client.post(_release(run))

    assert page.status_code == 200
    assert _release(run) not in page.text
    assert "Quartiersbüro Altstadt" not in page.text
    assert response.status_code == 404
    run.refresh_from_db()
    assert run.status == RetentionRun.Status.DRY_RUN


def test_colleague_without_the_role_gets_403_and_changes_nothing(
    login, office_staff, coordinator, office, make_person
):
    make_person(updated_at=timezone.now() - dt.timedelta(days=1200))
    run = _office_run(office)

    assert login(office_staff).post(_release(run)).status_code == 403
    assert login(coordinator).post(_release(run)).status_code == 403
    run.refresh_from_db()
    assert run.status == RetentionRun.Status.DRY_RUN


def test_coordination_releases_the_platform_run(login, coordinator):
    report = _old_report()
    run = _platform_run()

    response = login(coordinator).post(_release(run), follow=True)

    run.refresh_from_db()
    assert run.status == RetentionRun.Status.RELEASED and run.released_by == coordinator
    assert "Der Probelauf ist freigegeben" in response.text
    assert BarrierReport.objects.filter(pk=report.pk).exists()
    retention_apply.call(str(run.pk))
    assert not BarrierReport.objects.filter(pk=report.pk).exists()


def test_manager_may_not_release_the_platform_run(login, office_manager):
    run = _platform_run()

    assert login(office_manager).post(_release(run)).status_code == 404
    run.refresh_from_db()
    assert run.status == RetentionRun.Status.DRY_RUN


def test_release_of_an_unknown_or_released_run_changes_nothing(login, coordinator):
    run = _platform_run()
    client = login(coordinator)

    unknown = client.post(f"/datenschutz/aufbewahrung/{uuid.uuid4()}/freigeben/")
    client.post(_release(run))
    again = client.post(_release(run), follow=True)

    assert unknown.status_code == 404
    assert "schon freigegeben" in again.text


def test_retention_pages_refuse_office_staff(login, office_staff):
    client = login(office_staff)

    assert client.get(RETENTION).status_code == 403
    assert client.post(DRY_RUN).status_code == 403
    assert not RetentionRun.objects.exists()


def test_dry_run_button_makes_a_report(login, administrator):
    _old_report()

    response = login(administrator).post(DRY_RUN, follow=True)

    assert "Es wurde nichts geändert" in response.text
    assert RetentionRun.objects.get().report["core.barrier_report"]["ids"]


def _stuck(run: RetentionRun, *, done: int = 0) -> None:
    """As a dead worker leaves a run: applying, `done` records counted, silent for long."""
    RetentionRun.objects.filter(pk=run.pk).update(
        status=RetentionRun.Status.APPLYING,
        released_at=timezone.now() - dt.timedelta(hours=1),
        heartbeat_at=timezone.now() - dt.timedelta(hours=1),
        result={"core.barrier_report": {"applied": done, "skipped": 0, "failed": 0}},
    )


def test_a_stuck_run_is_shown_and_its_releaser_resumes_it(
    login, coordinator, django_capture_on_commit_callbacks
):
    _old_report()
    _old_report()
    run = _platform_run()
    client = login(coordinator)
    client.post(_release(run))
    _stuck(run, done=1)
    resume = f"/datenschutz/aufbewahrung/{run.pk}/fortsetzen/"

    page = client.get(RETENTION)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(resume, follow=True)

    assert "Hängende Läufe" in page.text
    assert "1 von 2 Datensätzen bearbeitet" in page.text
    assert resume in page.text
    assert "wird in den nächsten Minuten fortgesetzt" in response.text
    assert len(callbacks) == 1
    retention_apply.call(str(run.pk))
    run.refresh_from_db()
    assert run.status == RetentionRun.Status.APPLIED
    assert run.applied_total == 2
    assert "Hängende Läufe" not in client.get(RETENTION).text


def test_a_run_at_work_is_not_shown_as_stuck_and_cannot_be_resumed(login, coordinator):
    _old_report()
    run = _platform_run()
    client = login(coordinator)
    client.post(_release(run))
    RetentionRun.objects.filter(pk=run.pk).update(
        status=RetentionRun.Status.APPLYING, heartbeat_at=timezone.now()
    )

    page = client.get(RETENTION)
    response = client.post(f"/datenschutz/aufbewahrung/{run.pk}/fortsetzen/", follow=True)

    assert "Hängende Läufe" not in page.text
    assert "0 von 1 bearbeitet" in page.text
    assert "muss nicht fortgesetzt werden" in response.text


def test_only_the_releasers_may_resume_a_stuck_run(
    login, office_manager, office_staff, administrator, office, make_person
):
    make_person(updated_at=timezone.now() - dt.timedelta(days=1200))
    run = _office_run(office)
    login(office_manager).post(_release(run))
    _stuck(run)
    resume = f"/datenschutz/aufbewahrung/{run.pk}/fortsetzen/"

    assert login(office_staff).post(resume).status_code == 403
    other = login(administrator)
    assert other.post(resume).status_code == 404
    assert "Hängende Läufe" not in other.get(RETENTION).text
    assert not AuditEntry.objects.filter(verb="retention.resumed").exists()
