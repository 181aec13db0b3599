"""The plan's pages: wiring, errors on the form, the PDFs, reviews, closing and reopening, and
who is refused."""

import datetime as dt
import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from lotse.cases.models import Action, Assessment, CaseFile, Goal, Stage
from lotse.cases.services_plan import action_refer, goal_add
from lotse.desk.models import Referral

TODAY = timezone.localdate


@pytest.fixture
def logged_in(client, with_totp):
    def log_in(user):
        with_totp(user)
        client.force_login(user)
        return client

    return log_in


@pytest.fixture
def navigator(logged_in, care_navigator):
    return logged_in(care_navigator)


@pytest.fixture
def goal(case_file, care_navigator) -> Goal:
    return goal_add(actor=care_navigator, case_file=case_file, text="Wieder selbst einkaufen")


def _url(case_file: CaseFile, rest: str = "hilfeplan/") -> str:
    return f"/begleitungen/{case_file.pk}/{rest}"


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_plan_page_shows_the_case_head_and_the_goals(navigator, case_file, goal):
    response = navigator.get(_url(case_file))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Begleitung 1" in page and "Wieder selbst einkaufen" in page
    assert 'aria-current="page"' in page


def test_goal_add_redirects_and_an_empty_goal_answers_with_the_error(navigator, case_file):
    response = navigator.post(_url(case_file, "hilfeplan/ziele/"), {"text": "Chor"})
    assert response.status_code == 302
    assert Goal.objects.get().text == "Chor"

    response = navigator.post(_url(case_file, "hilfeplan/ziele/"), {"text": ""})

    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Fehler:" in page and "Es gibt ein Problem" in page


def test_goal_edit_and_remove(navigator, case_file, goal):
    assert navigator.get(_url(case_file, f"hilfeplan/ziele/{goal.pk}/")).status_code == 200

    navigator.post(_url(case_file, f"hilfeplan/ziele/{goal.pk}/"), {"text": "Markt", "area": ""})
    goal.refresh_from_db()
    assert goal.text == "Markt"

    navigator.post(_url(case_file, f"hilfeplan/ziele/{goal.pk}/entfernen/"))
    assert not Goal.objects.exists()


def test_action_add_done_and_cancel(navigator, case_file, goal):
    response = navigator.post(
        _url(case_file, "hilfeplan/massnahmen/"),
        {
            "goal": str(goal.pk),
            "kind": "task",
            "title": "Rollator beantragen",
            "doer": "person",
            "due_on": "4.3.2027",
        },
    )
    assert response.status_code == 302
    action = Action.objects.get()
    assert (action.goal, action.due_on) == (goal, dt.date(2027, 3, 4))

    navigator.post(_url(case_file, f"hilfeplan/massnahmen/{action.pk}/erledigt/"))
    action.refresh_from_db()
    assert action.status == Action.Status.DONE

    response = navigator.post(_url(case_file, f"hilfeplan/massnahmen/{action.pk}/entfaellt/"))
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == Action.Status.DONE  # refused with a message, nothing changed


def test_action_add_with_a_missing_name_answers_with_the_error(navigator, case_file, goal):
    response = navigator.post(
        _url(case_file, "hilfeplan/massnahmen/"),
        {"goal": "", "kind": "task", "title": "Anrufen", "doer": "relative"},
    )

    assert response.status_code == 200
    assert "Schreiben Sie den Namen dazu." in response.content.decode()
    assert not Action.objects.exists()


def test_action_add_with_another_case_goal_answers_404(navigator, case_file, goal):
    response = navigator.post(
        _url(case_file, "hilfeplan/massnahmen/"),
        {
            "goal": "00000000-0000-0000-0000-000000000000",
            "kind": "task",
            "title": "X",
            "doer": "person",
        },
    )

    assert response.status_code == 200  # not one of the choices: the form says so
    assert not Action.objects.exists()


