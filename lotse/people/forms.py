import datetime as dt
import re
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.core.dates import GermanDateField
from lotse.core.models import Area, Organisation
from lotse.people.models import Consent, ContactChannel, Person, Proxy
from lotse.people.selectors import PURPOSES

# UI_GUIDE § 5: accept month names and their short forms.
MONTHS = ("jan", "feb", "mär", "apr", "mai", "jun", "jul", "aug", "sep", "okt", "nov", "dez")


def _month_number(text: str) -> int:
    text = text.strip().lower().replace("ae", "ä").rstrip(".")
    for number, prefix in enumerate(MONTHS, start=1):
        if text.startswith(prefix):
            return number
    return int(text)


def _no_maxlength(form: forms.Form) -> None:
    # UI_GUIDE § 5: no maxlength in the page; lengths are still checked on submit.
    for field in form.fields.values():
        field.widget.attrs.pop("maxlength", None)


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name, Telefonnummer oder Straße"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "spellcheck": "false"}),
    )


class PersonForm(forms.Form):
    given_name = forms.CharField(
        label=_("Vorname"),
        max_length=100,
        error_messages={"required": _("Geben Sie den Vornamen ein")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    family_name = forms.CharField(
        label=_("Nachname"),
        max_length=100,
        error_messages={"required": _("Geben Sie den Nachnamen ein")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    birth_year = forms.CharField(
        label=_("Geburtsjahr"),
        error_messages={"required": _("Geben Sie das Geburtsjahr ein")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4}),
    )
    birth_day = forms.CharField(
        label=_("Geburtstag: Tag"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 2}),
    )
    birth_month = forms.CharField(
        label=_("Geburtstag: Monat"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 2}),
    )
    phone = forms.CharField(
        label=_("Telefon"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    email = forms.EmailField(
        label=_("E-Mail"),
        required=False,
        error_messages={"invalid": _("Geben Sie eine E-Mail-Adresse wie name@beispiel.de ein")},
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    street = forms.CharField(label=_("Straße und Hausnummer"), required=False, max_length=200)
    postcode = forms.CharField(
        label=_("Postleitzahl"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 5}),
    )
    city = forms.CharField(label=_("Ort"), required=False, max_length=100)
    quarter = forms.ModelChoiceField(
        label=_("Quartier"), required=False, queryset=Area.objects.none()
    )
    languages = forms.CharField(
        label=_("Sprachen (Kürzel mit Komma, zum Beispiel de, tr)"), required=False
    )
    contact_channel = forms.ChoiceField(
        label=_("Bevorzugter Kontaktweg"),
        choices=ContactChannel.choices,
        initial=ContactChannel.PHONE,
        widget=forms.RadioSelect,
    )
    hearing_note = forms.CharField(
        label=_("Hören"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    sight_note = forms.CharField(
        label=_("Sehen"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    mobility_note = forms.CharField(
        label=_("Beweglichkeit"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, quarters: QuerySet[Area], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["quarter"].queryset = quarters  # type: ignore[attr-defined]
        _no_maxlength(self)

    def clean_birth_year(self) -> int:
        raw = re.sub(r"\s", "", self.cleaned_data["birth_year"])
        if not re.fullmatch(r"\d{4}", raw):
            raise forms.ValidationError(_("Das Jahr muss 4 Ziffern haben"))
        return int(raw)

    def clean_postcode(self) -> str:
        raw = re.sub(r"\s", "", self.cleaned_data["postcode"])
        if raw and not re.fullmatch(r"\d{5}", raw):
            raise forms.ValidationError(_("Die Postleitzahl muss 5 Ziffern haben"))
        return raw

    def clean_languages(self) -> list[str]:
        codes = [c.strip().lower() for c in self.cleaned_data["languages"].split(",")]
        codes = [c for c in codes if c]
        if any(not re.fullmatch(r"[a-z]{2,3}", c) for c in codes):
            raise forms.ValidationError(
                _("Geben Sie Sprachen als Kürzel mit 2 Buchstaben ein, zum Beispiel de, tr")
            )
        return codes

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, month = data.get("birth_day") or "", data.get("birth_month") or ""
        data["birth_date"] = None
        if day or month:
            try:
                data["birth_date"] = dt.date(data["birth_year"], _month_number(month), int(day))
            except (KeyError, TypeError, ValueError):
                self.add_error("birth_day", _("Das Geburtsdatum muss ein echtes Datum sein"))
        return data

    def person_data(self) -> dict[str, Any]:
        skip = {"birth_day", "birth_month"}
        return {k: v for k, v in self.cleaned_data.items() if k not in skip}


class PersonEditForm(PersonForm):
    reason = forms.CharField(
        label=_("Grund der Änderung, zum Beispiel: Umzug, Tochter hat angerufen"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def person_data(self) -> dict[str, Any]:
        data = super().person_data()
        data.pop("reason", None)
        return data


def person_initial(person: Person) -> dict[str, Any]:
    """The edit form's values for a person."""
    skip = {"birth_day", "birth_month"}
    initial: dict[str, Any] = {
        name: getattr(person, name) for name in PersonForm.base_fields if name not in skip
    }
    if person.birth_date:
        initial["birth_day"] = person.birth_date.day
        initial["birth_month"] = person.birth_date.month
    initial["languages"] = ", ".join(person.languages)
    initial["quarter"] = person.quarter_id
    return initial


def person_prefill(text: str) -> dict[str, str]:
    """The new-person form's values from what was typed into a search: a phone number goes to
    "Telefon"; "Müller, Erna" and "Erna Müller" both give first and last name; a single word
    is taken as the last name."""
    text = " ".join(text.split())[:200]
    if not text:
        return {}
    if re.fullmatch(r"[+\d][\d /()-]*", text):
        return {"phone": text}
    if "," in text:
        family, _comma, given = text.partition(",")
        return {"family_name": family.strip()[:100], "given_name": given.strip()[:100]}
    given, _space, family = text.rpartition(" ")
    return {"given_name": given[:100], "family_name": family[:100]}


class ProxyForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Art der Vertretung"),
        choices=Proxy.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Wählen Sie die Art der Vertretung")},
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        error_messages={"required": _("Geben Sie den Namen ein")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    relationship = forms.CharField(
        label=_("Beziehung zur Person, zum Beispiel: Tochter, Berufsbetreuer"),
        required=False,
        max_length=100,
    )
    phone = forms.CharField(
        label=_("Telefon"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    email = forms.EmailField(
        label=_("E-Mail"),
        required=False,
        error_messages={"invalid": _("Geben Sie eine E-Mail-Adresse wie name@beispiel.de ein")},
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    address = forms.CharField(
        label=_("Adresse"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    scope = forms.MultipleChoiceField(
        label=_("Aufgabenkreise (nur bei Betreuung und Vollmacht)"),
        required=False,
        choices=Proxy.Scope.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    evidence_kind = forms.ChoiceField(
        label=_("Welchen Nachweis haben Sie gesehen?"),
        choices=Proxy.Evidence.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Wählen Sie den Nachweis")},
    )
    evidence_seen_on = GermanDateField(
        label=_("Nachweis gesehen am (Datum)"),
        error_messages={"required": _("Geben Sie an, wann Sie den Nachweis gesehen haben")},
    )
    evidence_note = forms.CharField(
        label=_("Bemerkung zum Nachweis, zum Beispiel: Kopie in Ordner 3"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    valid_until = GermanDateField(
        label=_("Gültig bis (Datum, steht zum Beispiel auf dem Betreuerausweis)"),
        required=False,
    )

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("initial", {"evidence_seen_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        _no_maxlength(self)


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(
        label=_("Wofür gilt die Einwilligung?"),
        choices=Consent.Purpose.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Wählen Sie, wofür die Einwilligung gilt")},
    )
    recipient = forms.ModelChoiceField(
        label=_("An welche Organisation (nur bei Weitergabe)"),
        required=False,
        queryset=Organisation.objects.none(),
    )
    channel = forms.ChoiceField(
        label=_("Kontaktweg (nur bei Kontakt)"),
        required=False,
        choices=[("", "—"), *[c for c in ContactChannel.choices if c[0] != ContactChannel.NONE]],
    )
    given_how = forms.ChoiceField(
        label=_("Wie wurde sie erteilt?"),
        choices=Consent.GivenHow.choices,
        initial=Consent.GivenHow.VERBAL_PHONE,
        widget=forms.RadioSelect,
    )
    given_at = forms.DateTimeField(
        label=_("Wann (Datum und Uhrzeit)"),
        error_messages={
            "required": _("Geben Sie an, wann die Einwilligung erteilt wurde"),
            "invalid": _("Geben Sie Datum und Uhrzeit so ein: 27.03.2026 14:30"),
        },
    )
    proxy = forms.ModelChoiceField(
        label=_("Welche Vertretung (nur bei „Durch eine Vertretung“)"),
        required=False,
        queryset=Proxy.objects.none(),
    )
    evidence_note = forms.CharField(
        label=_("Nachweis, zum Beispiel: Anruf, Formular abgelegt in Ordner 3"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self,
        *args,
        recipients: QuerySet[Organisation],
        proxies: QuerySet[Proxy] | None = None,
        recipient: Organisation | None = None,
        **kwargs,
    ) -> None:
        """`recipient`: proposes sharing with that organisation."""
        initial: dict[str, object] = {
            "given_at": timezone.localtime().strftime("%d.%m.%Y %H:%M"),
            "given_how": Consent.GivenHow.VERBAL_PHONE,
        }
        if recipient is not None:
            initial |= {"purpose": Consent.Purpose.SHARE, "recipient": recipient.pk}
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = recipients  # type: ignore[attr-defined]
        if proxies is not None:
            self.fields["proxy"].queryset = proxies  # type: ignore[attr-defined]


def purpose_from(value: str | None) -> str:
    """The purpose a link asks for (`?zweck=`), or the default."""
    return value if value in PURPOSES else PURPOSES[0]
