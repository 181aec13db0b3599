from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.security import django_auth

from lotse.desk.api import router as desk_router
from lotse.directory.api import router as directory_router
from lotse.people.api import router as people_router

api = NinjaAPI(title="Quartierslotse", version="1", urls_namespace="api", auth=django_auth)
api.add_router("/directory", directory_router)
api.add_router("/people", people_router)
api.add_router("/desk", desk_router)


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    # The pages' gate (`require`, `refuse_object`) raises it; the API answers 403 in JSON.
    return api.create_response(request, {"detail": str(exc)}, status=403)
