"""The one router of the case work's staff JSON API (/api/v1/cases): its operations are
written in api_file.py, api_plan.py and api_team.py by subject, on this router, so that one
path (the list and the opening of a case) can carry operations of two subjects."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router
from ninja.errors import HttpError

from lotse.cases.services import CaseConflict
from lotse.core.api import PersonalDataAuth, no_store

router = Router(tags=["cases"], auth=PersonalDataAuth())
router.add_decorator(no_store, mode="view")


def refusal(exc: ValidationError) -> HttpError:
    """A service's refusal as the API answers it: 409 when the case's state does not allow
    the change (`CaseConflict`, a closed case among them), else 422; the German messages."""
    status = 409 if isinstance(exc, CaseConflict) else 422
    return HttpError(status, " ".join(exc.messages) or _("Die Angaben sind nicht vollständig."))
