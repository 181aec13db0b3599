"""What the staff JSON API's routers share."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.pagination import PageNumberPagination
from ninja.security import SessionAuth

from lotse.core.permissions import PERSONAL_DATA


class ErrorOut(Schema):
    """Every refusal: a German sentence, or for a request that does not fit the schema
    django-ninja's list of what is wrong where."""

    detail: str | list[dict[str, Any]]


def refusals(*statuses: int) -> dict[int, type[ErrorOut]]:
    """`response={200: Out, **refusals(401, 403, 422)}`: the error statuses an operation can
    answer, so that the OpenAPI document lists them (schemathesis checks it does)."""
    return dict.fromkeys(statuses, ErrorOut)


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


def no_store(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For `router.add_decorator(no_store, mode="view")`: every answer of a router with personal
    data, refusals included, tells browsers and proxies to keep no copy (`Cache-Control:
    no-store`), as the pages behind `personal_data_view` do."""

    @wraps(run)
    def run_no_store(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = run(request, *args, **kwargs)
        add_never_cache_headers(response)
        return response

    return run_no_store


class BoundedPageNumberPagination(PageNumberPagination):
    """`?page=` as ninja's, but a page number beyond any real page answers an empty page
    instead of an offset the database cannot count (`?page=99999999999999999999` was a 500)."""

    MAX_PAGE = 1_000_000_000

    def paginate_queryset(
        self,
        queryset: QuerySet,
        pagination: PageNumberPagination.Input,
        request: HttpRequest,
        **params: Any,
    ) -> Any:
        if pagination.page > self.MAX_PAGE:
            return {self.items_attribute: queryset.none(), "count": self._items_count(queryset)}
        return super().paginate_queryset(queryset, pagination, request, **params)
