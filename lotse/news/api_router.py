"""The one router of the staff JSON API of events and registrations (/api/v1/news): its
operations are written in api_events.py and api_registrations.py, on this router."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router
from ninja.errors import HttpError

from lotse.core.api import PersonalDataAuth, no_store

router = Router(tags=["news"], auth=PersonalDataAuth())
router.add_decorator(no_store, mode="view")


def refusal(exc: ValidationError, *, conflict: bool = False) -> HttpError:
    """A service's refusal as the API answers it: 409 when the state does not allow the change
    (`conflict`), else 422; the German messages."""
    status = 409 if conflict else 422
    return HttpError(status, " ".join(exc.messages) or _("Die Angaben sind nicht vollständig."))
