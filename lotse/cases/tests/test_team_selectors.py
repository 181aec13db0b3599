"""The caseload's attention flags, each with a case built for it, its order and filters, the
team leader's counts, and that a caseload page costs the same queries for 3 cases as for 30."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from lotse.cases.models import Action, CaseFile, Cover, Stage
from lotse.cases.selectors_team import (
    attention_reasons,
    caseload,
    caseload_sites,
    team_caseload,
    team_member_cases,
)
from lotse.cases.services import case_open
from lotse.cases.tests.conftest import colleague_make
from lotse.desk.models import Inquiry, Referral
from lotse.desk.services.inquiries import inquiry_create
from lotse.desk.services.referrals import referral_create
from lotse.people.tests.factories import PersonFactory

FLAGS = ("review_due", "task_overdue", "referral_waiting", "no_contact", "new_answer")


@pytest.fixture
def today():
    return timezone.localdate()


def _open(actor, office, site, *, opened_on=None, responsible=None, team=()) -> CaseFile:
    person = PersonFactory.create(organisation=office, region=office.region)
    case_file = case_open(
        actor=actor,
        organisation=office,
        person=person,
        site=site,
        reason=CaseFile.Reason.ILLNESS,
        source=CaseFile.Source.DIRECT,
        responsible=responsible,
        team=team,
        opened_on=opened_on,
    )
    # A fresh contact: no flag unless a test sets one.
    CaseFile.objects.filter(id=case_file.id).update(last_contact_at=timezone.now())
    return case_file


def _flags(actor, today, **filters) -> dict:
    return {
        row.pk: {flag for flag in FLAGS if getattr(row, flag)}
        for row in caseload(actor=actor, today=today, **filters)
    }


def _referral_action(case_file, office_staff, office, offer, actor, **referral_fields) -> Action:
    inquiry = inquiry_create(
        actor=office_staff,
        organisation=office,
        channel=Inquiry.Channel.PHONE,
        person=case_file.person,
        description="Begleitung",
    )
    referral = referral_create(actor=office_staff, inquiry=inquiry, service=offer)
    Referral.objects.filter(id=referral.id).update(**referral_fields)
    return Action.objects.create(
        case_file=case_file,
        kind=Action.Kind.REFERRAL,
        title="Mittagstisch",
        referral=referral,
        created_by=actor,
    )


def test_a_case_with_nothing_due_has_no_flag(case_file, care_navigator, today):
    CaseFile.objects.filter(id=case_file.id).update(last_contact_at=timezone.now())

    assert _flags(care_navigator, today) == {case_file.pk: set()}
    row = caseload(actor=care_navigator, today=today).get()
    assert getattr(row, "urgency") == 0  # noqa: B009 (an annotation)
    assert attention_reasons(row) == []


@pytest.mark.parametrize(
    ("next_review", "flagged"), [(-1, True), (0, True), (1, False), (None, False)]
)
def test_review_due_from_the_day_of_the_review(
    case_file, care_navigator, today, next_review, flagged
):
    review_on = None if next_review is None else today + dt.timedelta(days=next_review)
    CaseFile.objects.filter(id=case_file.id).update(
        next_review_on=review_on, last_contact_at=timezone.now()
    )

    assert _flags(care_navigator, today)[case_file.pk] == ({"review_due"} if flagged else set())


def test_task_overdue_only_for_an_open_task_due_before_today(case_file, care_navigator, today):
    CaseFile.objects.filter(id=case_file.id).update(last_contact_at=timezone.now())
    yesterday = today - dt.timedelta(days=1)
    case_file.actions.create(title="Heute", due_on=today, created_by=care_navigator)
    case_file.actions.create(
        title="Erledigt",
        due_on=yesterday,
        status=Action.Status.DONE,
        done_on=today,
        created_by=care_navigator,
    )
    assert _flags(care_navigator, today)[case_file.pk] == set()

    case_file.actions.create(title="Pflegegrad", due_on=yesterday, created_by=care_navigator)

    assert _flags(care_navigator, today)[case_file.pk] == {"task_overdue"}
    assert attention_reasons(caseload(actor=care_navigator, today=today).get()) == [
        "Aufgabe überfällig"
    ]


def test_no_contact_after_30_days_or_none_since_opening_30_days_ago(
    care_navigator, office, site, today
):
    recent = _open(care_navigator, office, site)
    old_contact = _open(care_navigator, office, site)
    CaseFile.objects.filter(id=old_contact.id).update(
        last_contact_at=timezone.now() - dt.timedelta(days=31)
    )
    never_new = _open(care_navigator, office, site, opened_on=today - dt.timedelta(days=29))
    never_old = _open(care_navigator, office, site, opened_on=today - dt.timedelta(days=30))
    CaseFile.objects.filter(id__in=[never_new.id, never_old.id]).update(last_contact_at=None)

    flags = _flags(care_navigator, today)

    assert flags[recent.pk] == set()
    assert flags[old_contact.pk] == {"no_contact"}
    assert flags[never_new.pk] == set()
    assert flags[never_old.pk] == {"no_contact"}


def test_referral_waiting_past_its_answer_date_or_with_an_office_alert(
    case_file, care_navigator, office_staff, office, make_offer, today
):
    CaseFile.objects.filter(id=case_file.id).update(last_contact_at=timezone.now())
    offer = make_offer("Mittagstisch")
    _referral_action(case_file, office_staff, office, offer, care_navigator, answer_due=today)
    assert _flags(care_navigator, today)[case_file.pk] == set()

    late = _referral_action(
        case_file,
        office_staff,
        office,
        offer,
        care_navigator,
        answer_due=today - dt.timedelta(days=1),
    )
    assert _flags(care_navigator, today)[case_file.pk] == {"referral_waiting"}
    assert late.referral_id is not None

    Referral.objects.filter(pk=late.referral_id).update(status=Referral.Status.ACCEPTED)
    assert _flags(care_navigator, today)[case_file.pk] == set()

    Referral.objects.filter(pk=late.referral_id).update(office_alert_at=timezone.now())
    assert _flags(care_navigator, today)[case_file.pk] == {"referral_waiting"}


def test_new_answer_is_a_referral_answered_in_the_last_seven_days(
    case_file, care_navigator, office_staff, office, make_offer, today
):
    CaseFile.objects.filter(id=case_file.id).update(last_contact_at=timezone.now())
    offer = make_offer("Mittagstisch")
    action = _referral_action(
        case_file,
        office_staff,
        office,
        offer,
        care_navigator,
        status=Referral.Status.ACCEPTED,
        answered_at=timezone.now() - dt.timedelta(days=8),
    )
    assert _flags(care_navigator, today)[case_file.pk] == set()
    assert action.referral_id is not None

    Referral.objects.filter(pk=action.referral_id).update(
        answered_at=timezone.now() - dt.timedelta(days=6)
    )

    assert _flags(care_navigator, today)[case_file.pk] == {"new_answer"}


def test_most_urgent_first_then_by_next_review(care_navigator, office, site, today):
    later = _open(care_navigator, office, site)
    sooner = _open(care_navigator, office, site)
    overdue_task = _open(care_navigator, office, site)
    review_due = _open(care_navigator, office, site)
    CaseFile.objects.filter(id=later.id).update(next_review_on=today + dt.timedelta(days=20))
    CaseFile.objects.filter(id=sooner.id).update(next_review_on=today + dt.timedelta(days=2))
    overdue_task.actions.create(
        title="Antrag", due_on=today - dt.timedelta(days=3), created_by=care_navigator
    )
    CaseFile.objects.filter(id=review_due.id).update(next_review_on=today)

    order = [row.pk for row in caseload(actor=care_navigator, today=today)]

    assert order == [review_due.pk, overdue_task.pk, sooner.pk, later.pk]


def test_caseload_holds_own_team_and_covered_cases_not_others_nor_closed(
    care_navigator, office, site, other_site, today
):
    colleague = colleague_make(office, "kollegin@test.de")
    absent = colleague_make(office, "abwesend@test.de")
    mine = _open(care_navigator, office, site)
    on_team = _open(care_navigator, office, site, responsible=colleague, team=[care_navigator])
    theirs = _open(care_navigator, office, other_site, responsible=colleague)
    covered = _open(care_navigator, office, site, responsible=absent)
    closed = _open(care_navigator, office, site)
    CaseFile.objects.filter(id=closed.id).update(stage=Stage.CLOSED, closed_on=today)
    Cover.objects.create(
        organisation=office,
        region=office.region,
        absent=absent,
        covering=care_navigator,
        starts_on=today,
        ends_on=today,
        created_by=absent,
    )
    # On the team of a case with several members: still one row.
    on_team.team.add(absent)

    rows = {row.pk: row for row in caseload(actor=care_navigator, today=today)}

    assert set(rows) == {mine.pk, on_team.pk, covered.pk}
    assert theirs.pk not in rows
    assert [pk for pk, row in rows.items() if getattr(row, "via_cover")]  # noqa: B009 == [covered.pk]


def test_filters_stage_site_and_attention_only(care_navigator, office, site, other_site, today):
    here = _open(care_navigator, office, site)
    there = _open(care_navigator, office, other_site)
    in_review = _open(care_navigator, office, site)
    CaseFile.objects.filter(id=in_review.id).update(
        stage=Stage.IMPLEMENTATION, next_review_on=today
    )

    def pks(**filters):
        return {row.pk for row in caseload(actor=care_navigator, today=today, **filters)}

    assert pks(site=other_site) == {there.pk}
    assert pks(stage=Stage.FIRST_CONTACT) == {here.pk, there.pk}
    assert pks(stage=Stage.REVIEW) == {in_review.pk}
    assert pks(stage=Stage.IMPLEMENTATION) == set()
    assert pks(attention_only=True) == {in_review.pk}
    assert set(caseload_sites(actor=care_navigator)) == {site, other_site}


def test_caseload_is_empty_for_someone_who_is_no_navigator(case_file, manager, office_staff, today):
    assert list(caseload(actor=manager, today=today)) == []
    assert list(caseload(actor=office_staff, today=today)) == []
    assert list(caseload(actor=None, today=today)) == []


def test_team_counts_per_navigator_and_site(
    care_navigator, manager, office, site, other_site, today
):
    colleague = colleague_make(office, "kollegin@test.de")
    idle = colleague_make(office, "ohne@test.de")
    _open(care_navigator, office, site)
    due = _open(care_navigator, office, other_site)
    CaseFile.objects.filter(id=due.id).update(
        stage=Stage.IMPLEMENTATION,
        next_review_on=today - dt.timedelta(days=1),
        last_contact_at=timezone.now() - dt.timedelta(days=40),
    )
    _open(care_navigator, office, site, responsible=colleague)
    closed = _open(care_navigator, office, site, responsible=colleague)
    CaseFile.objects.filter(id=closed.id).update(stage=Stage.CLOSED, closed_on=today)

    counts = team_caseload(actor=manager, organisation=office, today=today)

    people = {row.key: row for row in counts["people"]}
    assert set(people) == {care_navigator.pk, colleague.pk, idle.pk}
    mine = people[care_navigator.pk]
    assert (mine.open, mine.review_due, mine.no_contact) == (2, 1, 1)
    assert mine.stages["first_contact"] == 1
    assert mine.stages["review"] == 1
    assert mine.stages["implementation"] == 0
    assert (people[colleague.pk].open, people[idle.pk].open) == (1, 0)
    sites = {row.key: row.open for row in counts["sites"]}
    assert sites == {site.pk: 2, other_site.pk: 1}
    listed = team_member_cases(
        actor=manager, organisation=office, member_id=care_navigator.pk, today=today
    )
    assert len(listed) == 2
    assert listed[0].pk == due.pk  # the review due first


def test_team_view_is_refused_to_navigators_and_other_organisations(
    care_navigator, outsider, office, today
):
    for actor in (care_navigator, outsider, None):
        with pytest.raises(PermissionDenied):
            team_caseload(actor=actor, organisation=office, today=today)


def test_caseload_queries_do_not_grow_with_the_cases(
    client, with_totp, care_navigator, office, site, today, django_assert_max_num_queries
):
    with_totp(care_navigator)
    client.force_login(care_navigator)
    _open(care_navigator, office, site)
    client.get("/begleitungen/")  # warm: session, menu caches

    with django_assert_max_num_queries(30) as few:
        assert client.get("/begleitungen/").status_code == 200
    for _n in range(30):
        case_file = _open(care_navigator, office, site)
        case_file.actions.create(
            title="Antrag", due_on=today - dt.timedelta(days=1), created_by=care_navigator
        )

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/begleitungen/")

    assert response.status_code == 200
    assert response.text.count("Aufgabe überfällig") == 30
