"""What the staff JSON API's routers share."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import SessionAuth

from lotse.core.permissions import PERSONAL_DATA


class PersonalDataAuth(SessionAuth):
    """The session login plus the pages' second-factor gate (`personal_data_view`): staff
    without an activated authenticator get 403. Writes need the CSRF token (SessionAuth's
    default), as the pages' forms do."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is not None and not user.has_perm(PERSONAL_DATA):
            raise PermissionDenied(
                _("Bevor Sie Angaben über Menschen sehen, richten Sie einen zweiten Faktor ein.")
            )
        return user
