"""Forms of the event pages: the staff form of an event (with the repetition as people say it),
a date cancelled or moved, the whole event called off, a release decision, and the filters of
the public list. Dates, times and numbers are checked here with German messages; the services
check the rest."""

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lotse.core.dates import GermanDateField
from lotse.core.models import Area, Organisation
from lotse.directory.models import Location, TaxonomyTerm
from lotse.news.models import Event
from lotse.news.recurrence import (
    BIWEEKLY,
    KINDS,
    MONTHLY,
    ONCE,
    ORDINALS,
    WEEKDAYS,
    WEEKLY,
    Recurrence,
    recurrence_of,
)

TIME_FORMATS = ["%H:%M", "%H.%M", "%H"]
STEP_FREE = [("yes", _("Ja, stufenlos")), ("no", _("Nein")), ("unknown", _("Weiß ich nicht"))]
COST = [("free", _("Kostenlos")), ("paid", _("Es kostet etwas"))]


def _time_field(label) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        input_formats=TIME_FORMATS,
        help_text=_("Zum Beispiel 14:30"),
        error_messages={
            "required": _("Geben Sie die Uhrzeit ein"),
            "invalid": _("Geben Sie die Uhrzeit als Stunde:Minute ein, zum Beispiel 14:30"),
        },
        widget=forms.TimeInput(
            format="%H:%M", attrs={"inputmode": "numeric", "size": 5, "class": "width-5"}
        ),
    )


def _date_field(label, *, required: bool = True, help_text=None) -> GermanDateField:
    return GermanDateField(
        label=label,
        required=required,
        two_digit_years=False,
        help_text=help_text or _("Zum Beispiel: 24.12.2026"),
        error_messages={"required": _("Geben Sie das Datum ein")},
        widget=forms.DateInput(
            format="%d.%m.%Y",
            attrs={
                "inputmode": "numeric",
                "size": 10,
                "spellcheck": "false",
                "class": "width-10",
            },
        ),
    )


def _text(
    label, *, required: bool = True, max_length: int = 200, message=None, help_text="", **attrs
):
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        max_length=max_length,
        error_messages={
            "required": message or _("Füllen Sie dieses Feld aus"),
            "max_length": _("Höchstens %(limit_value)d Zeichen"),
        },
        widget=forms.TextInput(attrs=attrs) if attrs else None,
    )


def _area_label(area: Area) -> str:
    kinds: dict[str, Any] = {
        Area.Kind.REGION: _("ganzer Kreis"),
        Area.Kind.MUNICIPALITY: _("Kommune"),
        Area.Kind.QUARTER: _("Quartier"),
    }
    return f"{area.name} ({kinds.get(area.kind, '')})"


def _location_label(location: Location) -> str:
    addresses = list(location.addresses.all())
    if addresses:
        return f"{location.name}, {addresses[0].address_1}, {addresses[0].city}"
    return location.name


