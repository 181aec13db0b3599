"""Fixtures of the noticeboard tests: posts in Altstadt in any state."""

import datetime as dt

import pytest
from django.utils import timezone

from lotse.news.models import BoardPost


@pytest.fixture
def make_board_post(quarter, resident):
    """A post in Altstadt by the resident persona (replies to bewohner@test.de); keyword
    arguments override fields. A published post runs until `expires_on` (default: in 20 days)."""

    def make(**fields) -> BoardPost:
        status = fields.get("status", BoardPost.Status.SUBMITTED)
        values = {
            "region_id": quarter.region_id,
            "area": quarter,
            "kind": BoardPost.Kind.SEEK,
            "title": "Begleitung zum Spaziergang",
            "body": "Wer geht dienstags mit mir im Park spazieren?",
            "display_name": "Frau K.",
            "contact_email": "bewohner@test.de",
            "author": resident,
            "status": status,
        }
        if status == BoardPost.Status.PUBLISHED:
            values["expires_on"] = timezone.localdate() + dt.timedelta(days=20)
            values["reviewed_at"] = timezone.now()
        values.update(fields)
        return BoardPost.objects.create(**values)

    return make
