"""Posts of the noticeboard tests, in any state (a plain function: each test module makes its
own fixture of it)."""

import datetime as dt

from django.utils import timezone

from lotse.core.models import Area
from lotse.news.models import BoardPost


def new_board_post(*, quarter: Area, author, **fields) -> BoardPost:
    """A post in `quarter` by `author` (replies to bewohner@test.de); keyword arguments override
    fields. A published post runs until `expires_on` (default: in 20 days)."""
    status = fields.get("status", BoardPost.Status.SUBMITTED)
    values = {
        "region_id": quarter.region_id,
        "area": quarter,
        "kind": BoardPost.Kind.SEEK,
        "title": "Begleitung zum Spaziergang",
        "body": "Wer geht dienstags mit mir im Park spazieren?",
        "display_name": "Frau K.",
        "contact_email": "bewohner@test.de",
        "author": author,
        "status": status,
    }
    if status == BoardPost.Status.PUBLISHED:
        values["expires_on"] = timezone.localdate() + dt.timedelta(days=20)
        values["reviewed_at"] = timezone.now()
    values.update(fields)
    return BoardPost.objects.create(**values)
