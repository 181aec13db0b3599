"""The pages of the Handy-Café and the courses: what residents, helpers and multipliers see, the
PDFs (text extracted), and odd input answered in German, never with a server error."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from lotse.directory.models import Service
from lotse.volunteers import selectors_groups, services_groups
from lotse.volunteers.models import Cafe, CafeShift, Helper, HelpSession
from lotse.volunteers.tests.groups_fixtures import make_helper, pledge

pytestmark = pytest.mark.django_db


def _pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(page.extract_text() for page in reader.pages)


def test_residents_see_the_next_dates_per_quarter_in_large_print(client, cafe):
    first = selectors_groups.cafe_dates(cafe=cafe, count=1)[0]

    page = client.get(reverse("volunteers:cafe_public") + "?druck=gross")

    html = page.content.decode()
    assert page.status_code == 200
    assert "Altstadt" in html and "Handy-Café Altstadt" in html
    assert f"{first.day}. " in html and "15:00 bis 17:00 Uhr" in html
    assert "large-print" in html


def test_the_offer_page_and_the_quarter_page_show_the_next_date(client, cafe, make_offer, quarter):
    offer = make_offer("Handy-Café im Quartiersbüro")
    Cafe.objects.filter(pk=cafe.pk).update(service=offer)

    offer_page = client.get(reverse("directory:offer", args=[offer.id])).content.decode()
    quarter_page = client.get(
        reverse("directory:quarter_home", args=[quarter.slug])
    ).content.decode()

    assert "Die nächsten Termine" in offer_page and "15:00 bis 17:00 Uhr" in offer_page
    assert "Handy-Café Altstadt" in quarter_page and "15:00 bis 17:00 Uhr" in quarter_page
    assert Service.objects.filter(pk=offer.pk).exists()


def test_the_helper_signs_up_on_their_page_and_the_multiplier_sees_the_gap_close(
    log_in, client, cafe, anna, helper, multiplier, home_office, quarter
):
    first = selectors_groups.cafe_dates(cafe=cafe, count=1)[0]
    other = make_helper(home_office, quarter, "Ben Kurz")
    services_groups.shift_assign(actor=multiplier, cafe=cafe, helper=other, date=first)
    log_in(client, helper)

    page = client.get(reverse("volunteers:own_shifts"))
    answer = client.post(
        reverse("volunteers:own_shift_sign_up"),
        {"cafe": str(cafe.pk), "date": first.isoformat()},
        follow=True,
    )

    assert "eintragen" in page.content.decode()
    assert "Danke! Sie sind für" in answer.content.decode()
    log_in(client, multiplier)
    plan = client.get(reverse("volunteers:cafe_detail", args=[cafe.pk])).content.decode()
    assert "Anna" in plan and "Ben" in plan and "2 / 2" in plan


def test_the_multiplier_puts_a_helper_on_a_date_and_cancels_another(
    log_in, client, cafe, anna, multiplier
):
    first, second = selectors_groups.cafe_dates(cafe=cafe, count=2)
    log_in(client, multiplier)

    client.post(
        reverse("volunteers:cafe_assign", args=[cafe.pk]),
        {"date": first.isoformat(), "helper": str(anna.pk)},
    )
    client.post(
        reverse("volunteers:cafe_cancel_date", args=[cafe.pk]),
        {"date": second.isoformat(), "reason": "Raum belegt"},
    )

    assert CafeShift.objects.filter(helper=anna, date=first).exists()
    assert cafe.cancellations.get().date == second


@pytest.mark.parametrize(
    "data",
    [
        {"cafe": "kaputt", "date": "2027-01-01"},
        {"cafe": "", "date": ""},
        {"cafe": "{cafe}", "date": "99999-12-31"},
        {"cafe": "{cafe}", "date": "2027-02-30"},
        {"cafe": "{cafe}", "date": "1" * 400},
    ],
)
def test_odd_sign_ups_are_answered_in_german(log_in, client, cafe, anna, helper, data):
    log_in(client, helper)
    data = {k: v.replace("{cafe}", str(cafe.pk)) for k, v in data.items()}

    answer = client.post(reverse("volunteers:own_shift_sign_up"), data, follow=True)

    assert answer.status_code == 200
    assert "aus der Liste" in answer.content.decode()
    assert not CafeShift.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"date": "2027-01-01", "helper": "x"},
        {"date": "x" * 300, "helper": ""},
        {"date": "2027-01-01\x00", "helper": ""},
    ],
)
def test_odd_assignments_are_answered_without_a_server_error(
    log_in, client, cafe, multiplier, data
):
    log_in(client, multiplier)

    answer = client.post(reverse("volunteers:cafe_assign", args=[cafe.pk]), data, follow=True)

    assert answer.status_code in (200, 400)
    assert not CafeShift.objects.exists()


def test_a_cafe_with_huge_numbers_is_refused_in_german(log_in, client, multiplier, quarter):
    log_in(client, multiplier)

    answer = client.post(
        reverse("volunteers:cafe_new"),
        {
            "name": "Handy-Café",
            "quarter": str(quarter.pk),
            "address": "Markt 1",
            "weekday": "99999999999999999999",
            "start_time": "25:00",
            "end_time": "10:00",
            "starts_on": "01.01.2027",
            "helpers_wanted": "10" * 40,
        },
    )

    html = answer.content.decode()
    assert answer.status_code == 200
    assert "Fehler:" in html and "Wählen Sie einen Wochentag aus der Liste" in html
    assert "Höchstens 20" in html
    assert not Cafe.objects.exists()


def test_a_multiplier_creates_a_cafe(log_in, client, multiplier, quarter):
    log_in(client, multiplier)

    answer = client.post(
        reverse("volunteers:cafe_new"),
        {
            "name": "Handy-Café",
            "quarter": str(quarter.pk),
            "address": "Markt 1",
            "weekday": "2",
            "start_time": "10:00",
            "end_time": "12:00",
            "starts_on": "01.01.2027",
            "helpers_wanted": "3",
            "skip_holidays": "on",
        },
    )

    cafe = Cafe.objects.get()
    assert answer.status_code == 302
    assert (cafe.weekday, cafe.helpers_wanted, cafe.skip_holidays) == (2, 3, True)


def _finished_course(multiplier, home_office, quarter):
    course = services_groups.course_create(
        actor=multiplier,
        organisation=home_office,
        title="Grundkurs Digital-Helfer",
        content=["Messenger und Videoanrufe", "Schutz vor Betrug"],
    )
    learner = make_helper(home_office, quarter, "Emil Neumann", status=Helper.Status.QUALIFYING)
    pledge(learner, multiplier)
    participant = services_groups.course_participant_add(
        actor=multiplier, course=course, helper=learner
    )
    session = services_groups.course_session_add(
        actor=multiplier,
        course=course,
        date=dt.date.today() - dt.timedelta(days=2),
        start_time=dt.time(10),
        end_time=dt.time(12),
        place="Quartiersbüro",
    )
    return course, learner, participant, session


def test_the_course_pages_record_attendance_complete_and_print_the_certificate(
    log_in, client, multiplier, home_office, quarter
):
    course, learner, participant, session = _finished_course(multiplier, home_office, quarter)
    log_in(client, multiplier)

    client.post(
        reverse("volunteers:course_attendance", args=[course.pk, session.pk]),
        {"present": [str(participant.pk)]},
    )
    done = client.post(
        reverse("volunteers:course_complete", args=[course.pk, participant.pk]), follow=True
    )
    pdf = client.get(reverse("volunteers:course_certificate", args=[course.pk, participant.pk]))

    learner.refresh_from_db()
    assert "hat den Kurs abgeschlossen und ist jetzt aktiv" in done.content.decode()
    assert learner.status == Helper.Status.ACTIVE
    text = _pdf_text(pdf)
    for expected in (
        "Teilnahmebescheinigung",
        "Emil Neumann",
        "Quartiersbüro Altstadt",
        "Schutz vor Betrug",
        "Grundkurs Digital-Helfer",
        "Unterschrift",
    ):
        assert expected in text


def test_no_certificate_before_completion(log_in, client, multiplier, home_office, quarter):
    course, _learner, participant, _session = _finished_course(multiplier, home_office, quarter)
    log_in(client, multiplier)

    answer = client.get(reverse("volunteers:course_certificate", args=[course.pk, participant.pk]))

    assert answer.status_code == 404


def test_the_confirmation_of_volunteering_names_hours_and_topics(
    log_in, client, cafe, anna, helper, multiplier
):
    HelpSession.objects.create(
        helper=anna,
        region_id=anna.region_id,
        date=dt.date(2026, 3, 4),
        duration_minutes=90,
        topics=["banking", "scams"],
        solved="yes",
    )
    CafeShift.objects.create(
        cafe=cafe, helper=anna, region_id=anna.region_id, date=dt.date(2026, 3, 10), minutes=120
    )
    log_in(client, helper)

    own = client.get(reverse("volunteers:own_recognition") + "?jahr=2026")

    text = _pdf_text(own)
    assert "Anna Berg" in text and "Im Jahr 2026" in text and "3 Stunden 30 Minuten" in text
    assert "Online-Banking" in text and "Handy-Café Altstadt" in text
    log_in(client, multiplier)
    staff = client.get(reverse("volunteers:helper_recognition", args=[anna.pk]))
    assert "Anna Berg" in _pdf_text(staff)


@pytest.mark.parametrize("year", ["10" * 30, "abc", "-5", "2026\x00"])
def test_an_odd_year_gives_the_confirmation_over_all_years(log_in, client, anna, helper, year):
    log_in(client, helper)

    answer = client.get(reverse("volunteers:own_recognition"), {"jahr": year})

    assert answer.status_code in (200, 400)
    if answer.status_code == 200:
        assert "Bestätigung über ehrenamtliche" in _pdf_text(answer)


def test_a_cafe_is_linked_to_its_offer_by_the_offers_address(
    log_in, client, multiplier, quarter, make_offer
):
    offer = make_offer("Handy-Café")
    log_in(client, multiplier)
    form = {
        "name": "Handy-Café",
        "quarter": str(quarter.pk),
        "address": "Markt 1",
        "weekday": "2",
        "start_time": "10:00",
        "end_time": "12:00",
        "starts_on": "01.01.2027",
        "helpers_wanted": "2",
    }

    unknown = client.post(
        reverse("volunteers:cafe_new"),
        {**form, "service": "https://x.de/angebot/00000000-0000-0000-0000-000000000000/"},
    )
    wrong = client.post(reverse("volunteers:cafe_new"), {**form, "service": "Handy-Café"})
    right = client.post(
        reverse("volunteers:cafe_new"),
        {**form, "service": f"http://testserver{reverse('directory:offer', args=[offer.id])}"},
    )

    assert "Dieses Angebot gibt es im Wegweiser nicht" in unknown.content.decode()
    assert "/angebot/" in wrong.content.decode()
    assert right.status_code == 302
    assert Cafe.objects.get().service == offer
