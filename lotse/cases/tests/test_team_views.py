"""The team part's pages: wiring, forms with their errors, refusals."""

import datetime as dt

import pytest
from django.utils import timezone

from lotse.cases.models import CaseEvent, CaseFile, Cover, Stage
from lotse.cases.tests.conftest import colleague_make


@pytest.fixture
def logged_in(client, with_totp):
    ready = set()

    def log_in(user):
        if user.pk not in ready:
            with_totp(user)
            ready.add(user.pk)
        client.force_login(user)
        return client

    return log_in


def test_caseload_shows_the_reasons_in_words_and_links_the_case(
    case_file, care_navigator, logged_in
):
    CaseFile.objects.filter(pk=case_file.pk).update(next_review_on=timezone.localdate())
    client = logged_in(care_navigator)

    html = client.get("/begleitungen/").text

    assert "Müller, Erna" in html
    assert "Überprüfung fällig" in html
    assert f"/begleitungen/{case_file.pk}/" in html
    assert "/begleitungen/vertretungen/" in html


def test_caseload_filters_and_a_bad_filter_is_ignored(case_file, care_navigator, logged_in, site):
    client = logged_in(care_navigator)

    assert "Müller, Erna" not in client.get("/begleitungen/?attention=on").text
    assert "Keine Begleitung passt" in client.get("/begleitungen/?attention=on").text
    assert "Müller, Erna" in client.get(f"/begleitungen/?site={site.pk}").text
    assert "Müller, Erna" in client.get("/begleitungen/?stage=first_contact").text
    assert "Müller, Erna" not in client.get("/begleitungen/?stage=plan").text
    for bad in ("?stage=nonsense", "?site=zzz", "?seite=99999999999999999999", "?seite=-1"):
        response = client.get("/begleitungen/" + bad)
        assert response.status_code == 200, bad


def test_caseload_marks_a_covered_case(case_file, care_navigator, office, logged_in):
    stand_in = colleague_make(office, "vertretung@test.de")
    today = timezone.localdate()
    Cover.objects.create(
        organisation=office,
        region=office.region,
        absent=care_navigator,
        covering=stand_in,
        starts_on=today,
        ends_on=today,
        created_by=care_navigator,
    )
    client = logged_in(stand_in)

    html = client.get("/begleitungen/").text

    assert "Müller, Erna" in html
    assert f"Vertretung für {care_navigator}" in html


def test_caseload_pages_by_fifty(care_navigator, office, site, erna, logged_in):
    from lotse.cases.services import case_open

    for _n in range(51):
        case_open(
            actor=care_navigator,
            organisation=office,
            person=erna,
            site=site,
            reason=CaseFile.Reason.OTHER,
            source=CaseFile.Source.DIRECT,
        )
    client = logged_in(care_navigator)

    first = client.get("/begleitungen/").text
    second = client.get("/begleitungen/?seite=2").text

    assert "51 laufende Begleitungen" in first
    assert first.count("Müller, Erna") == 50
    assert second.count("Müller, Erna") == 1


def test_team_view_counts_and_lists_one_navigators_cases(
    case_file, manager, care_navigator, logged_in
):
    client = logged_in(manager)

    html = client.get("/begleitungen/team/").text
    one = client.get(f"/begleitungen/team/?kuemmerer={care_navigator.public_id}").text

    assert "Begleitungen im Team" in html
    assert str(care_navigator) in html
    assert "Müller, Erna" in one
    assert f"/begleitungen/{case_file.pk}/uebergabe/" in one
    assert client.get("/begleitungen/team/?kuemmerer=unbekannt").status_code == 404


def test_team_view_is_refused_to_a_navigator(care_navigator, logged_in):
    assert logged_in(care_navigator).get("/begleitungen/team/").status_code == 403


def test_handover_page_shows_the_team_and_hands_over(
    case_file, care_navigator, colleague, logged_in
):
    client = logged_in(care_navigator)
    url = f"/begleitungen/{case_file.pk}/uebergabe/"

    page = client.get(url)
    assert page.status_code == 200
    assert "Team und Übergabe" in page.text
    assert "Begleitung 1" in page.text

    refused = client.post(url, {"to_user": str(colleague.public_id), "note": ""})
    assert refused.status_code == 200
    assert "Es gibt ein Problem" in refused.text

    done = client.post(url, {"to_user": str(colleague.public_id), "note": "Bitte anrufen."})
    assert done.status_code == 302
    assert done["Location"] == "/begleitungen/"
    case_file.refresh_from_db()
    assert case_file.responsible == colleague


