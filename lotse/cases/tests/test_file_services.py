"""The case file's services: opening (directly and from an inquiry), the assessment, the
journal, the network; refusals by persona, a closed case, bad input."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from lotse.cases import selectors_file
from lotse.cases.models import (
    Assessment,
    AssessmentRating,
    CaseFile,
    JournalEntry,
    LifeArea,
    NetworkContact,
    Stage,
    SupportLevel,
)
from lotse.cases.services import CaseClosed
from lotse.cases.services_file import (
    assessment_record,
    case_file_open,
    case_open_from_inquiry,
    journal_entry_add,
    network_contact_add,
    network_contact_change,
    network_contact_remove,
)
from lotse.cases.tests.conftest import colleague_make
from lotse.core.models import AuditEntry
from lotse.desk.models import Inquiry
from lotse.desk.services.inquiries import inquiry_create
from lotse.people.models import Proxy
from lotse.people.tests.factories import PersonFactory

ALL_SOME = {area: (SupportLevel.SOME, "") for area in LifeArea.values}


def _close(case_file: CaseFile) -> None:
    case_file.stage = Stage.CLOSED
    case_file.closed_on = timezone.localdate()
    case_file.save(update_fields=["stage", "closed_on"])


def _proxy(person, recorded_by, *, kind=Proxy.Kind.GUARDIAN, scope=("health", "assets"), **more):
    return Proxy.objects.create(
        person=person,
        region_id=person.region_id,
        kind=kind,
        name="Eva Berg",
        scope=list(scope),
        evidence_kind=Proxy.Evidence.GUARDIAN_CARD,
        recorded_by=recorded_by,
        **more,
    )


def _inquiry(office_staff, office, person=None, **more) -> Inquiry:
    return inquiry_create(
        actor=office_staff,
        organisation=office,
        channel=Inquiry.Channel.PHONE,
        person=person,
        description="Nach dem Krankenhaus braucht sie Hilfe zu Hause.",
        **more,
    )


# --- opening ---------------------------------------------------------------------------------


def test_case_file_open_records_a_hospital_referral_with_its_team(
    care_navigator, office, erna, site
):
    teammate = colleague_make(office, "team@test.de")

    case_file = case_file_open(
        actor=care_navigator,
        organisation=office,
        person=erna,
        site=site,
        reason=CaseFile.Reason.DISCHARGE,
        source=CaseFile.Source.HOSPITAL,
        source_detail="  Klinikum Nord, Sozialdienst ",
        reason_note="Entlassung am Freitag.",
        team=[teammate],
    )

    assert case_file.source_detail == "Klinikum Nord, Sozialdienst"
    assert case_file.responsible == care_navigator
    assert list(case_file.team.all()) == [teammate]


def test_case_file_open_refuses_office_staff_the_outsider_and_an_inquiry_source(
    care_navigator, office_staff, outsider, office, erna, site
):
    for actor in (office_staff, outsider):
        with pytest.raises(PermissionDenied):
            case_file_open(
                actor=actor,
                organisation=office,
                person=erna,
                site=site,
                reason=CaseFile.Reason.OTHER,
                source=CaseFile.Source.DIRECT,
            )
    with pytest.raises(ValidationError):
        case_file_open(
            actor=care_navigator,
            organisation=office,
            person=erna,
            site=site,
            reason=CaseFile.Reason.OTHER,
            source=CaseFile.Source.INQUIRY,
        )

    assert not CaseFile.objects.exists()


@pytest.mark.parametrize(
    "texts",
    [
        {"reason_note": "x" * 10_000},
        {"reason_note": "mit \x00 Nullzeichen"},
        {"source_detail": "y" * 201},
    ],
)
def test_case_file_open_refuses_bad_text(care_navigator, office, erna, site, texts):
    with pytest.raises(ValidationError):
        case_file_open(
            actor=care_navigator,
            organisation=office,
            person=erna,
            site=site,
            reason=CaseFile.Reason.OTHER,
            source=CaseFile.Source.DIRECT,
            **texts,
        )

    assert not CaseFile.objects.exists()


def test_case_file_open_refuses_another_organisations_person_and_site(
    care_navigator, office, erna, site
):
    stranger = PersonFactory.create()
    foreign_site = stranger.quarter or PersonFactory.create().region

    with pytest.raises(ValidationError):
        case_file_open(
            actor=care_navigator,
            organisation=office,
            person=stranger,
            site=site,
            reason=CaseFile.Reason.OTHER,
            source=CaseFile.Source.DIRECT,
        )
    with pytest.raises(ValidationError):
        case_file_open(
            actor=care_navigator,
            organisation=office,
            person=erna,
            site=foreign_site,
            reason=CaseFile.Reason.OTHER,
            source=CaseFile.Source.DIRECT,
        )


def test_case_open_from_inquiry_records_the_source_and_closes_the_inquiry(
    care_navigator, office_staff, office, erna, site
):
    inquiry = _inquiry(office_staff, office, erna)

    case_file = case_open_from_inquiry(
        actor=care_navigator,
        inquiry=inquiry,
        person=erna,
        site=site,
        reason=CaseFile.Reason.DISCHARGE,
    )

    inquiry.refresh_from_db()
    assert case_file.source == CaseFile.Source.INQUIRY
    assert case_file.source_inquiry == inquiry
    assert inquiry.status == Inquiry.Status.CLOSED
    assert inquiry.closing_note == f"Als Begleitung {case_file.number} übernommen"


def test_case_open_from_inquiry_takes_the_chosen_person_when_the_inquiry_has_none(
    care_navigator, office_staff, office, erna, site
):
    inquiry = _inquiry(office_staff, office, None)

    case_file = case_open_from_inquiry(
        actor=care_navigator, inquiry=inquiry, person=erna, site=site, reason="other"
    )

    assert case_file.person == erna


def test_case_open_from_inquiry_refuses_a_closed_inquiry_another_person_and_office_staff(
    care_navigator, office_staff, office, erna, site
):
    other = PersonFactory.create(organisation=office, region=office.region)
    inquiry = _inquiry(office_staff, office, erna)

    with pytest.raises(ValidationError):
        case_open_from_inquiry(
            actor=care_navigator, inquiry=inquiry, person=other, site=site, reason="other"
        )
    with pytest.raises(PermissionDenied):
        case_open_from_inquiry(
            actor=office_staff, inquiry=inquiry, person=erna, site=site, reason="other"
        )
    case_open_from_inquiry(
        actor=care_navigator, inquiry=inquiry, person=erna, site=site, reason="other"
    )
    inquiry.refresh_from_db()
    with pytest.raises(ValidationError, match="schon abgeschlossen"):
        case_open_from_inquiry(
            actor=care_navigator, inquiry=inquiry, person=erna, site=site, reason="other"
        )

    assert CaseFile.objects.count() == 1


def test_case_open_from_inquiry_opens_nothing_when_the_desk_refuses_to_close(
    care_navigator, office_staff, office, erna, site, monkeypatch
):
    inquiry = _inquiry(office_staff, office, erna)

    def refuse(**kwargs):
        raise ValidationError("Dieses Anliegen hat noch offene Weitervermittlungen.")

    monkeypatch.setattr("lotse.cases.services_file.inquiry_close", refuse)

    with pytest.raises(ValidationError):
        case_open_from_inquiry(
            actor=care_navigator, inquiry=inquiry, person=erna, site=site, reason="other"
        )

    assert not CaseFile.objects.exists()


# --- assessment ------------------------------------------------------------------------------


def test_assessment_record_stores_eight_ratings_and_moves_the_stage(case_file, care_navigator):
    ratings = dict(ALL_SOME)
    ratings[LifeArea.MONEY] = (SupportLevel.URGENT, "Pflegegrad beantragen")

    assessment = assessment_record(
        actor=care_navigator,
        case_file=case_file,
        assessed_on=timezone.localdate(),
        ratings=ratings,
    )

    assert assessment.ratings.count() == 8
    assert assessment.ratings.get(area=LifeArea.MONEY).note == "Pflegegrad beantragen"
    assert case_file.stage == Stage.ASSESSMENT
    assert AuditEntry.objects.filter(verb="assessment.recorded").exists()


def test_later_assessments_sit_beside_earlier_ones(case_file, care_navigator):
    today = timezone.localdate()
    assessment_record(
        actor=care_navigator, case_file=case_file, assessed_on=today, ratings=ALL_SOME
    )
    assessment_record(
        actor=care_navigator,
        case_file=case_file,
        assessed_on=today,
        ratings={area: (SupportLevel.NONE, "besser") for area in LifeArea.values},
    )

    grid = selectors_file.assessment_grid(selectors_file.assessment_list(case_file=case_file))

    assert len(grid) == 8
    assert [cell.level for cell in grid[0].cells] == [SupportLevel.SOME, SupportLevel.NONE]


@pytest.mark.parametrize(
    ("assessed_on", "ratings"),
    [
        (dt.date.today() + dt.timedelta(days=2), ALL_SOME),
        (dt.date(1999, 1, 1), ALL_SOME),
        (dt.date.today(), {LifeArea.HEALTH: (1, "")}),
        (dt.date.today(), {**ALL_SOME, "weather": (1, "")}),
        (dt.date.today(), {**ALL_SOME, LifeArea.HEALTH: (7, "")}),
        (dt.date.today(), {**ALL_SOME, LifeArea.HEALTH: (True, "")}),
        (dt.date.today(), {**ALL_SOME, LifeArea.HEALTH: (1, "n" * 10_000)}),
        (dt.date.today(), {**ALL_SOME, LifeArea.HEALTH: (1, "a\x00b")}),
    ],
)
def test_assessment_record_refuses_bad_input(case_file, care_navigator, assessed_on, ratings):
    with pytest.raises(ValidationError):
        assessment_record(
            actor=care_navigator, case_file=case_file, assessed_on=assessed_on, ratings=ratings
        )

    assert not Assessment.objects.exists() and not AssessmentRating.objects.exists()


def test_assessment_record_refuses_the_manager_a_colleague_and_the_outsider(
    case_file, manager, colleague, outsider
):
    for actor in (manager, colleague, outsider):
        with pytest.raises(PermissionDenied):
            assessment_record(
                actor=actor,
                case_file=case_file,
                assessed_on=timezone.localdate(),
                ratings=ALL_SOME,
            )


def test_a_team_member_may_record_an_assessment(case_file, colleague, care_navigator):
    case_file.team.add(colleague)
    case_file = CaseFile.objects.get(pk=case_file.pk)

    assessment_record(
        actor=colleague, case_file=case_file, assessed_on=timezone.localdate(), ratings=ALL_SOME
    )

    assert Assessment.objects.count() == 1


def test_closed_case_refuses_assessment_journal_and_network(case_file, care_navigator):
    contact = network_contact_add(
        actor=care_navigator, case_file=case_file, role="relative", name="Tochter Anna"
    )
    _close(case_file)

    with pytest.raises(CaseClosed):
        assessment_record(
            actor=care_navigator,
            case_file=case_file,
            assessed_on=timezone.localdate(),
            ratings=ALL_SOME,
        )
    with pytest.raises(CaseClosed):
        journal_entry_add(
            actor=care_navigator,
            case_file=case_file,
            kind="phone",
            happened_at=timezone.now(),
            minutes=10,
        )
    with pytest.raises(CaseClosed):
        network_contact_add(actor=care_navigator, case_file=case_file, role="other", name="X")
    with pytest.raises(CaseClosed):
        network_contact_change(actor=care_navigator, contact=contact, role="other", name="Y")
    with pytest.raises(CaseClosed):
        network_contact_remove(actor=care_navigator, contact=contact)

    assert NetworkContact.objects.get().name == "Tochter Anna"


# --- journal ---------------------------------------------------------------------------------


def test_journal_entry_add_moves_the_last_contact_only_forward(case_file, care_navigator):
    now = timezone.now()

    journal_entry_add(
        actor=care_navigator,
        case_file=case_file,
        kind="home_visit",
        happened_at=now,
        minutes=90,
        note="Hausbesuch, Wohnung angesehen.",
    )
    journal_entry_add(
        actor=care_navigator,
        case_file=case_file,
        kind="phone",
        happened_at=now - dt.timedelta(days=3),
        minutes=15,
    )

    case_file.refresh_from_db()
    assert case_file.last_contact_at == now
    assert JournalEntry.objects.count() == 2
    assert JournalEntry.objects.order_by("-happened_at")[0].note == "Hausbesuch, Wohnung angesehen."


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"minutes": 0}, "minutes"),
        ({"minutes": 601}, "minutes"),
        ({"minutes": 10**12}, "minutes"),
        ({"minutes": True}, "minutes"),
        ({"kind": "telepathy"}, "kind"),
        ({"happened_at": "gestern"}, "happened_at"),
        ({"happened_at": dt.datetime(2026, 1, 1, 10, 0)}, "happened_at"),
        ({"happened_at_offset": dt.timedelta(days=2)}, "happened_at"),
        ({"happened_at": dt.datetime(1990, 1, 1, tzinfo=dt.UTC)}, "happened_at"),
        ({"note": "n" * 10_000}, "note"),
        ({"note": "a\x00b"}, "note"),
    ],
)
def test_journal_entry_add_refuses_bad_input(case_file, care_navigator, changes, field):
    data: dict[str, Any] = {
        "kind": "phone",
        "happened_at": timezone.now(),
        "minutes": 10,
        "note": "",
    }
    offset = changes.pop("happened_at_offset", None)
    data |= changes
    if offset is not None:
        data["happened_at"] = timezone.now() + offset

    with pytest.raises(ValidationError) as refused:
        journal_entry_add(actor=care_navigator, case_file=case_file, **data)

    assert field in refused.value.message_dict
    assert not JournalEntry.objects.exists()


def test_journal_entry_add_accepts_a_contact_later_today(case_file, care_navigator):
    journal_entry_add(
        actor=care_navigator,
        case_file=case_file,
        kind="video",
        happened_at=timezone.now() + dt.timedelta(hours=5),
        minutes=600,
    )

    assert JournalEntry.objects.get().minutes == 600


def test_journal_entry_add_refuses_the_manager_and_office_staff(case_file, manager, office_staff):
    for actor in (manager, office_staff):
        with pytest.raises(PermissionDenied):
            journal_entry_add(
                actor=actor,
                case_file=case_file,
                kind="phone",
                happened_at=timezone.now(),
                minutes=5,
            )


def test_minutes_per_month_add_up_the_last_twelve_months(case_file, care_navigator):
    now = timezone.localtime()
    for minutes in (30, 45):
        journal_entry_add(
            actor=care_navigator,
            case_file=case_file,
            kind="phone",
            happened_at=now,
            minutes=minutes,
        )
    long_ago = now - dt.timedelta(days=400)
    JournalEntry.objects.create(
        case_file=case_file, kind="phone", happened_at=long_ago, minutes=99, author=care_navigator
    )

    months = selectors_file.journal_minutes_by_month(case_file=case_file)

    assert len(months) == 12
    assert months[-1].month == now.date().replace(day=1)
    assert months[-1].minutes == 75
    assert sum(m.minutes for m in months) == 75


# --- network ---------------------------------------------------------------------------------


def test_network_contact_add_links_the_persons_guardian(case_file, care_navigator, erna):
    proxy = _proxy(erna, care_navigator)

    contact = network_contact_add(
        actor=care_navigator,
        case_file=case_file,
        role=NetworkContact.Role.GUARDIAN,
        name="Eva Berg",
        phone="0521 12345",
        may_contact=True,
        agreed_on=timezone.localdate(),
        proxy=proxy,
    )

    assert contact.proxy == proxy
    assert proxy.scope_labels() == ["Gesundheitssorge", "Vermögenssorge"]


def test_network_contact_refuses_another_persons_proxy_and_a_proxy_for_a_neighbour(
    case_file, care_navigator, office, erna
):
    other = PersonFactory.create(organisation=office, region=office.region)
    foreign = PersonFactory.create()

    for proxy, role in (
        (_proxy(other, care_navigator), "guardian"),
        (_proxy(foreign, care_navigator), "guardian"),
        (_proxy(erna, care_navigator), "neighbour"),
    ):
        with pytest.raises(ValidationError) as refused:
            network_contact_add(
                actor=care_navigator, case_file=case_file, role=role, name="X", proxy=proxy
            )
        assert "proxy" in refused.value.message_dict

    assert not NetworkContact.objects.exists()


def test_network_contact_refuses_an_ended_proxy(case_file, care_navigator, erna):
    ended = _proxy(erna, care_navigator, ended_at=timezone.now())

    with pytest.raises(ValidationError):
        network_contact_add(
            actor=care_navigator, case_file=case_file, role="attorney", name="X", proxy=ended
        )


@pytest.mark.parametrize(
    "data",
    [
        {"role": "alien", "name": "X"},
        {"role": "relative", "name": "  "},
        {"role": "relative", "name": "x" * 151},
        {"role": "relative", "name": "X", "email": "kein-mail"},
        {"role": "relative", "name": "X", "note": "n" * 10_000},
        {"role": "relative", "name": "X", "phone": "1\x002"},
        {"role": "relative", "name": "X", "may_contact": True},
        {
            "role": "relative",
            "name": "X",
            "may_contact": True,
            "agreed_on": dt.date.today() + dt.timedelta(days=3),
        },
    ],
)
def test_network_contact_add_refuses_bad_input(case_file, care_navigator, data):
    with pytest.raises(ValidationError):
        network_contact_add(actor=care_navigator, case_file=case_file, **data)

    assert not NetworkContact.objects.exists()


def test_network_contact_change_clears_the_date_when_the_agreement_is_withdrawn(
    case_file, care_navigator
):
    contact = network_contact_add(
        actor=care_navigator,
        case_file=case_file,
        role="neighbour",
        name="Herr Yilmaz",
        may_contact=True,
        agreed_on=timezone.localdate(),
    )

    network_contact_change(
        actor=care_navigator, contact=contact, role="neighbour", name="Herr Yilmaz"
    )

    contact.refresh_from_db()
    assert (contact.may_contact, contact.agreed_on) == (False, None)


def test_network_contact_remove_and_its_refusal_for_the_manager(case_file, care_navigator, manager):
    contact = network_contact_add(
        actor=care_navigator, case_file=case_file, role="pharmacy", name="Löwen-Apotheke"
    )

    with pytest.raises(PermissionDenied):
        network_contact_remove(actor=manager, contact=contact)
    network_contact_remove(actor=care_navigator, contact=contact)

    assert not NetworkContact.objects.exists()
    assert AuditEntry.objects.filter(verb="network.removed").exists()
