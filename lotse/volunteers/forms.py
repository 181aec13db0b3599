"""Forms of the helper pages: the public sign-up, the staff's paper entry, the helper's own
page, status changes and credentials. Every number and date is checked here with a German
message, so nothing odd reaches a service."""

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import User
from lotse.core.forms import HoneypotForm, describe_hints
from lotse.core.models import Area
from lotse.people.models import ContactChannel
from lotse.volunteers.models import LANGUAGES, Credential, Device, Helper, Topic
from lotse.volunteers.services import Slot

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

# Parts of the day a helper can tick per weekday, with the hours they stand for.
DAY_PARTS = {
    "vormittags": (dt.time(9), dt.time(12), _("vormittags")),
    "nachmittags": (dt.time(14), dt.time(17), _("nachmittags")),
    "abends": (dt.time(17), dt.time(20), _("abends")),
}
WEEKDAYS = [
    _("Montag"),
    _("Dienstag"),
    _("Mittwoch"),
    _("Donnerstag"),
    _("Freitag"),
    _("Samstag"),
    _("Sonntag"),
]
TIME_CHOICES = [
    # Lazy, so that each language gets its own day names ("Montag vormittags").
    (f"{day}-{part}", format_lazy("{} {}", WEEKDAYS[day], label))
    for day in range(7)
    for part, (_start, _end, label) in DAY_PARTS.items()
]
RADIUS_MAX = 50
CONTACT_CHOICES = [
    (ContactChannel.PHONE, _("Anruf")),
    (ContactChannel.EMAIL, _("E-Mail")),
    (ContactChannel.SMS, _("SMS")),
]
PHONE_DIGITS = _("Geben Sie die Telefonnummer in Ziffern ein, zum Beispiel 02361 123 45 67")


def slots_from_times(codes: list[str]) -> list[Slot]:
    slots = []
    for code in codes:
        day, part = code.split("-", 1)
        start, end, _label = DAY_PARTS[part]
        slots.append(Slot(weekday=int(day), start=start, end=end))
    return slots


def times_from_helper(helper: Helper) -> list[str]:
    """The ticked boxes for the helper's weekly times (windows that match a part of the day)."""
    codes = []
    for slot in helper.availabilities.all():
        for part, (start, end, _label) in DAY_PARTS.items():
            if slot.start_time == start and slot.end_time == end:
                codes.append(f"{slot.weekday}-{part}")
    return codes


def _multiple(label, choices, *, required: bool = False, message=None, **kwargs):
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        required=required,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Wählen Sie aus der Liste"),
            "required": message or _("Wählen Sie mindestens eins aus"),
        },
        **kwargs,
    )


class ProfileFields(forms.Form):
    """What a helper can do and when: shared by sign-up, staff entry and the own page."""

    devices = _multiple(
        _("Mit welchen Geräten kennen Sie sich aus?"),
        Device.choices,
        required=True,
        message=_("Wählen Sie mindestens ein Gerät"),
    )
    topics = _multiple(
        _("Wobei können Sie helfen?"),
        Topic.choices,
        required=True,
        message=_("Wählen Sie mindestens ein Thema"),
    )
    languages = _multiple(
        _("In welchen Sprachen können Sie helfen?"),
        LANGUAGES,
        required=True,
        message=_("Wählen Sie mindestens eine Sprache"),
    )
    phone_help = forms.BooleanField(label=_("Ich helfe auch am Telefon"), required=False)
    home_visits = forms.BooleanField(label=_("Ich besuche Menschen auch zu Hause"), required=False)
    radius_km = forms.IntegerField(
        label=_("Wie weit fahren oder gehen Sie für einen Besuch? (in Kilometern)"),
        help_text=_("Nur bei Besuchen zu Hause. Zum Beispiel 3."),
        required=False,
        min_value=0,
        max_value=RADIUS_MAX,
        error_messages={
            "invalid": _("Geben Sie die Kilometer als ganze Zahl ein, zum Beispiel 3"),
            "min_value": _("Die Kilometer dürfen nicht negativ sein"),
            "max_value": _("Geben Sie höchstens %(limit_value)s Kilometer an"),
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 3}),
    )
    times = _multiple(
        _("Wann haben Sie meistens Zeit?"),
        TIME_CHOICES,
        help_text=_("Kreuzen Sie alles an, was passt. Sie können das später ändern."),
    )

    def clean_radius_km(self) -> int:
        return self.cleaned_data.get("radius_km") or 0

    def profile_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "devices": list(data["devices"]),
            "topics": list(data["topics"]),
            "languages": list(data["languages"]),
            "phone_help": data["phone_help"],
            "home_visits": data["home_visits"],
            "radius_km": data["radius_km"] if data["home_visits"] else 0,
        }

    def slots(self) -> list[Slot]:
        return slots_from_times(self.cleaned_data["times"])