def test_handover_with_keep_on_team_returns_to_the_page(
    case_file, care_navigator, colleague, logged_in
):
    client = logged_in(care_navigator)
    url = f"/begleitungen/{case_file.pk}/uebergabe/"

    done = client.post(
        url, {"to_user": str(colleague.public_id), "note": "Danke.", "keep_on_team": "on"}
    )

    assert done.status_code == 302
    assert done["Location"] == url
    assert "Danke." in client.get(url).text


def test_handover_of_a_closed_case_says_why(case_file, care_navigator, colleague, logged_in):
    CaseFile.objects.filter(pk=case_file.pk).update(
        stage=Stage.CLOSED, closed_on=timezone.localdate()
    )
    client = logged_in(care_navigator)
    url = f"/begleitungen/{case_file.pk}/uebergabe/"

    assert "abgeschlossen" in client.get(url).text
    response = client.post(url, {"to_user": str(colleague.public_id), "note": "x"})

    assert response.status_code == 200
    assert "Eine abgeschlossene Begleitung kann nicht übergeben werden." in response.text
    assert not case_file.events.filter(kind=CaseEvent.Kind.HANDED_OVER).exists()


def test_handover_to_someone_not_listed_is_an_error(case_file, care_navigator, outsider, logged_in):
    client = logged_in(care_navigator)

    response = client.post(
        f"/begleitungen/{case_file.pk}/uebergabe/",
        {"to_user": str(outsider.public_id), "note": "x"},
    )

    assert response.status_code == 200
    assert "Es gibt ein Problem" in response.text


def test_a_navigator_of_another_site_is_refused_and_a_stranger_gets_404(
    case_file, colleague, outsider, logged_in
):
    url = f"/begleitungen/{case_file.pk}/uebergabe/"

    assert logged_in(colleague).get(url).status_code == 403
    assert logged_in(outsider).get(url).status_code == 404


def test_team_edit_sets_the_team(case_file, care_navigator, colleague, logged_in):
    client = logged_in(care_navigator)

    response = client.post(
        f"/begleitungen/{case_file.pk}/team/", {"members": [str(colleague.public_id)]}
    )

    assert response.status_code == 302
    assert list(case_file.team.all()) == [colleague]
    bad = client.post(f"/begleitungen/{case_file.pk}/team/", {"members": ["nonsense"]})
    assert bad.status_code == 200


def test_cover_new_enters_the_own_absence_and_the_list_ends_it(
    care_navigator, colleague, logged_in
):
    client = logged_in(care_navigator)
    today = timezone.localdate()
    form = client.get("/begleitungen/vertretungen/neu/").text
    assert str(colleague.public_id) in form

    response = client.post(
        "/begleitungen/vertretungen/neu/",
        {
            "absent": str(care_navigator.public_id),
            "covering": str(colleague.public_id),
            "starts_on": (today - dt.timedelta(days=1)).isoformat(),
            "ends_on": (today + dt.timedelta(days=5)).isoformat(),
        },
    )
    assert response.status_code == 302
    cover = Cover.objects.get()
    listed = client.get("/begleitungen/vertretungen/").text
    assert f"/begleitungen/vertretungen/{cover.pk}/beenden/" in listed

    ended = client.post(f"/begleitungen/vertretungen/{cover.pk}/beenden/")

    assert ended.status_code == 302
    cover.refresh_from_db()
    assert cover.ends_on == today - dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("starts_on", "ends_on"),
    [("2026-13-01", "2026-12-01"), ("1900-01-01", "1900-01-02"), ("", ""), ("9999-12-31", "")],
)
def test_cover_new_with_bad_dates_answers_with_the_errors(
    care_navigator, colleague, logged_in, starts_on, ends_on
):
    client = logged_in(care_navigator)

    response = client.post(
        "/begleitungen/vertretungen/neu/",
        {
            "absent": str(care_navigator.public_id),
            "covering": str(colleague.public_id),
            "starts_on": starts_on,
            "ends_on": ends_on,
        },
    )

    assert response.status_code == 200
    assert "Es gibt ein Problem" in response.text
    assert not Cover.objects.exists()


def test_a_navigator_may_not_enter_a_colleagues_absence_in_the_form(
    care_navigator, colleague, office, logged_in
):
    third = colleague_make(office, "dritte@test.de")
    client = logged_in(care_navigator)

    response = client.post(
        "/begleitungen/vertretungen/neu/",
        {
            "absent": str(colleague.public_id),
            "covering": str(third.public_id),
            "starts_on": timezone.localdate().isoformat(),
            "ends_on": timezone.localdate().isoformat(),
        },
    )

    assert response.status_code == 200
    assert not Cover.objects.exists()
