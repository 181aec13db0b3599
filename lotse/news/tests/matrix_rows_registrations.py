"""Authorization matrix rows of registrations (see lotse/core/tests/authorization_matrix.py and
the world in matrix_rows.py, to which `extend_world` below adds the first date of each event).

The "own" date belongs to AWO Altstadt's event for the quarter Altstadt: its staff (provider
staff, administrator), the Quartiersbüro's office staff and manager (people call their office
to register) and the region coordinator see and make registrations (200). Resident and
relative are members of AWO without a staff role (403); the other members of the
Quartiersbüro (helper, multiplier, care navigator, researcher) have no role at AWO (404, as for
a date that does not exist). The "foreign" date is Caritas Anders': the outsider works there.
The public pages answer everyone alike; an unknown cancel link answers 404. POSTs are sent
empty: the forms answer with their errors (200); the staff cancel, mark and call steps go back
to the list; the world's registration is cancelled by the page before the API tries (409), and
the API's empty bodies are refused by the services (422)."""

import uuid

from lotse.core.tests.authorization_matrix import CODE, LOGIN

OBJECT_KWARGS = {"occurrence_id"}

LIST = "/veranstaltungen/termin/{id}/teilnehmende/"  # back to the participant list
REGS = "/api/v1/news/occurrences/{occurrence_id}/registrations"
CANCEL = "/api/v1/news/registrations/{registration_id}/cancel"
ATTEND = "/api/v1/news/registrations/{registration_id}/attendance"

# fmt: off
ROWS = {
    # Public pages: registering for a published date, the confirmation, cancelling
    #     anon  resid  relat  helpr  multi  offic  navig  provd  mangr  coord  resch  admin  outsd
    ("GET", "events:register", "own"):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("GET", "events:register", "foreign"):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("POST", "events:register", "own"):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("POST", "events:register", "foreign"):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("GET", "events:registration", ""):
        (  404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404),
    ("GET", "events:registration_cancel_by_token", ""):
        (  404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404),
    ("POST", "events:registration_cancel_by_token", ""):
        (  404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404),
    ("GET", "events:cancel", ""):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("POST", "events:cancel", ""):
        (  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    # From "Mein Konto": only the account's own registrations; the world's was made by nobody's
    # account and with no persona's e-mail address, so 404 for everyone logged in.
    ("GET", "events:registration_own_cancel", "own"):
        ( CODE,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404),
    ("GET", "events:registration_own_cancel", "foreign"):
        ( CODE,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404),
    ("POST", "events:registration_own_cancel", "own"):
        ( CODE,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404),
    ("POST", "events:registration_own_cancel", "foreign"):
        ( CODE,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404),

    # Staff pages: personal data behind the second factor
    #     anon  resid  relat  helpr  multi  offic  navig  provd  mangr  coord  resch  admin  outsd
    ("GET", "events:participants", "own"):
        (LOGIN,   403,   403,   404,   404,   200,   404,   200,   200,   200,   404,   200,   404),
    ("GET", "events:participants", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   200),
    ("GET", "events:participants_pdf", "own"):
        (LOGIN,   403,   403,   404,   404,   200,   404,   200,   200,   200,   404,   200,   404),
    ("GET", "events:participants_pdf", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   200),
    ("GET", "events:staff_register", "own"):
        (LOGIN,   403,   403,   404,   404,   200,   404,   200,   200,   200,   404,   200,   404),
    ("GET", "events:staff_register", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   200),
    ("POST", "events:staff_register", "own"):
        (LOGIN,   403,   403,   404,   404,   200,   404,   200,   200,   200,   404,   200,   404),
    ("POST", "events:staff_register", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   200),
    ("GET", "events:registration_staff_cancel", "own"):
        (LOGIN,   403,   403,   404,   404,   200,   404,   200,   200,   200,   404,   200,   404),
    ("GET", "events:registration_staff_cancel", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   200),
    ("POST", "events:registration_staff_cancel", "own"):
        (LOGIN,   403,   403,   404,   404,  LIST,   404,  LIST,  LIST,  LIST,   404,  LIST,   404),
    ("POST", "events:registration_staff_cancel", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,  LIST),
    # Attendance and "Angerufen" are POSTs only; a GET answers 405 past the login.
    ("GET", "events:registration_mark", "own"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("GET", "events:registration_mark", "foreign"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("POST", "events:registration_mark", "own"):
        (LOGIN,   403,   403,   404,   404,  LIST,   404,  LIST,  LIST,  LIST,   404,  LIST,   404),
    ("POST", "events:registration_mark", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,  LIST),
    ("GET", "events:registration_called", "own"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("GET", "events:registration_called", "foreign"):
        (LOGIN,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("POST", "events:registration_called", "own"):
        (LOGIN,   403,   403,   404,   404,  LIST,   404,  LIST,  LIST,  LIST,   404,  LIST,   404),
    ("POST", "events:registration_called", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,  LIST),

    # The staff API: the same people; empty bodies refused by the services
    #     anon  resid  relat  helpr  multi  offic  navig  provd  mangr  coord  resch  admin  outsd
    ("GET", REGS, "own"):
        (  401,   403,   403,   404,   404,   200,   404,   200,   200,   200,   404,   200,   404),
    ("GET", REGS, "foreign"):
        (  401,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   200),
    ("POST", REGS, "own"):
        (  401,   403,   403,   404,   404,   422,   404,   422,   422,   422,   404,   422,   404),
    ("POST", REGS, "foreign"):
        (  401,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   422),
    ("POST", CANCEL, "own"):
        (  401,   403,   403,   404,   404,   409,   404,   409,   409,   409,   404,   409,   404),
    ("POST", CANCEL, "foreign"):
        (  401,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   409),
    ("POST", ATTEND, "own"):
        (  401,   403,   403,   404,   404,   422,   404,   422,   422,   422,   404,   422,   404),
    ("POST", ATTEND, "foreign"):
        (  401,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   422),
}
# fmt: on


def extend_world(world, request) -> None:
    """The first date of a copy of the own and of the foreign event (matrix_rows.py made both):
    a copy, so that the events part's rows (withdrawing, calling off) leave these dates open."""
    from lotse.news.models import Event, Occurrence
    from lotse.news.occurrences import occurrences_refresh

    for variant in ("own", "foreign"):
        event = Event.objects.get(pk=world[variant]["event_id"])
        event.pk = uuid.uuid4()
        event._state.adding = True
        event.save()
        occurrences_refresh(event)
        occurrence = Occurrence.objects.filter(event=event).order_by("start").first()
        assert occurrence is not None
        world[variant]["occurrence_id"] = occurrence.pk
