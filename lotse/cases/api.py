"""Staff JSON API of the case work under /api/v1/cases/: the same selectors and services as
the pages, one module per part."""

from ninja import Router

from lotse.cases import api_file, api_plan, api_team

router = Router()
router.add_router("", api_team.router)
router.add_router("", api_file.router)
router.add_router("", api_plan.router)
