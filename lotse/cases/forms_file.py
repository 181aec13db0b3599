"""Forms of the case file's pages: opening a case, the assessment by life areas, a journal
entry, a network contact. The services check again (the API uses them without a form)."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import User
from lotse.cases.models import (
    JOURNAL_MINUTES_MAX,
    CaseFile,
    JournalEntry,
    LifeArea,
    NetworkContact,
    SupportLevel,
)
from lotse.cases.services_file import (
    JOURNAL_NOTE_LONGEST,
    NETWORK_NOTE_LONGEST,
    RATING_NOTE_LONGEST,
    REASON_NOTE_LONGEST,
)
from lotse.core.dates import GermanDateField
from lotse.core.forms import describe_hints
from lotse.core.models import Area
from lotse.desk.forms.inquiries import person_label
from lotse.people.models import Person, Proxy

TIME_FORMATS = ["%H:%M", "%H.%M", "%H"]


def _longest(n: int) -> dict[str, Any]:
    return {"max_length": _("Der Text darf höchstens %(n)d Zeichen haben.") % {"n": n}}


class PersonFindForm(forms.Form):
    """The search above the opening form: finds a person to choose below."""

    suche = forms.CharField(
        label=_("Person suchen"),
        help_text=_("Name, Telefonnummer oder Straße"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )


class CaseOpenForm(forms.Form):
    """Opening a case: who, where, why, how it came about, who is responsible."""

    person = forms.ModelChoiceField(
        label=_("Person"),
        help_text=_("Suchen Sie die Person oben und wählen Sie sie hier aus."),
        queryset=Person.objects.none(),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Wählen Sie die Person, die Sie begleiten"),
            "invalid_choice": _("Wählen Sie eine Person Ihres Trägers"),
        },
    )
    site = forms.ModelChoiceField(
        label=_("Standort"),
        help_text=_("Das Quartier oder der Ort, wo die Begleitung stattfindet"),
        queryset=Area.objects.none(),
        empty_label=_("Bitte wählen"),
        error_messages={
            "required": _("Wählen Sie den Standort"),
            "invalid_choice": _("Wählen Sie einen Standort aus der Liste"),
        },
    )
    reason = forms.ChoiceField(
        label=_("Anlass"),
        choices=CaseFile.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Wählen Sie den Anlass"),
            "invalid_choice": _("Wählen Sie einen Anlass aus der Liste"),
        },
    )
    reason_note = forms.CharField(
        label=_("Anlass in eigenen Worten"),
        required=False,
        max_length=REASON_NOTE_LONGEST,
        error_messages=_longest(REASON_NOTE_LONGEST),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    source = forms.ChoiceField(
        label=_("Wie kam die Begleitung zustande?"),
        choices=[c for c in CaseFile.Source.choices if c[0] != CaseFile.Source.INQUIRY],
        initial=CaseFile.Source.DIRECT,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Wählen Sie, wie die Begleitung zustande kam"),
            "invalid_choice": _("Wählen Sie, wie die Begleitung zustande kam"),
        },
    )
    source_detail = forms.CharField(
        label=_("Wer hat vermittelt?"),
        help_text=_("Zum Beispiel: Klinikum Nord, Sozialdienst"),
        required=False,
        max_length=200,
        error_messages=_longest(200),
    )
    responsible = forms.ModelChoiceField(
        label=_("Verantwortlich"),
        queryset=User.objects.none(),
        empty_label=None,
        error_messages={
            "required": _("Wählen Sie, wer verantwortlich ist"),
            "invalid_choice": _("Wählen Sie eine Kümmerin oder einen Kümmerer dieses Trägers"),
        },
    )
    team = forms.ModelMultipleChoiceField(
        label=_("Team"),
        help_text=_("Kolleginnen und Kollegen, die die Begleitung auch sehen und bearbeiten"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Wählen Sie Kolleginnen und Kollegen aus der Liste"),
            "invalid_pk_value": _("Wählen Sie Kolleginnen und Kollegen aus der Liste"),
        },
    )

    def __init__(
        self,
        *args,
        persons: QuerySet[Person] | None,
        shown: Iterable[Person] = (),
        sites: QuerySet[Area],
        workers: QuerySet[User],
        with_source: bool = True,
        **kwargs,
    ) -> None:
        """`persons` may be chosen (None: the person is fixed, as for an inquiry with one);
        `shown` are listed; `sites`, `workers` the organisation's."""
        super().__init__(*args, **kwargs)
        if persons is None:
            del self.fields["person"]
        else:
            person_field = self.fields["person"]
            assert isinstance(person_field, forms.ModelChoiceField)
            person_field.queryset = persons
            person_field.widget.choices = [(str(p.pk), person_label(p)) for p in shown]
        if not with_source:
            del self.fields["source"]
        site_field = self.fields["site"]
        assert isinstance(site_field, forms.ModelChoiceField)
        site_field.queryset = sites
        for name in ("responsible", "team"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = workers
        describe_hints(self, drop_maxlength=True)


def _level_field(area: LifeArea) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=area.label,
        choices=SupportLevel.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Wählen Sie für „%(area)s“, wie viel Unterstützung nötig ist")
            % {"area": area.label},
            "invalid_choice": _("Wählen Sie für „%(area)s“ eine Stufe aus der Liste")
            % {"area": area.label},
        },
    )


