"""allauth's forms with our labels and error texts (UI_GUIDE § 5): labels above the fields, no
placeholders, messages that say what to do. The logic stays allauth's."""

from typing import Any

from allauth.account import forms as account_forms
from allauth.mfa.base import forms as mfa_forms
from allauth.mfa.totp import forms as totp_forms
from django import forms
from django.utils.translation import gettext_lazy as _

from lotse.accounts import code_lockout
from lotse.core.models import Area, Organisation, Role
from lotse.core.rules import NON_STAFF_ROLES

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

    def clean_email(self) -> str:
        # The growing lockout after wrong codes (code_lockout), the same for every address.
        email = self.cleaned_data["email"]
        if email and (seconds := code_lockout.seconds_locked(email)):
            raise forms.ValidationError(code_lockout.locked_message(seconds))
        return super().clean_email()


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


class InvitationForm(forms.Form):
    """ "Mitarbeitende einladen": who, in which role, limited to which areas."""

    all_optional = False

    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        empty_label=None,
        error_messages={"required": _("Wählen Sie die Organisation aus")},
    )
    email = forms.EmailField(
        label=_("E-Mail-Adresse der Person"),
        error_messages={
            "required": _("Geben Sie die E-Mail-Adresse der Person ein"),
            "invalid": EMAIL_INVALID,
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    role = forms.ChoiceField(
        label=_("Rolle"),
        choices=[(role.value, role.label) for role in Role if role not in NON_STAFF_ROLES],
        widget=forms.RadioSelect,
        error_messages={"required": _("Wählen Sie eine Rolle aus")},
    )
    areas = forms.ModelMultipleChoiceField(
        label=_("Nur für diese Gebiete"),
        queryset=Area.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, organisations, roles: list[Role], areas, **kwargs) -> None:
        """`roles` and `areas`: only what the inviting person may grant (accounts.reach)."""
        super().__init__(*args, **kwargs)
        organisation_field = self.fields["organisation"]
        assert isinstance(organisation_field, forms.ModelChoiceField)
        organisation_field.queryset = organisations
        role_field = self.fields["role"]
        assert isinstance(role_field, forms.ChoiceField)
        role_field.choices = [(role.value, role.label) for role in roles]
        areas_field = self.fields["areas"]
        assert isinstance(areas_field, forms.ModelMultipleChoiceField)
        areas_field.queryset = areas
        if len(organisations) == 1:
            organisation_field.initial = organisations[0]
            organisation_field.widget = forms.HiddenInput()


class InvitationAcceptForm(forms.Form):
    password1 = forms.CharField(
        label=_("Passwort"),
        strip=False,
        widget=forms.PasswordInput(
            attrs={"autocomplete": "new-password", "aria-describedby": "passwort-hinweis"}
        ),
        error_messages={"required": _("Geben Sie ein Passwort ein")},
    )
    password2 = forms.CharField(
        label=_("Passwort wiederholen"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Geben Sie das Passwort noch einmal ein")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password2") != data["password1"]:
            self.add_error("password2", _("Die beiden Passwörter sind nicht gleich"))
        return data


STAFF_ROLE_CHOICES = [(role.value, role.label) for role in Role if role not in NON_STAFF_ROLES]


class MembershipForm(forms.Form):
    """ "Rolle und Gebiete ändern" of one member."""

    all_optional = False

    role = forms.ChoiceField(
        label=_("Rolle"),
        choices=STAFF_ROLE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Wählen Sie eine Rolle aus")},
    )
    areas = forms.ModelMultipleChoiceField(
        label=_("Nur für diese Gebiete"),
        queryset=Area.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, roles: list[Role], areas, **kwargs) -> None:
        """`roles` and `areas`: only what the administrator may grant (accounts.reach)."""
        super().__init__(*args, **kwargs)
        role_field = self.fields["role"]
        assert isinstance(role_field, forms.ChoiceField)
        role_field.choices = [(role.value, role.label) for role in roles]
        areas_field = self.fields["areas"]
        assert isinstance(areas_field, forms.ModelMultipleChoiceField)
        areas_field.queryset = areas