class EventForm(forms.Form):
    """Several questions on one page, grouped by the template (UI_GUIDE § 10: staff screens)."""

    organisation = forms.ModelChoiceField(
        label=_("Veranstalter"),
        queryset=Organisation.objects.none(),
        empty_label=None,
        error_messages={
            "required": _("Wählen Sie eine Organisation aus der Liste"),
            "invalid_choice": _("Wählen Sie eine Organisation aus der Liste"),
        },
    )
    title = _text(_("Titel"), message=_("Geben Sie einen Titel ein"))
    description = forms.CharField(
        label=_("Beschreibung"),
        max_length=5000,
        help_text=_("In einfachen Worten: Was passiert dort? Für wen ist es?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": _("Beschreiben Sie die Veranstaltung"),
            "max_length": _("Höchstens %(limit_value)d Zeichen"),
        },
    )
    easy_text = forms.CharField(
        label=_("Text in Leichter Sprache"),
        required=False,
        max_length=5000,
        help_text=_("Kurze Sätze, jeder Satz in eine eigene Zeile."),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _("Höchstens %(limit_value)d Zeichen")},
    )
    area = forms.ModelChoiceField(
        label=_("Für welches Gebiet?"),
        queryset=Area.objects.none(),
        empty_label=None,
        error_messages={
            "required": _("Wählen Sie ein Gebiet aus der Liste"),
            "invalid_choice": _("Wählen Sie ein Gebiet aus der Liste"),
        },
    )
    mode = forms.ChoiceField(
        label=_("Wie findet es statt?"),
        choices=Event.Mode.choices,
        initial=Event.Mode.IN_PERSON,
        widget=forms.RadioSelect,
        error_messages={"required": _("Wählen Sie, wie es stattfindet")},
    )
    location = forms.ModelChoiceField(
        label=_("Ort aus dem Verzeichnis"),
        queryset=Location.objects.none(),
        required=False,
        empty_label=_("Anderer Ort (Adresse unten eingeben)"),
        help_text=_("Ein Ort Ihrer Organisation. Sonst geben Sie unten die Adresse ein."),
        error_messages={"invalid_choice": _("Wählen Sie einen Ort aus der Liste")},
    )
    place_name = _text(_("Name des Ortes"), required=False)
    street = _text(_("Straße und Hausnummer"), required=False, autocomplete="address-line1")
    postcode = _text(
        _("Postleitzahl"),
        required=False,
        max_length=5,
        autocomplete="postal-code",
        inputmode="numeric",
        size="5",
    )
    postcode.widget.attrs["class"] = "width-5"
    city = _text(_("Ort"), required=False, max_length=100, autocomplete="address-level2")
    access_details = _text(
        _("Telefonnummer oder Internetadresse"),
        required=False,
        max_length=300,
        spellcheck="false",
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Themen"),
        queryset=TaxonomyTerm.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Wählen Sie Themen aus der Liste")},
    )
    target_groups = forms.ModelMultipleChoiceField(
        label=_("Für wen?"),
        queryset=TaxonomyTerm.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Wählen Sie Einträge aus der Liste")},
    )
    cost_kind = forms.ChoiceField(
        label=_("Kosten"),
        choices=COST,
        initial="free",
        widget=forms.RadioSelect,
        error_messages={"required": _("Wählen Sie, ob es etwas kostet")},
    )
    cost = _text(_("Was kostet es?"), required=False)
    step_free = forms.ChoiceField(
        label=_("Stufenlos erreichbar?"),
        choices=STEP_FREE,
        initial="unknown",
        widget=forms.RadioSelect,
        error_messages={"required": _("Wählen Sie eine Antwort")},
    )
    picture = forms.FileField(
        label=_("Bild"),
        required=False,
        help_text=_("Ein Foto (JPEG, PNG oder WebP), höchstens 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    picture_alt = _text(
        _("Was ist auf dem Bild zu sehen?"),
        required=False,
        max_length=300,
        help_text=_("Nötig, wenn Sie ein Bild hochladen: für Menschen, die es nicht sehen können."),
    )
    remove_picture = forms.BooleanField(label=_("Bild entfernen"), required=False)
    contact_phone = _text(
        _("Telefon für Fragen"), required=False, max_length=40, autocomplete="tel", type="tel"
    )
    day = _date_field(_("Erster Termin"))
    start_time = _time_field(_("Von"))
    end_time = _time_field(_("Bis"))
    repeat = forms.ChoiceField(
        label=_("Wie oft?"),
        choices=KINDS,
        initial=ONCE,
        widget=forms.RadioSelect,
        error_messages={"required": _("Wählen Sie, wie oft es stattfindet")},
    )
    weekdays = forms.TypedMultipleChoiceField(
        label=_("An welchen Wochentagen? (bei jede Woche oder alle 2 Wochen)"),
        choices=list(enumerate(WEEKDAYS)),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Wählen Sie Wochentage aus der Liste")},
    )
    ordinal = forms.TypedChoiceField(
        label=_("Einmal im Monat: am wievielten?"),
        choices=ORDINALS,
        coerce=int,
        initial=1,
        error_messages={
            "required": _("Wählen Sie aus der Liste"),
            "invalid_choice": _("Wählen Sie aus der Liste"),
        },
    )
    month_weekday = forms.TypedChoiceField(
        label=_("Einmal im Monat: an welchem Wochentag?"),
        choices=list(enumerate(WEEKDAYS)),
        coerce=int,
        error_messages={
            "required": _("Wählen Sie einen Wochentag aus der Liste"),
            "invalid_choice": _("Wählen Sie einen Wochentag aus der Liste"),
        },
    )
    until = _date_field(
        _("Bis wann wiederholt es sich?"),
        required=False,
        help_text=_("Der letzte mögliche Tag. Leer lassen, wenn kein Ende feststeht."),
    )
    on_holidays = forms.BooleanField(
        label=_("Findet auch an Feiertagen statt"), required=False, initial=False
    )
    registration_required = forms.BooleanField(label=_("Anmeldung nötig"), required=False)
    capacity = forms.IntegerField(
        label=_("Plätze je Termin"),
        required=False,
        min_value=1,
        max_value=10000,
        help_text=_("Leer lassen, wenn es keine Grenze gibt."),
        error_messages={
            "invalid": _("Geben Sie eine Zahl ein"),
            "min_value": _("Mindestens 1"),
            "max_value": _("Höchstens 10000"),
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 5, "class": "width-5"}),
    )
    waiting_list = forms.BooleanField(
        label=_("Warteliste, wenn alle Plätze vergeben sind"), required=False, initial=True
    )

    # Groups of fields, in order, for the template (legend, field names).
    GROUPS = (
        (_("Worum geht es?"), ("organisation", "title", "description", "easy_text")),
        (
            _("Wo?"),
            (
                "area",
                "mode",
                "location",
                "place_name",
                "street",
                "postcode",
                "city",
                "access_details",
            ),
        ),
        (
            _("Wann?"),
            (
                "day",
                "start_time",
                "end_time",
                "repeat",
                "weekdays",
                "ordinal",
                "month_weekday",
                "until",
                "on_holidays",
            ),
        ),
        (
            _("Für wen und zu welchen Bedingungen?"),
            ("topics", "target_groups", "cost_kind", "cost", "step_free", "contact_phone"),
        ),
        (_("Anmeldung"), ("registration_required", "capacity", "waiting_list")),
        (_("Bild"), ("picture", "picture_alt", "remove_picture")),
    )

    def __init__(
        self,
        *args,
        organisations: list[Organisation],
        areas: QuerySet[Area],
        locations: QuerySet[Location],
        topics: QuerySet[TaxonomyTerm],
        target_groups: QuerySet[TaxonomyTerm],
        has_picture: bool = False,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        if len(organisations) > 1:
            field = self.fields["organisation"]
            field.queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
                pk__in=[o.pk for o in organisations]
            ).order_by("name")
        else:
            del self.fields["organisation"]
        self.fields["area"].queryset = areas  # type: ignore[attr-defined]
        self.fields["area"].label_from_instance = _area_label  # type: ignore[attr-defined]
        self.fields["location"].queryset = locations  # type: ignore[attr-defined]
        self.fields["location"].label_from_instance = _location_label  # type: ignore[attr-defined]
        self.fields["topics"].queryset = topics  # type: ignore[attr-defined]
        self.fields["target_groups"].queryset = target_groups  # type: ignore[attr-defined]
        if not has_picture:
            del self.fields["remove_picture"]
        if not self.fields["month_weekday"].initial:
            self.fields["month_weekday"].initial = 0

    def groups(self):
        """(legend, bound fields) of each group, for the template."""
        return [
            (legend, [self[name] for name in names if name in self.fields])
            for legend, names in self.GROUPS
        ]

    def clean_postcode(self) -> str:
        postcode = "".join(ch for ch in self.cleaned_data["postcode"] if not ch.isspace())
        if postcode and (len(postcode) != 5 or not postcode.isdigit()):
            raise forms.ValidationError(_("Die Postleitzahl muss 5 Ziffern haben"))
        return postcode

    def clean_picture(self):
        picture = self.cleaned_data.get("picture")
        return picture or None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("„Bis“ muss nach „Von“ liegen"))
        kind = data.get("repeat")
        if kind in (WEEKLY, BIWEEKLY) and not data.get("weekdays"):
            self.add_error("weekdays", _("Wählen Sie mindestens einen Wochentag"))
        if data.get("cost_kind") == "paid" and not (data.get("cost") or "").strip():
            self.add_error("cost", _("Geben Sie an, was es kostet"))
        mode = data.get("mode")
        if mode == Event.Mode.IN_PERSON and not data.get("location") and not data.get("street"):
            self.add_error(
                "location", _("Wählen Sie einen Ort oder geben Sie unten die Adresse ein")
            )
        if mode in (Event.Mode.PHONE, Event.Mode.ONLINE) and not data.get("access_details"):
            self.add_error(
                "access_details", _("Geben Sie die Telefonnummer oder Internetadresse an")
            )
        if data.get("picture") and not (data.get("picture_alt") or "").strip():
            self.add_error("picture_alt", _("Beschreiben Sie, was auf dem Bild zu sehen ist"))
        return data

    def recurrence(self) -> Recurrence:
        data = self.cleaned_data
        kind = data["repeat"]
        if kind == MONTHLY:
            return Recurrence(
                kind=kind,
                ordinal=data["ordinal"],
                weekday=data["month_weekday"],
                until=data.get("until"),
            )
        if kind in (WEEKLY, BIWEEKLY):
            return Recurrence(kind=kind, weekdays=tuple(data["weekdays"]), until=data.get("until"))
        return Recurrence(kind=kind, until=data.get("until") if kind != ONCE else None)

    def event_data(self) -> dict[str, Any]:
        """The cleaned data as event_create and event_update take it."""
        data = self.cleaned_data
        step_free = {"yes": True, "no": False}.get(data["step_free"])
        result = {
            name: data[name]
            for name in (
                "title",
                "description",
                "easy_text",
                "mode",
                "location",
                "place_name",
                "street",
                "postcode",
                "city",
                "access_details",
                "cost",
                "picture_alt",
                "contact_phone",
                "topics",
                "target_groups",
                "day",
                "start_time",
                "end_time",
                "registration_required",
                "capacity",
                "waiting_list",
            )
        }
        result |= {
            "is_free": data["cost_kind"] == "free",
            "step_free": step_free,
            "skip_holidays": not data["on_holidays"],
            "recurrence": self.recurrence(),
            "remove_picture": data.get("remove_picture", False),
        }
        return result