class PersonFields(forms.Form):
    given_name = forms.CharField(
        label=_("Vorname"),
        max_length=100,
        error_messages={
            "required": _("Geben Sie den Vornamen ein"),
            "max_length": _("Der Vorname darf höchstens 100 Zeichen haben"),
        },
        widget=forms.TextInput(attrs={"autocomplete": "given-name", "spellcheck": "false"}),
    )
    family_name = forms.CharField(
        label=_("Nachname"),
        max_length=100,
        error_messages={
            "required": _("Geben Sie den Nachnamen ein"),
            "max_length": _("Der Nachname darf höchstens 100 Zeichen haben"),
        },
        widget=forms.TextInput(attrs={"autocomplete": "family-name", "spellcheck": "false"}),
    )
    birth_year = forms.CharField(
        label=_("Geburtsjahr"),
        help_text=_("Zum Beispiel 1958. Für die Versicherung im Ehrenamt."),
        error_messages={"required": _("Geben Sie das Geburtsjahr ein")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4}),
    )
    phone = forms.CharField(
        label=_("Telefonnummer (Festnetz oder Handy)"),
        required=False,
        max_length=40,
        error_messages={"max_length": _("Die Telefonnummer darf höchstens 40 Zeichen haben")},
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label=_("E-Mail-Adresse"),
        required=False,
        max_length=254,
        error_messages={
            "invalid": _("Geben Sie eine E-Mail-Adresse wie name@beispiel.de ein"),
            "max_length": _("Die E-Mail-Adresse darf höchstens 254 Zeichen haben"),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    contact_channel = forms.ChoiceField(
        label=_("Wie sollen wir Sie erreichen?"),
        choices=CONTACT_CHOICES,
        initial=ContactChannel.PHONE,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Wählen Sie, wie wir Sie erreichen sollen"),
            "invalid_choice": _("Wählen Sie, wie wir Sie erreichen sollen"),
        },
    )
    home_quarter = forms.ModelChoiceField(
        label=_("In welchem Quartier wohnen Sie?"),
        queryset=Area.objects.none(),
        empty_label=_("Bitte wählen"),
        error_messages={
            "required": _("Wählen Sie Ihr Quartier"),
            "invalid_choice": _("Wählen Sie ein Quartier aus der Liste"),
        },
    )
    quarters = forms.ModelMultipleChoiceField(
        label=_("In welchen Quartieren helfen Sie außerdem?"),
        queryset=Area.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Wählen Sie Quartiere aus der Liste"),
            "invalid_pk_value": _("Wählen Sie Quartiere aus der Liste"),
        },
    )

    def clean_birth_year(self) -> int:
        raw = re.sub(r"\s", "", self.cleaned_data["birth_year"])
        if not re.fullmatch(r"\d{4}", raw):
            raise forms.ValidationError(_("Das Jahr muss 4 Ziffern haben"))
        year = int(raw)
        if not 1900 <= year <= timezone.localdate().year:
            raise forms.ValidationError(_("Das Geburtsjahr muss zwischen 1900 und heute liegen"))
        return year

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if phone and not re.fullmatch(r"[+\d][\d /()-]*", phone):
            raise forms.ValidationError(PHONE_DIGITS)
        return phone

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        channel = data.get("contact_channel")
        if "phone" in data and "email" in data and not (data["phone"] or data["email"]):
            self.add_error(
                "phone",
                _("Geben Sie eine Telefonnummer oder eine E-Mail-Adresse ein"),
            )
        elif channel == ContactChannel.EMAIL and "email" in data and not data["email"]:
            self.add_error("email", _("Für Nachrichten per E-Mail brauchen wir die Adresse"))
        elif (
            channel in (ContactChannel.PHONE, ContactChannel.SMS)
            and "phone" in data
            and not data["phone"]
        ):
            self.add_error("phone", _("Für Anruf oder SMS brauchen wir die Telefonnummer"))
        return data

    def person_data(self) -> dict[str, Any]:
        keys = ("given_name", "family_name", "birth_year", "phone", "email", "contact_channel")
        return {key: self.cleaned_data[key] for key in keys}

    def set_quarters(self, quarters: QuerySet[Area]) -> None:
        for name in ("home_quarter", "quarters"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = quarters


class HelperSignUpForm(HoneypotForm, PersonFields, ProfileFields):
    """ "Helfer/in werden": anyone, without an account."""

    consent_keep = forms.BooleanField(
        label=_(
            "Ich bin einverstanden, dass das Quartiersbüro meine Angaben speichert und mich "
            "wegen der Digitalhilfe anspricht."
        ),
        error_messages={"required": _("Stimmen Sie zu, damit wir Ihre Angaben speichern dürfen")},
    )
    consent_pass_on = forms.BooleanField(
        label=_(
            "Ich bin einverstanden, dass Menschen, denen ich helfe, meine Telefonnummer oder "
            "E-Mail-Adresse bekommen. (freiwillig)"
        ),
        required=False,
    )

    field_order = [
        "given_name",
        "family_name",
        "birth_year",
        "phone",
        "email",
        "contact_channel",
        "home_quarter",
        "quarters",
        "devices",
        "topics",
        "languages",
        "phone_help",
        "home_visits",
        "radius_km",
        "times",
        "consent_keep",
        "consent_pass_on",
    ]

    # Phone and e-mail are each optional, but one of them is needed: the hint says so, and
    # only the truly optional questions say "(freiwillig)" in their label.
    all_optional = True

    def __init__(self, *args, quarters: QuerySet[Area], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.set_quarters(quarters)
        fields = self.fields
        fields["phone"].help_text = _(
            "Wir brauchen Ihre Telefonnummer oder Ihre E-Mail-Adresse, damit wir Sie erreichen."
        )
        fields["email"].help_text = _(
            "Wenn Sie keine E-Mail-Adresse haben, lassen Sie das Feld leer."
        )
        fields["quarters"].label = _("In welchen Quartieren helfen Sie außerdem? (freiwillig)")
        fields["times"].label = _("Wann haben Sie meistens Zeit? (freiwillig)")
        fields["radius_km"].label = _(
            "Wie weit fahren oder gehen Sie für einen Besuch? (in Kilometern, freiwillig)"
        )
        describe_hints(self)


class HelperEntryForm(PersonFields, ProfileFields):
    """ "Helfer/in erfassen": staff type in a signed paper form."""

    # As on the sign-up: phone or e-mail is needed, so neither says "(freiwillig)".
    all_optional = True

    is_multiplier_qualified = forms.BooleanField(
        label=_("Darf selbst Kurse geben (Multiplikator/in)"), required=False
    )
    consent_keep = forms.BooleanField(
        label=_("Die Einwilligung zum Speichern liegt unterschrieben vor"),
        error_messages={
            "required": _("Ohne unterschriebene Einwilligung dürfen wir nichts speichern")
        },
    )
    consent_pass_on = forms.BooleanField(
        label=_("Die Person ist einverstanden, dass Hilfesuchende ihre Kontaktdaten bekommen"),
        required=False,
    )

    def __init__(self, *args, quarters: QuerySet[Area], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.set_quarters(quarters)
        labels = {
            "home_quarter": _("Wohnquartier"),
            "quarters": _("Hilft außerdem in den Quartieren (freiwillig)"),
            "contact_channel": _("Bevorzugter Kontaktweg"),
            "devices": _("Geräte"),
            "topics": _("Themen"),
            "languages": _("Sprachen"),
            "phone_help": _("Hilft auch am Telefon"),
            "home_visits": _("Besucht Menschen auch zu Hause"),
            "radius_km": _("Wie weit für Besuche (km, freiwillig)"),
            "times": _("Wann meistens Zeit (freiwillig)"),
        }
        self.fields["phone"].help_text = _("Telefonnummer oder E-Mail-Adresse: eins von beiden.")
        for name, label in labels.items():
            self.fields[name].label = label
        describe_hints(self)

    def profile_data(self) -> dict[str, Any]:
        return {
            **super().profile_data(),
            "is_multiplier_qualified": self.cleaned_data["is_multiplier_qualified"],
        }


class HelperEditForm(ProfileFields):
    """ "Angaben ändern" on the helper's page: what staff may change besides the helper."""

    quarters = forms.ModelMultipleChoiceField(
        label=_("Hilft in den Quartieren"),
        queryset=Area.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Wählen Sie Quartiere aus der Liste"),
            "invalid_pk_value": _("Wählen Sie Quartiere aus der Liste"),
        },
    )
    is_multiplier_qualified = forms.BooleanField(
        label=_("Darf selbst Kurse geben (Multiplikator/in)"), required=False
    )

    def __init__(self, *args, quarters: QuerySet[Area], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["quarters"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = quarters
        describe_hints(self)

    def profile_data(self) -> dict[str, Any]:
        return {
            **super().profile_data(),
            "quarters": list(self.cleaned_data["quarters"]),
            "is_multiplier_qualified": self.cleaned_data["is_multiplier_qualified"],
        }


def profile_initial(helper: Helper) -> dict[str, Any]:
    return {
        "devices": helper.devices,
        "topics": helper.topics,
        "languages": helper.languages,
        "phone_help": helper.phone_help,
        "home_visits": helper.home_visits,
        "radius_km": helper.radius_km,
        "times": times_from_helper(helper),
    }


class OwnProfileForm(ProfileFields):
    """ "Meine Angaben": the helper changes what they can do and when."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        describe_hints(self)


class HelperFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Alle"))] + list(Helper.Status.choices),
        required=False,
    )
    quartier = forms.ModelChoiceField(
        label=_("Quartier"),
        queryset=Area.objects.none(),
        required=False,
        empty_label=_("Alle"),
    )

    def __init__(self, *args, quarters: QuerySet[Area], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["quartier"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = quarters


def _date_field(
    label, *, required: bool = True, help_text: "_StrPromise | str" = ""
) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text or _("Zum Beispiel 24.12.2026"),
        input_formats=["%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y"],
        error_messages={
            "required": _("Geben Sie das Datum ein"),
            "invalid": _("Geben Sie das Datum als Tag.Monat.Jahr ein, zum Beispiel 24.12.2026"),
        },
        widget=forms.DateInput(format="%d.%m.%Y", attrs={"inputmode": "numeric", "size": 10}),
    )


class StatusChangeForm(forms.Form):
    to_status = forms.ChoiceField(
        label=_("Neuer Status"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Wählen Sie den neuen Status"),
            "invalid_choice": _("Dieser Status ist von hier aus nicht möglich"),
        },
    )
    effective_on = _date_field(_("Gilt ab"))
    paused_until = _date_field(
        _("Pause bis"), required=False, help_text=_("Nur bei „Pause“. Zum Beispiel 31.03.2027")
    )
    reason = forms.CharField(
        label=_("Grund"),
        required=False,
        max_length=1000,
        error_messages={"max_length": _("Der Grund darf höchstens 1000 Zeichen haben")},
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, choices: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to_status"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices
        describe_hints(self)


class CredentialForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Was haben Sie gesehen?"),
        choices=Credential.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Wählen Sie die Art des Nachweises"),
            "invalid_choice": _("Wählen Sie die Art des Nachweises aus der Liste"),
        },
    )
    issued_on = _date_field(
        _("Ausgestellt oder unterschrieben am"),
        help_text=_("Das Datum auf dem Dokument, zum Beispiel 03.11.2026"),
    )
    seen_on = _date_field(_("Gesehen am"))
    valid_until = _date_field(
        _("Nächste Prüfung fällig am"),
        required=False,
        help_text=_(
            "Leer lassen: beim Führungszeugnis wird das Datum aus dem Ausstellungsdatum "
            "berechnet, sonst gibt es keine."
        ),
    )
    note = forms.CharField(
        label=_("Bemerkung"),
        required=False,
        max_length=1000,
        error_messages={"max_length": _("Die Bemerkung darf höchstens 1000 Zeichen haben")},
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("initial", {"seen_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        describe_hints(self)


class PauseForm(forms.Form):
    until = _date_field(_("Pause bis"), help_text=_("Zum Beispiel 31.03.2027"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        describe_hints(self)


class _AccountChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.email


class UserLinkForm(forms.Form):
    user = _AccountChoiceField(
        label=_("Benutzerkonto"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Keins"),
        error_messages={"invalid_choice": _("Wählen Sie ein Konto aus der Liste")},
    )

    def __init__(self, *args, users: QuerySet[User], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = users
