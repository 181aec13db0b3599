"""Forms of the Handy-Café and course pages. Dates, times and numbers are checked here with a
German message; the services check the rest."""

import datetime as dt
import re
import uuid

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lotse.core.models import Area
from lotse.volunteers.forms import _date_field
from lotse.volunteers.models import CourseParticipant, Helper, HelperAvailability

TIME_FORMATS = ["%H:%M", "%H.%M", "%H"]
OFFER_ADDRESS = re.compile(r"/angebot/([0-9a-fA-F-]{36})(?:/|$)")


def _time_field(label) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        input_formats=TIME_FORMATS,
        help_text=_("Zum Beispiel 14:30"),
        error_messages={
            "required": _("Geben Sie die Uhrzeit ein"),
            "invalid": _("Geben Sie die Uhrzeit als Stunde:Minute ein, zum Beispiel 14:30"),
        },
        widget=forms.TimeInput(format="%H:%M", attrs={"inputmode": "numeric", "size": 5}),
    )


def _check_times(form: forms.Form) -> None:
    start, end = form.cleaned_data.get("start_time"), form.cleaned_data.get("end_time")
    if start and end and end <= start:
        form.add_error("end_time", _("„Bis“ muss nach „Von“ liegen"))


class CafeForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=120,
        initial=_("Handy-Café"),
        error_messages={"required": _("Geben Sie einen Namen ein")},
    )
    quarter = forms.ModelChoiceField(
        label=_("Quartier"),
        queryset=Area.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": _("Wählen Sie ein Quartier aus der Liste")},
    )
    address = forms.CharField(
        label=_("Wo (Adresse und Raum)"),
        max_length=200,
        help_text=_("Zum Beispiel Quartiersbüro, Hauptstraße 5, großer Raum"),
        error_messages={"required": _("Geben Sie an, wo das Handy-Café stattfindet")},
    )
    weekday = forms.TypedChoiceField(
        label=_("Wochentag"),
        choices=HelperAvailability.Weekday.choices,
        coerce=int,
        error_messages={"invalid_choice": _("Wählen Sie einen Wochentag aus der Liste")},
    )
    start_time = _time_field(_("Von"))
    end_time = _time_field(_("Bis"))
    starts_on = _date_field(_("Erster Termin ab"))
    ends_on = _date_field(_("Letzter Termin bis"), required=False)
    helpers_wanted = forms.IntegerField(
        label=_("So viele Helfer pro Termin"),
        min_value=1,
        max_value=20,
        initial=2,
        error_messages={
            "required": _("Geben Sie an, wie viele Helfer kommen sollen"),
            "invalid": _("Geben Sie eine Zahl ein"),
            "min_value": _("Mindestens 1"),
            "max_value": _("Höchstens 20"),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "size": 3}),
    )
    skip_holidays = forms.BooleanField(
        label=_("An Feiertagen fällt es aus"), required=False, initial=True
    )
    # The offer in the directory whose page shows the next dates, given by its address (the
    # volunteers app does not read the directory itself).
    service = forms.CharField(
        label=_("Angebot im Wegweiser"),
        required=False,
        max_length=300,
        help_text=_(
            "Die Adresse der Angebotsseite, zum Beispiel https://…/angebot/…/. Dort stehen "
            "dann die nächsten Termine."
        ),
    )

    def __init__(self, *args, quarters: QuerySet[Area], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["quarter"].queryset = quarters  # type: ignore[attr-defined]

    def clean_service(self) -> uuid.UUID | None:
        text = self.cleaned_data["service"].strip()
        if not text:
            return None
        found = OFFER_ADDRESS.search(text)
        if found is None:
            raise forms.ValidationError(
                _("Fügen Sie die Adresse einer Angebotsseite ein, sie enthält „/angebot/“")
            )
        return uuid.UUID(found.group(1))

    def clean(self):
        _check_times(self)
        starts, ends = self.cleaned_data.get("starts_on"), self.cleaned_data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("Der letzte Termin darf nicht vor dem ersten liegen"))
        return self.cleaned_data


