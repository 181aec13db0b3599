"""Forms of the office's inquiry pages: recording a call, a Kurzkontakt, assigning, follow-ups,
closing, correcting, and the dashboard's filters."""

import datetime as dt
from collections.abc import Iterable

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import User
from lotse.core.dates import GermanDateField
from lotse.core.forms import describe_hints
from lotse.desk.models import Inquiry
from lotse.directory.models import TaxonomyTerm
from lotse.people.models import Person


def _date_field(label, help_text) -> GermanDateField:
    """A typed date ("4.3.27", "04.03.2027", "4. März 2027"); an impossible one says which part
    is wrong."""
    return GermanDateField(
        label=label,
        help_text=help_text,
        required=False,
        widget=forms.DateInput(
            format="%d.%m.%Y", attrs={"size": 12, "spellcheck": "false", "autocomplete": "off"}
        ),
    )


def _follow_up_field() -> GermanDateField:
    return _date_field(_("Wiedervorlage am"), _("Zum Beispiel: 4.3.2027"))


def _check_not_past(day: dt.date | None) -> dt.date | None:
    if day is not None and day < timezone.localdate():
        raise forms.ValidationError(_("Das Datum der Wiedervorlage darf nicht vor heute liegen"))
    return day


def person_label(person: Person) -> str:
    """How a person appears in the chooser: name, birth year, street."""
    parts = [f"{person.given_name} {person.family_name}".strip()]
    if person.birth_year:
        parts.append(str(person.birth_year))
    if person.street:
        parts.append(person.street)
    return ", ".join(parts)


class PersonFindForm(forms.Form):
    """The search above the inquiry form: finds a person to choose below."""

    person = forms.CharField(
        label=_("Person suchen"),
        help_text=_("Name, Telefonnummer oder Straße"),
        required=False,
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )


CONTACT_TIME_FORMATS = ["%d.%m.%Y %H:%M", "%d.%m.%Y, %H:%M", "%d.%m.%Y %H.%M", "%Y-%m-%dT%H:%M"]


