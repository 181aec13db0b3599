"""What cases adds to the pages of accounts (lotse.accounts.registry)."""

from typing import Any

from lotse.accounts.registry import role_samples_register
from lotse.cases.models import CaseFile


def role_samples(world: dict[str, Any]) -> dict[str, Any]:
    """A case file held by the catalogue's organisation (unsaved: the rules read only its ids
    and site)."""
    return {
        "case_file": CaseFile(
            organisation=world["organisation"],
            region=world["region"],
            site=world["quarter"],
        ),
    }


def register() -> None:
    role_samples_register("cases", role_samples)
