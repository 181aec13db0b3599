"""Authorization matrix rows of the events part (see lotse/core/tests/authorization_matrix.py
and lotse/news/tests/matrix_rows.py for the world)."""

import io

from PIL import Image

from lotse.news.models import Event, Picture

OBJECT_KWARGS = {"occurrence_id", "picture_id"}

LOGIN = "/konto/anmelden/"
STAFF = "/veranstaltungen/verwalten/{id}/"  # the event's staff page, with a message

# fmt: off
ROWS = {
    # Public: the list, an event's page and its pictures, for everyone
    #     anon  resid  relat  helpr  multi  offic  navig  provd  mangr  coord  resch  admin  outsd
    ('GET', 'events:list', ''):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ('GET', 'events:detail', 'own'):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ('GET', 'events:detail', 'foreign'):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ('GET', 'events:picture', 'own'):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ('GET', 'events:picture', 'foreign'):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    # The organiser's staff (and the region coordination) work on their events; members of
    # the organiser without the right get 403, everyone else 404
    #     anon  resid  relat  helpr  multi  offic  navig  provd  mangr  coord  resch  admin  outsd
    ('GET', 'events:staff_list', ''):
        (LOGIN,   403,   403,   403,   403,   200,   403,   200,   200,   200,   403,   200,   200),
    ('GET', 'events:staff_new', ''):
        (LOGIN,   403,   403,   403,   403,   200,   403,   200,   200,   200,   403,   200,   200),
    ('POST', 'events:staff_new', ''):
        (LOGIN,   403,   403,   403,   403,   200,   403,   200,   200,   200,   403,   200,   200),
    ('GET', 'events:staff_detail', 'own'):
        (LOGIN,   403,   403,   404,   404,   404,   404,   200,   404,   200,   404,   200,   404),
    ('GET', 'events:staff_detail', 'foreign'):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   200),
    ('GET', 'events:staff_edit', 'own'):
        (LOGIN,   403,   403,   404,   404,   404,   404,   200,   404,   200,   404,   200,   404),
    ('GET', 'events:staff_edit', 'foreign'):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   200),
    ('POST', 'events:staff_edit', 'own'):
        (LOGIN,   403,   403,   404,   404,   404,   404,   200,   404,   200,   404,   200,   404),
    ('POST', 'events:staff_edit', 'foreign'):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   200),
    ('GET', 'events:staff_cancel', 'own'):
        (LOGIN,   403,   403,   404,   404,   404,   404,   200,   404,   200,   404,   200,   404),
    ('GET', 'events:staff_cancel', 'foreign'):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   200),
    ('POST', 'events:staff_cancel', 'own'):
        (LOGIN,   403,   403,   404,   404,   404,   404,   200,   404,   200,   404,   200,   404),
    ('POST', 'events:staff_cancel', 'foreign'):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   200),
    ('POST', 'events:staff_publish', 'own'):
        (LOGIN,   403,   403,   404,   404,   404,   404, STAFF,   404, STAFF,   404, STAFF,   404),
    ('POST', 'events:staff_publish', 'foreign'):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404, STAFF),
    ('GET', 'events:staff_publish', 'own'):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ('POST', 'events:staff_withdraw', 'own'):
        (LOGIN,   403,   403,   404,   404,   404,   404, STAFF,   404, STAFF,   404, STAFF,   404),
    ('POST', 'events:staff_withdraw', 'foreign'):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404, STAFF),
    ('GET', 'events:staff_withdraw', 'own'):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ('GET', 'events:staff_date_cancel', 'own'):
        (LOGIN,   403,   403,   404,   404,   404,   404,   200,   404,   200,   404,   200,   404),
    ('GET', 'events:staff_date_cancel', 'foreign'):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   200),
    ('POST', 'events:staff_date_cancel', 'own'):
        (LOGIN,   403,   403,   404,   404,   404,   404,   200,   404,   200,   404,   200,   404),
    ('POST', 'events:staff_date_cancel', 'foreign'):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   200),
    ('GET', 'events:staff_date_move', 'own'):
        (LOGIN,   403,   403,   404,   404,   404,   404,   200,   404,   200,   404,   200,   404),
    ('GET', 'events:staff_date_move', 'foreign'):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   200),
    ('POST', 'events:staff_date_move', 'own'):
        (LOGIN,   403,   403,   404,   404,   404,   404,   200,   404,   200,   404,   200,   404),
    ('POST', 'events:staff_date_move', 'foreign'):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   200),
    ('POST', 'events:staff_date_restore', 'own'):
        (LOGIN,   403,   403,   404,   404,   404,   404, STAFF,   404, STAFF,   404, STAFF,   404),
    ('POST', 'events:staff_date_restore', 'foreign'):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404, STAFF),
    ('GET', 'events:staff_date_restore', 'own'):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    # Release: managers and the region coordination whose areas cover the event
    #     anon  resid  relat  helpr  multi  offic  navig  provd  mangr  coord  resch  admin  outsd
    ('GET', 'events:release_queue', ''):
        (LOGIN,   403,   403,   403,   403,   403,   403,   403,   200,   200,   403,   403,   403),
    ('POST', 'events:release_rule', ''):
        (LOGIN,   403,   403,   403,   403,   403,   403,   403,   404,   404,   403,   403,   403),
    ('GET', 'events:release_rule', ''):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ('GET', 'events:release_event', 'own'):
        (LOGIN,   403,   403,   404,   404,   404,   404,   403,   200,   200,   404,   403,   404),
    ('GET', 'events:release_event', 'foreign'):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ('POST', 'events:release_event', 'own'):
        (LOGIN,   403,   403,   404,   404,   404,   404,   403,   200,   200,   404,   403,   404),
    ('POST', 'events:release_event', 'foreign'):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    # The staff API: the same rules; a write with {} answers 422 once the permission holds
    #     anon  resid  relat  helpr  multi  offic  navig  provd  mangr  coord  resch  admin  outsd
    ('GET', '/api/v1/news/events', ''):
        (  401,   403,   403,   403,   403,   200,   403,   200,   200,   200,   403,   200,   200),
    ('POST', '/api/v1/news/events', ''):
        (  401,   403,   403,   403,   403,   422,   403,   422,   422,   422,   403,   422,   422),
    ('GET', '/api/v1/news/events/{event_id}', 'own'):
        (  401,   403,   403,   404,   404,   404,   404,   200,   404,   200,   404,   200,   404),
    ('GET', '/api/v1/news/events/{event_id}', 'foreign'):
        (  401,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   200),
    ('PUT', '/api/v1/news/events/{event_id}', 'own'):
        (  401,   403,   403,   404,   404,   404,   404,   422,   404,   422,   404,   422,   404),
    ('PUT', '/api/v1/news/events/{event_id}', 'foreign'):
        (  401,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   422),
    ('POST', '/api/v1/news/events/{event_id}/publish', 'own'):
        (  401,   403,   403,   404,   404,   404,   404,   200,   404,   200,   404,   200,   404),
    ('POST', '/api/v1/news/events/{event_id}/publish', 'foreign'):
        (  401,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   200),
    ('POST', '/api/v1/news/events/{event_id}/withdraw', 'own'):
        (  401,   403,   403,   404,   404,   404,   404,   200,   404,   200,   404,   200,   404),
    ('POST', '/api/v1/news/events/{event_id}/withdraw', 'foreign'):
        (  401,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   200),
    ('POST', '/api/v1/news/events/{event_id}/cancel', 'own'):
        (  401,   403,   403,   404,   404,   404,   404,   422,   404,   422,   404,   422,   404),
    ('POST', '/api/v1/news/events/{event_id}/cancel', 'foreign'):
        (  401,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   422),
    ('POST', '/api/v1/news/events/{event_id}/release', 'own'):
        (  401,   403,   403,   404,   404,   404,   404,   403,   422,   422,   404,   403,   404),
    ('POST', '/api/v1/news/events/{event_id}/release', 'foreign'):
        (  401,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ('GET', '/api/v1/news/events/{event_id}/dates', 'own'):
        (  401,   403,   403,   404,   404,   404,   404,   200,   404,   200,   404,   200,   404),
    ('GET', '/api/v1/news/events/{event_id}/dates', 'foreign'):
        (  401,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   200),
    ('POST', '/api/v1/news/events/{event_id}/dates/{occurrence_id}/cancel', 'own'):
        (  401,   403,   403,   404,   404,   404,   404,   422,   404,   422,   404,   422,   404),
    ('POST', '/api/v1/news/events/{event_id}/dates/{occurrence_id}/cancel', 'foreign'):
        (  401,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   422),
    ('POST', '/api/v1/news/events/{event_id}/dates/{occurrence_id}/move', 'own'):
        (  401,   403,   403,   404,   404,   404,   404,   422,   404,   422,   404,   422,   404),
    ('POST', '/api/v1/news/events/{event_id}/dates/{occurrence_id}/move', 'foreign'):
        (  401,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   422),
    ('DELETE', '/api/v1/news/events/{event_id}/dates/{occurrence_id}/change', 'own'):
        (  401,   403,   403,   404,   404,   404,   404,   409,   404,   409,   404,   409,   404),
    ('DELETE', '/api/v1/news/events/{event_id}/dates/{occurrence_id}/change', 'foreign'):
        (  401,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   409),
}
# fmt: on


def _picture(event: Event) -> Picture:
    out = io.BytesIO()
    Image.new("RGB", (4, 3), (10, 20, 30)).save(out, format="JPEG")
    picture = Picture.objects.create(
        region_id=event.region_id,
        organisation_id=event.organisation_id,
        content_type="image/jpeg",
        data=out.getvalue(),
        width=4,
        height=3,
    )
    event.picture = picture
    event.picture_alt = "Ein Bild"
    event.save(update_fields=["picture", "picture_alt"])
    return picture


def extend_world(world, request) -> None:
    """The first date and a picture of the world's own and foreign event. The dates are this
    part's rows' own (the registrations part's rows use a copy's date as `occurrence_id`)."""
    targets = world.setdefault("targets", {})
    for variant in ("own", "foreign"):
        event = Event.objects.get(pk=world[variant]["event_id"])
        occurrence = event.occurrences.order_by("start").first()
        assert occurrence is not None
        for _method, target, _variant in ROWS:
            if "occurrence_id" in target or target.startswith("events:staff_date_"):
                targets.setdefault(target, {})[variant] = {"occurrence_id": occurrence.id}
        world[variant]["picture_id"] = _picture(event).id
