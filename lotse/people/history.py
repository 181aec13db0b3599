"""A person's history on the person's page: what happened with the person, in every app.

The apps that build on persons register a source in their AppConfig.ready (desk: inquiries and
referrals, lotse/desk/person_history.py; office: appointments, lotse/office/person_history.py);
people, the lower layer, imports none of them. `selectors.person_history` adds the consents and
proxies and puts everything in order."""

import dataclasses
import datetime as dt
from collections.abc import Callable

from lotse.core.permissions import Actor
from lotse.people.models import Person


@dataclasses.dataclass(frozen=True)
class HistoryEntry:
    """One line of a person's history on the person's page."""

    at: dt.datetime
    kind: str  # "inquiry", "referral", "appointment", "consent", "proxy"
    kind_label: str
    title: str
    state: str
    url: str = ""
    detail: str = ""


# At most this many records of each kind.
HISTORY_LIMIT = 200

# (actor, person) -> the entries of the app's records about the person that the actor may see,
# newest first, at most HISTORY_LIMIT of each kind, in one query per kind.
HistorySource = Callable[[Actor, Person], list[HistoryEntry]]

_sources: dict[str, HistorySource] = {}


def history_source_register(key: str, source: HistorySource) -> None:
    """Adds (or, registered again under the same key, replaces) a source of the history."""
    _sources[key] = source


def history_sources() -> list[HistorySource]:
    return [_sources[key] for key in sorted(_sources)]
