"""Authorization-matrix rows of the notifications pages (see core/tests/authorization_matrix.py).

The overview and the letter list show messages of the persons the actor's organisations hold,
so they answer like the person list: the roles that work with persons get the page (an
administrator of a provider too: an empty list), every other logged-in persona 403, anonymous
visitors the login. A POST without letters prints nothing and goes back to the page. A printed
batch (its PDF) answers like a person's page: 403 for colleagues of the holding organisation
without a person role, 404 for everyone else."""

import uuid

from django.utils import timezone

from lotse.core.tests.authorization_matrix import LOGIN
from lotse.notifications.models import Message
from lotse.people.models import Person

LTRS = "/mitteilungen/briefe/"

OBJECT_KWARGS = {"batch_id"}

# fmt: off
ROWS = {
    #     anon  resid  relat  helpr  multi  offic  navig  provd  mangr  coord  resch  admin  outsd
    ("GET", "notifications:message_overview", ""):
        (LOGIN,   403,   403,   403,   403,   200,   200,   403,   200,   403,   403,   200,   403),
    ("GET", "notifications:letter_list", ""):
        (LOGIN,   403,   403,   403,   403,   200,   200,   403,   200,   403,   403,   200,   403),
    ("POST", "notifications:letter_list", ""):
        (LOGIN,   403,   403,   403,   403,  LTRS,  LTRS,   403,  LTRS,   403,   403,  LTRS,   403),
    ("GET", "notifications:letter_batch", "own"):
        (LOGIN,   404,   404,   403,   403,   200,   200,   404,   200,   403,   403,   404,   404),
    ("GET", "notifications:letter_batch", "foreign"):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
}
# fmt: on


def _printed_letter(person: Person) -> uuid.UUID:
    batch = uuid.uuid4()
    Message.objects.create(
        person=person,
        organisation_id=person.organisation_id,
        region_id=person.region_id,
        channel=Message.Channel.LETTER,
        template="generic",
        recipient=f"{person}\nHauptstraße 5\n34117 Teststadt",
        subject="Ihr Termin",
        body="<p>Bis Dienstag.</p>",
        status=Message.Status.PRINTED,
        printed_at=timezone.now(),
        print_batch=batch,
    )
    return batch


def extend_world(world, request) -> None:
    for variant in ("own", "foreign"):
        person = Person.objects.get(id=world[variant]["person_id"])
        world[variant]["batch_id"] = _printed_letter(person)
