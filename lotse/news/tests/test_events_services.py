"""The services of the events part: create and update (with the repetition as people say it),
publish, withdraw, call off, a date cancelled, moved and restored, release and the publication
rule; their refusals (permissions, NUL bytes, long texts, huge numbers, bad pictures)."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from lotse.core.audit import AuditEntry
from lotse.core.models import Area
from lotse.directory.models import TARGET_GROUPS, Location, Taxonomy, TaxonomyTerm
from lotse.news import services_events as services
from lotse.news.models import EventException, Occurrence, PublicationRule, PublicationStatus
from lotse.news.recurrence import MONTHLY, WEEKLY, Recurrence
from lotse.news.tests.conftest import BERLIN

pytestmark = pytest.mark.django_db


def _next(weekday: int) -> dt.date:
    """The next such weekday after today (at least a day ahead)."""
    day = timezone.localdate() + dt.timedelta(days=1)
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def _data(**changes) -> dict:
    data = {
        "title": "Seniorentreff",
        "description": "Kaffee, Kuchen und Gespräche.",
        "easy_text": "",
        "mode": "in_person",
        "location": None,
        "place_name": "Gemeindehaus",
        "street": "Kirchplatz 1",
        "postcode": "45657",
        "city": "Recklinghausen",
        "access_details": "",
        "is_free": True,
        "cost": "",
        "step_free": True,
        "picture_alt": "",
        "contact_phone": "02361 12345",
        "skip_holidays": True,
        "registration_required": False,
        "capacity": None,
        "waiting_list": True,
        "day": _next(1),
        "start_time": dt.time(14),
        "end_time": dt.time(16),
        "recurrence": Recurrence(kind=WEEKLY, weekdays=(1,)),
    }
    data.update(changes)
    return data


def _jpeg(width=800, height=600, exif=True) -> SimpleUploadedFile:
    image = Image.new("RGB", (width, height), (200, 30, 30))
    out = io.BytesIO()
    if exif:
        tags = Image.Exif()
        tags[0x010F] = "Kameramarke"  # Make
        image.save(out, format="JPEG", exif=tags.tobytes())
    else:
        image.save(out, format="JPEG")
    return SimpleUploadedFile("foto.jpg", out.getvalue(), content_type="image/jpeg")


@pytest.fixture
def create(provider_staff, provider_org, quarter):
    def make(**changes):
        picture = changes.pop("picture", None)
        area = changes.pop("area", quarter)
        return services.event_create(
            actor=provider_staff,
            organisation=provider_org,
            area=area,
            data=_data(**changes),
            picture=picture,
        )

    return make


# --- Create ----------------------------------------------------------------------------------


def test_event_create_saves_a_weekly_draft_with_its_dates_and_an_audit_entry(create):
    event = create()

    assert event.status == PublicationStatus.DRAFT
    assert event.rrule == "FREQ=WEEKLY;BYDAY=TU"
    local = timezone.localtime(event.starts_at, BERLIN)
    assert (local.date(), local.hour) == (_next(1), 14)
    occurrences = list(event.occurrences.order_by("start"))
    assert len(occurrences) > 50
    assert not any(occ.is_public for occ in occurrences)
    assert AuditEntry.objects.filter(verb="event.created", target_id=str(event.pk)).exists()


def test_event_create_starts_a_series_on_the_first_date_the_rule_gives(create):
    # Given a start day that is a Sunday, for "jeden ersten Mittwoch im Monat"
    sunday = _next(6)

    event = create(day=sunday, recurrence=Recurrence(kind=MONTHLY, ordinal=1, weekday=2))

    local = timezone.localtime(event.starts_at, BERLIN).date()
    assert local.weekday() == 2 and local.day <= 7 and local >= sunday
    assert event.rrule == "FREQ=MONTHLY;BYDAY=1WE"


def test_event_create_one_off_event_has_one_date(create):
    event = create(recurrence=Recurrence())

    assert event.rrule == ""
    assert event.occurrences.count() == 1


def test_event_create_refuses_another_organisations_staff(outsider, provider_org, quarter):
    with pytest.raises(PermissionDenied):
        services.event_create(actor=outsider, organisation=provider_org, area=quarter, data=_data())


def test_event_create_refuses_an_area_of_another_region(create):
    other = Area.objects.create(name="Fern", slug="fern", kind=Area.Kind.REGION)

    with pytest.raises(ValidationError) as caught:
        create(area=other)

    assert "area" in caught.value.message_dict


def test_event_create_refuses_another_organisations_location(create, outsider):
    from lotse.core.models import Organisation

    foreign = Organisation.objects.get(memberships__user=outsider)
    place = Location.objects.create(organization=foreign, name="Fremder Saal")

    with pytest.raises(ValidationError) as caught:
        create(location=place, street="")

    assert "location" in caught.value.message_dict


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", "Senioren\x00treff"),
        ("description", "Kaffee \ud800"),
        ("easy_text", "\x00"),
        ("street", "Kirch\x00platz"),
    ],
)
def test_event_create_refuses_nul_bytes_and_lone_surrogates(create, field, value):
    with pytest.raises(ValidationError) as caught:
        create(**{field: value})

    assert field in caught.value.message_dict


def test_event_create_refuses_long_texts_and_huge_numbers(create):
    with pytest.raises(ValidationError) as caught:
        create(title="x" * 201)
    assert "title" in caught.value.message_dict

    with pytest.raises(ValidationError) as caught:
        create(registration_required=True, capacity=10**12)
    assert "capacity" in caught.value.message_dict


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"end_time": dt.time(13)}, "end_time"),
        ({"day": timezone.localdate() - dt.timedelta(days=2)}, "day"),
        ({"day": timezone.localdate() + dt.timedelta(days=800)}, "day"),
        ({"recurrence": Recurrence(kind=WEEKLY, weekdays=())}, "recurrence"),
        (
            {"recurrence": Recurrence(kind=WEEKLY, weekdays=(1,), until=dt.date(2000, 1, 1))},
            "until",
        ),
        ({"mode": "phone", "access_details": ""}, "access_details"),
        ({"street": "", "location": None}, "location"),
        ({"is_free": False, "cost": " "}, "cost"),
    ],
)
def test_event_create_refuses_what_does_not_fit(create, changes, field):
    with pytest.raises(ValidationError) as caught:
        create(**changes)

    assert field in caught.value.message_dict


def test_event_create_refuses_a_rule_whose_end_leaves_no_date(create):
    # "jeden Montag bis <Dienstag>" with the first day a Tuesday: no Monday is left
    tuesday = _next(1)

    with pytest.raises(ValidationError) as caught:
        create(day=tuesday, recurrence=Recurrence(kind=WEEKLY, weekdays=(0,), until=tuesday))

    assert "recurrence" in caught.value.message_dict


def test_event_create_keeps_topics_and_target_groups_of_their_taxonomies(create, topic):
    groups = Taxonomy.objects.create(name=TARGET_GROUPS)
    seniors = TaxonomyTerm.objects.create(taxonomy=groups, code="senioren", name="Senioren")

    event = create(topics=[topic], target_groups=[seniors])

    assert list(event.topics.all()) == [topic]
    assert list(event.target_groups.all()) == [seniors]
    with pytest.raises(ValidationError):
        create(topics=[seniors])


# --- Pictures --------------------------------------------------------------------------------


def test_a_picture_is_reencoded_as_a_small_jpeg_without_metadata(create):
    event = create(picture=_jpeg(4000, 3000), picture_alt="Menschen beim Kaffee")

    picture = event.picture
    assert picture.content_type == "image/jpeg"
    assert max(picture.width, picture.height) == 1600
    kept = Image.open(io.BytesIO(bytes(picture.data)))
    assert kept.format == "JPEG"
    assert not kept.getexif()
    assert b"Kameramarke" not in bytes(picture.data)


def test_a_png_with_transparency_becomes_a_jpeg(create):
    image = Image.new("RGBA", (300, 200), (0, 0, 0, 0))
    out = io.BytesIO()
    image.save(out, format="PNG")
    upload = SimpleUploadedFile("bild.png", out.getvalue(), content_type="image/png")

    event = create(picture=upload, picture_alt="Ein Bild")

    assert event.picture.content_type == "image/jpeg"


def test_a_picture_needs_its_alternative_text(create):
    with pytest.raises(ValidationError) as caught:
        create(picture=_jpeg(), picture_alt=" ")

    assert "picture_alt" in caught.value.message_dict


@pytest.mark.parametrize(
    "content",
    [b"not an image at all", b"%PDF-1.4\n", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, b""],
)
def test_a_file_that_is_no_image_is_refused_in_german(create, content):
    upload = SimpleUploadedFile("bild.jpg", content, content_type="image/jpeg")

    with pytest.raises(ValidationError) as caught:
        create(picture=upload, picture_alt="Bild")

    assert "kein Bild" in " ".join(caught.value.message_dict["picture"])


def test_a_decompression_bomb_is_refused_before_it_is_decoded(create):
    # A PNG that claims 20,000 × 20,000 pixels (400 million) in a few hundred bytes
    image = Image.new("1", (20000, 20000))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    upload = SimpleUploadedFile("bombe.png", out.getvalue(), content_type="image/png")
    assert len(out.getvalue()) < 200_000

    with pytest.raises(ValidationError) as caught:
        create(picture=upload, picture_alt="Bild")

    messages = " ".join(caught.value.message_dict["picture"])
    assert "Bildpunkte" in messages or "kein Bild" in messages


def test_a_too_large_file_is_refused(create):
    upload = SimpleUploadedFile("gross.jpg", b"\xff" * (10 * 1024 * 1024 + 1))

    with pytest.raises(ValidationError) as caught:
        create(picture=upload, picture_alt="Bild")

    assert "10 MB" in " ".join(caught.value.message_dict["picture"])


# --- Update ----------------------------------------------------------------------------------


def test_event_update_changes_the_rule_and_the_dates(create, provider_staff, quarter):
    event = create()

    services.event_update(
        actor=provider_staff,
        event=event,
        area=quarter,
        data=_data(recurrence=Recurrence(kind=WEEKLY, weekdays=(1, 3))),
    )

    event.refresh_from_db()
    assert event.rrule == "FREQ=WEEKLY;BYDAY=TU,TH"
    weekdays = {timezone.localtime(o.start, BERLIN).weekday() for o in event.occurrences.all()}
    assert weekdays == {1, 3}


def test_event_update_keeps_a_past_first_date_that_did_not_change(make_event, provider_staff):
    # Given a weekly series that began a month ago
    start = timezone.localtime().replace(hour=14, minute=0, second=0, microsecond=0)
    start -= dt.timedelta(days=28)
    code = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][start.weekday()]
    event = make_event(starts_at=start, rrule=f"FREQ=WEEKLY;BYDAY={code}")

    services.event_update(
        actor=provider_staff,
        event=event,
        area=event.area,
        data=_data(
            title="Neuer Titel",
            day=start.date(),
            recurrence=Recurrence(kind=WEEKLY, weekdays=(start.weekday(),)),
        ),
    )

    event.refresh_from_db()
    assert event.title == "Neuer Titel"
    assert event.starts_at == start


def test_event_update_drops_exceptions_of_dates_the_rule_no_longer_gives(
    create, provider_staff, quarter
):
    event = create()
    occurrence = event.occurrences.order_by("start").first()
    services.event_date_cancel(
        actor=provider_staff, event=event, occurrence=occurrence, reason="Krank"
    )

    services.event_update(
        actor=provider_staff,
        event=event,
        area=quarter,
        data=_data(start_time=dt.time(15), end_time=dt.time(17)),
    )

    assert not EventException.objects.filter(event=event).exists()


def test_event_update_of_a_published_event_moved_to_an_area_with_release_waits(
    create, provider_staff, quarter, manager
):
    event = create()
    services.event_publish(actor=provider_staff, event=event)
    municipality = quarter.parent
    PublicationRule.objects.create(area=municipality, review_required=True)

    services.event_update(actor=provider_staff, event=event, area=municipality, data=_data())

    event.refresh_from_db()
    assert event.status == PublicationStatus.IN_REVIEW


def test_event_update_refuses_outsiders(create, outsider, quarter):
    event = create()

    with pytest.raises(PermissionDenied):
        services.event_update(actor=outsider, event=event, area=quarter, data=_data())


# --- Publication -----------------------------------------------------------------------------


def test_event_publish_makes_the_dates_public(create, provider_staff):
    event = create()

    services.event_publish(actor=provider_staff, event=event)

    event.refresh_from_db()
    assert event.status == PublicationStatus.PUBLISHED and event.published_at
    assert all(occ.is_public for occ in event.occurrences.all())
    with pytest.raises(services.EventConflict):
        services.event_publish(actor=provider_staff, event=event)


def test_event_publish_waits_for_release_where_a_manager_requires_it(
    create, provider_staff, quarter, manager
):
    services.publication_rule_set(actor=manager, area=quarter, review_required=True)
    event = create()

    services.event_publish(actor=provider_staff, event=event)

    event.refresh_from_db()
    assert event.status == PublicationStatus.IN_REVIEW
    assert not event.occurrences.filter(is_public=True).exists()


def test_event_withdraw_hides_the_dates_and_refuses_a_draft(create, provider_staff):
    event = create()
    with pytest.raises(services.EventConflict):
        services.event_withdraw(actor=provider_staff, event=event)
    services.event_publish(actor=provider_staff, event=event)

    services.event_withdraw(actor=provider_staff, event=event)

    event.refresh_from_db()
    assert event.status == PublicationStatus.WITHDRAWN
    assert not event.occurrences.filter(is_public=True).exists()


def test_event_cancel_marks_every_date_with_the_reason_once(create, provider_staff):
    event = create()
    services.event_publish(actor=provider_staff, event=event)

    services.event_cancel(actor=provider_staff, event=event, reason="Der Saal wird umgebaut")

    assert set(event.occurrences.values_list("status", "note")) == {
        ("cancelled", "Der Saal wird umgebaut")
    }
    with pytest.raises(services.EventConflict):
        services.event_cancel(actor=provider_staff, event=event, reason="Noch einmal")


@pytest.mark.parametrize("reason", ["", "   ", "x" * 301, "Grund\x00"])
def test_event_cancel_needs_a_plain_reason(create, provider_staff, reason):
    event = create()

    with pytest.raises(ValidationError):
        services.event_cancel(actor=provider_staff, event=event, reason=reason)

    event.refresh_from_db()
    assert event.cancelled_reason == ""


# --- Single dates ----------------------------------------------------------------------------


def _second(event) -> Occurrence:
    return event.occurrences.order_by("start")[1]


def test_event_date_cancel_shows_fallt_aus_with_the_reason(create, provider_staff):
    event = create()
    occurrence = _second(event)

    services.event_date_cancel(
        actor=provider_staff, event=event, occurrence=occurrence, reason="Die Leiterin ist krank"
    )

    occurrence.refresh_from_db()
    assert (occurrence.status, occurrence.note) == ("cancelled", "Die Leiterin ist krank")
    assert event.occurrences.filter(status="scheduled").count() > 40


def test_event_date_move_and_restore(create, provider_staff):
    event = create()
    occurrence = _second(event)
    new_day = timezone.localtime(occurrence.start, BERLIN).date() + dt.timedelta(days=1)

    services.event_date_move(
        actor=provider_staff,
        event=event,
        occurrence=occurrence,
        day=new_day,
        start_time=dt.time(10),
        end_time=dt.time(12),
        reason="Der Saal ist belegt",
    )

    occurrence.refresh_from_db()
    local = timezone.localtime(occurrence.start, BERLIN)
    assert (local.date(), local.hour, occurrence.note) == (new_day, 10, "Der Saal ist belegt")
    assert occurrence.status == "scheduled"

    services.event_exception_remove(actor=provider_staff, event=event, occurrence=occurrence)

    occurrence.refresh_from_db()
    assert occurrence.start == occurrence.original_start and occurrence.note == ""
    with pytest.raises(services.EventConflict):
        services.event_exception_remove(actor=provider_staff, event=event, occurrence=occurrence)


def test_a_moved_date_can_be_cancelled_instead(create, provider_staff):
    event = create()
    occurrence = _second(event)
    services.event_date_move(
        actor=provider_staff,
        event=event,
        occurrence=occurrence,
        day=timezone.localtime(occurrence.start).date(),
        start_time=dt.time(9),
        end_time=dt.time(10),
        reason="Früher",
    )

    services.event_date_cancel(
        actor=provider_staff, event=event, occurrence=occurrence, reason="Doch nicht"
    )

    exception = EventException.objects.get(event=event)
    assert (exception.kind, exception.new_start) == ("cancelled", None)


def test_a_date_of_another_event_or_in_the_past_is_refused(create, provider_staff, make_event):
    event = create()
    other = create(title="Anderes")
    with pytest.raises(ValidationError):
        services.event_date_cancel(
            actor=provider_staff, event=event, occurrence=_second(other), reason="Grund"
        )
    past = make_event(starts_at=timezone.now() - dt.timedelta(days=2))
    services.occurrences_refresh(past)
    with pytest.raises(services.EventConflict):
        services.event_date_cancel(
            actor=provider_staff, event=past, occurrence=past.occurrences.get(), reason="Grund"
        )


def test_a_date_cannot_move_into_the_past_or_end_before_it_begins(create, provider_staff):
    event = create()
    occurrence = _second(event)
    day = timezone.localdate()
    for new_day, start, end in (
        (day - dt.timedelta(days=1), dt.time(10), dt.time(11)),
        (day + dt.timedelta(days=3), dt.time(10), dt.time(9)),
        (day + dt.timedelta(days=500), dt.time(10), dt.time(11)),
    ):
        with pytest.raises(ValidationError):
            services.event_date_move(
                actor=provider_staff,
                event=event,
                occurrence=occurrence,
                day=new_day,
                start_time=start,
                end_time=end,
                reason="Grund",
            )
    assert not EventException.objects.exists()


def test_single_dates_are_refused_to_outsiders_and_colleagues_without_the_right(
    create, outsider, resident
):
    event = create()
    for actor in (outsider, resident, None):
        with pytest.raises(PermissionDenied):
            services.event_date_cancel(
                actor=actor, event=event, occurrence=_second(event), reason="x"
            )


# --- Release ---------------------------------------------------------------------------------


def _waiting(create, provider_staff, manager, quarter):
    services.publication_rule_set(actor=manager, area=quarter, review_required=True)
    event = create()
    services.event_publish(actor=provider_staff, event=event)
    return event


def test_event_release_publishes(create, provider_staff, manager, quarter):
    event = _waiting(create, provider_staff, manager, quarter)

    services.event_release(actor=manager, event=event, release=True)

    event.refresh_from_db()
    assert (event.status, event.reviewed_by) == (PublicationStatus.PUBLISHED, manager)
    assert event.occurrences.filter(is_public=True).exists()
    with pytest.raises(services.EventConflict):
        services.event_release(actor=manager, event=event, release=True)


def test_event_release_sends_back_with_a_note(create, provider_staff, manager, quarter):
    event = _waiting(create, provider_staff, manager, quarter)
    with pytest.raises(ValidationError):
        services.event_release(actor=manager, event=event, release=False, note=" ")

    services.event_release(actor=manager, event=event, release=False, note="Bitte Ort ergänzen")

    event.refresh_from_db()
    assert (event.status, event.review_note) == (PublicationStatus.DRAFT, "Bitte Ort ergänzen")
    services.event_publish(actor=provider_staff, event=event)
    event.refresh_from_db()
    assert event.review_note == ""


def test_event_release_is_for_managers_of_the_area_only(
    create, provider_staff, manager, quarter, office_staff
):
    event = _waiting(create, provider_staff, manager, quarter)

    for actor in (provider_staff, office_staff):
        with pytest.raises(PermissionDenied):
            services.event_release(actor=actor, event=event, release=True)


def test_publication_rule_set_switches_on_and_off(manager, quarter, provider_staff):
    services.publication_rule_set(actor=manager, area=quarter, review_required=True)
    services.publication_rule_set(actor=manager, area=quarter, review_required=False)

    assert PublicationRule.objects.get(area=quarter).review_required is False
    with pytest.raises(PermissionDenied):
        services.publication_rule_set(actor=provider_staff, area=quarter, review_required=True)
