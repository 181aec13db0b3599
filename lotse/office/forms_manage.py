"""Forms of the staff pages that keep the offices (lotse/office/views_manage.py). The service
checks the same again (lotse/office/services_manage.py); the form says it first, in German,
next to the field."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lotse.core.models import Area, Organisation
from lotse.office.services import PHONE_DIGITS, phone_is_dialable


def _text(label, *, max_length: int, required_message, **attrs: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        error_messages={
            "required": required_message,
            "max_length": _("Geben Sie höchstens %(limit_value)s Zeichen ein"),
        },
        widget=forms.TextInput(attrs=attrs),
    )


class OfficeForm(forms.Form):
    """The contact data of an office; with `organisations` and `quarters` also who runs it and
    where (a new office), with `quarters` alone where it is (the coordination changes it), with
    `with_slug` its short name."""

    all_optional = False

    organisation = forms.ModelChoiceField(
        label=_("Träger"),
        help_text=_("Nur Organisationen der Art „Quartiersbüro“ führen ein Büro."),
        queryset=Organisation.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Wählen Sie den Träger des Büros aus"),
            "invalid_choice": _("Wählen Sie einen Träger aus der Liste"),
        },
    )
    quarter = forms.ModelChoiceField(
        label=_("Quartier"),
        help_text=_("Das Quartier, das der Träger koordiniert und in dem das Büro liegt."),
        queryset=Area.objects.none(),
        empty_label=None,
        error_messages={
            "required": _("Wählen Sie das Quartier aus"),
            "invalid_choice": _("Wählen Sie ein Quartier aus der Liste"),
        },
    )
    name = _text(
        _("Name des Büros"), max_length=200, required_message=_("Geben Sie den Namen des Büros ein")
    )
    street = _text(
        _("Straße und Hausnummer"),
        max_length=200,
        required_message=_("Geben Sie Straße und Hausnummer ein"),
        autocomplete="address-line1",
    )
    postcode = forms.CharField(
        label=_("Postleitzahl"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "postal-code", "inputmode": "numeric", "class": "width-5"}
        ),
        error_messages={
            "required": _("Geben Sie die Postleitzahl ein"),
            "max_length": _("Die Postleitzahl muss 5 Ziffern haben"),
        },
    )
    city = _text(
        _("Ort"),
        max_length=100,
        required_message=_("Geben Sie den Ort ein"),
        autocomplete="address-level2",
    )
    phone = forms.CharField(
        label=_("Telefonnummer des Büros"),
        help_text=_("Sie steht auf der Seite des Büros, in Bestätigungen und Briefen."),
        max_length=40,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        error_messages={
            "required": _("Geben Sie die Telefonnummer des Büros ein"),
            "max_length": _("Die Telefonnummer darf höchstens 40 Zeichen haben"),
        },
    )
    email = forms.EmailField(
        label=_("E-Mail-Adresse des Büros"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "invalid": _("Geben Sie eine E-Mail-Adresse wie name@beispiel.de ein"),
            "max_length": _("Die E-Mail-Adresse darf höchstens 254 Zeichen haben"),
        },
    )
    slug = forms.CharField(
        label=_("Kurzname für die Internetadresse"),
        help_text=_(
            "Die Seite des Büros heißt dann …/buero/kurzname/. Leer lassen: aus dem Namen des "
            "Quartiers gebildet."
        ),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
        error_messages={"max_length": _("Der Kurzname hat höchstens 80 Zeichen")},
    )

    def __init__(
        self,
        *args: Any,
        organisations: QuerySet[Organisation] | None = None,
        quarters: QuerySet[Area] | None = None,
        with_slug: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for name, choices in (("organisation", organisations), ("quarter", quarters)):
            if choices is None:
                del self.fields[name]
            else:
                field = self.fields[name]
                assert isinstance(field, forms.ModelChoiceField)
                field.queryset = choices
        if not with_slug:
            del self.fields["slug"]
        for name, field in self.fields.items():
            # UI_GUIDE § 5: no maxlength in the page; the length is checked when sent.
            field.widget.attrs.pop("maxlength", None)
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"id_{name}-hinweis"
        self.fields["name"].widget.attrs["spellcheck"] = "false"

    def clean_phone(self) -> str:
        # Any format is fine ("0561 / 12 34 56", "+49 …"), but people must be able to dial it.
        phone = self.cleaned_data["phone"].strip()
        if not phone_is_dialable(phone):
            raise forms.ValidationError(PHONE_DIGITS)
        return phone

    def clean_postcode(self) -> str:
        postcode = "".join(self.cleaned_data["postcode"].split())
        if not (len(postcode) == 5 and postcode.isascii() and postcode.isdigit()):
            raise forms.ValidationError(_("Die Postleitzahl muss 5 Ziffern haben"))
        return postcode

    def contact_data(self) -> dict[str, str]:
        keys = ["name", "street", "postcode", "city", "phone", "email"]
        return {key: self.cleaned_data[key] for key in keys}


class OfficeBookingForm(forms.Form):
    """How long an appointment is and how far ahead people can book."""

    all_optional = False

    slot_minutes = forms.IntegerField(
        label=_("Länge eines Termins in Minuten"),
        help_text=_("Zwischen 5 und 240 Minuten, zum Beispiel 30."),
        min_value=5,
        max_value=240,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "width-5"}),
        error_messages={
            "required": _("Geben Sie an, wie viele Minuten ein Termin dauert"),
            "invalid": _("Geben Sie die Minuten als Zahl ein, zum Beispiel 30"),
            "min_value": _("Ein Termin dauert zwischen 5 und 240 Minuten."),
            "max_value": _("Ein Termin dauert zwischen 5 und 240 Minuten."),
        },
    )
    days_ahead = forms.IntegerField(
        label=_("Wie viele Tage im Voraus buchbar"),
        help_text=_("Zwischen 1 und 366 Tagen, zum Beispiel 28 für vier Wochen."),
        min_value=1,
        max_value=366,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "width-5"}),
        error_messages={
            "required": _("Geben Sie an, wie viele Tage im Voraus man buchen kann"),
            "invalid": _("Geben Sie die Tage als Zahl ein, zum Beispiel 28"),
            "min_value": _("Geben Sie zwischen 1 und 366 Tagen an."),
            "max_value": _("Geben Sie zwischen 1 und 366 Tagen an."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "termine")
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.pop("maxlength", None)
            field.widget.attrs.pop("min", None)
            field.widget.attrs.pop("max", None)
        for name in self.fields:
            self.fields[name].widget.attrs["aria-describedby"] = f"id_termine-{name}-hinweis"
