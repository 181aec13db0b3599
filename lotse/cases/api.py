"""Staff JSON API of the case work under /api/v1/cases: the same selectors and services as
the pages. Importing the three modules puts their operations on the one router."""

from lotse.cases import api_file, api_plan, api_team
from lotse.cases.api_router import router

# The modules are imported for the operations they add to the router.
__all__ = ["api_file", "api_plan", "api_team", "router"]
