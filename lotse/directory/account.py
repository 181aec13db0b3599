"""The Merkliste section of "Mein Konto" (lotse.accounts.registry), registered in
DirectoryConfig.ready."""

from typing import Any

from lotse.accounts.models import User
from lotse.accounts.registry import AccountSection, account_section_register
from lotse.directory.selectors import saved_service_list


def saved_context(user: User) -> dict[str, Any]:
    return {"saved": saved_service_list(user=user)}


def register() -> None:
    account_section_register(
        "merkliste",
        AccountSection(order=30, template="directory/account_saved.html", context=saved_context),
    )
