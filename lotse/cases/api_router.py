"""The one router of the case work's staff JSON API (/api/v1/cases): its operations are
written in api_file.py, api_plan.py and api_team.py by subject, on this router, so that one
path (the list and the opening of a case) can carry operations of two subjects."""

from ninja import Router

from lotse.core.api import PersonalDataAuth, no_store

router = Router(tags=["cases"], auth=PersonalDataAuth())
router.add_decorator(no_store, mode="view")
