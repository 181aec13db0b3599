"""Django's admin (/admin/) behind the site's own login: no password form of its own, so the
admin account goes through the same login, lockout (ACCOUNT_RATE_LIMITS) and second factor as
staff. config/urls.py puts these two functions in place of the admin site's own."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from lotse.core.navigation import local_url
from lotse.core.permissions import AFTER_MFA_SETUP
from lotse.core.rules import has_second_factor


def admin_has_permission(request: HttpRequest) -> bool:
    """The admin opens for active accounts with the staff flag and a second factor."""
    user = request.user
    return bool(user.is_active and user.is_staff and has_second_factor(user))


def admin_login(request: HttpRequest, extra_context: object = None) -> HttpResponse:
    """Where the admin sends whoever it does not let in. Never takes a password itself:
    anonymous visitors go to the site's login, accounts without a second factor to its setup,
    and back to the admin page afterwards; an account without the staff flag gets 403."""
    index = reverse("admin:index")
    back = local_url(request, request.GET.get(REDIRECT_FIELD_NAME), index)
    if back.startswith(reverse("admin:login")):
        back = index
    user = request.user
    if not user.is_authenticated:
        login = resolve_url(settings.LOGIN_URL)
        return redirect(f"{login}?{urlencode({REDIRECT_FIELD_NAME: back})}")
    if not (user.is_active and user.is_staff):
        raise PermissionDenied
    if not has_second_factor(user):
        messages.info(
            request,
            _(
                "Bevor Sie die Verwaltung öffnen, richten Sie bitte einen zweiten Faktor ein. "
                "Das dauert etwa fünf Minuten."
            ),
        )
        request.session[AFTER_MFA_SETUP] = back
        return redirect(reverse("mfa_activate_totp"))
    return redirect(back)
