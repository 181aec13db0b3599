"""The case file's pages: wiring, status codes, German errors with nothing stored, the
outsider (404) and a colleague not on the case (403), a closed case read-only."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from lotse.cases.models import (
    Assessment,
    CaseFile,
    JournalEntry,
    LifeArea,
    NetworkContact,
    Stage,
)
from lotse.cases.services_file import journal_entry_add, network_contact_add
from lotse.desk.models import Inquiry
from lotse.desk.services.inquiries import inquiry_create
from lotse.people.models import Proxy


@pytest.fixture
def logged_in(client, with_totp):
    def log_in(user):
        with_totp(user)
        client.force_login(user)
        return client

    return log_in


def _url(name, case_file, **more):
    return reverse(f"cases:{name}", kwargs={"case_id": case_file.pk, **more})


def _assessment_data(**more):
    data = {"assessed_on": timezone.localdate().strftime("%d.%m.%Y")}
    for area in LifeArea.values:
        data[f"level_{area}"] = "1"
        data[f"note_{area}"] = ""
    return data | more


# --- opening ---------------------------------------------------------------------------------


def test_case_new_finds_the_person_and_opens_the_case(logged_in, care_navigator, erna, site):
    client = logged_in(care_navigator)

    page = client.get(reverse("cases:case_new"), {"suche": "Müller"})
    response = client.post(
        reverse("cases:case_new"),
        {
            "person": erna.pk,
            "site": site.pk,
            "reason": "discharge",
            "source": "hospital",
            "source_detail": "Klinikum Nord, Sozialdienst",
            "responsible": care_navigator.pk,
        },
    )

    assert page.status_code == 200
    assert "Erna Müller" in page.text
    case_file = CaseFile.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("case_detail", case_file)
    assert case_file.source_detail == "Klinikum Nord, Sozialdienst"


def test_case_new_prefills_the_person_from_the_persons_page(logged_in, care_navigator, erna):
    client = logged_in(care_navigator)

    person_page = client.get(reverse("people:person_detail", args=[erna.pk]))
    page = client.get(reverse("cases:case_new"), {"person": erna.pk})

    assert "Begleitung beginnen" in person_page.text
    assert f'value="{erna.pk}"' in page.text and "checked" in page.text


def test_the_persons_page_offers_no_case_to_office_staff(logged_in, office_staff, erna):
    page = logged_in(office_staff).get(reverse("people:person_detail", args=[erna.pk]))

    assert "Begleitung beginnen" not in page.text


def test_case_new_empty_shows_german_errors_and_stores_nothing(logged_in, care_navigator):
    response = logged_in(care_navigator).post(reverse("cases:case_new"), {})

    assert response.status_code == 200
    assert "<title>Fehler:" in response.text
    assert "Wählen Sie die Person, die Sie begleiten" in response.text
    assert not CaseFile.objects.exists()


def test_case_new_refuses_another_organisations_person(logged_in, care_navigator, site):
    from lotse.people.tests.factories import PersonFactory

    stranger = PersonFactory.create()

    response = logged_in(care_navigator).post(
        reverse("cases:case_new"),
        {"person": stranger.pk, "site": site.pk, "reason": "other", "source": "direct"},
    )

    assert response.status_code == 200
    assert "Wählen Sie eine Person Ihres Trägers" in response.text
    assert not CaseFile.objects.exists()


def test_case_new_is_refused_to_office_staff(logged_in, office_staff):
    assert logged_in(office_staff).get(reverse("cases:case_new")).status_code == 403


def test_inquiry_is_taken_over_as_a_case(
    logged_in, care_navigator, office_staff, office, erna, site
):
    inquiry = inquiry_create(
        actor=office_staff,
        organisation=office,
        channel=Inquiry.Channel.PHONE,
        person=erna,
        description="Sturz, jetzt allein zu Hause.",
    )
    client = logged_in(care_navigator)
    url = reverse("cases:case_new_from_inquiry", args=[inquiry.pk])

    detail = client.get(reverse("desk:inquiry_detail", args=[inquiry.pk]))
    form = client.get(url)
    response = client.post(
        url, {"site": site.pk, "reason": "illness", "responsible": care_navigator.pk}
    )

    assert "Als Begleitung übernehmen" in detail.text
    assert "Sturz, jetzt allein zu Hause." in form.text
    case_file = CaseFile.objects.get()
    assert response["Location"] == _url("case_detail", case_file)
    assert case_file.source_inquiry == inquiry
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.CLOSED


def test_inquiry_without_person_says_so_and_links_to_adding_one(
    logged_in, care_navigator, office_staff, office
):
    inquiry = inquiry_create(
        actor=office_staff, organisation=office, channel=Inquiry.Channel.PHONE, description="?"
    )

    page = logged_in(care_navigator).get(reverse("cases:case_new_from_inquiry", args=[inquiry.pk]))

    assert "noch keiner Person zugeordnet" in page.text
    assert reverse("people:person_new") in page.text


def test_office_staff_see_no_take_over_and_are_refused(logged_in, office_staff, office, erna):
    inquiry = inquiry_create(
        actor=office_staff, organisation=office, channel=Inquiry.Channel.PHONE, person=erna
    )
    client = logged_in(office_staff)

    detail = client.get(reverse("desk:inquiry_detail", args=[inquiry.pk]))
    refused = client.get(reverse("cases:case_new_from_inquiry", args=[inquiry.pk]))

    assert "Als Begleitung übernehmen" not in detail.text
    assert refused.status_code == 403


# --- overview and access ---------------------------------------------------------------------


def test_case_detail_shows_stage_basics_and_events(logged_in, case_file, care_navigator):
    page = logged_in(care_navigator).get(_url("case_detail", case_file))

    assert page.status_code == 200
    assert 'aria-current="step"' in page.text
    assert "Erstkontakt <strong>(jetzt)</strong>" in page.text
    assert "Klinikum Nord, Sozialdienst" in page.text
    assert "Nach dem Schlaganfall allein zu Hause." in page.text
    assert reverse("people:person_detail", args=[case_file.person_id]) in page.text


@pytest.mark.parametrize(
    "name", ["case_detail", "assessment_list", "journal", "network", "journal_new"]
)
def test_the_outsider_gets_404_and_a_colleague_not_on_the_case_403(
    logged_in, case_file, outsider, colleague, name
):
    assert logged_in(outsider).get(_url(name, case_file)).status_code == 404
    assert logged_in(colleague).get(_url(name, case_file)).status_code == 403


def test_the_manager_reads_but_does_not_write(logged_in, case_file, manager):
    client = logged_in(manager)

    assert client.get(_url("assessment_list", case_file)).status_code == 200
    assert client.get(_url("assessment_new", case_file)).status_code == 403
    assert client.post(_url("journal_new", case_file), {}).status_code == 403


# --- assessment ------------------------------------------------------------------------------


def test_assessment_is_recorded_and_shown_in_chart_and_table(logged_in, case_file, care_navigator):
    client = logged_in(care_navigator)

    response = client.post(
        _url("assessment_new", case_file),
        _assessment_data(level_money="3", note_money="Pflegegrad beantragen"),
    )
    page = client.get(_url("assessment_list", case_file))

    assert response.status_code == 302
    assert Assessment.objects.get().ratings.count() == 8
    assert "<svg" in page.text and 'role="img"' in page.text
    assert "<strong>Dringend</strong>" in page.text
    assert "Pflegegrad beantragen" in page.text


def test_assessment_empty_or_in_the_future_shows_errors(logged_in, case_file, care_navigator):
    client = logged_in(care_navigator)
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).strftime("%d.%m.%Y")

    empty = client.post(_url("assessment_new", case_file), {})
    future = client.post(_url("assessment_new", case_file), _assessment_data(assessed_on=tomorrow))

    assert empty.status_code == 200 and "<title>Fehler:" in empty.text
    assert "Wählen Sie für „Gesundheit“, wie viel Unterstützung nötig ist" in empty.text
    assert "nicht in der Zukunft" in future.text
    assert not Assessment.objects.exists()


# --- journal ---------------------------------------------------------------------------------


def test_journal_entry_is_added_and_minutes_per_month_shown(logged_in, case_file, care_navigator):
    client = logged_in(care_navigator)
    now = timezone.localtime()

    response = client.post(
        _url("journal_new", case_file),
        {
            "kind": "home_visit",
            "day": now.strftime("%d.%m.%Y"),
            "time": "09:30",
            "minutes": "75",
            "note": "Hausbesuch: Küche, Bad, Treppe.",
        },
    )
    page = client.get(_url("journal", case_file))

    assert response.status_code == 302
    assert JournalEntry.objects.get().minutes == 75
    assert "Hausbesuch: Küche, Bad, Treppe." in page.text
    assert "Minuten je Monat" in page.text
    assert "Zeitaufwand der letzten 12 Monate: 75 Minuten" in page.text


@pytest.mark.parametrize(
    ("minutes", "message"),
    [
        ("0", "mindestens 1 Minute"),
        ("601", "höchstens 600 Minuten"),
        ("99999999999999999999", "höchstens 600 Minuten"),
        ("viel", "ganzen Minuten"),
    ],
)
def test_journal_refuses_bad_minutes_in_german(
    logged_in, case_file, care_navigator, minutes, message
):
    response = logged_in(care_navigator).post(
        _url("journal_new", case_file),
        {"kind": "phone", "day": "1.12.2026", "time": "10:00", "minutes": minutes},
    )

    assert response.status_code == 200
    assert message in response.text
    assert not JournalEntry.objects.exists()


def test_journal_refuses_a_contact_days_ahead(logged_in, case_file, care_navigator):
    ahead = (timezone.localdate() + dt.timedelta(days=3)).strftime("%d.%m.%Y")

    response = logged_in(care_navigator).post(
        _url("journal_new", case_file),
        {"kind": "phone", "day": ahead, "time": "10:00", "minutes": "5"},
    )

    assert "höchstens einen Tag in der Zukunft" in response.text
    assert not JournalEntry.objects.exists()


def test_journal_pages_by_fifty(logged_in, case_file, care_navigator):
    now = timezone.now()
    JournalEntry.objects.bulk_create(
        JournalEntry(
            case_file=case_file,
            kind="phone",
            happened_at=now - dt.timedelta(hours=i),
            minutes=1,
            author=care_navigator,
        )
        for i in range(51)
    )
    client = logged_in(care_navigator)

    first = client.get(_url("journal", case_file))
    second = client.get(_url("journal", case_file), {"seite": "2"})
    beyond = client.get(_url("journal", case_file), {"seite": "99999999999999999999"})

    assert "Seite 1 von 2" in first.text and "Ältere Kontakte" in first.text
    assert second.text.count("<tr>") < first.text.count("<tr>")
    assert beyond.status_code == 200


# --- network ---------------------------------------------------------------------------------


def test_network_shows_consent_and_the_guardians_scope(logged_in, case_file, care_navigator, erna):
    proxy = Proxy.objects.create(
        person=erna,
        region_id=erna.region_id,
        kind=Proxy.Kind.GUARDIAN,
        name="Eva Berg",
        scope=["health", "residence"],
        evidence_kind=Proxy.Evidence.GUARDIAN_CARD,
        recorded_by=care_navigator,
    )
    client = logged_in(care_navigator)

    form = client.get(_url("network_new", case_file))
    response = client.post(
        _url("network_new", case_file),
        {
            "role": "guardian",
            "name": "Eva Berg",
            "may_contact": "on",
            "agreed_on": timezone.localdate().strftime("%d.%m.%Y"),
            "proxy": proxy.pk,
        },
    )
    client.post(_url("network_new", case_file), {"role": "neighbour", "name": "Herr Yilmaz"})
    page = client.get(_url("network", case_file))

    assert "Gesundheitssorge, Aufenthaltsbestimmung" in form.text
    assert response.status_code == 302
    assert "Darf entscheiden über (Aufgabenkreise):" in page.text
    assert "Gesundheitssorge, Aufenthaltsbestimmung" in page.text
    assert "Nicht ansprechen – keine Zustimmung" in page.text


def test_network_asks_since_when_with_consent(logged_in, case_file, care_navigator):
    response = logged_in(care_navigator).post(
        _url("network_new", case_file), {"role": "relative", "name": "Anna", "may_contact": "on"}
    )

    assert "Geben Sie an, seit wann die Person einverstanden ist" in response.text
    assert not NetworkContact.objects.exists()


def test_network_edit_and_remove_with_confirmation(logged_in, case_file, care_navigator):
    contact = network_contact_add(
        actor=care_navigator, case_file=case_file, role="pharmacy", name="Löwen-Apotheke"
    )
    client = logged_in(care_navigator)
    edit = _url("network_edit", case_file, contact_id=contact.pk)
    remove = _url("network_remove", case_file, contact_id=contact.pk)

    changed = client.post(edit, {"role": "pharmacy", "name": "Adler-Apotheke"})
    ask = client.get(remove)
    removed = client.post(remove)

    assert changed.status_code == 302
    assert "Möchten Sie Adler-Apotheke aus dem Netzwerk entfernen?" in ask.text
    assert removed.status_code == 302
    assert not NetworkContact.objects.exists()


def test_network_contact_of_another_case_is_404(
    logged_in, case_file, care_navigator, office, erna, site
):
    from lotse.cases.services import case_open

    other = case_open(
        actor=care_navigator,
        organisation=office,
        person=erna,
        site=site,
        reason="other",
        source="direct",
    )
    contact = network_contact_add(actor=care_navigator, case_file=other, role="other", name="X")

    response = logged_in(care_navigator).get(_url("network_edit", case_file, contact_id=contact.pk))

    assert response.status_code == 404


# --- closed ----------------------------------------------------------------------------------


def test_a_closed_case_is_read_only_with_a_german_message(logged_in, case_file, care_navigator):
    journal_entry_add(
        actor=care_navigator,
        case_file=case_file,
        kind="phone",
        happened_at=timezone.now(),
        minutes=5,
    )
    case_file.stage = Stage.CLOSED
    case_file.closed_on = timezone.localdate()
    case_file.closing_reason = CaseFile.ClosingReason.MOVED
    case_file.save()
    client = logged_in(care_navigator)

    journal = client.get(_url("journal", case_file))
    form = client.get(_url("journal_new", case_file))
    refused = client.post(
        _url("journal_new", case_file),
        {"kind": "phone", "day": "1.12.2026", "time": "10:00", "minutes": "5"},
    )

    assert "Das Journal lässt sich nur noch lesen." in journal.text
    assert "Kontakt eintragen</a>" not in journal.text
    assert '<form method="post"' not in form.text.split("<main")[1].split("</main>")[0]
    assert "Diese Begleitung ist abgeschlossen" in refused.text
    assert JournalEntry.objects.count() == 1
