from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.http import HttpResponse
from django.shortcuts import render

from lotse.accounts import selectors
from lotse.core.middleware import ActorRequest
from lotse.core.permissions import personal_data_view
from lotse.core.rules import is_staff_member


@personal_data_view
def overview(request: ActorRequest) -> HttpResponse:
    """ "Mein Konto": who is logged in, in which organisations and roles."""
    user = request.actor
    assert user is not None  # the gate lets only logged-in users through
    return render(
        request,
        "accounts/overview.html",
        {
            "memberships": selectors.membership_list(user=user),
            "is_staff_member": is_staff_member(user),
            "has_totp": is_mfa_enabled(user, [Authenticator.Type.TOTP]),
        },
    )
