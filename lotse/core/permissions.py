"""The one permission gate. Every service calls `require` before it changes anything."""

from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.utils.translation import gettext as _

from lotse.accounts.models import User

# Who acts: the logged-in user, or None for an anonymous visitor.
type Actor = User | None


def require(actor: Actor, perm: str, obj: Model | None = None) -> None:
    if actor is None or not actor.has_perm(perm, obj):
        raise PermissionDenied(_("Sie haben dafür keine Berechtigung."))