def event_initial(event: Event) -> dict[str, Any]:
    """The form's values for an existing event (the rule turned back into the choices)."""
    from django.utils import timezone

    start = timezone.localtime(event.starts_at)
    end = timezone.localtime(event.ends_at)
    recurrence = recurrence_of(event.rrule) or Recurrence()
    step_free = {True: "yes", False: "no", None: "unknown"}[event.step_free]
    return {
        "organisation": event.organisation_id,
        "title": event.title,
        "description": event.description,
        "easy_text": event.easy_text,
        "area": event.area_id,
        "mode": event.mode,
        "location": event.location_id,
        "place_name": event.place_name,
        "street": event.street,
        "postcode": event.postcode,
        "city": event.city,
        "access_details": event.access_details,
        "topics": list(event.topics.all()),
        "target_groups": list(event.target_groups.all()),
        "cost_kind": "free" if event.is_free else "paid",
        "cost": event.cost,
        "step_free": step_free,
        "picture_alt": event.picture_alt,
        "contact_phone": event.contact_phone,
        "day": start.date(),
        "start_time": start.time().replace(second=0, microsecond=0),
        "end_time": end.time().replace(second=0, microsecond=0),
        "repeat": recurrence.kind,
        "weekdays": list(recurrence.weekdays),
        "ordinal": recurrence.ordinal,
        "month_weekday": recurrence.weekday,
        "until": recurrence.until,
        "on_holidays": not event.skip_holidays,
        "registration_required": event.registration_required,
        "capacity": event.capacity,
        "waiting_list": event.waiting_list,
    }


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Grund"),
        max_length=300,
        help_text=_("Steht öffentlich beim Termin, zum Beispiel: Die Leiterin ist krank"),
        error_messages={
            "required": _("Geben Sie einen Grund an, den wir weitersagen können"),
            "max_length": _("Höchstens %(limit_value)d Zeichen"),
        },
    )


