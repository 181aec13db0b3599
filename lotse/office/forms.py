import datetime as dt
from typing import TYPE_CHECKING

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lotse.core.codes import short_code_normalise
from lotse.core.forms import HoneypotForm, describe_hints, own_name_field
from lotse.directory.forms import DAYS
from lotse.directory.models import Schedule
from lotse.office.labels import slot_label
from lotse.office.services import PHONE_DIGITS, phone_is_dialable, postal_address_errors
from lotse.people.models import ContactChannel

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

# The postal address of a booker who wants letters (`appointment_book_public`'s names).
ADDRESS_FIELDS = ("street", "postcode", "city")


def parse_start(value: str | None) -> dt.datetime | None:
    """A slot start from a form or link (ISO 8601 with offset); None if it is not one."""
    try:
        start = dt.datetime.fromisoformat(value or "")
    except ValueError:
        return None
    return start if timezone.is_aware(start) else None


def parse_day(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value or "")
    except ValueError:
        return None


class SlotField(forms.ChoiceField):
    """Slots as radios; the value is the start in ISO 8601."""

    def __init__(self, *, slots: list[dt.datetime], **kwargs) -> None:
        choices = [(start.isoformat(), slot_label(start)) for start in slots]
        super().__init__(choices=choices, widget=forms.RadioSelect, **kwargs)


def booker_fields(*, phone_help: "str | _StrPromise") -> dict[str, forms.Field]:
    """The fields of someone who books or registers for another person (a relative, a
    neighbour): their name, how they are connected, and their own phone or e-mail, where the
    messages go (`phone_help` says which)."""
    return {
        "booker_name": own_name_field(),
        "booker_relation": forms.CharField(
            label=_("Wie sind Sie mit der Person verbunden? (freiwillig)"),
            help_text=_("Zum Beispiel: Tochter, Sohn, Nachbarin"),
            required=False,
            max_length=100,
            error_messages={"max_length": _("Schreiben Sie höchstens 100 Zeichen")},
        ),
        "booker_phone": forms.CharField(
            label=_("Ihre Telefonnummer (Festnetz oder Handy)"),
            help_text=phone_help,
            required=False,
            max_length=40,
            error_messages={"max_length": _("Die Telefonnummer darf höchstens 40 Zeichen haben")},
            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        ),
        "booker_email": forms.EmailField(
            label=_("Ihre E-Mail-Adresse"),
            help_text=_("Wenn Sie keine E-Mail-Adresse haben, lassen Sie das Feld leer."),
            required=False,
            error_messages={"invalid": _("Geben Sie eine E-Mail-Adresse wie name@beispiel.de ein")},
            widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        ),
    }


