"""Forms of the requests for help: the resident's form, the staff's form from a call, the
offer to helpers, the helper's answer and report, the state changes. Every number, date and
text is checked here with a German message, so nothing odd reaches a service."""

import datetime as dt
import re
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.core.forms import HoneypotForm
from lotse.core.models import Area
from lotse.volunteers.forms import PersonFields, _multiple
from lotse.volunteers.models import LANGUAGES, Device, HelpRequest, HelpSession, Place, Topic
from lotse.volunteers.ranking import DAY_PARTS

WEEKDAY_CHOICES = [
    ("0", _("Montag")),
    ("1", _("Dienstag")),
    ("2", _("Mittwoch")),
    ("3", _("Donnerstag")),
    ("4", _("Freitag")),
    ("5", _("Samstag")),
    ("6", _("Sonntag")),
]
PART_CHOICES = [
    ("morning", _("Vormittags")),
    ("afternoon", _("Nachmittags")),
    ("evening", _("Abends")),
]
PLACE_CHOICES = [
    (Place.HOME, _("Bei mir zu Hause")),
    (Place.OFFICE, _("Im Quartiersbüro")),
    (Place.CAFE, _("Im Handy-Café")),
    (Place.PHONE, _("Am Telefon")),
]
URGENCY_CHOICES = [
    (HelpRequest.Urgency.NORMAL, _("Es hat Zeit")),
    (HelpRequest.Urgency.SOON, _("Bald, in den nächsten Tagen")),
    (HelpRequest.Urgency.URGENT, _("Dringend")),
]
TEXT_LONGEST = 2000


class _Text(forms.CharField):
    def __init__(self, label, **kwargs) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", TEXT_LONGEST)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3}))
        super().__init__(
            label=label,
            error_messages={
                "max_length": _("Der Text darf höchstens %(limit_value)d Zeichen haben")
            },
            **kwargs,
        )