def test_offer_search_and_referral_from_the_plan(navigator, case_file, goal, make_offer):
    offer = make_offer("Einkaufshilfe Altstadt")

    found = navigator.get(_url(case_file) + "?angebot=Einkaufshilfe")
    assert "Einkaufshilfe Altstadt" in found.content.decode()

    response = navigator.post(
        _url(case_file, "hilfeplan/vermitteln/"),
        {"angebot": str(offer.pk), "goal": str(goal.pk), "note": "Dienstags"},
    )

    assert response.status_code == 302
    action = Action.objects.get()
    assert action.kind == Action.Kind.REFERRAL and action.referral is not None
    page = navigator.get(_url(case_file)).content.decode()
    assert action.referral.short_code in page and "Angefragt" in page


def test_referral_to_an_archived_offer_answers_with_the_error(navigator, case_file, make_offer):
    offer = make_offer("Alt")
    offer.status = "defunct"
    offer.save()

    response = navigator.post(_url(case_file, "hilfeplan/vermitteln/"), {"angebot": str(offer.pk)})

    assert response.status_code == 200
    assert "Dieses Angebot gibt es zurzeit nicht" in response.content.decode()
    assert not Referral.objects.exists()


def test_the_office_answer_for_a_provider_off_the_platform_returns_to_the_plan(
    navigator, case_file, goal, care_navigator, region
):
    from lotse.core.models import Organisation
    from lotse.directory.models import Service

    club = Organisation.objects.create(name="Sportverein", region=region)
    offer = Service.objects.create(organization=club, name="Gymnastik", description=".")
    action = action_refer(actor=care_navigator, case_file=case_file, goal=goal, service=offer)
    page = navigator.get(_url(case_file)).content.decode()
    assert "Antwort des Anbieters eintragen" in page

    assert action.referral is not None
    response = navigator.post(
        f"/vermittlungen/{action.referral.pk}/antworten/",
        {"schritt": "annehmen", "zurueck": _url(case_file)},
    )

    assert response["Location"] == _url(case_file)
    assert Referral.objects.get().status == Referral.Status.ACCEPTED


