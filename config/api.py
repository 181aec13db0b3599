from ninja import NinjaAPI
from ninja.security import django_auth

from lotse.directory.api import router as directory_router

api = NinjaAPI(title="Quartierslotse", version="1", urls_namespace="api", auth=django_auth)
api.add_router("/directory", directory_router)
