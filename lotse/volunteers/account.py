"""What volunteers adds to the pages of accounts (lotse.accounts.registry)."""

from typing import Any

from lotse.accounts.registry import role_samples_register
from lotse.volunteers.models import Helper, HelpRequest


def role_samples(world: dict[str, Any]) -> dict[str, Any]:
    """A helper coordinated by the catalogue's organisation (unsaved: the rules read only its
    ids and home quarter)."""
    return {
        "helper": Helper(
            organisation=world["organisation"],
            region=world["region"],
            home_quarter=world["quarter"],
        ),
        "help_request": HelpRequest(
            organisation=world["organisation"],
            region=world["region"],
            quarter=world["quarter"],
        ),
    }


def register() -> None:
    role_samples_register("volunteers", role_samples)
