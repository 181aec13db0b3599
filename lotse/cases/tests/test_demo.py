"""The demo region's case work (issue 19): two sites, about sixty cases in every stage, an
overdue review, a handover, a current cover, and kuemmerer@ lands on the caseload."""

import io

from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from lotse.accounts.models import User
from lotse.accounts.staff_menu import landing_url
from lotse.cases.models import CaseEvent, CaseFile, Cover, JournalEntry, Stage
from lotse.cases.selectors import case_file_list

MAKE_RUN = [
    "load_demo",
    "load_demo_offices",
    "load_demo_volunteers",
    "load_demo_volunteer_requests",
    "load_demo_groups",
    "load_demo_cases",
]


def _load(*commands: str) -> str:
    out = io.StringIO()
    for command in commands:
        call_command(command, stdout=out)
    return out.getvalue()


def test_demo_cases_load_in_make_run_order_once_with_every_stage(db):
    # Given the demo loaded in the order `make run` uses
    output = _load(*MAKE_RUN)

    # When the case loader runs a second time
    again = _load("load_demo_cases")

    # Then there are about sixty cases at two sites, in every stage, loaded once
    today = timezone.localdate()
    cases = list(CaseFile.objects.all())
    assert len(cases) >= 55
    assert CaseFile.objects.values("site").distinct().count() == 2
    assert {case.stage_today(today) for case in cases} == set(Stage.values)
    assert any(
        case.stage == Stage.IMPLEMENTATION
        and case.next_review_on is not None
        and case.next_review_on < today
        for case in cases
    )
    assert CaseEvent.objects.filter(kind=CaseEvent.Kind.HANDED_OVER).count() == 1
    assert Cover.objects.filter(starts_on__lte=today, ends_on__gte=today).exists()
    assert JournalEntry.objects.count() > 300
    assert "schon geladen" in again
    assert len(CaseFile.objects.all()) == len(cases)
    assert "kuemmerer2@demo.lotse" in output


def test_demo_navigator_lands_on_a_caseload_with_own_handed_over_and_covered_cases(db, with_totp):
    _load(*MAKE_RUN)
    navigator = User.objects.get(email="kuemmerer@demo.lotse")
    with_totp(navigator)

    mine = case_file_list(actor=navigator).exclude(stage=Stage.CLOSED)
    client = Client()
    client.force_login(navigator)
    page = client.get("/begleitungen/")

    handed = CaseEvent.objects.get(kind=CaseEvent.Kind.HANDED_OVER).case_file
    absent = Cover.objects.get().absent
    assert landing_url(navigator) == "/begleitungen/"
    assert page.status_code == 200
    assert mine.filter(responsible=navigator).count() >= 20
    assert handed in mine and handed.responsible == navigator
    assert mine.filter(responsible=absent).exists()
    assert handed.person.family_name in page.content.decode()
