"""The staff form for a visit outside the slots: a home visit or an appointment in the office
outside the consultation hours, at any day, time and length staff enter."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import User
from lotse.core.dates import GermanDateField
from lotse.office.models import Appointment
from lotse.office.services import VISIT_MINUTES

# The service's names for the fields whose names differ on the form.
SERVICE_FIELDS = {"start": "day", "minutes": "minutes", "staff_member": "staff_member"}


class VisitForm(forms.Form):
    person = forms.ChoiceField(
        label=_("Für wen?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Wählen Sie die Person aus"),
            "invalid_choice": _("Wählen Sie die Person aus"),
        },
    )
    kind = forms.ChoiceField(
        label=_("Was für ein Termin?"),
        choices=[
            (Appointment.Kind.HOME_VISIT, Appointment.Kind.HOME_VISIT.label),
            (Appointment.Kind.OFFICE_EXTRA, Appointment.Kind.OFFICE_EXTRA.label),
        ],
        initial=Appointment.Kind.HOME_VISIT,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Wählen Sie, was für ein Termin es ist"),
            "invalid_choice": _("Wählen Sie, was für ein Termin es ist"),
        },
    )
    day = GermanDateField(
        label=_("Tag"),
        two_digit_years=True,
        widget=forms.DateInput(
            format="%d.%m.%Y", attrs={"size": 12, "spellcheck": "false", "autocomplete": "off"}
        ),
        error_messages={"required": _("Geben Sie den Tag ein")},
    )
    time = forms.TimeField(
        label=_("Uhrzeit"),
        help_text=_("Zum Beispiel: 14:30"),
        input_formats=["%H:%M", "%H.%M", "%H"],
        widget=forms.TimeInput(format="%H:%M", attrs={"size": 6, "autocomplete": "off"}),
        error_messages={
            "required": _("Geben Sie die Uhrzeit ein"),
            "invalid": _("Geben Sie eine Uhrzeit wie 14:30 ein"),
        },
    )
    minutes = forms.IntegerField(
        label=_("Dauer in Minuten"),
        initial=60,
        min_value=VISIT_MINUTES[0],
        max_value=VISIT_MINUTES[1],
        widget=forms.NumberInput(attrs={"size": 4, "inputmode": "numeric"}),
        error_messages={
            "required": _("Geben Sie an, wie lange der Termin dauert"),
            "invalid": _("Geben Sie die Dauer in Minuten als Zahl ein, zum Beispiel 60"),
            "min_value": _("Ein Termin dauert mindestens %(limit_value)s Minuten"),
            "max_value": _("Ein Termin dauert höchstens %(limit_value)s Minuten"),
        },
    )
    staff_member = forms.ChoiceField(
        label=_("Wer nimmt den Termin wahr?"),
        error_messages={
            "required": _("Wählen Sie, wer den Termin wahrnimmt"),
            "invalid_choice": _("Wählen Sie jemanden aus dem Team"),
        },
    )
    place = forms.CharField(
        label=_("Ort des Hausbesuchs"),
        help_text=_("Leer lassen: die Adresse der Person. Nur für einen Hausbesuch."),
        required=False,
        max_length=300,
        error_messages={"max_length": _("Schreiben Sie höchstens 300 Zeichen")},
    )
    note = forms.CharField(
        label=_("Anliegen"),
        required=False,
        max_length=2000,
        error_messages={"max_length": _("Schreiben Sie höchstens 2000 Zeichen")},
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, persons: list, team: list[User], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.team = {str(user.public_id): user for user in team}
        person_field = self.fields["person"]
        assert isinstance(person_field, forms.ChoiceField)
        person_field.choices = [
            (
                str(p.id),
                f"{p.given_name} {p.family_name}, {p.birth_year}"
                + (f", {p.street}" if p.street else ""),
            )
            for p in persons
        ]
        if len(persons) == 1:
            person_field.initial = str(persons[0].id)
        staff_field = self.fields["staff_member"]
        assert isinstance(staff_field, forms.ChoiceField)
        staff_field.choices = [(key, user.name or user.email) for key, user in self.team.items()]
        for field in self.fields.values():
            field.widget.attrs.pop("maxlength", None)
        for name, field in self.fields.items():
            if field.help_text and not isinstance(field.widget, forms.RadioSelect):
                field.widget.attrs["aria-describedby"] = f"{self[name].auto_id}-hinweis"

    def start(self) -> dt.datetime:
        """The day and time entered, in the site's time zone."""
        data = self.cleaned_data
        return timezone.make_aware(dt.datetime.combine(data["day"], data["time"]))

    def visit_data(self) -> dict:
        """The cleaned data as `appointment_visit_book` takes it (the person aside)."""
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "start": self.start(),
            "minutes": data["minutes"],
            "staff_member": self.team[data["staff_member"]],
            "place": data["place"],
            "note": data["note"],
        }