class MoveForm(ReasonForm):
    day = _date_field(_("Neues Datum"))
    start_time = _time_field(_("Von"))
    end_time = _time_field(_("Bis"))
    field_order = ["day", "start_time", "end_time", "reason"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("„Bis“ muss nach „Von“ liegen"))
        return data


class ReleaseForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Ihre Entscheidung"),
        choices=[
            ("release", _("Freigeben: Die Veranstaltung erscheint öffentlich")),
            ("back", _("Zurückschicken: Der Veranstalter soll etwas ändern")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Wählen Sie: freigeben oder zurückschicken")},
    )
    note = forms.CharField(
        label=_("Hinweis an den Veranstalter"),
        required=False,
        max_length=300,
        help_text=_("Beim Zurückschicken nötig: Was soll er ändern?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("Höchstens %(limit_value)d Zeichen")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "back" and not (data.get("note") or "").strip():
            self.add_error("note", _("Schreiben Sie dem Veranstalter, was er ändern soll"))
        return data


# --- The public list's filters (GET) --------------------------------------------------------

WHEN = [
    ("heute", _("Heute")),
    ("woche", _("Diese Woche")),
    ("naechste", _("Nächste Woche")),
]


def week_span(when: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """[first day, day after the last) for "heute", "woche" (the rest of this week) and
    "naechste"."""
    monday = today - dt.timedelta(days=today.weekday())
    if when == "heute":
        return today, today + dt.timedelta(days=1)
    if when == "naechste":
        return monday + dt.timedelta(days=7), monday + dt.timedelta(days=14)
    return today, monday + dt.timedelta(days=7)
