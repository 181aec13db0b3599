"""What the domain apps add to the pages of accounts, a lower layer that imports none of them.

- A section of "Mein Konto" (the resident's appointments, messages, Merkliste): the app that
  holds the records registers a template and the function that reads its context.
- A scope of the staff menu (staff_menu.StaffEntry.scope) that only a domain app can resolve,
  such as "office": the objects an entry's permission is asked about, per user.
- Samples for the role catalogue (role_catalogue.PERMISSIONS names a sample per permission):
  the objects of a domain app that its rules are asked about, such as an offer or an office.

Each app registers in its AppConfig.ready, so the registry is full before the first request.
"""

from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from lotse.accounts.models import User


@dataclass(frozen=True)
class AccountSection:
    # The section's place on the page, smallest first.
    order: int
    # Rendered with the context below plus `user`.
    template: str
    # The records of the logged-in user the template shows. A section counts as filled when
    # any value is truthy: staff see the resident sections only when one is filled.
    context: Callable[[User], dict[str, Any]]


# Objects of the organisations a user is a member of, given their ids.
ScopeResolver = Callable[[Collection[UUID]], list[Any]]

_sections: dict[str, AccountSection] = {}
_scopes: dict[str, ScopeResolver] = {}


def account_section_register(key: str, section: AccountSection) -> None:
    """Adds (or, registered again under the same key, replaces) a section of Mein Konto."""
    _sections[key] = section


def account_sections() -> list[AccountSection]:
    return sorted(_sections.values(), key=lambda section: section.order)


def menu_scope_register(scope: str, resolver: ScopeResolver) -> None:
    _scopes[scope] = resolver


def menu_scope_objects(scope: str, organisation_ids: Collection[UUID]) -> list[Any]:
    """What a scope's entries ask their permission about; an unknown scope is a programming
    error and says so."""
    try:
        resolver = _scopes[scope]
    except KeyError:
        raise ValueError(f"no app registered the staff-menu scope {scope!r}") from None
    return resolver(organisation_ids)


# Given the role catalogue's synthetic world ("region", "quarter", "organisation" …), an app
# returns its samples by name; created inside the catalogue's rolled-back transaction.
SampleBuilder = Callable[[dict[str, Any]], dict[str, Any]]

_sample_builders: dict[str, SampleBuilder] = {}


def role_samples_register(app: str, builder: SampleBuilder) -> None:
    _sample_builders[app] = builder


def role_sample_builders() -> list[SampleBuilder]:
    return [_sample_builders[app] for app in sorted(_sample_builders)]