def test_plan_pdf_is_large_print_with_goals_and_signature_lines(
    navigator, case_file, goal, care_navigator
):
    from lotse.cases.services_plan import action_add

    action_add(
        actor=care_navigator,
        case_file=case_file,
        goal=goal,
        title="Rollator beantragen",
        doer="person",
        due_on=TODAY() + dt.timedelta(days=7),
    )

    response = navigator.get(_url(case_file, "hilfeplan.pdf"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    assert "Mein Hilfeplan" in text and "Wieder selbst einkaufen" in text
    assert "Rollator beantragen" in text and "Unterschriften" in text


def test_summary_pdf_lists_the_case(navigator, case_file, goal):
    response = navigator.get(_url(case_file, "zusammenfassung.pdf"))

    assert response.status_code == 200
    text = _pdf_text(response.content)
    assert "Zusammenfassung der Begleitung" in text and "Wieder selbst einkaufen" in text


def test_review_pages_record_and_list(navigator, case_file, goal, care_navigator):
    Assessment.objects.create(case_file=case_file, assessed_on=TODAY(), recorded_by=care_navigator)
    assert navigator.get(_url(case_file, "ueberpruefungen/")).status_code == 200
    assert navigator.get(_url(case_file, "ueberpruefungen/neu/")).status_code == 200

    response = navigator.post(
        _url(case_file, "ueberpruefungen/neu/"),
        {
            "reviewed_on": TODAY().strftime("%d.%m.%Y"),
            "what_changed": "Geht wieder zum Bäcker",
            f"ziel_{goal.pk.hex}": "partly",
        },
    )

    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.status == Goal.Status.PARTLY
    assert (
        "Geht wieder zum Bäcker"
        in navigator.get(_url(case_file, "ueberpruefungen/")).content.decode()
    )


def test_review_new_without_text_answers_with_the_error(navigator, case_file):
    response = navigator.post(_url(case_file, "ueberpruefungen/neu/"), {"reviewed_on": "1.1.3000"})

    assert response.status_code == 200
    assert "<title>Fehler:" in response.content.decode()


def test_review_schedule(navigator, case_file):
    navigator.post(
        _url(case_file, "ueberpruefungen/plan/"), {"review_weeks": "4", "next_review_on": ""}
    )
    case_file.refresh_from_db()
    assert case_file.review_weeks == 4

    response = navigator.post(_url(case_file, "ueberpruefungen/plan/"), {"review_weeks": "99"})
    assert response.status_code == 200


def test_close_reopen_and_check_in(navigator, case_file, goal):
    assert navigator.get(_url(case_file, "abschliessen/")).status_code == 200

    response = navigator.post(
        _url(case_file, "abschliessen/"),
        {
            "closed_on": TODAY().strftime("%d.%m.%Y"),
            "reason": "goals_reached",
            f"ziel_{goal.pk.hex}": "reached",
            f"ziel_{goal.pk.hex}_bemerkung": "Klappt",
            "check_in": "on",
        },
    )

    assert response.status_code == 302
    case_file.refresh_from_db()
    assert case_file.stage == Stage.CLOSED
    assert case_file.check_in_on == TODAY() + dt.timedelta(days=91)
    page = navigator.get(_url(case_file)).content.decode()
    assert "Begleitung wieder aufnehmen" in page and "Ziel hinzufügen" not in page

    # A closed case's plan: the forms are refused with a message, nothing changes.
    navigator.post(_url(case_file, "hilfeplan/ziele/"), {"text": "Neu"})
    assert Goal.objects.count() == 1

    navigator.post(_url(case_file, "nachgefragt/"), {"note": "Gut"})
    case_file.refresh_from_db()
    assert case_file.check_in_done_on == TODAY()

    response = navigator.post(_url(case_file, "wieder-aufnehmen/"), {"reason": ""})
    assert response.status_code == 200
    navigator.post(_url(case_file, "wieder-aufnehmen/"), {"reason": "Erneuter Sturz"})
    case_file.refresh_from_db()
    assert case_file.closed_on is None


def test_close_without_outcomes_answers_with_the_errors(navigator, case_file, goal):
    response = navigator.post(_url(case_file, "abschliessen/"), {"closed_on": "heute"})

    assert response.status_code == 200
    assert "Wählen Sie, wie weit das Ziel erreicht ist." in response.content.decode()


def test_manager_sees_the_plan_but_may_not_change_it(logged_in, manager, case_file, goal):
    client = logged_in(manager)

    assert client.get(_url(case_file)).status_code == 200
    assert "Ziel hinzufügen" not in client.get(_url(case_file)).content.decode()
    assert client.post(_url(case_file, "hilfeplan/ziele/"), {"text": "X"}).status_code == 403


@pytest.mark.parametrize("persona", ["outsider", "resident", "provider_staff"])
def test_strangers_get_404(request, logged_in, case_file, persona):
    client = logged_in(request.getfixturevalue(persona))

    for path in ("hilfeplan/", "hilfeplan.pdf", "ueberpruefungen/", "abschliessen/"):
        assert client.get(_url(case_file, path)).status_code == 404


def test_anonymous_goes_to_the_login(client, case_file):
    assert client.get(_url(case_file))["Location"].startswith("/konto/anmelden/")


def test_plan_pdf_names_a_future_review_day_and_says_a_passed_one_is_due(navigator, case_file):
    case_file.next_review_on = TODAY() + dt.timedelta(days=14)
    case_file.save(update_fields=["next_review_on"])
    ahead = _pdf_text(navigator.get(_url(case_file, "hilfeplan.pdf")).content)

    case_file.next_review_on = TODAY() - dt.timedelta(days=14)
    case_file.save(update_fields=["next_review_on"])
    passed = _pdf_text(navigator.get(_url(case_file, "hilfeplan.pdf")).content)

    assert "schauen wir gemeinsam" in ahead and "Es ist Zeit" not in ahead
    assert "Es ist Zeit, gemeinsam zu schauen" in passed and "schauen wir gemeinsam" not in passed
