"""Handover, team and covers: who may, what is recorded, what is refused."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from lotse.cases.models import CaseEvent, CaseFile, Cover, Stage
from lotse.cases.selectors import access_case_file
from lotse.cases.services import CaseConflict
from lotse.cases.services_team import (
    case_hand_over,
    case_team_set,
    cover_add,
    cover_end,
)
from lotse.cases.tests.conftest import colleague_make
from lotse.core.models import AuditEntry, Role
from lotse.desk.services import outbox


@pytest.fixture
def sent(monkeypatch):
    messages: list[dict] = []

    def enqueue(**kwargs) -> bool:
        messages.append(kwargs)
        return True

    monkeypatch.setattr(outbox, "enqueue", enqueue)
    return messages


@pytest.fixture
def today():
    return timezone.localdate()


def _fresh(user):
    return type(user).objects.get(pk=user.pk)


# --- handover -----------------------------------------------------------------------------


def test_hand_over_moves_the_case_records_the_note_encrypted_and_tells_the_colleague(
    case_file, care_navigator, colleague, sent
):
    case_hand_over(
        actor=care_navigator,
        case_file=case_file,
        to_user=colleague,
        note="Frau Müller braucht dienstags Hilfe.",
    )

    case_file.refresh_from_db()
    assert case_file.responsible == colleague
    assert list(case_file.team.all()) == []
    event = case_file.events.get(kind=CaseEvent.Kind.HANDED_OVER)
    assert (event.from_user, event.to_user, event.actor) == (
        care_navigator,
        colleague,
        care_navigator,
    )
    assert event.note == "Frau Müller braucht dienstags Hilfe."
    with connection.cursor() as cursor:
        cursor.execute("SELECT note FROM cases_caseevent WHERE kind = 'handed_over'")
        assert "dienstags" not in cursor.fetchone()[0]
    assert AuditEntry.objects.filter(
        verb="casefile.handed_over", target_id=str(case_file.pk)
    ).exists()
    assert len(sent) == 1
    message = sent[0]
    assert message["email"] == colleague.email
    assert message["context"]["number"] == case_file.number
    assert str(case_file.pk) in message["context"]["link"]
    assert "Müller" not in str(message) and "Erna" not in str(message)
    # The previous responsible has left the case.
    with pytest.raises(PermissionDenied):
        access_case_file(_fresh(care_navigator), case_file.pk)
    assert access_case_file(_fresh(colleague), case_file.pk) == case_file


def test_hand_over_keeps_the_previous_responsible_on_the_team_when_asked(
    case_file, care_navigator, colleague, sent
):
    case_file.team.add(colleague)

    case_hand_over(
        actor=care_navigator,
        case_file=case_file,
        to_user=colleague,
        note="Bleibe im Team.",
        keep_on_team=True,
    )

    case_file.refresh_from_db()
    assert case_file.responsible == colleague
    assert list(case_file.team.all()) == [care_navigator]
    assert access_case_file(_fresh(care_navigator), case_file.pk) == case_file


def test_a_team_leader_hands_over_and_a_colleague_taking_it_themself_gets_no_mail(
    case_file, manager, colleague, sent
):
    case_hand_over(actor=manager, case_file=case_file, to_user=colleague, note="Urlaub.")
    assert len(sent) == 1

    case_file.refresh_from_db()
    back = colleague_make(case_file.organisation, "dritte@test.de")
    case_file.team.add(back)
    case_file._lotse_team_ids = None
    case_hand_over(actor=_fresh(back), case_file=case_file, to_user=back, note="Übernehme.")
    assert len(sent) == 1


@pytest.mark.parametrize("persona", ["office_staff", "administrator", "outsider", "resident"])
def test_hand_over_is_refused_to_those_not_on_the_case(
    request, case_file, colleague, persona, sent
):
    actor = request.getfixturevalue(persona)

    with pytest.raises(PermissionDenied):
        case_hand_over(actor=actor, case_file=case_file, to_user=colleague, note="x")

    case_file.refresh_from_db()
    assert case_file.events.filter(kind=CaseEvent.Kind.HANDED_OVER).count() == 0
    assert sent == []


def test_hand_over_is_refused_to_a_navigator_of_another_site_not_on_the_case(
    case_file, colleague, sent
):
    third = colleague_make(case_file.organisation, "dritte@test.de")

    with pytest.raises(PermissionDenied):
        case_hand_over(actor=colleague, case_file=case_file, to_user=third, note="x")


@pytest.mark.parametrize("to_user", ["outsider", "office_staff", "manager", "care_navigator", None])
def test_hand_over_only_to_another_navigator_of_the_organisation(
    request, case_file, care_navigator, to_user, sent
):
    target = request.getfixturevalue(to_user) if to_user else None

    with pytest.raises(ValidationError):
        case_hand_over(actor=care_navigator, case_file=case_file, to_user=target, note="x")

    case_file.refresh_from_db()
    assert case_file.responsible == care_navigator
    assert sent == []


@pytest.mark.parametrize(
    ("note", "message"),
    [
        ("", "Schreiben Sie eine Übergabe-Notiz."),
        ("   \n ", "Schreiben Sie eine Übergabe-Notiz."),
        ("Nul\x00Byte", "Der Text enthält ein unerlaubtes Zeichen."),
        ("x" * 4001, "Die Notiz darf höchstens 4000 Zeichen haben."),
    ],
)
def test_hand_over_needs_a_sensible_note(case_file, care_navigator, colleague, note, message):
    with pytest.raises(ValidationError) as refused:
        case_hand_over(actor=care_navigator, case_file=case_file, to_user=colleague, note=note)

    assert refused.value.message_dict == {"note": [message]}
    case_file.refresh_from_db()
    assert case_file.responsible == care_navigator


def test_a_closed_case_is_not_handed_over_nor_its_team_changed(
    case_file, care_navigator, colleague, today
):
    CaseFile.objects.filter(pk=case_file.pk).update(stage=Stage.CLOSED, closed_on=today)

    with pytest.raises(CaseConflict):
        case_hand_over(actor=care_navigator, case_file=case_file, to_user=colleague, note="x")
    with pytest.raises(CaseConflict):
        case_team_set(actor=care_navigator, case_file=case_file, members=[colleague])

    case_file.refresh_from_db()
    assert case_file.responsible == care_navigator
    assert not case_file.team.exists()


def test_two_handovers_of_the_same_case_at_once_the_second_is_refused(
    case_file, care_navigator, manager, colleague, sent
):
    # Both read the case before either handed it over.
    seen_by_navigator = CaseFile.objects.get(pk=case_file.pk)
    seen_by_manager = CaseFile.objects.get(pk=case_file.pk)
    third = colleague_make(case_file.organisation, "dritte@test.de")

    case_hand_over(
        actor=care_navigator, case_file=seen_by_navigator, to_user=colleague, note="Erste."
    )
    with pytest.raises(CaseConflict):
        case_hand_over(actor=manager, case_file=seen_by_manager, to_user=third, note="Zweite.")

    case_file.refresh_from_db()
    assert case_file.responsible == colleague
    assert case_file.events.filter(kind=CaseEvent.Kind.HANDED_OVER).count() == 1
    assert len(sent) == 1


def test_hand_over_to_the_responsible_themself_is_refused(case_file, manager, care_navigator):
    with pytest.raises(ValidationError) as refused:
        case_hand_over(actor=manager, case_file=case_file, to_user=care_navigator, note="x")

    assert "to_user" in refused.value.message_dict


# --- team -----------------------------------------------------------------------------------


def test_team_set_adds_and_removes_colleagues_and_records_it(case_file, care_navigator, office):
    first = colleague_make(office, "erste@test.de")
    second = colleague_make(office, "zweite@test.de")

    case_team_set(actor=care_navigator, case_file=case_file, members=[first, care_navigator])
    assert set(case_file.team.all()) == {first}
    case_team_set(actor=care_navigator, case_file=case_file, members=[second])
    assert set(case_file.team.all()) == {second}
    case_team_set(actor=care_navigator, case_file=case_file, members=[second])

    events = list(case_file.events.filter(kind=CaseEvent.Kind.TEAM).order_by("at"))
    assert len(events) == 2
    assert "erste@test.de" in events[1].note and "zweite@test.de" in events[1].note
    assert AuditEntry.objects.filter(verb="casefile.team_changed").count() == 2


def test_team_only_of_navigators_of_the_organisation(
    case_file, care_navigator, office_staff, outsider
):
    for stranger in (office_staff, outsider):
        with pytest.raises(ValidationError):
            case_team_set(actor=care_navigator, case_file=case_file, members=[stranger])
    assert not case_file.team.exists()


def test_team_set_is_refused_to_colleagues_not_on_the_case(case_file, colleague, office_staff):
    for actor in (colleague, office_staff):
        with pytest.raises(PermissionDenied):
            case_team_set(actor=actor, case_file=case_file, members=[])


# --- covers -------------------------------------------------------------------------------


def test_a_navigator_enters_their_own_absence_and_the_cover_sees_the_cases(
    case_file, care_navigator, colleague, office, today
):
    cover = cover_add(
        actor=care_navigator,
        organisation=office,
        absent=care_navigator,
        covering=colleague,
        starts_on=today,
        ends_on=today + dt.timedelta(days=14),
    )

    assert cover.created_by == care_navigator
    assert AuditEntry.objects.filter(verb="cover.added", target_id=str(cover.pk)).exists()
    assert access_case_file(_fresh(colleague), case_file.pk) == case_file


def test_a_navigator_cannot_enter_someone_elses_absence_a_team_leader_can(
    care_navigator, colleague, manager, office, today
):
    third = colleague_make(office, "dritte@test.de")
    with pytest.raises(PermissionDenied):
        cover_add(
            actor=care_navigator,
            organisation=office,
            absent=colleague,
            covering=third,
            starts_on=today,
            ends_on=today,
        )

    cover = cover_add(
        actor=manager,
        organisation=office,
        absent=colleague,
        covering=third,
        starts_on=today,
        ends_on=today,
    )
    assert cover.absent == colleague


@pytest.mark.parametrize("persona", ["office_staff", "outsider", "resident"])
def test_cover_add_is_refused_to_those_without_the_right(
    request, persona, care_navigator, colleague, office, today
):
    actor = request.getfixturevalue(persona)

    with pytest.raises(PermissionDenied):
        cover_add(
            actor=actor,
            organisation=office,
            absent=care_navigator,
            covering=colleague,
            starts_on=today,
            ends_on=today,
        )
    assert not Cover.objects.exists()


def test_cover_needs_two_navigators_of_the_organisation_not_the_same(
    care_navigator, manager, office_staff, outsider, office, today
):
    for absent, covering, field in [
        (care_navigator, care_navigator, "covering"),
        (care_navigator, office_staff, "covering"),
        (care_navigator, outsider, "covering"),
        (care_navigator, None, "covering"),
        (office_staff, care_navigator, "absent"),
        (None, care_navigator, "absent"),
    ]:
        with pytest.raises(ValidationError) as refused:
            cover_add(
                actor=manager,
                organisation=office,
                absent=absent,
                covering=covering,
                starts_on=today,
                ends_on=today,
            )
        assert field in refused.value.message_dict
    assert not Cover.objects.exists()


@pytest.mark.parametrize(
    ("starts", "ends", "field"),
    [
        (0, -1, "ends_on"),  # ends before it starts
        (-10, -1, "ends_on"),  # entirely in the past
        (0, 366, "ends_on"),  # longer than a year
        (400, 401, "starts_on"),  # more than a year ahead
        (None, 1, "starts_on"),
        (0, None, "ends_on"),
    ],
)
def test_cover_dates_must_be_sensible(
    care_navigator, colleague, office, today, starts, ends, field
):
    def day(offset):
        return None if offset is None else today + dt.timedelta(days=offset)

    with pytest.raises(ValidationError) as refused:
        cover_add(
            actor=care_navigator,
            organisation=office,
            absent=care_navigator,
            covering=colleague,
            starts_on=day(starts),
            ends_on=day(ends),
        )

    assert field in refused.value.message_dict
    assert not Cover.objects.exists()


def test_a_second_cover_for_the_same_time_is_refused(care_navigator, colleague, office, today):
    cover_add(
        actor=care_navigator,
        organisation=office,
        absent=care_navigator,
        covering=colleague,
        starts_on=today,
        ends_on=today + dt.timedelta(days=5),
    )

    with pytest.raises(ValidationError):
        cover_add(
            actor=care_navigator,
            organisation=office,
            absent=care_navigator,
            covering=colleague,
            starts_on=today + dt.timedelta(days=5),
            ends_on=today + dt.timedelta(days=9),
        )


def test_cover_end_ends_a_running_cover_yesterday_and_removes_a_future_one(
    case_file, care_navigator, colleague, office, today
):
    running = Cover.objects.create(
        organisation=office,
        region=office.region,
        absent=care_navigator,
        covering=colleague,
        starts_on=today - dt.timedelta(days=3),
        ends_on=today + dt.timedelta(days=3),
        created_by=care_navigator,
    )
    future = Cover.objects.create(
        organisation=office,
        region=office.region,
        absent=care_navigator,
        covering=colleague,
        starts_on=today + dt.timedelta(days=10),
        ends_on=today + dt.timedelta(days=12),
        created_by=care_navigator,
    )

    assert cover_end(actor=care_navigator, cover=running) == running
    assert cover_end(actor=colleague, cover=future) is None

    running.refresh_from_db()
    assert running.ends_on == today - dt.timedelta(days=1)
    assert not Cover.objects.filter(pk=future.pk).exists()
    with pytest.raises(PermissionDenied):
        access_case_file(_fresh(colleague), case_file.pk)
    with pytest.raises(CaseConflict):
        cover_end(actor=care_navigator, cover=running)
    assert AuditEntry.objects.filter(verb__in=["cover.ended", "cover.removed"]).count() == 2


def test_cover_end_is_refused_to_a_navigator_not_in_it(care_navigator, colleague, office, today):
    cover = Cover.objects.create(
        organisation=office,
        region=office.region,
        absent=care_navigator,
        covering=colleague,
        starts_on=today,
        ends_on=today,
        created_by=care_navigator,
    )
    third = colleague_make(office, "dritte@test.de")

    for actor in (third, colleague_make(office, "empfang@test.de", Role.OFFICE_STAFF)):
        with pytest.raises(PermissionDenied):
            cover_end(actor=actor, cover=cover)
    assert Cover.objects.filter(pk=cover.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_two_handovers_at_the_same_moment_on_postgresql_one_wins(
    case_file, care_navigator, manager, colleague, sent
):
    """Two people hand the same case over at once (two connections): the row lock makes the
    second wait for the first and then refuse, so there is one handover, not two."""
    import threading

    from django.db import connection as main_connection
    from django.db import connections

    if main_connection.vendor != "postgresql":
        pytest.skip("needs concurrent transactions (PostgreSQL)")
    third = colleague_make(case_file.organisation, "dritte@test.de")
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def hand_over(actor_pk, to_user, note):
        try:
            actor = type(care_navigator).objects.get(pk=actor_pk)
            seen = CaseFile.objects.get(pk=case_file.pk)
            start.wait(timeout=10)
            case_hand_over(actor=actor, case_file=seen, to_user=to_user, note=note)
            outcomes.append("handed over")
        except CaseConflict:
            outcomes.append("conflict")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=hand_over, args=(care_navigator.pk, colleague, "Erste.")),
        threading.Thread(target=hand_over, args=(manager.pk, third, "Zweite.")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["conflict", "handed over"]
    assert case_file.events.filter(kind=CaseEvent.Kind.HANDED_OVER).count() == 1