class RequestFields(forms.Form):
    """What the help is about, where and when: shared by the resident's and the staff form."""

    # The optional questions say "(freiwillig)" in their own labels (components/form_fields.html
    # would add it a second time).
    all_optional = True

    device = forms.ChoiceField(
        label=_("Um welches Gerät geht es?"),
        choices=Device.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Wählen Sie ein Gerät"),
            "invalid_choice": _("Wählen Sie ein Gerät aus der Liste"),
        },
    )
    topics = _multiple(
        _("Wobei brauchen Sie Hilfe?"),
        Topic.choices,
        required=True,
        message=_("Wählen Sie mindestens ein Thema"),
        help_text=_("Kreuzen Sie alles an, was passt."),
    )
    description = _Text(_("Was möchten Sie noch sagen? (freiwillig)"))
    language = forms.ChoiceField(
        label=_("In welcher Sprache möchten Sie Hilfe?"),
        choices=LANGUAGES,
        initial="de",
        error_messages={"invalid_choice": _("Wählen Sie eine Sprache aus der Liste")},
    )
    place = forms.ChoiceField(
        label=_("Wo soll Ihnen geholfen werden?"),
        choices=PLACE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Wählen Sie aus, wo Ihnen geholfen werden soll"),
            "invalid_choice": _("Wählen Sie aus, wo Ihnen geholfen werden soll"),
        },
    )
    urgency = forms.ChoiceField(
        label=_("Wie eilig ist es?"),
        choices=URGENCY_CHOICES,
        initial=HelpRequest.Urgency.NORMAL,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Wählen Sie aus, wie eilig es ist"),
            "invalid_choice": _("Wählen Sie aus, wie eilig es ist"),
        },
    )
    days = _multiple(_("An welchen Tagen haben Sie Zeit? (freiwillig)"), WEEKDAY_CHOICES)
    parts = _multiple(_("Zu welcher Tageszeit? (freiwillig)"), PART_CHOICES)
    free_times = _Text(
        _("Wann passt es Ihnen noch? (freiwillig)"),
        help_text=_("Zum Beispiel: nicht mittwochs, am liebsten nach 15 Uhr."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def request_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        days = [int(day) for day in data.get("days") or []]
        parts = list(data.get("parts") or []) or list(DAY_PARTS) if days else []
        return {
            "device": data["device"],
            "topics": list(data["topics"]),
            "description": data.get("description", ""),
            "language": data["language"],
            "place": data["place"],
            "urgency": data["urgency"],
            "free_slots": [{"weekday": day, "part": part} for day in days for part in parts],
            "free_times": data.get("free_times", ""),
        }


class _PersonAndRequest(PersonFields, RequestFields):
    def __init__(self, *args, quarters: QuerySet[Area], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["quarters"]
        quarter = self.fields["home_quarter"]
        assert isinstance(quarter, forms.ModelChoiceField)
        quarter.queryset = quarters
        quarter.label = _("In welchem Quartier wohnen Sie?")
        self.fields["birth_year"].help_text = _("Zum Beispiel 1942.")
        self.fields["phone"].help_text = _("Wir rufen Sie nur wegen Ihrer Anfrage an.")
        postcode = forms.CharField(
            label=_("Postleitzahl (freiwillig)"),
            required=False,
            help_text=_("Damit jemand aus Ihrer Nähe kommt."),
            widget=forms.TextInput(
                attrs={"inputmode": "numeric", "size": 5, "autocomplete": "postal-code"}
            ),
        )
        self.fields["postcode"] = postcode
        self.order_fields(self.FIELD_ORDER)

    FIELD_ORDER = [
        "given_name",
        "family_name",
        "birth_year",
        "phone",
        "email",
        "contact_channel",
        "home_quarter",
        "postcode",
        "device",
        "topics",
        "description",
        "language",
        "place",
        "urgency",
        "days",
        "parts",
        "free_times",
    ]

    def clean_postcode(self) -> str:
        raw = re.sub(r"\s", "", self.cleaned_data.get("postcode", ""))
        if raw and not re.fullmatch(r"\d{5}", raw):
            raise forms.ValidationError(_("Die Postleitzahl muss 5 Ziffern haben"))
        return raw

    def person_data(self) -> dict[str, Any]:
        return {**super().person_data(), "postcode": self.cleaned_data.get("postcode", "")}


class HelpRequestForm(HoneypotForm, _PersonAndRequest):
    """ "Ich brauche Hilfe mit meinem Handy": anyone, without an account."""

    consent_keep = forms.BooleanField(
        label=_(
            "Ich bin einverstanden, dass das Quartiersbüro meine Angaben speichert, um mir eine "
            "Digital-Helferin oder einen Digital-Helfer zu vermitteln."
        ),
        error_messages={"required": _("Stimmen Sie zu, damit wir Ihre Anfrage speichern dürfen")},
    )
    consent_pass_on = forms.BooleanField(
        label=_(
            "Die Helferin oder der Helfer darf meine Telefonnummer, E-Mail-Adresse und Adresse "
            "bekommen. (freiwillig)"
        ),
        help_text=_("Sonst stellt das Quartiersbüro den Kontakt her."),
        required=False,
    )


class HelpRequestStaffForm(_PersonAndRequest):
    """Staff record a request from a call."""

    consent_keep = forms.BooleanField(
        label=_("Die Person ist am Telefon einverstanden, dass wir die Angaben speichern"),
        error_messages={"required": _("Ohne Einwilligung dürfen wir nichts speichern")},
    )
    consent_pass_on = forms.BooleanField(
        label=_(
            "Die Person ist einverstanden, dass die Helferin oder der Helfer ihre "
            "Kontaktdaten bekommt"
        ),
        required=False,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        labels = {
            "home_quarter": _("Quartier der Person"),
            "device": _("Gerät"),
            "topics": _("Themen"),
            "description": _("Worum es geht (freiwillig)"),
            "language": _("Sprache"),
            "place": _("Wo"),
            "urgency": _("Wie eilig"),
            "days": _("Tage, an denen die Person Zeit hat (freiwillig)"),
            "parts": _("Tageszeit (freiwillig)"),
            "free_times": _("Wann die Person sonst Zeit hat (freiwillig)"),
        }
        for name, label in labels.items():
            self.fields[name].label = label


class OfferForm(forms.Form):
    """The helpers a multiplier offers the request to (from the ranking)."""

    helpers = forms.MultipleChoiceField(
        label=_("Anbieten an"),
        choices=[],
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Wählen Sie mindestens eine Helferin oder einen Helfer"),
            "invalid_choice": _("Wählen Sie aus der Liste"),
        },
    )

    def __init__(self, *args, choices: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["helpers"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = choices


class AcceptForm(forms.Form):
    """The helper's yes, optionally with the day and time they will come."""

    # The optional questions say "(freiwillig)" in their own labels (components/form_fields.html
    # would add it a second time).
    all_optional = True

    day = forms.DateField(
        label=_("An welchem Tag? (freiwillig)"),
        required=False,
        help_text=_("Zum Beispiel 14.3.2026"),
        input_formats=["%d.%m.%Y", "%Y-%m-%d"],
        error_messages={"invalid": _("Geben Sie den Tag wie 14.3.2026 ein")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 10}),
    )
    time = forms.TimeField(
        label=_("Um wie viel Uhr? (freiwillig)"),
        required=False,
        help_text=_("Zum Beispiel 14:30"),
        input_formats=["%H:%M", "%H.%M", "%H"],
        error_messages={"invalid": _("Geben Sie die Uhrzeit wie 14:30 ein")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 5}),
    )
    appointment_place = forms.CharField(
        label=_("Wo treffen Sie sich? (freiwillig)"),
        required=False,
        max_length=200,
        error_messages={"max_length": _("Der Treffpunkt darf höchstens 200 Zeichen haben")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("time") and not data.get("day"):
            self.add_error("day", _("Geben Sie zur Uhrzeit auch den Tag ein"))
        day = data.get("day")
        if day and day < timezone.localdate():
            self.add_error("day", _("Der Tag darf nicht in der Vergangenheit liegen"))
        if day and day > timezone.localdate() + dt.timedelta(days=366):
            self.add_error("day", _("Der Tag darf höchstens ein Jahr in der Zukunft liegen"))
        return data

    def appointment_at(self) -> dt.datetime | None:
        day = self.cleaned_data.get("day")
        if not day:
            return None
        time = self.cleaned_data.get("time") or dt.time(0)
        return timezone.make_aware(dt.datetime.combine(day, time))


class ReportForm(forms.Form):
    """The helper's two-minute report."""

    # The optional questions say "(freiwillig)" in their own labels (components/form_fields.html
    # would add it a second time).
    all_optional = True

    duration_minutes = forms.IntegerField(
        label=_("Wie lange hat es gedauert? (in Minuten)"),
        help_text=_("Zum Beispiel 45"),
        min_value=1,
        max_value=24 * 60,
        error_messages={
            "required": _("Geben Sie die Dauer in Minuten ein"),
            "invalid": _("Geben Sie die Dauer als ganze Zahl ein, zum Beispiel 45"),
            "min_value": _("Die Dauer muss mindestens 1 Minute sein"),
            "max_value": _("Die Dauer darf höchstens 1440 Minuten (ein Tag) sein"),
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4}),
    )
    topics = _multiple(
        _("Worum ging es?"),
        Topic.choices,
        required=True,
        message=_("Wählen Sie mindestens ein Thema"),
    )
    solved = forms.ChoiceField(
        label=_("Ist das Problem gelöst?"),
        choices=HelpSession.Solved.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Wählen Sie aus, ob das Problem gelöst ist"),
            "invalid_choice": _("Wählen Sie aus, ob das Problem gelöst ist"),
        },
    )
    follow_up_needed = forms.BooleanField(
        label=_("Die Person braucht noch einmal Hilfe"), required=False
    )
    note = _Text(_("Bemerkung (freiwillig)"), widget=forms.Textarea(attrs={"rows": 2}))


class ReasonForm(forms.Form):
    reason = _Text(_("Grund"))


class SmsAnswerForm(forms.Form):
    """What the SMS gateway posts: the sender's number and the text."""

    # A NUL is refused by Django's CharField (and before, by the text input middleware).
    sender = forms.CharField(max_length=40)
    text = forms.CharField(max_length=500)


class DigitalHelpForm(forms.Form):
    """ "An Digital-Hilfe weitergeben" on a desk inquiry: what the help is about."""

    device = forms.ChoiceField(
        label=_("Gerät"),
        choices=Device.choices,
        error_messages={
            "required": _("Wählen Sie ein Gerät"),
            "invalid_choice": _("Wählen Sie ein Gerät aus der Liste"),
        },
    )
    topics = _multiple(
        _("Themen"), Topic.choices, required=True, message=_("Wählen Sie mindestens ein Thema")
    )
    place = forms.ChoiceField(
        label=_("Wo"),
        choices=PLACE_CHOICES,
        error_messages={
            "required": _("Wählen Sie aus, wo geholfen werden soll"),
            "invalid_choice": _("Wählen Sie aus, wo geholfen werden soll"),
        },
    )
    urgency = forms.ChoiceField(
        label=_("Wie eilig"),
        choices=URGENCY_CHOICES,
        initial=HelpRequest.Urgency.NORMAL,
        error_messages={"invalid_choice": _("Wählen Sie aus, wie eilig es ist")},
    )

    def request_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "device": data["device"],
            "topics": list(data["topics"]),
            "place": data["place"],
            "urgency": data["urgency"],
        }
