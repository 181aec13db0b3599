"""allauth's forms with our labels and error texts (UI_GUIDE § 5): labels above the fields, no
placeholders, messages that say what to do. The logic stays allauth's."""

from typing import Any

from allauth.account import forms as account_forms
from allauth.mfa.base import forms as mfa_forms
from allauth.mfa.totp import forms as totp_forms
from django import forms
from django.utils.translation import gettext_lazy as _

EMAIL_REQUIRED = _("Geben Sie Ihre E-Mail-Adresse ein")
EMAIL_INVALID = _("Geben Sie eine E-Mail-Adresse wie name@beispiel.de ein")
CODE_REQUIRED = _("Geben Sie den Code ein")


class PlainFieldsMixin:
    """Sets label and "required" message per field; removes placeholders and help texts (the
    password field's help is a link, and UI_GUIDE wants hints without links)."""

    labels: dict[str, Any] = {}
    required: dict[str, Any] = {}
    fields: dict[str, forms.Field]

    def plain_fields(self) -> None:
        for name, field in self.fields.items():
            field.widget.attrs.pop("placeholder", None)
            field.widget.attrs.pop("autofocus", None)
            field.help_text = ""
            if name in self.labels:
                field.label = self.labels[name]
            if name in self.required:
                field.error_messages["required"] = self.required[name]
            if isinstance(field, forms.EmailField):
                field.error_messages["invalid"] = EMAIL_INVALID
                field.widget.attrs["spellcheck"] = "false"
            if name == "code":
                field.widget.attrs.update({"inputmode": "numeric", "spellcheck": "false"})


class LoginForm(PlainFieldsMixin, account_forms.LoginForm):
    labels = {"login": _("E-Mail-Adresse"), "password": _("Passwort")}
    required = {"login": EMAIL_REQUIRED, "password": _("Geben Sie Ihr Passwort ein")}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.plain_fields()

    def _setup_password_field(self) -> None:
        # allauth drops the password when sign-up asks for none (residents sign up without one);
        # staff still sign in with theirs, residents use "Code per E-Mail" instead.
        pass


class RequestLoginCodeForm(PlainFieldsMixin, account_forms.RequestLoginCodeForm):
    labels = {"email": _("E-Mail-Adresse")}
    required = {"email": EMAIL_REQUIRED}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.plain_fields()


class ConfirmLoginCodeForm(PlainFieldsMixin, account_forms.ConfirmLoginCodeForm):
    labels = {"code": _("Code aus der E-Mail")}
    required = {"code": CODE_REQUIRED}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.plain_fields()


class ConfirmEmailVerificationCodeForm(
    PlainFieldsMixin, account_forms.ConfirmEmailVerificationCodeForm
):
    labels = {"code": _("Code aus der E-Mail")}
    required = {"code": CODE_REQUIRED}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.plain_fields()


class SignupForm(PlainFieldsMixin, account_forms.SignupForm):
    labels = {"email": _("E-Mail-Adresse")}
    required = {"email": EMAIL_REQUIRED}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.plain_fields()


class ResetPasswordForm(PlainFieldsMixin, account_forms.ResetPasswordForm):
    labels = {"email": _("E-Mail-Adresse")}
    required = {"email": EMAIL_REQUIRED}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.plain_fields()


class ResetPasswordKeyForm(PlainFieldsMixin, account_forms.ResetPasswordKeyForm):
    labels = {"password1": _("Neues Passwort"), "password2": _("Neues Passwort wiederholen")}
    required = {
        "password1": _("Geben Sie ein neues Passwort ein"),
        "password2": _("Geben Sie das neue Passwort noch einmal ein"),
    }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.plain_fields()


class ReauthenticateForm(PlainFieldsMixin, account_forms.ReauthenticateForm):
    labels = {"password": _("Passwort")}
    required = {"password": _("Geben Sie Ihr Passwort ein")}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.plain_fields()


class MfaAuthenticateForm(PlainFieldsMixin, mfa_forms.AuthenticateForm):
    labels = {"code": _("Code aus der App oder Wiederherstellungscode")}
    required = {"code": CODE_REQUIRED}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.plain_fields()


class MfaReauthenticateForm(PlainFieldsMixin, mfa_forms.ReauthenticateForm):
    labels = {"code": _("Code aus der App oder Wiederherstellungscode")}
    required = {"code": CODE_REQUIRED}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.plain_fields()


class ActivateTotpForm(PlainFieldsMixin, totp_forms.ActivateTOTPForm):
    labels = {"code": _("Code aus der App")}
    required = {"code": CODE_REQUIRED}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.plain_fields()
