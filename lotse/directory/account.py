"""The Merkliste section of "Mein Konto" and the role catalogue's samples of an offer and a
location (lotse.accounts.registry), registered in DirectoryConfig.ready."""

from typing import Any

from lotse.accounts.models import User
from lotse.accounts.registry import (
    AccountSection,
    account_section_register,
    role_samples_register,
)
from lotse.directory.models import Location, Service, ServiceAtLocation
from lotse.directory.selectors import saved_service_list


def saved_context(user: User) -> dict[str, Any]:
    return {"saved": saved_service_list(user=user)}


def role_samples(world: dict[str, Any]) -> dict[str, Any]:
    """An offer at a location of the catalogue's organisation, in its quarter."""
    organisation = world["organisation"]
    location = Location.objects.create(
        organization=organisation, name="Ort", quarter=world["quarter"]
    )
    offer = Service.objects.create(organization=organisation, name="Angebot")
    ServiceAtLocation.objects.create(service=offer, location=location)
    return {"offer": offer, "location": location}


def register() -> None:
    account_section_register(
        "merkliste",
        AccountSection(order=30, template="directory/account_saved.html", context=saved_context),
    )
    role_samples_register("directory", role_samples)
