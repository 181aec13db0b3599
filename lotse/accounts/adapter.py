"""allauth's adapters with our wording: plain German with "Sie" (allauth's own German says
"du"), saying what to do next (UI_GUIDE § 5 and § 8)."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from lotse.accounts.staff_menu import landing_url

TRY_LATER = _(
    "Zu viele Versuche. Warten Sie 15 Minuten und versuchen Sie es dann noch einmal. "
    "Sie können uns auch anrufen."
)


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        # The same words for a wrong password and an unknown address: nobody learns from the
        # login page who has an account here.
        "email_password_mismatch": _(
            "E-Mail-Adresse oder Passwort stimmen nicht. Bitte prüfen Sie beides."
        ),
        "incorrect_code": _("Der Code stimmt nicht. Prüfen Sie den Code in der E-Mail."),
        "incorrect_password": _("Das Passwort stimmt nicht. Bitte prüfen Sie es."),
        "invalid_login": _("Geben Sie Ihre E-Mail-Adresse ein"),
        "invalid_password_reset": _(
            "Der Link ist abgelaufen oder wurde schon benutzt. Fordern Sie einen neuen Link an."
        ),
        "too_many_login_attempts": TRY_LATER,
        "rate_limited": TRY_LATER,
    }

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        """After login each role lands on its work (staff_menu.LANDING), not on "Mein Konto";
        an explicit `?next=` still wins (allauth asks it first)."""
        return landing_url(request.user)


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": _(
            "Der Code stimmt nicht. Geben Sie den Code ein, den die App gerade zeigt."
        ),
        "rate_limited": TRY_LATER,
    }