class DateChoiceForm(forms.Form):
    """A date of the café, chosen from its next dates (the value is ISO)."""

    date = forms.TypedChoiceField(
        label=_("Termin"),
        coerce=dt.date.fromisoformat,
        error_messages={"invalid_choice": _("Wählen Sie einen Termin aus der Liste")},
    )

    def __init__(self, *args, dates: list[dt.date], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].choices = [  # type: ignore[attr-defined]
            (day.isoformat(), f"{day:%d.%m.%Y}") for day in dates
        ]


class AssignForm(DateChoiceForm):
    helper = forms.ModelChoiceField(
        label=_("Helferin oder Helfer"),
        queryset=Helper.objects.none(),
        error_messages={
            "required": _("Wählen Sie eine Helferin oder einen Helfer"),
            "invalid_choice": _("Wählen Sie eine Helferin oder einen Helfer aus der Liste"),
        },
    )

    def __init__(self, *args, helpers: QuerySet[Helper], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["helper"].queryset = helpers  # type: ignore[attr-defined]


class CancelDateForm(DateChoiceForm):
    reason = forms.CharField(
        label=_("Grund"),
        max_length=200,
        help_text=_("Wird auf der Seite für die Besucher gezeigt, zum Beispiel: Raum belegt"),
        error_messages={"required": _("Geben Sie einen Grund an")},
    )


class CourseForm(forms.Form):
    title = forms.CharField(
        label=_("Titel"),
        max_length=160,
        error_messages={"required": _("Geben Sie einen Titel ein")},
    )
    content = forms.CharField(
        label=_("Inhalte"),
        max_length=4000,
        help_text=_("Was der Kurs behandelt: jeder Inhalt in eine eigene Zeile"),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Schreiben Sie auf, was der Kurs behandelt")},
    )

    def clean_content(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["content"].splitlines()]
        lines = [line for line in lines if line]
        if any(len(line) > 200 for line in lines):
            raise forms.ValidationError(_("Eine Zeile darf höchstens 200 Zeichen lang sein"))
        if len(lines) > 40:
            raise forms.ValidationError(_("Höchstens 40 Inhalte"))
        return lines


class SessionForm(forms.Form):
    date = _date_field(_("Datum"))
    start_time = _time_field(_("Von"))
    end_time = _time_field(_("Bis"))
    place = forms.CharField(
        label=_("Ort"),
        max_length=200,
        error_messages={"required": _("Geben Sie den Ort ein")},
    )

    def clean(self):
        _check_times(self)
        return self.cleaned_data


class ParticipantForm(forms.Form):
    helper = forms.ModelChoiceField(
        label=_("Helferin oder Helfer"),
        queryset=Helper.objects.none(),
        error_messages={
            "required": _("Wählen Sie eine Helferin oder einen Helfer"),
            "invalid_choice": _("Wählen Sie eine Helferin oder einen Helfer aus der Liste"),
        },
    )

    def __init__(self, *args, helpers: QuerySet[Helper], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["helper"].queryset = helpers  # type: ignore[attr-defined]


class AttendanceForm(forms.Form):
    present = forms.ModelMultipleChoiceField(
        label=_("Anwesend"),
        queryset=CourseParticipant.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Wählen Sie Teilnehmende aus der Liste"),
            "invalid_pk_value": _("Wählen Sie Teilnehmende aus der Liste"),
        },
    )

    def __init__(self, *args, participants: QuerySet[CourseParticipant], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["present"]
        field.queryset = participants  # type: ignore[attr-defined]
        field.label_from_instance = lambda p: str(p.helper.person)  # type: ignore[attr-defined]


class YearForm(forms.Form):
    jahr = forms.IntegerField(
        label=_("Jahr"),
        required=False,
        min_value=2000,
        max_value=2100,
        error_messages={"invalid": _("Geben Sie ein Jahr ein, zum Beispiel 2026")},
    )
