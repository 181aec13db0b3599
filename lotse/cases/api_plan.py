"""Staff JSON API of the case work's plan part (mounted by lotse/cases/api.py)."""

from ninja import Router

from lotse.core.api import PersonalDataAuth, no_store

router = Router(tags=["cases"], auth=PersonalDataAuth())
router.add_decorator(no_store, mode="view")
