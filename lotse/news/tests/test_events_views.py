"""Wiring of the event pages: the public list and page, the pictures, the staff form (the
repetition there and back), single dates, publishing and release; the outsider gets 404."""

import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from lotse.core.models import Area
from lotse.news import services_events as services
from lotse.news.models import Event, PublicationStatus
from lotse.news.occurrences import occurrences_refresh
from lotse.news.tests.conftest import BERLIN

pytestmark = pytest.mark.django_db


def _this_week_day(hour: int = 14) -> dt.datetime:
    """A time later today (or tomorrow, if the day is nearly over), still this week."""
    now = timezone.localtime()
    start = now.replace(hour=hour, minute=0, second=0, microsecond=0)
    if start <= now or now.weekday() == 6 and start <= now:
        start = now + dt.timedelta(minutes=30)
    return start


@pytest.fixture
def published(make_event):
    def make(**fields) -> Event:
        fields.setdefault("starts_at", _this_week_day())
        event = make_event(**fields)
        occurrences_refresh(event)
        return event

    return make


def _form(**changes) -> dict:
    from lotse.core.models import Area

    day = timezone.localdate() + dt.timedelta(days=1)
    data = {
        "title": "Seniorentreff",
        "description": "Kaffee und Gespräche",
        "easy_text": "",
        "mode": "in_person",
        "location": "",
        "place_name": "Gemeindehaus",
        "street": "Kirchplatz 1",
        "postcode": "45657",
        "city": "Recklinghausen",
        "cost_kind": "free",
        "step_free": "yes",
        "day": day.strftime("%d.%m.%Y"),
        "start_time": "14:00",
        "end_time": "16:00",
        "repeat": "weekly",
        "weekdays": [str(day.weekday())],
        "ordinal": "1",
        "month_weekday": "0",
        "waiting_list": "on",
        "area": str(Area.objects.get(slug="altstadt").pk),
    }
    data.update(changes)
    return data


# --- Public ----------------------------------------------------------------------------------


def test_the_list_shows_this_weeks_dates_with_a_cancelled_one_and_its_reason(
    client, published, provider_staff, quarter
):
    event = published(title="Handy-Café")
    occurrence = event.occurrences.get()
    services.event_date_cancel(
        actor=provider_staff, event=event, occurrence=occurrence, reason="Raum belegt"
    )

    html = client.get(reverse("events:list")).text

    assert "Handy-Café" in html
    assert "Fällt aus: Raum belegt" in html
    assert reverse("events:detail", args=[event.id]) in html


def test_the_list_leaves_out_drafts_and_other_regions(client, published, make_event, outsider):
    published(title="Öffentlich")
    draft = make_event(title="Entwurf", status=PublicationStatus.DRAFT, starts_at=_this_week_day())
    occurrences_refresh(draft)

    html = client.get(reverse("events:list")).text

    assert "Öffentlich" in html and "Entwurf" not in html


def test_the_list_filters_by_quarter_cookie_and_free_of_charge(client, published, region, quarter):
    other = Area.objects.create(
        name="Neustadt",
        slug="neustadt",
        kind=Area.Kind.QUARTER,
        parent=quarter.parent,
        region=region,
    )
    published(title="In Altstadt", is_free=False, cost="3 Euro")
    published(title="In Neustadt", area=other)

    client.cookies["quartier"] = "neustadt"
    chosen = client.get(reverse("events:list")).text
    free = client.get(reverse("events:list") + "?quartier=&kostenlos=1").text

    assert "Veranstaltungen in Neustadt" in chosen
    assert "In Neustadt" in chosen and "In Altstadt" not in chosen
    assert "In Neustadt" in free and "In Altstadt" not in free


def test_the_list_of_next_week_and_odd_parameters_answer_200(client, published):
    published()
    for query in ("?wann=naechste", "?wann=heute", "?wann=%FF", "?seite=999999", "?thema=x"):
        assert client.get(reverse("events:list") + query).status_code == 200


def test_the_list_names_its_span_one_day_or_a_week(client, db):
    today = client.get(reverse("events:list") + "?wann=heute").text
    next_week = client.get(reverse("events:list") + "?wann=naechste").text

    assert "Termine am " in today and "Termine von " not in today
    assert "Termine von Montag, " in next_week and " bis Sonntag, " in next_week


def test_the_event_page_shows_dates_and_hides_drafts(client, published, make_event):
    event = published(title="Gymnastik", contact_phone="02361 555")
    draft = make_event(status=PublicationStatus.DRAFT)

    html = client.get(reverse("events:detail", args=[event.id])).text

    assert "Gymnastik" in html and "02361 555" in html and "Die nächsten Termine" in html
    assert client.get(reverse("events:detail", args=[draft.id])).status_code == 404


def test_a_picture_is_served_with_long_cache_headers(client, provider_staff, provider_org, quarter):
    out = io.BytesIO()
    Image.new("RGB", (40, 30)).save(out, format="PNG")
    from django.core.files.uploadedfile import SimpleUploadedFile

    from lotse.news.tests.test_events_services import _data

    event = services.event_create(
        actor=provider_staff,
        organisation=provider_org,
        area=quarter,
        data=_data(picture_alt="Ein Bild"),
        picture=SimpleUploadedFile("b.png", out.getvalue()),
    )

    response = client.get(reverse("events:picture", args=[event.picture_id]))

    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert "max-age=31536000" in response["Cache-Control"]


