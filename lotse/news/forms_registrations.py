"""Forms of registrations: the public form (for oneself or for someone else, then "Angaben
prüfen"), cancelling with the short code, and staff registering someone who called."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lotse.core.codes import short_code_normalise
from lotse.core.forms import HoneypotForm, describe_hints, own_name_field
from lotse.news.services_registrations import MAX_PLACES
from lotse.office.forms import booker_fields
from lotse.office.services import PHONE_DIGITS, phone_is_dialable, postal_address_errors
from lotse.people.models import ContactChannel

ADDRESS_FIELDS = ("street", "postcode", "city")
FOR_ME = "mich"
FOR_OTHER = "andere"
NO_MESSAGE = (
    ContactChannel.NONE,
    _("Keine Nachricht. Ich schreibe mir den Termin selbst auf."),
)


def _places_field(most: int) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=_("Für wie viele Personen?"),
        choices=[(str(n), str(n)) for n in range(1, most + 1)],
        coerce=int,
        initial="1",
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Wählen Sie, für wie viele Personen Sie anmelden"),
            "invalid_choice": _("Wählen Sie, für wie viele Personen Sie anmelden"),
        },
    )


def _address_fields() -> dict[str, forms.Field]:
    return {
        "street": forms.CharField(
            label=_("Straße und Hausnummer (nur für Brief)"),
            help_text=_("Nur wenn Sie Nachrichten per Brief möchten."),
            required=False,
            max_length=200,
            error_messages={"max_length": _("Schreiben Sie höchstens 200 Zeichen")},
            widget=forms.TextInput(attrs={"autocomplete": "address-line1"}),
        ),
        "postcode": forms.CharField(
            label=_("Postleitzahl (nur für Brief)"),
            required=False,
            max_length=10,
            error_messages={"max_length": _("Die Postleitzahl hat 5 Ziffern, zum Beispiel 45657")},
            widget=forms.TextInput(
                attrs={"autocomplete": "postal-code", "inputmode": "numeric", "size": "6"}
            ),
        ),
        "city": forms.CharField(
            label=_("Ort (nur für Brief)"),
            required=False,
            max_length=100,
            error_messages={"max_length": _("Schreiben Sie höchstens 100 Zeichen")},
            widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
        ),
    }


def _clean_phone(value: str) -> str:
    phone = value.strip()
    if phone and not phone_is_dialable(phone):
        raise forms.ValidationError(PHONE_DIGITS)
    return phone


class WhomForm(forms.Form):
    """ "Für wen ist die Anmeldung?": the question page before the details."""

    fuer = forms.ChoiceField(
        label=_("Für wen ist die Anmeldung?"),
        choices=[
            (FOR_ME, _("Für mich selbst")),
            (FOR_OTHER, _("Für eine andere Person, zum Beispiel für meine Mutter")),
        ],
        error_messages={
            "required": _("Wählen Sie, für wen die Anmeldung ist"),
            "invalid_choice": _("Wählen Sie, für wen die Anmeldung ist"),
        },
        widget=forms.RadioSelect,
    )


class PublicRegistrationForm(HoneypotForm):
    # Phone and e-mail are each optional, but one of them is needed: the hints say so.
    all_optional = True

    name = own_name_field()
    phone = forms.CharField(
        label=_("Telefonnummer (Festnetz oder Handy)"),
        help_text=_(
            "Wir brauchen Ihre Telefonnummer oder Ihre E-Mail-Adresse. Wir rufen nur wegen "
            "dieser Veranstaltung an."
        ),
        required=False,
        max_length=40,
        error_messages={"max_length": _("Die Telefonnummer darf höchstens 40 Zeichen haben")},
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label=_("E-Mail-Adresse"),
        help_text=_("Wenn Sie keine E-Mail-Adresse haben, lassen Sie das Feld leer."),
        required=False,
        error_messages={"invalid": _("Geben Sie eine E-Mail-Adresse wie name@beispiel.de ein")},
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    channel = forms.ChoiceField(
        label=_("Wie sollen wir Ihnen Bescheid sagen?"),
        help_text=_(
            "Sie bekommen eine Bestätigung. Und wir sagen Bescheid, wenn ein Platz frei wird "
            "oder der Termin ausfällt."
        ),
        error_messages={
            "required": _("Wählen Sie, wie wir Sie benachrichtigen sollen"),
            "invalid_choice": _("Wählen Sie, wie wir Sie benachrichtigen sollen"),
        },
        widget=forms.RadioSelect,
    )

    def __init__(
        self,
        *args,
        for_other: bool = False,
        most_places: int = MAX_PLACES,
        waiting: bool = False,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.for_other = for_other
        choices = [
            (ContactChannel.EMAIL, _("Per E-Mail")),
            (ContactChannel.SMS, _("Per SMS")),
            (ContactChannel.LETTER, _("Per Brief")),
            (ContactChannel.PHONE, _("Per Anruf")),
        ]
        # On the waiting list a message is the only way to hear of a free place.
        if not waiting:
            choices.append(NO_MESSAGE)
        self.fields["channel"].choices = choices  # type: ignore[attr-defined]
        self.fields["places"] = _places_field(max(1, min(most_places, MAX_PLACES)))
        self.fields.update(_address_fields())
        if for_other:
            del self.fields["email"]
            self.fields["name"].label = _("Name der Person, die kommen möchte")
            self.fields["name"].error_messages["required"] = _(
                "Geben Sie den Namen der Person ein, die kommen möchte"
            )
            self.fields["phone"].label = _("Telefonnummer dieser Person (freiwillig)")
            self.fields["phone"].help_text = _("Wenn der Veranstalter sie direkt anrufen darf.")
            self.fields.update(
                booker_fields(
                    phone_help=_(
                        "Wir brauchen Ihre Telefonnummer oder Ihre E-Mail-Adresse. Die "
                        "Nachrichten bekommen Sie."
                    )
                )
            )
            self.fields["street"].help_text = _(
                "Ihre eigene Anschrift, nur wenn Sie Nachrichten per Brief möchten."
            )
        self.order_fields(
            [
                "name",
                "phone",
                "email",
                "booker_name",
                "booker_relation",
                "booker_phone",
                "booker_email",
                "places",
                "channel",
                *ADDRESS_FIELDS,
            ]
        )
        describe_hints(self, drop_maxlength=True)

    def clean_phone(self) -> str:
        return _clean_phone(self.cleaned_data["phone"])

    def clean_booker_phone(self) -> str:
        return _clean_phone(self.cleaned_data["booker_phone"])

    def clean(self) -> dict:
        # Said together with the other errors; the service checks the same again.
        data = super().clean() or {}
        phone, email = ("booker_phone", "booker_email") if self.for_other else ("phone", "email")
        if (
            not data.get(phone)
            and not data.get(email)
            and not self.has_error(phone)
            and not self.has_error(email)
        ):
            self.add_error(phone, _("Geben Sie eine Telefonnummer oder eine E-Mail-Adresse ein"))
        channel = data.get("channel")
        if channel == ContactChannel.EMAIL and not data.get(email) and not self.has_error(email):
            self.add_error(
                email, _("Für eine Nachricht per E-Mail geben Sie Ihre E-Mail-Adresse ein")
            )
        if (
            channel in (ContactChannel.SMS, ContactChannel.PHONE)
            and not data.get(phone)
            and not self.has_error(phone)
        ):
            self.add_error(
                phone, _("Für eine SMS oder einen Anruf geben Sie Ihre Telefonnummer ein")
            )
        address = {key: data.get(key, "").strip() for key in ADDRESS_FIELDS}
        if channel == ContactChannel.LETTER:
            for key, error in postal_address_errors(**address).items():
                if not self.has_error(key):
                    self.add_error(key, error)
        elif channel:
            # Without a letter the address is not needed, so it is not kept.
            data.update(dict.fromkeys(ADDRESS_FIELDS, ""))
        return data

    def registration_data(self) -> dict:
        """The cleaned data as `registration_register_public` takes it."""
        return {key: self.cleaned_data[key] for key in self.fields if key != self.HONEYPOT}

    def review_rows(self) -> list[tuple[str, str, str]]:
        """ "Angaben prüfen": each answer as (field name, question, answer in words)."""
        data = self.cleaned_data
        channels = dict(self.fields["channel"].choices)  # type: ignore[attr-defined]
        nothing = gettext("keine Angabe")
        questions = {
            "name": gettext("Name der Person") if self.for_other else gettext("Name"),
            "phone": gettext("Telefonnummer dieser Person")
            if self.for_other
            else gettext("Telefonnummer"),
            "email": gettext("E-Mail-Adresse"),
            "booker_name": gettext("Ihr Name"),
            "booker_relation": gettext("Verbindung zur Person"),
            "booker_phone": gettext("Ihre Telefonnummer"),
            "booker_email": gettext("Ihre E-Mail-Adresse"),
            "places": gettext("Für wie viele Personen?"),
            "channel": gettext("Wie wir Ihnen Bescheid sagen"),
            "street": gettext("Straße und Hausnummer"),
            "postcode": gettext("Postleitzahl"),
            "city": gettext("Ort"),
        }
        letter = data["channel"] == ContactChannel.LETTER
        rows = []
        for key in self.fields:
            if key == self.HONEYPOT or (key in ADDRESS_FIELDS and not letter):
                continue
            if key == "channel":
                answer = str(channels[data[key]])
            else:
                answer = str(data[key]) if data[key] not in ("", None) else nothing
            rows.append((key, questions[key], answer))
        return rows


class CancelCodeForm(forms.Form):
    """/veranstaltungen/absagen/: the short code and the phone number or e-mail address given
    when registering (so that a code alone, read off someone's letter, is not enough)."""

    code = forms.CharField(
        label=_("Ihr Kurzcode"),
        help_text=_("Er steht in Ihrer Bestätigung. Zum Beispiel: Q7KD-4KD2"),
        max_length=40,
        error_messages={
            "required": _("Geben Sie Ihren Kurzcode ein"),
            "max_length": _("Der Kurzcode hat 8 Zeichen, zum Beispiel Q7KD-4KD2"),
        },
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "spellcheck": "false",
                "autocapitalize": "characters",
                "size": "10",
            }
        ),
    )
    contact = forms.CharField(
        label=_("Ihre Telefonnummer oder E-Mail-Adresse"),
        help_text=_("Die Sie bei der Anmeldung angegeben haben."),
        max_length=254,
        error_messages={
            "required": _("Geben Sie Ihre Telefonnummer oder E-Mail-Adresse ein"),
            "max_length": _("Schreiben Sie höchstens 254 Zeichen"),
        },
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        describe_hints(self, drop_maxlength=True)

    def clean_code(self) -> str:
        code = short_code_normalise(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError(
                _("Der Kurzcode hat 8 Zeichen aus Buchstaben und Ziffern, zum Beispiel Q7KD-4KD2")
            )
        return code


class StaffRegistrationForm(forms.Form):
    """Staff register someone: a person of the search results, or a caller by name and phone
    (with how they want to hear from us)."""

    person = forms.ChoiceField(
        label=_("Person aus der Kartei"),
        required=False,
        widget=forms.RadioSelect,
    )
    name = forms.CharField(
        label=_("Oder: Name der anrufenden Person"),
        required=False,
        max_length=200,
        error_messages={"max_length": _("Der Name darf höchstens 200 Zeichen haben")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    phone = forms.CharField(
        label=_("Telefonnummer der anrufenden Person"),
        required=False,
        max_length=40,
        error_messages={"max_length": _("Die Telefonnummer darf höchstens 40 Zeichen haben")},
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    email = forms.EmailField(
        label=_("E-Mail-Adresse der anrufenden Person (freiwillig)"),
        required=False,
        error_messages={"invalid": _("Geben Sie eine E-Mail-Adresse wie name@beispiel.de ein")},
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    channel = forms.ChoiceField(
        label=_("Wie erfährt die anrufende Person von Änderungen?"),
        help_text=_("Für eine Person aus der Kartei gilt ihr Kontaktweg."),
        choices=[
            (ContactChannel.PHONE, _("Wir rufen an")),
            (ContactChannel.SMS, _("Per SMS")),
            (ContactChannel.EMAIL, _("Per E-Mail")),
            (ContactChannel.LETTER, _("Per Brief")),
            NO_MESSAGE,
        ],
        initial=ContactChannel.PHONE,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Wählen Sie, wie wir Bescheid sagen sollen")},
    )

    def __init__(self, *args, persons: list, most_places: int = MAX_PLACES, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [  # type: ignore[attr-defined]
            (str(p.id), f"{p.given_name} {p.family_name}, {p.birth_year}") for p in persons
        ]
        if not persons:
            del self.fields["person"]
        self.fields["places"] = _places_field(max(1, min(most_places, MAX_PLACES)))
        self.fields.update(_address_fields())
        describe_hints(self, drop_maxlength=True)

    def clean_phone(self) -> str:
        return _clean_phone(self.cleaned_data["phone"])

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("person"):
            return data
        if not data.get("name", "").strip() and not self.has_error("name"):
            self.add_error(
                "name" if "person" not in self.fields else "person",
                _("Wählen Sie eine Person aus oder geben Sie den Namen der anrufenden Person ein"),
            )
        if not data.get("channel"):
            data["channel"] = ContactChannel.PHONE
        return data

    def caller_data(self) -> dict:
        """The caller's answers as `registration_register_by_staff` takes them."""
        keys = ["name", "phone", "email", "channel", "places", *ADDRESS_FIELDS]
        return {key: self.cleaned_data[key] for key in keys}
