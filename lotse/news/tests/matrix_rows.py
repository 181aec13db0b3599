"""The news app's world for the authorization matrix (lotse/core/tests/authorization_matrix.py);
its rows are in matrix_rows_<part>.py (events, registrations, posts, board).

"own": an event and a news item of AWO Altstadt (the provider staff and administrator personas
are its staff) for the quarter Altstadt, where the Quartiersbüro's office staff and manager work;
a registration for the event's first date; a noticeboard post in Altstadt waiting for its check.
"foreign": the same of Caritas Anders in another region (the outsider's organisation)."""

import datetime as dt

from django.utils import timezone

from lotse.core.models import Area, Organisation
from lotse.news.models import BoardPost, Event, NewsPost, PublicationStatus, Registration
from lotse.news.occurrences import occurrences_refresh

OBJECT_KWARGS = {"event_id", "registration_id", "newspost_id", "boardpost_id"}

ROWS: dict = {}


def _quarter(organisation: Organisation) -> Area:
    quarter = Area.objects.filter(kind=Area.Kind.QUARTER, region_id=organisation.region_id).first()
    if quarter is None:
        quarter = Area.objects.create(
            name="Anderswo",
            slug=f"anderswo-{organisation.pk.hex[:8]}",
            kind=Area.Kind.QUARTER,
            parent_id=organisation.region_id,
            region_id=organisation.region_id,
        )
    return quarter


def _objects(organisation: Organisation, number: int) -> dict:
    quarter = _quarter(organisation)
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=3)
    event = Event.objects.create(
        organisation=organisation,
        region_id=organisation.region_id,
        area=quarter,
        title="Seniorentreff",
        description="Kaffee und Kuchen",
        street="Kirchplatz 1",
        postcode="34117",
        city="Teststadt",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        rrule="FREQ=WEEKLY",
        skip_holidays=False,
        registration_required=True,
        capacity=10,
        status=PublicationStatus.PUBLISHED,
    )
    occurrences_refresh(event)
    occurrence = event.occurrences.order_by("start").first()
    assert occurrence is not None
    registration = Registration.objects.create(
        occurrence=occurrence,
        event=event,
        region_id=organisation.region_id,
        name="Erika Muster",
        phone="0221 123456",
        cancel_token_hash=f"{number:064d}",
        short_code=f"TEST-{number:04d}",
    )
    post = NewsPost.objects.create(
        organisation=organisation,
        region_id=organisation.region_id,
        area=quarter,
        title="Neue Sprechzeiten",
        body="Ab Montag von 9 bis 12 Uhr.",
        publish_at=timezone.now() - dt.timedelta(days=1),
        status=PublicationStatus.PUBLISHED,
    )
    board_post = BoardPost.objects.create(
        region_id=organisation.region_id,
        area=quarter,
        kind=BoardPost.Kind.SEEK,
        title="Begleitung zum Spaziergang",
        body="Wer geht dienstags mit mir spazieren?",
        display_name="Frau K.",
        contact_email="k@example.org",
    )
    return {
        "event_id": event.id,
        "registration_id": registration.id,
        "newspost_id": post.id,
        "boardpost_id": board_post.id,
    }


def extend_world(world, request) -> None:
    provider_staff = request.getfixturevalue("provider_staff")
    outsider = request.getfixturevalue("outsider")
    own_org = Organisation.objects.get(memberships__user=provider_staff)
    foreign_org = Organisation.objects.get(memberships__user=outsider)
    world["own"].update(_objects(own_org, 1))
    world["foreign"].update(_objects(foreign_org, 2))
