"""The one permission gate. Every service calls `require` before it changes anything; every view
that shows personal data is wrapped in `personal_data_view`."""

import uuid
from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, NoReturn

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from lotse.core.rules import has_role

if TYPE_CHECKING:
    # Only in django-stubs: the model named by settings.AUTH_USER_MODEL (accounts.User), which
    # its mypy plugin puts in, so core names the user model without importing the accounts app.
    from django.contrib.auth.models import _User

# Who acts: the logged-in user, or None for an anonymous visitor.
type Actor = _User | None

PERSONAL_DATA = "core.view_personal_data"
# Where to go on after the second factor is set up (accounts.views.after_mfa_setup).
AFTER_MFA_SETUP = "lotse_after_mfa_setup"


def require(actor: Actor, perm: str, obj: Model | None = None) -> None:
    if actor is None or not actor.has_perm(perm, obj):
        raise PermissionDenied(_("Sie haben dafür keine Berechtigung."))


def refuse_object(actor: Actor, *, organisation_id: uuid.UUID) -> NoReturn:
    """Refuses an object the actor may not have, as house style says: a member of the
    organisation that holds it gets 403 (they know it exists); anyone else 404, the same answer
    as for an object that does not exist."""
    if actor is not None and has_role(actor, organisation_id=organisation_id):
        raise PermissionDenied(_("Sie haben dafür keine Berechtigung."))
    raise Http404


def personal_data_view[V: Callable[..., HttpResponse]](view: V) -> V:
    """The second-factor gate for pages with personal data: anonymous visitors go to the login,
    staff without a second factor to its setup page, then on to the page they wanted."""

    @login_required
    @wraps(view)
    def gated(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.has_perm(PERSONAL_DATA):
            if not request.user.is_authenticated:
                raise PermissionDenied
            messages.info(
                request,
                _(
                    "Bevor Sie Angaben über Menschen sehen, richten Sie bitte einen zweiten "
                    "Faktor ein. Das dauert etwa fünf Minuten."
                ),
            )
            request.session[AFTER_MFA_SETUP] = request.get_full_path()
            return redirect(reverse("mfa_activate_totp"))
        response = view(request, *args, **kwargs)
        # Browsers and proxies keep no copy of a page with personal data (back button, cache).
        add_never_cache_headers(response)
        return response

    return gated  # type: ignore[return-value]
