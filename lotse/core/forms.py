from collections.abc import Iterator

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BoundField
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lotse.core.throttle import try_allowed

# Public forms of an office (booking, "Ich brauche Hilfe bei …"): this many sendings per client
# address in this many seconds (only forms without errors count, so mistyping costs no try).
PUBLIC_TRIES = 5
PUBLIC_SECONDS = 10 * 60


def own_name_field(*, required: bool = True) -> forms.CharField:
    """ "Ihr Name" on a public form (booking, registering, an inquiry, a barrier report): the
    name of whoever fills it in, at most 200 characters, filled in by the browser."""
    error_messages = {"max_length": _("Der Name darf höchstens 200 Zeichen haben")}
    if required:
        error_messages["required"] = _("Geben Sie Ihren Namen ein")
    return forms.CharField(
        label=_("Ihr Name"),
        required=required,
        max_length=200,
        error_messages=error_messages,
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )


def add_service_errors(form: forms.Form, exc: ValidationError, **renamed: str) -> None:
    """A service's errors next to the form's fields (`renamed`: service name → field name);
    errors of fields the form does not have, and errors without a field, go to the top."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        field = renamed.get(name, name)
        form.add_error(field if field in form.fields else None, errors)


def describe_hints(form: forms.Form, *, drop_maxlength: bool = False) -> None:
    """Links each text field to its hint (components/form_fields.html renders it with the id
    "<id>-hinweis"; fieldsets link their own). With `drop_maxlength` the browser does not cut
    a long text off: the form says it is too long instead."""
    for name, field in form.fields.items():
        if drop_maxlength:
            field.widget.attrs.pop("maxlength", None)
        if field.help_text and not isinstance(
            field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple
        ):
            field.widget.attrs["aria-describedby"] = f"{form[name].auto_id}-hinweis"


class HoneypotForm(forms.Form):
    """A public form with a honeypot: a field hidden from people, keyboards and screen readers
    (components/honeypot.html renders it by hand); bots fill in every field they find.
    components/form_fields.html renders all the other fields."""

    HONEYPOT = "website"

    website = forms.CharField(
        label=_("Bitte lassen Sie dieses Feld leer"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # UI_GUIDE § 5: no maxlength in the page (it cuts off pasted text without a word);
        # the length is still checked when the form is sent.
        for field in self.fields.values():
            field.widget.attrs.pop("maxlength", None)

    def __iter__(self) -> Iterator[BoundField]:
        return (self[name] for name in self.fields if name != self.HONEYPOT)

    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get(self.HONEYPOT))

    def refusal(self, request: HttpRequest, scope: str, *, phone: str) -> int:
        """For a valid form: a bot (honeypot filled in) or too many sendings from one address
        get a kind error on the form that names the office's `phone`, and the status to answer
        with (nothing may be stored then); 0 if all is well."""
        if self.is_spam():
            status = 200
        elif not try_allowed(request, scope, tries=PUBLIC_TRIES, seconds=PUBLIC_SECONDS):
            status = 429
        else:
            return 0
        self.add_error(
            None,
            gettext(
                "Wir konnten Ihre Angaben gerade nicht annehmen. Bitte versuchen Sie es in "
                "10 Minuten noch einmal oder rufen Sie uns an: %(phone)s"
            )
            % {"phone": phone},
        )
        return status


class BarrierReportForm(HoneypotForm):
    """The form of "Barriere melden": what is wrong where, and how we can answer (optional)."""

    page = forms.CharField(
        label=_("Auf welcher Seite ist die Barriere?"),
        required=False,
        max_length=500,
        error_messages={"max_length": _("Die Angabe zur Seite darf höchstens 500 Zeichen haben")},
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
    )
    message = forms.CharField(
        label=_("Was ist das Problem?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Beschreiben Sie das Problem")},
    )
    name = own_name_field(required=False)
    email = forms.EmailField(
        label=_("Ihre E-Mail-Adresse"),
        required=False,
        max_length=254,
        error_messages={
            "invalid": _("Geben Sie eine E-Mail-Adresse wie name@beispiel.de ein"),
            "max_length": _("Die E-Mail-Adresse darf höchstens 254 Zeichen haben"),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    phone = forms.CharField(
        label=_("Ihre Telefonnummer"),
        required=False,
        max_length=40,
        error_messages={"max_length": _("Die Telefonnummer darf höchstens 40 Zeichen haben")},
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )

    def clean_phone(self) -> str:
        # Any format is fine ("0561 / 12 34 56", "+49 …"), but we must be able to dial it.
        phone = self.cleaned_data["phone"]
        if phone and not any(ch.isdigit() for ch in phone):
            raise forms.ValidationError(
                _("Geben Sie die Telefonnummer in Ziffern ein, zum Beispiel 02361 123 45 67")
            )
        return phone

    def has_contact(self) -> bool:
        """Whether we can answer: an e-mail address or a phone number was given."""
        return bool(self.cleaned_data.get("email") or self.cleaned_data.get("phone"))

    def report_data(self) -> dict[str, str]:
        """The cleaned data as `barrier_report_create` takes it."""
        keys = ["page", "message", "name", "email", "phone"]
        return {key: self.cleaned_data[key] for key in keys}