class InquiryFieldsForm(forms.Form):
    """What an inquiry says, checked the same way on the page (`InquiryForm`) and in the API,
    which takes topics by code instead."""

    channel = forms.ChoiceField(
        label=_("Kontaktweg"),
        choices=[c for c in Inquiry.Channel.choices if c[0] != Inquiry.Channel.WEB],
        initial=Inquiry.Channel.PHONE,
        widget=forms.RadioSelect,
        error_messages={"required": _("Wählen Sie, wie die Person sich gemeldet hat")},
    )
    person = forms.ModelChoiceField(
        label=_("Person"),
        help_text=_("Suchen Sie die Person oben. Ohne Auswahl bleibt das Anliegen anonym."),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("Ohne Person (anonym)"),
        error_messages={"invalid_choice": _("Wählen Sie eine Person aus Ihrem Büro")},
    )
    description = forms.CharField(
        label=_("Worum geht es?"),
        help_text=_("Kurz in eigenen Worten"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Schreiben Sie kurz, worum es geht")},
    )
    minutes_spent = forms.IntegerField(
        label=_("Dauer in Minuten"),
        required=False,
        min_value=0,
        max_value=24 * 60,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4}),
        error_messages={
            "invalid": _("Geben Sie die Dauer in ganzen Minuten an, zum Beispiel 10"),
            "min_value": _("Geben Sie die Dauer in ganzen Minuten an, zum Beispiel 10"),
            "max_value": _("Die Dauer darf höchstens 1440 Minuten (ein Tag) sein"),
        },
    )
    follow_up_on = _follow_up_field()
    contacted_at = forms.DateTimeField(
        label=_("Zeitpunkt des Kontakts"),
        help_text=_("Jetzt, wenn Sie nichts ändern. Zum Beispiel: 4.12.2026 14:30"),
        # Left empty: now.
        required=False,
        input_formats=CONTACT_TIME_FORMATS,
        error_messages={"invalid": _("Geben Sie Datum und Uhrzeit so ein: 4.12.2026 14:30")},
        widget=forms.TextInput(attrs={"size": 16, "autocomplete": "off"}),
    )
    caller_kind = forms.ChoiceField(
        label=_("Wer hat sich gemeldet?"),
        choices=Inquiry.CallerKind.choices,
        initial=Inquiry.CallerKind.PERSON,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Wählen Sie, wer sich gemeldet hat")},
    )
    caller_relation = forms.CharField(
        label=_("Beziehung zur Person"),
        help_text=_("Zum Beispiel: Tochter, Nachbarin, Hausarztpraxis"),
        required=False,
        max_length=100,
        error_messages={"max_length": _("Geben Sie höchstens 100 Zeichen ein")},
    )
    contact_name = forms.CharField(
        label=_("Name der Person, die sich gemeldet hat"),
        required=False,
        max_length=200,
        error_messages={"max_length": _("Geben Sie höchstens 200 Zeichen ein")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    contact_phone = forms.CharField(
        label=_("Telefonnummer der Person, die sich gemeldet hat"),
        required=False,
        max_length=40,
        error_messages={"max_length": _("Geben Sie höchstens 40 Zeichen ein")},
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )

    def __init__(self, *args, persons: QuerySet[Person], **kwargs) -> None:
        """`persons` may be chosen."""
        super().__init__(*args, **kwargs)
        person_field = self.fields["person"]
        assert isinstance(person_field, forms.ModelChoiceField)
        person_field.queryset = persons

    def clean_minutes_spent(self) -> int:
        return self.cleaned_data.get("minutes_spent") or 0

    def clean_follow_up_on(self) -> dt.date | None:
        return _check_not_past(self.cleaned_data.get("follow_up_on"))


HEAD_FIELDS = ("channel", "contacted_at")
CALLER_FIELDS = ("caller_kind", "caller_relation", "contact_name", "contact_phone")


class FieldGroup:
    """Some fields of a form, for components/form_fields.html (which loops over a form)."""

    all_optional = False

    def __init__(self, form: forms.Form, names: Iterable[str]) -> None:
        self.fields = [form[name] for name in names]

    def __iter__(self):
        return iter(self.fields)

    @property
    def errors(self) -> bool:
        return any(field.errors for field in self.fields)

    @property
    def filled(self) -> bool:
        """Whether something other than the default was entered (the group then stays open)."""
        return any(
            field.value() not in (None, "", Inquiry.CallerKind.PERSON) for field in self.fields
        )


class InquiryForm(InquiryFieldsForm):
    """One call, visit or message: staff fill it in while they talk."""

    topics = forms.ModelMultipleChoiceField(
        label=_("Themen"),
        queryset=TaxonomyTerm.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Wählen Sie Themen aus der Liste")},
    )
    field_order = [
        "channel",
        "contacted_at",
        *CALLER_FIELDS,
        "person",
        "topics",
        "description",
        "minutes_spent",
        "follow_up_on",
    ]

    def __init__(
        self,
        *args,
        persons: QuerySet[Person],
        shown: Iterable[Person],
        topics: QuerySet[TaxonomyTerm],
        **kwargs,
    ) -> None:
        """`persons` may be chosen; `shown` (found by the search) are listed; `topics` may be
        ticked."""
        super().__init__(*args, persons=persons, **kwargs)
        person_field = self.fields["person"]
        assert isinstance(person_field, forms.ModelChoiceField)
        shown = list(shown)
        person_field.widget.choices = [("", person_field.empty_label)] + [
            (str(p.id), person_label(p)) for p in shown
        ]
        if shown and not self.is_bound:
            # After a search the next step is choosing the person.
            person_field.widget.attrs["autofocus"] = True
        topic_field = self.fields["topics"]
        assert isinstance(topic_field, forms.ModelMultipleChoiceField)
        topic_field.queryset = topics
        if not self.is_bound:
            now = timezone.localtime().replace(second=0, microsecond=0)
            self.initial.setdefault("contacted_at", now.strftime("%d.%m.%Y %H:%M"))
        describe_hints(self, drop_maxlength=True)

    def head_fields(self) -> FieldGroup:
        group = FieldGroup(self, HEAD_FIELDS)
        group.all_optional = True  # an empty contact time means "now", not "(freiwillig)"
        return group

    def caller_fields(self) -> FieldGroup:
        """Who got in touch, when it was not the person: folded away unless filled in."""
        return FieldGroup(self, CALLER_FIELDS)

    def rest_fields(self) -> FieldGroup:
        return FieldGroup(self, [n for n in self.fields if n not in (*HEAD_FIELDS, *CALLER_FIELDS)])


class BriefContactForm(forms.Form):
    """A Kurzkontakt, counted in one step: how, about what, how long. No person, no text."""

    channel = forms.ChoiceField(
        label=_("Kontaktweg"),
        choices=[c for c in Inquiry.Channel.choices if c[0] != Inquiry.Channel.WEB],
        initial=Inquiry.Channel.PHONE,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Wählen Sie, wie die Person sich gemeldet hat"),
            "invalid_choice": _("Wählen Sie, wie die Person sich gemeldet hat"),
        },
    )
    topic = forms.ModelChoiceField(
        label=_("Thema"),
        queryset=TaxonomyTerm.objects.none(),
        to_field_name="code",
        empty_label=_("Bitte wählen"),
        error_messages={
            "required": _("Wählen Sie das Thema der Frage"),
            "invalid_choice": _("Wählen Sie ein Thema aus der Liste"),
        },
    )
    minutes_spent = forms.IntegerField(
        label=_("Dauer in Minuten"),
        initial=5,
        min_value=1,
        max_value=24 * 60,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4}),
        error_messages={
            "required": _("Geben Sie die Dauer in ganzen Minuten an, zum Beispiel 5"),
            "invalid": _("Geben Sie die Dauer in ganzen Minuten an, zum Beispiel 5"),
            "min_value": _("Geben Sie die Dauer in ganzen Minuten an, zum Beispiel 5"),
            "max_value": _("Die Dauer darf höchstens 1440 Minuten (ein Tag) sein"),
        },
    )

    def __init__(self, *args, topics: QuerySet[TaxonomyTerm], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["topic"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = topics
        # An entry page: the cursor starts in the first field (the checked channel).
        self.fields["channel"].widget.attrs["autofocus"] = True
        describe_hints(self, drop_maxlength=True)


class InquiryAssignForm(forms.Form):
    """Gives the inquiry to a colleague, or to nobody."""

    all_optional = True

    assigned_to = forms.ModelChoiceField(
        label=_("Zuständig"),
        queryset=User.objects.none(),
        to_field_name="public_id",
        required=False,
        empty_label=_("Niemand"),
        error_messages={"invalid_choice": _("Wählen Sie jemanden aus Ihrem Büro")},
    )

    def __init__(self, *args, staff: QuerySet[User], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assigned_to"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = staff


class InquiryFollowUpForm(forms.Form):
    """The day to call the person back; empty: no follow-up."""

    all_optional = True

    follow_up_on = _follow_up_field()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        describe_hints(self, drop_maxlength=True)

    def clean_follow_up_on(self) -> dt.date | None:
        return _check_not_past(self.cleaned_data.get("follow_up_on"))


class InquiryCloseForm(forms.Form):
    """Closes the inquiry, with an optional note shown on the inquiry."""

    all_optional = True
    prefix = "abschluss"
    note = forms.CharField(
        label=_("Bemerkung zum Abschluss"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class InquiryEditForm(forms.Form):
    """Corrects what was recorded: how the person got in touch, topics, description, time
    spent, and whether the office is working on it."""

    channel = forms.ChoiceField(
        label=_("Kontaktweg"),
        choices=Inquiry.Channel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Wählen Sie, wie die Person sich gemeldet hat")},
    )
    status = forms.ChoiceField(
        label=_("Stand"),
        choices=[c for c in Inquiry.Status.choices if c[0] != Inquiry.Status.CLOSED],
        widget=forms.RadioSelect,
        error_messages={"required": _("Wählen Sie den Stand")},
    )
    topics = InquiryForm.base_fields["topics"]
    description = InquiryForm.base_fields["description"]
    minutes_spent = InquiryForm.base_fields["minutes_spent"]

    def __init__(self, *args, topics: QuerySet[TaxonomyTerm], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if topics is not None:
            topic_field = self.fields["topics"]
            assert isinstance(topic_field, forms.ModelMultipleChoiceField)
            topic_field.queryset = topics
        describe_hints(self, drop_maxlength=True)

    def clean_minutes_spent(self) -> int:
        return self.cleaned_data.get("minutes_spent") or 0


class InquiryFollowedUpForm(forms.Form):
    """The office asked the person "Hat es geklappt?"."""

    prefix = "nachgefragt"
    all_optional = True
    answer = forms.ChoiceField(
        label=_("Hat es geklappt?"),
        choices=Inquiry.FollowUpAnswer.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Wählen Sie eine der Antworten")},
    )
    note = forms.CharField(
        label=_("Was hat die Person gesagt?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


STATES = {
    "offen": _("Offen"),
    "abgeschlossen": _("Abgeschlossen"),
    "alle": _("Alle"),
}
NOBODY = "niemand"
# The days the dashboard's period may name (beyond them the date arithmetic would overflow).
FILTER_FIRST_DAY = dt.date(2000, 1, 1)
FILTER_LAST_DAY = dt.date(2099, 12, 31)


class DashboardFilterForm(forms.Form):
    """The dashboard's filters. GET parameters, so a filtered list can be bookmarked and
    works without JavaScript; an invalid filter is named and left out."""

    all_optional = True
    # `filters()` without any filter chosen.
    DEFAULTS = {
        "state": "offen",
        "assignee": "",
        "topic": "",
        "since": None,
        "until": None,
        "name": "",
    }

    name = forms.CharField(
        label=_("Name der Person"),
        required=False,
        max_length=200,
        error_messages={"max_length": _("Geben Sie höchstens 200 Zeichen ein")},
        widget=forms.TextInput(attrs={"type": "search", "spellcheck": "false"}),
    )
    stand = forms.ChoiceField(
        label=_("Stand"),
        choices=list(STATES.items()),
        required=False,
        error_messages={"invalid_choice": _("Wählen Sie „Offen“, „Abgeschlossen“ oder „Alle“")},
    )
    zustaendig = forms.ChoiceField(
        label=_("Zuständig"),
        required=False,
        error_messages={"invalid_choice": _("Wählen Sie jemanden aus Ihrem Büro")},
    )
    thema = forms.ChoiceField(
        label=_("Thema"),
        required=False,
        error_messages={"invalid_choice": _("Wählen Sie ein Thema aus der Liste")},
    )
    von = _date_field(_("Erfasst ab"), _("Zum Beispiel: 1.3.2027"))
    bis = _date_field(_("Erfasst bis"), _("Zum Beispiel: 31.3.2027"))

    def __init__(
        self, *args, staff: QuerySet[User], topics: Iterable[TaxonomyTerm], **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        assignee = self.fields["zustaendig"]
        assert isinstance(assignee, forms.ChoiceField)
        assignee.choices = [
            ("", _("Alle")),
            (NOBODY, _("Niemand")),
            *((str(user.public_id), str(user)) for user in staff),
        ]
        topic = self.fields["thema"]
        assert isinstance(topic, forms.ChoiceField)
        topic.choices = [("", _("Alle Themen")), *((t.code, t.name) for t in topics)]
        describe_hints(self, drop_maxlength=True)

    def _in_range(self, name: str) -> dt.date | None:
        day = self.cleaned_data.get(name)
        if day is not None and not FILTER_FIRST_DAY <= day <= FILTER_LAST_DAY:
            raise forms.ValidationError(_("Geben Sie ein Datum zwischen 2000 und 2099 ein"))
        return day

    def clean_von(self) -> dt.date | None:
        return self._in_range("von")

    def clean_bis(self) -> dt.date | None:
        return self._in_range("bis")

    def clean(self) -> dict:
        data = super().clean() or {}
        since, until = data.get("von"), data.get("bis")
        if since and until and until < since:
            self.add_error("bis", _("„Erfasst bis“ darf nicht vor „Erfasst ab“ liegen"))
        return data

    def filters(self) -> dict:
        """The valid filters (an invalid one is left out), for `inquiry_list`."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "state": data.get("stand") or "offen",
            "assignee": data.get("zustaendig") or "",
            "topic": data.get("thema") or "",
            "since": data.get("von"),
            "until": data.get("bis"),
            "name": data.get("name") or "",
        }