class PublicBookingForm(HoneypotForm):
    # Phone and e-mail are each optional, but one of them is needed: the hints say so, and
    # no field is marked "(freiwillig)" (the note says it in its label).
    all_optional = True

    name = own_name_field()
    phone = forms.CharField(
        label=_("Telefonnummer (Festnetz oder Handy)"),
        help_text=_(
            "Wir brauchen Ihre Telefonnummer oder Ihre E-Mail-Adresse. Wir rufen nur wegen "
            "Ihres Termins an."
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
        label=_("Wie sollen wir Ihnen den Termin bestätigen und Sie vorher daran erinnern?"),
        help_text=_(
            "E-Mail und SMS erinnern Sie am Tag vorher, ein Brief einige Tage vorher. Ist "
            "Ihr Termin schon in den nächsten Tagen, kommt ein Brief vielleicht zu spät."
        ),
        choices=[
            (ContactChannel.EMAIL, _("Per E-Mail")),
            (ContactChannel.SMS, _("Per SMS")),
            (ContactChannel.LETTER, _("Per Brief")),
            (ContactChannel.PHONE, _("Das Quartiersbüro ruft mich an")),
            (ContactChannel.NONE, _("Gar nicht, ich schreibe mir den Termin selbst auf")),
        ],
        error_messages={
            "required": _("Wählen Sie, wie wir Sie benachrichtigen sollen"),
            "invalid_choice": _("Wählen Sie, wie wir Sie benachrichtigen sollen"),
        },
        widget=forms.RadioSelect,
    )
    # The postal address, asked always (the form works without JavaScript) and used only for
    # a letter.
    street = forms.CharField(
        label=_("Straße und Hausnummer (nur für Brief)"),
        help_text=_("Nur wenn Sie die Bestätigung und die Erinnerung per Brief möchten."),
        required=False,
        max_length=200,
        error_messages={"max_length": _("Schreiben Sie höchstens 200 Zeichen")},
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    postcode = forms.CharField(
        label=_("Postleitzahl (nur für Brief)"),
        required=False,
        max_length=10,
        error_messages={"max_length": _("Die Postleitzahl hat 5 Ziffern, zum Beispiel 45657")},
        widget=forms.TextInput(
            attrs={"autocomplete": "postal-code", "inputmode": "numeric", "size": "6"}
        ),
    )
    city = forms.CharField(
        label=_("Ort (nur für Brief)"),
        required=False,
        max_length=100,
        error_messages={"max_length": _("Schreiben Sie höchstens 100 Zeichen")},
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    note = forms.CharField(
        label=_("Worum geht es? Ein Stichwort genügt (freiwillig)"),
        required=False,
        max_length=2000,
        error_messages={"max_length": _("Schreiben Sie höchstens 2000 Zeichen")},
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, for_other: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.for_other = for_other
        if for_other:
            # A relative or neighbour books: the person's name (and phone if they like), then
            # the booker's own contact, where confirmation and reminders go.
            del self.fields["email"]
            self.fields["name"].label = _("Name der Person, für die der Termin ist")
            self.fields["name"].error_messages["required"] = _(
                "Geben Sie den Namen der Person ein, für die der Termin ist"
            )
            self.fields["phone"].label = _("Telefonnummer dieser Person (freiwillig)")
            self.fields["phone"].help_text = _("Wenn das Quartiersbüro sie direkt anrufen darf.")
            self.fields.update(
                booker_fields(
                    phone_help=_(
                        "Wir brauchen Ihre Telefonnummer oder Ihre E-Mail-Adresse. Wir rufen "
                        "nur wegen des Termins an."
                    )
                )
            )
            self.order_fields(
                [
                    "name",
                    "phone",
                    "booker_name",
                    "booker_relation",
                    "booker_phone",
                    "booker_email",
                    "channel",
                    "street",
                    "postcode",
                    "city",
                    "note",
                ]
            )
            self.fields["street"].help_text = _(
                "Ihre eigene Anschrift, nur wenn Sie die Bestätigung und die Erinnerung per "
                "Brief möchten."
            )
            for field in self.fields.values():
                field.widget.attrs.pop("maxlength", None)
        for key in ADDRESS_FIELDS:
            self.fields[key].widget.attrs.pop("maxlength", None)
        describe_hints(self)

    def _clean_a_phone(self, key: str) -> str:
        phone = self.cleaned_data[key].strip()
        if phone and not phone_is_dialable(phone):
            raise forms.ValidationError(PHONE_DIGITS)
        return phone

    def clean_phone(self) -> str:
        return self._clean_a_phone("phone")

    def clean_booker_phone(self) -> str:
        return self._clean_a_phone("booker_phone")

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
        address = {key: data.get(key, "").strip() for key in ADDRESS_FIELDS}
        if data.get("channel") == ContactChannel.LETTER:
            for key, error in postal_address_errors(**address).items():
                if not self.has_error(key):
                    self.add_error(key, error)
        elif data.get("channel"):
            # Without a letter the address is not needed, so it is not kept.
            data.update(dict.fromkeys(ADDRESS_FIELDS, ""))
        return data

    def booking_data(self) -> dict:
        """The cleaned data as `appointment_book_public` takes it."""
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
            "channel": gettext("Bestätigung und Erinnerung"),
            "street": gettext("Straße und Hausnummer"),
            "postcode": gettext("Postleitzahl"),
            "city": gettext("Ort"),
            "note": gettext("Worum geht es?"),
        }
        letter = data["channel"] == ContactChannel.LETTER
        rows = []
        for key in self.fields:
            if key == self.HONEYPOT or (key in ADDRESS_FIELDS and not letter):
                continue
            answer = str(channels[data[key]]) if key == "channel" else data[key] or nothing
            rows.append((key, questions[key], answer))
        return rows


FOR_ME = "mich"
FOR_OTHER = "andere"


class WhomForm(forms.Form):
    """ "Für wen ist der Termin?": the question page before the booker's details."""

    fuer = forms.ChoiceField(
        label=_("Für wen ist der Termin?"),
        choices=[
            (FOR_ME, _("Für mich selbst")),
            (FOR_OTHER, _("Für eine andere Person, zum Beispiel für meine Mutter")),
        ],
        error_messages={
            "required": _("Wählen Sie, für wen der Termin ist"),
            "invalid_choice": _("Wählen Sie, für wen der Termin ist"),
        },
        widget=forms.RadioSelect,
    )


class CancelCodeForm(forms.Form):
    """/buero/absagen/: the short code from the confirmation."""

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

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.pop("maxlength", None)
        describe_hints(self)

    def clean_code(self) -> str:
        code = short_code_normalise(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError(
                _("Der Kurzcode hat 8 Zeichen aus Buchstaben und Ziffern, zum Beispiel Q7KD-4KD2")
            )
        return code


class StaffBookingForm(forms.Form):
    person = forms.ChoiceField(
        label=_("Für wen?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Wählen Sie die Person aus")},
    )
    start = forms.ChoiceField(
        label=_("Termin"), error_messages={"required": _("Wählen Sie einen Termin aus")}
    )
    note = forms.CharField(
        label=_("Anliegen"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, persons: list, slots: list[dt.datetime], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [  # type: ignore[attr-defined]
            (str(p.id), f"{p.given_name} {p.family_name}, {p.birth_year}") for p in persons
        ]
        self.fields["start"] = SlotField(
            slots=slots,
            label=_("Termin"),
            error_messages={"required": _("Wählen Sie einen Termin aus")},
        )


WEEKLY = "weekly"


class ConsultationHourForm(forms.Form):
    """A new consultation hour: some weekdays every week, or in one week of each month."""

    week = forms.ChoiceField(
        label=_("Wie oft?"),
        choices=[
            (WEEKLY, _("jede Woche")),
            ("1", _("jeden 1. im Monat")),
            ("2", _("jeden 2. im Monat")),
            ("3", _("jeden 3. im Monat")),
            ("4", _("jeden 4. im Monat")),
            ("-1", _("jeden letzten im Monat")),
        ],
        initial=WEEKLY,
        widget=forms.RadioSelect,
        error_messages={"required": _("Wählen Sie, wie oft die Sprechstunde ist")},
    )
    days = forms.MultipleChoiceField(
        label=_("An welchen Tagen?"),
        choices=DAYS,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Wählen Sie mindestens einen Tag"),
            "invalid_choice": _("Wählen Sie Tage aus der Liste"),
        },
    )
    opens_at = forms.TimeField(
        label=_("Von (Uhrzeit)"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "required": _("Geben Sie an, wann die Sprechstunde beginnt"),
            "invalid": _("Geben Sie eine Uhrzeit wie 9:30 ein"),
        },
    )
    closes_at = forms.TimeField(
        label=_("Bis (Uhrzeit)"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "required": _("Geben Sie an, wann die Sprechstunde endet"),
            "invalid": _("Geben Sie eine Uhrzeit wie 12:00 ein"),
        },
    )
    valid_from = forms.DateField(
        label=_("Gültig ab"),
        help_text=_("Leer lassen, wenn die Sprechstunde ab sofort gilt."),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Geben Sie ein Datum wie 23.03.2026 ein")},
    )
    valid_to = forms.DateField(
        label=_("Gültig bis"),
        help_text=_("Leer lassen, wenn die Sprechstunde kein Ende hat."),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Geben Sie ein Datum wie 31.12.2026 ein")},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        describe_hints(self)

    def hour_data(self) -> dict:
        """The cleaned data as `consultation_hour_add` takes it: a rule like the directory's."""
        data = self.cleaned_data
        week = data["week"]
        if week == WEEKLY:
            freq, byday = Schedule.Freq.WEEKLY, ",".join(data["days"])
        else:
            freq, byday = Schedule.Freq.MONTHLY, ",".join(f"{week}{day}" for day in data["days"])
        return {
            "freq": freq,
            "byday": byday,
            "opens_at": data["opens_at"],
            "closes_at": data["closes_at"],
            "valid_from": data["valid_from"],
            "valid_to": data["valid_to"],
        }


class OfficeClosureForm(forms.Form):
    """Days the office is closed (holidays are closed by themselves)."""

    starts_on = forms.DateField(
        label=_("Geschlossen vom"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Geben Sie den ersten geschlossenen Tag ein"),
            "invalid": _("Geben Sie ein Datum wie 23.03.2026 ein"),
        },
    )
    ends_on = forms.DateField(
        label=_("bis einschließlich"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Geben Sie den letzten geschlossenen Tag ein"),
            "invalid": _("Geben Sie ein Datum wie 27.03.2026 ein"),
        },
    )
    note = forms.CharField(
        label=_("Grund"),
        help_text=_("Zum Beispiel: Betriebsausflug. Nur für Mitarbeitende sichtbar."),
        required=False,
        max_length=200,
        error_messages={"max_length": _("Der Grund darf höchstens 200 Zeichen haben")},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        describe_hints(self)
        for field in self.fields.values():
            field.widget.attrs.pop("maxlength", None)