# --- Staff -----------------------------------------------------------------------------------


def test_staff_create_a_weekly_event_through_the_form_and_edit_it_again(
    client, provider_staff, quarter
):
    client.force_login(provider_staff)

    response = client.post(reverse("events:staff_new"), _form())

    event = Event.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("events:staff_detail", args=[event.id])
    assert event.rrule.startswith("FREQ=WEEKLY;BYDAY=")
    edit = client.get(reverse("events:staff_edit", args=[event.id])).text
    assert re.search(r'name="repeat" value="weekly"[^>]*checked', edit)
    weekday = timezone.localtime(event.starts_at).weekday()
    assert re.search(rf'name="weekdays" value="{weekday}"[^>]*checked', edit)


def test_the_form_shows_german_errors_and_keeps_the_values(client, provider_staff, quarter):
    client.force_login(provider_staff)

    response = client.post(
        reverse("events:staff_new"),
        _form(title="", repeat="weekly", weekdays=[], end_time="13:00", day="31.02.2027"),
    )

    html = response.text
    assert response.status_code == 200 and not Event.objects.exists()
    assert "<title>Fehler:" in html
    assert "Geben Sie einen Titel ein" in html
    assert "Wählen Sie mindestens einen Wochentag" in html
    assert "„Bis“ muss nach „Von“ liegen" in html
    assert "Kirchplatz 1" in html


def test_a_bad_picture_on_the_form_is_refused_in_german(client, provider_staff, quarter):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(provider_staff)

    response = client.post(
        reverse("events:staff_new"),
        _form(picture=SimpleUploadedFile("x.jpg", b"kein bild"), picture_alt="Bild"),
    )

    assert response.status_code == 200 and not Event.objects.exists()
    assert "kein Bild" in response.text


def test_staff_cancel_a_date_then_publish(client, provider_staff, make_event):
    event = make_event(status=PublicationStatus.DRAFT, rrule="FREQ=WEEKLY")
    occurrences_refresh(event)
    occurrence = event.occurrences.order_by("start")[1]
    client.force_login(provider_staff)

    page = client.get(reverse("events:staff_detail", args=[event.id])).text
    cancel = client.post(
        reverse("events:staff_date_cancel", args=[event.id, occurrence.id]),
        {"reason": "Ferien"},
    )
    publish = client.post(reverse("events:staff_publish", args=[event.id]))

    assert reverse("events:staff_date_cancel", args=[event.id, occurrence.id]) in page
    assert cancel.status_code == 302 and publish.status_code == 302
    event.refresh_from_db()
    occurrence.refresh_from_db()
    assert event.status == PublicationStatus.PUBLISHED
    assert (occurrence.status, occurrence.note) == ("cancelled", "Ferien")


def test_an_outsider_gets_404_on_every_staff_page_of_the_event(client, outsider, make_event):
    event = make_event()
    occurrences_refresh(event)
    occurrence = event.occurrences.first()
    client.force_login(outsider)

    for name, args in [
        ("events:staff_detail", [event.id]),
        ("events:staff_edit", [event.id]),
        ("events:staff_cancel", [event.id]),
        ("events:staff_date_cancel", [event.id, occurrence.id]),
        ("events:release_event", [event.id]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 404, name


def test_residents_get_403_on_the_staff_list(client, resident):
    client.force_login(resident)

    assert client.get(reverse("events:staff_list")).status_code == 403


def test_a_manager_releases_from_the_queue(client, manager, provider_staff, make_event, quarter):
    services.publication_rule_set(actor=manager, area=quarter, review_required=True)
    event = make_event(status=PublicationStatus.DRAFT)
    services.event_publish(actor=provider_staff, event=event)
    client.force_login(manager)

    queue = client.get(reverse("events:release_queue")).text
    decision = client.post(
        reverse("events:release_event", args=[event.id]), {"decision": "release"}
    )

    assert event.title in queue and "brauchen meine Freigabe" not in queue.split("Altstadt")[-1]
    assert decision.status_code == 302
    event.refresh_from_db()
    assert event.status == PublicationStatus.PUBLISHED


def test_a_manager_switches_the_rule_on_the_queue_page(client, manager, quarter):
    client.force_login(manager)

    response = client.post(
        reverse("events:release_rule"), {"gebiet": str(quarter.pk), "freigabe": "ja"}
    )

    assert response.status_code == 302
    from lotse.news.models import PublicationRule

    assert PublicationRule.objects.get(area=quarter).review_required
    assert client.post(reverse("events:release_rule"), {"gebiet": "x"}).status_code == 404


def test_moved_date_shows_verlegt_with_the_reason_on_the_event_page(
    client, provider_staff, make_event
):
    start = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
    event = make_event(starts_at=start + dt.timedelta(days=2), rrule="FREQ=WEEKLY")
    occurrences_refresh(event)
    occurrence = event.occurrences.order_by("start").first()
    services.event_date_move(
        actor=provider_staff,
        event=event,
        occurrence=occurrence,
        day=timezone.localtime(occurrence.start, BERLIN).date() + dt.timedelta(days=1),
        start_time=dt.time(11),
        end_time=dt.time(12),
        reason="Ausflug",
    )

    html = client.get(reverse("events:detail", args=[event.id])).text

    assert "Verlegt: Ausflug" in html
