from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from lotse.core.permissions import Actor


class ActorRequest(HttpRequest):
    """A request after ActorMiddleware: views that read `request.actor` annotate with this."""

    actor: Actor


class ActorMiddleware:
    """Gives every request `request.actor`: the user, or None when nobody is logged in."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        request.actor = user if user.is_authenticated else None  # type: ignore[attr-defined]
        return self.get_response(request)
