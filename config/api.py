from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.security import django_auth

from lotse.cases.api import router as cases_router
from lotse.core.rules import is_staff_member
from lotse.desk.api import router as desk_router
from lotse.directory.api import router as directory_router
from lotse.news.api import router as news_router
from lotse.people.api import router as people_router
from lotse.volunteers.api import router as volunteers_router


def staff_only[V: Callable[..., HttpResponse]](view: V) -> V:
    """The API's documentation and schema are for logged-in staff (the HSDS API's stay
    public): anonymous visitors go to the login, residents and relatives get 403."""

    @login_required
    @wraps(view)
    def gated(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not is_staff_member(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return gated  # type: ignore[return-value]


api = NinjaAPI(
    title="Quartierslotse",
    version="1",
    urls_namespace="api",
    auth=django_auth,
    docs_decorator=staff_only,
)
api.add_router("/directory", directory_router)
api.add_router("/people", people_router)
api.add_router("/desk", desk_router)
api.add_router("/volunteers", volunteers_router)
api.add_router("/cases", cases_router)
api.add_router("/news", news_router)


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    # The pages' gate (`require`, `refuse_object`) raises it; the API answers 403 in JSON.
    return api.create_response(request, {"detail": str(exc)}, status=403)
