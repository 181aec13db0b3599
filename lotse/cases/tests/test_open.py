"""Opening a case file, its number, its stage, and who may see it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from lotse.cases.models import Assessment, CaseEvent, CaseFile, Cover, Goal, Stage
from lotse.cases.selectors import access_case_file, case_file_list
from lotse.cases.services import case_open, case_stage_refresh
from lotse.cases.tests.conftest import colleague_make
from lotse.core.models import AuditEntry, Role


def test_case_open_numbers_cases_per_organisation_and_records_the_opening(
    case_file, care_navigator, office, erna, site
):
    second = case_open(
        actor=care_navigator,
        organisation=office,
        person=erna,
        site=site,
        reason=CaseFile.Reason.ISOLATION,
        source=CaseFile.Source.DIRECT,
    )

    assert (case_file.number, second.number) == (1, 2)
    assert case_file.responsible == care_navigator
    assert case_file.stage == Stage.FIRST_CONTACT
    assert case_file.events.get().kind == CaseEvent.Kind.OPENED
    assert AuditEntry.objects.filter(verb="casefile.opened", target_id=str(case_file.pk)).exists()
    assert str(case_file.label) == "Begleitung 1"


def test_case_open_refuses_a_person_of_another_organisation(care_navigator, office, site, outsider):
    from lotse.people.tests.factories import PersonFactory

    stranger = PersonFactory.create()

    with pytest.raises(ValidationError):
        case_open(
            actor=care_navigator,
            organisation=office,
            person=stranger,
            site=site,
            reason=CaseFile.Reason.OTHER,
            source=CaseFile.Source.DIRECT,
        )


def test_case_open_refuses_office_staff_and_a_responsible_who_is_no_navigator(
    care_navigator, office_staff, office, erna, site
):
    with pytest.raises(PermissionDenied):
        case_open(
            actor=office_staff,
            organisation=office,
            person=erna,
            site=site,
            reason=CaseFile.Reason.OTHER,
            source=CaseFile.Source.DIRECT,
        )
    with pytest.raises(ValidationError):
        case_open(
            actor=care_navigator,
            organisation=office,
            person=erna,
            site=site,
            reason=CaseFile.Reason.OTHER,
            source=CaseFile.Source.DIRECT,
            responsible=office_staff,
        )
    assert not CaseFile.objects.exists()


def test_case_stage_follows_what_happened(case_file, care_navigator):
    Assessment.objects.create(
        case_file=case_file, assessed_on=case_file.opened_on, recorded_by=care_navigator
    )
    assert case_stage_refresh(case_file) == Stage.ASSESSMENT

    Goal.objects.create(case_file=case_file, text="Wieder selbst einkaufen")
    assert case_stage_refresh(case_file) == Stage.PLAN

    case_file.actions.create(title="Pflegegrad beantragen", created_by=care_navigator)
    assert case_stage_refresh(case_file) == Stage.IMPLEMENTATION
    case_file.refresh_from_db()
    assert case_file.next_review_on is not None
    assert case_file.stage_today(case_file.next_review_on) == Stage.REVIEW


def test_access_case_file_lets_the_team_and_cover_in_and_keeps_other_navigators_out(
    case_file, care_navigator, colleague, manager, office_staff, outsider, office
):
    assert access_case_file(care_navigator, case_file.pk) == case_file
    assert access_case_file(manager, case_file.pk) == case_file
    assert AuditEntry.objects.filter(verb="casefile.read", purpose="Begleitung").count() == 2
    for refused in (colleague, office_staff):
        with pytest.raises(PermissionDenied):
            access_case_file(refused, case_file.pk)
    with pytest.raises(Http404):
        access_case_file(outsider, case_file.pk)

    case_file.team.add(colleague)
    case_file._lotse_team_ids = None
    assert access_case_file(colleague, case_file.pk) == case_file
    assert list(case_file_list(actor=colleague)) == [case_file]


def test_a_cover_sees_the_absent_colleagues_cases_only_while_it_lasts(
    case_file, care_navigator, office
):
    import datetime as dt

    from django.utils import timezone

    stand_in = colleague_make(office, "vertretung@test.de")
    today = timezone.localdate()
    Cover.objects.create(
        organisation=office,
        region=office.region,
        absent=care_navigator,
        covering=stand_in,
        starts_on=today - dt.timedelta(days=1),
        ends_on=today + dt.timedelta(days=1),
        created_by=care_navigator,
    )
    assert access_case_file(stand_in, case_file.pk) == case_file
    assert list(case_file_list(actor=stand_in)) == [case_file]

    Cover.objects.update(
        ends_on=today - dt.timedelta(days=1), starts_on=today - dt.timedelta(days=2)
    )
    fresh = type(stand_in).objects.get(pk=stand_in.pk)
    with pytest.raises(PermissionDenied):
        access_case_file(fresh, case_file.pk)
    assert list(case_file_list(actor=fresh)) == []


def test_a_navigator_who_lost_the_role_no_longer_sees_their_case(case_file, care_navigator):
    care_navigator.memberships.update(role=Role.OFFICE_STAFF)
    fresh = type(care_navigator).objects.get(pk=care_navigator.pk)

    with pytest.raises(PermissionDenied):
        access_case_file(fresh, case_file.pk)
