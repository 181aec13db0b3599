"""The one permission gate. Every service calls `require` before it changes anything."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


def require(actor, perm: str, obj=None) -> None:
    if actor is None or not actor.has_perm(perm, obj):
        raise PermissionDenied(_("Sie haben dafür keine Berechtigung."))