class AssessmentForm(forms.Form):
    """One assessment: the date, and for each life area a level and a note."""

    assessed_on = GermanDateField(
        label=_("Datum der Einschätzung"),
        help_text=_("Heute, wenn Sie nichts ändern. Zum Beispiel: 4.3.2027"),
        two_digit_years=False,
        widget=forms.DateInput(
            format="%d.%m.%Y", attrs={"size": 12, "spellcheck": "false", "autocomplete": "off"}
        ),
        error_messages={"required": _("Geben Sie das Datum der Einschätzung ein")},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for area in LifeArea:
            self.fields[f"level_{area.value}"] = _level_field(area)
            self.fields[f"note_{area.value}"] = forms.CharField(
                label=_("Notiz zu „%(area)s“") % {"area": area.label},
                required=False,
                max_length=RATING_NOTE_LONGEST,
                error_messages=_longest(RATING_NOTE_LONGEST),
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        if not self.is_bound:
            self.initial.setdefault("assessed_on", timezone.localdate())
        describe_hints(self, drop_maxlength=True)

    def clean_assessed_on(self) -> dt.date:
        day = self.cleaned_data["assessed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Das Datum darf nicht in der Zukunft liegen"))
        return day

    def areas(self) -> list[dict[str, Any]]:
        """Per life area its level field and note field, for the template."""
        return [
            {
                "area": area.value,
                "label": area.label,
                "level": self[f"level_{area.value}"],
                "note": self[f"note_{area.value}"],
            }
            for area in LifeArea
        ]

    def ratings(self) -> dict[str, tuple[int, str]]:
        return {
            area.value: (
                self.cleaned_data[f"level_{area.value}"],
                self.cleaned_data[f"note_{area.value}"],
            )
            for area in LifeArea
        }


class JournalEntryForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Art des Kontakts"),
        choices=JournalEntry.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Wählen Sie die Art des Kontakts"),
            "invalid_choice": _("Wählen Sie die Art des Kontakts aus der Liste"),
        },
    )
    day = GermanDateField(
        label=_("Datum"),
        help_text=_("Zum Beispiel: 4.3.2027"),
        two_digit_years=False,
        widget=forms.DateInput(
            format="%d.%m.%Y", attrs={"size": 12, "spellcheck": "false", "autocomplete": "off"}
        ),
        error_messages={"required": _("Geben Sie das Datum des Kontakts ein")},
    )
    time = forms.TimeField(
        label=_("Uhrzeit"),
        help_text=_("Zum Beispiel: 14:30"),
        input_formats=TIME_FORMATS,
        widget=forms.TimeInput(format="%H:%M", attrs={"size": 6, "autocomplete": "off"}),
        error_messages={
            "required": _("Geben Sie die Uhrzeit des Kontakts ein"),
            "invalid": _("Geben Sie die Uhrzeit so ein: 14:30"),
        },
    )
    minutes = forms.IntegerField(
        label=_("Zeitaufwand in Minuten"),
        help_text=_("Von 1 bis 600 Minuten, mit Wegzeit"),
        min_value=1,
        max_value=JOURNAL_MINUTES_MAX,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4}),
        error_messages={
            "required": _("Geben Sie den Zeitaufwand in Minuten ein"),
            "invalid": _("Geben Sie den Zeitaufwand in ganzen Minuten an, zum Beispiel 45"),
            "min_value": _("Der Zeitaufwand muss mindestens 1 Minute sein"),
            "max_value": _("Der Zeitaufwand darf höchstens 600 Minuten sein"),
        },
    )
    note = forms.CharField(
        label=_("Notiz"),
        required=False,
        max_length=JOURNAL_NOTE_LONGEST,
        error_messages=_longest(JOURNAL_NOTE_LONGEST),
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            now = timezone.localtime()
            self.initial.setdefault("day", now.date())
            self.initial.setdefault("time", now.strftime("%H:%M"))
        describe_hints(self, drop_maxlength=True)

    def happened_at(self) -> dt.datetime:
        return timezone.make_aware(
            dt.datetime.combine(self.cleaned_data["day"], self.cleaned_data["time"])
        )


class ProxyChoiceField(forms.ModelChoiceField):
    """A proxy with what it covers: "Eva Berg (Rechtliche Betreuung: Gesundheitssorge, …)"."""

    def label_from_instance(self, obj: Any) -> str:
        scope = ", ".join(obj.scope_labels())
        return f"{obj.name} ({obj.get_kind_display()}{': ' + scope if scope else ''})"


class NetworkContactForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Rolle"),
        choices=NetworkContact.Role.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Wählen Sie die Rolle"),
            "invalid_choice": _("Wählen Sie eine Rolle aus der Liste"),
        },
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=150,
        error_messages={"required": _("Geben Sie einen Namen ein"), **_longest(150)},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    phone = forms.CharField(
        label=_("Telefon"),
        required=False,
        max_length=40,
        error_messages=_longest(40),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    email = forms.EmailField(
        label=_("E-Mail"),
        required=False,
        max_length=254,
        error_messages={
            "invalid": _("Geben Sie eine E-Mail-Adresse wie name@beispiel.de ein"),
            **_longest(254),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    note = forms.CharField(
        label=_("Notiz"),
        required=False,
        max_length=NETWORK_NOTE_LONGEST,
        error_messages=_longest(NETWORK_NOTE_LONGEST),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    may_contact = forms.BooleanField(
        label=_("Die Person ist einverstanden, dass wir mit ihr oder ihm sprechen"),
        required=False,
    )
    agreed_on = GermanDateField(
        label=_("Einverstanden seit"),
        help_text=_("Nur mit Einverständnis. Zum Beispiel: 4.3.2027"),
        required=False,
        two_digit_years=False,
        widget=forms.DateInput(
            format="%d.%m.%Y", attrs={"size": 12, "spellcheck": "false", "autocomplete": "off"}
        ),
    )
    proxy = ProxyChoiceField(
        label=_("Eingetragene Vertretung"),
        help_text=_("Nur bei rechtlicher Betreuung oder Vollmacht"),
        queryset=Proxy.objects.none(),
        required=False,
        empty_label=_("Keine"),
        error_messages={"invalid_choice": _("Wählen Sie eine Vertretung aus der Liste")},
    )

    def __init__(self, *args, proxies: QuerySet[Proxy], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["proxy"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = proxies
        describe_hints(self, drop_maxlength=True)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("may_contact") and not data.get("agreed_on") and "agreed_on" not in self.errors:
            self.add_error("agreed_on", _("Geben Sie an, seit wann die Person einverstanden ist"))
        return data
