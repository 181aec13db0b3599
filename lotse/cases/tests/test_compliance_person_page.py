"""Issue 19: the person's page shows their case to those allowed to see it, and to nobody else."""

from django.test import Client

from lotse.cases.models import Stage
from lotse.cases.person_history import case_file_history
from lotse.people.selectors import person_history


def _cases(actor, person) -> list:
    return [e for e in person_history(actor=actor, person=person) if e.kind == "case_file"]


def test_history_shows_the_case_to_its_navigator_and_the_manager(
    care_navigator, manager, case_file
):
    mine = _cases(care_navigator, case_file.person)
    managed = _cases(manager, case_file.person)

    (entry,) = mine
    assert entry.title.startswith(f"Begleitung {case_file.number}")
    assert "Schlaganfall" in entry.title
    assert entry.state == str(Stage.FIRST_CONTACT.label)
    assert len(managed) == 1


def test_history_hides_the_case_from_office_staff_colleagues_and_outsiders(
    office_staff, colleague, outsider, case_file
):
    for actor in (office_staff, colleague, outsider, None):
        assert _cases(actor, case_file.person) == []


def test_person_page_shows_the_case_to_the_navigator_not_to_office_staff(
    care_navigator, office_staff, case_file, with_totp
):
    pages = {}
    for user in (care_navigator, office_staff):
        with_totp(user)
        client = Client()
        client.force_login(user)
        pages[user.email] = client.get(f"/personen/{case_file.person.pk}/")

    navigator_page = pages[care_navigator.email]
    staff_page = pages[office_staff.email]
    assert navigator_page.status_code == 200
    assert f"Begleitung {case_file.number}" in navigator_page.content.decode()
    assert staff_page.status_code == 200
    assert f"Begleitung {case_file.number}" not in staff_page.content.decode()


def test_history_asks_nothing_more_for_a_viewer_without_a_case_role(
    office_staff, case_file, django_assert_num_queries
):
    office_staff.memberships.all()  # memberships are read once per request anyway
    case_file_history(office_staff, case_file.person)

    with django_assert_num_queries(0):
        assert case_file_history(office_staff, case_file.person) == []
