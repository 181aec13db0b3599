"""Forms of the help plan, the reviews and the closing. They check shape (a date is a date, a
choice is from the list); the rules are the services' (lotse/cases/services_plan.py)."""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lotse.cases.models import Action, Assessment, CaseFile, Goal, LifeArea
from lotse.core.dates import GermanDateField
from lotse.desk.forms.referrals import ReferForm
from lotse.office.models import Appointment
from lotse.volunteers.models import HelpRequest
from lotse.volunteers.request_forms import DigitalHelpForm

TEXTAREA = {"rows": 3}


def _no_maxlength(form: forms.Form) -> None:
    # UI_GUIDE § 5: no maxlength in the page; the length is checked when the form is sent.
    for field in form.fields.values():
        field.widget.attrs.pop("maxlength", None)


def _date(label, *, required: bool = False, help_text=None) -> GermanDateField:
    return GermanDateField(
        label=label,
        required=required,
        help_text=help_text or _("Zum Beispiel: 4.3.2027"),
        widget=forms.DateInput(
            format="%d.%m.%Y", attrs={"size": 12, "spellcheck": "false", "autocomplete": "off"}
        ),
        error_messages={"required": _("Geben Sie ein Datum ein")},
    )


def _goal_choices(goals: Iterable[Goal]) -> list[tuple[str, Any]]:
    return [("", _("Ohne Ziel"))] + [(str(g.pk), g.text[:80]) for g in goals]


class GoalForm(forms.Form):
    text = forms.CharField(
        label=_("Ziel in den Worten der Person"),
        help_text=_("Zum Beispiel: „Ich möchte wieder selbst einkaufen gehen.“"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Schreiben Sie das Ziel in den Worten der Person auf.")},
    )
    area = forms.ChoiceField(
        label=_("Lebensbereich"),
        required=False,
        choices=[("", _("Keiner"))] + list(LifeArea.choices),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _no_maxlength(self)


class ActionForm(forms.Form):
    """A task, or an appointment or digital-help request of the person to put in the plan."""

    goal = forms.ChoiceField(label=_("Zu welchem Ziel?"), required=False)
    kind = forms.ChoiceField(
        label=_("Was für eine Maßnahme?"),
        choices=[
            (Action.Kind.TASK, _("Aufgabe")),
            (Action.Kind.APPOINTMENT, _("Termin im Quartiersbüro")),
            (Action.Kind.DIGITAL_HELP, _("Anfrage an die Digital-Hilfe")),
        ],
        initial=Action.Kind.TASK,
        widget=forms.RadioSelect,
        error_messages={"required": _("Wählen Sie, was für eine Maßnahme es ist.")},
    )
    title = forms.CharField(
        label=_("Was ist zu tun?"),
        error_messages={"required": _("Schreiben Sie auf, was zu tun ist.")},
    )
    doer = forms.ChoiceField(
        label=_("Wer macht es?"),
        choices=Action.Doer.choices,
        initial=Action.Doer.NAVIGATOR,
        widget=forms.RadioSelect,
        error_messages={"required": _("Wählen Sie, wer es macht.")},
    )
    doer_name = forms.CharField(
        label=_("Name (bei Angehörigen, Anbieter oder jemand anderem)"), required=False
    )
    due_on = _date(_("Bis wann?"))
    appointment = forms.ChoiceField(label=_("Termin der Person"), required=False)
    help_request = forms.ChoiceField(
        label=_("Anfrage der Person an die Digital-Hilfe"), required=False
    )

    def __init__(
        self,
        *args,
        goals: Iterable[Goal] = (),
        appointments: Iterable[Appointment] = (),
        help_requests: Iterable[HelpRequest] = (),
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._set("goal", _goal_choices(goals))
        self._set(
            "appointment",
            [("", _("Keiner"))]
            + [(str(a.pk), a.start.strftime("%d.%m.%Y %H:%M")) for a in appointments],
        )
        self._set(
            "help_request",
            [("", _("Keine"))]
            + [
                (str(r.pk), f"{r.created_at:%d.%m.%Y} – {r.get_state_display()}")
                for r in help_requests
            ],
        )
        _no_maxlength(self)

    def _set(self, name: str, choices: list) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices


class OfferFindForm(forms.Form):
    all_optional = True
    angebot = forms.CharField(
        label=_("Angebot suchen"),
        help_text=_("Zum Beispiel: Einkaufshilfe, Pflegeberatung, Fahrdienst"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )


class ReferActionForm(ReferForm):
    """The desk's refer form (the offer's id and a note for the provider), plus the goal."""

    goal = forms.ChoiceField(label=_("Zu welchem Ziel?"), required=False)

    def __init__(self, *args, goals: Iterable[Goal] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["goal"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = _goal_choices(goals)


class DigitalHelpActionForm(DigitalHelpForm):
    """The desk's "An Digital-Hilfe weitergeben" form (device, topics, place, urgency), plus
    the goal the help serves."""

    # A label of its own: the action form above asks "Zu welchem Ziel?" on the same page.
    goal = forms.ChoiceField(label=_("Für welches Ziel ist die Hilfe?"), required=False)
    field_order = ["goal"]

    def __init__(self, *args, goals: Iterable[Goal] = (), **kwargs) -> None:
        # Its own ids: the plan page shows the action form, with a goal field too.
        kwargs.setdefault("auto_id", "digitalhilfe_%s")
        super().__init__(*args, **kwargs)
        field = self.fields["goal"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = _goal_choices(goals)


class ActionDoneForm(forms.Form):
    all_optional = True
    done_on = _date(_("Erledigt am"), help_text=_("Leer lassen für heute"))


class ReviewScheduleForm(forms.Form):
    review_weeks = forms.IntegerField(
        label=_("Überprüfung alle … Wochen"),
        min_value=1,
        max_value=52,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 3}),
        error_messages={
            "required": _("Geben Sie eine Zahl von 1 bis 52 ein."),
            "invalid": _("Geben Sie eine Zahl von 1 bis 52 ein."),
            "min_value": _("Geben Sie eine Zahl von 1 bis 52 ein."),
            "max_value": _("Geben Sie eine Zahl von 1 bis 52 ein."),
        },
    )
    next_review_on = _date(_("Nächste Überprüfung am"))


def goal_field_name(goal: Goal) -> str:
    return f"ziel_{goal.pk.hex}"


def note_field_name(goal: Goal) -> str:
    return f"ziel_{goal.pk.hex}_bemerkung"


class _GoalStatusMixin(forms.Form):
    """One status field per goal (and with `notes` a note), named after the goal."""

    goals: list[Goal]

    def _goal_fields(self, goals: Iterable[Goal], *, closing: bool, notes: bool) -> None:
        self.goals = list(goals)
        choices = [
            (value, label)
            for value, label in Goal.Status.choices
            if not (closing and value == Goal.Status.OPEN)
        ]
        for goal in self.goals:
            self.fields[goal_field_name(goal)] = forms.ChoiceField(
                label=_("Ziel: %(text)s") % {"text": goal.text},
                choices=choices,
                initial=None if closing else goal.status,
                required=closing,
                widget=forms.RadioSelect,
                error_messages={"required": _("Wählen Sie, wie weit das Ziel erreicht ist.")},
            )
            if notes:
                self.fields[note_field_name(goal)] = forms.CharField(
                    label=_("Bemerkung zum Ergebnis"),
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )

    def goal_statuses(self) -> dict:
        return {
            goal.pk: self.cleaned_data[goal_field_name(goal)]
            for goal in self.goals
            if self.cleaned_data.get(goal_field_name(goal))
        }


class ReviewForm(_GoalStatusMixin):
    reviewed_on = _date(_("Datum der Überprüfung"), required=True)
    what_changed = forms.CharField(
        label=_("Was hat sich verändert?"),
        widget=forms.Textarea(attrs=TEXTAREA),
        error_messages={"required": _("Schreiben Sie auf, was sich verändert hat.")},
    )
    plan_note = forms.CharField(
        label=_("Was am Plan geändert wird"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    assessment = forms.ChoiceField(label=_("Einschätzung zu dieser Überprüfung"), required=False)

    def __init__(
        self, *args, goals: Iterable[Goal] = (), assessments: Iterable[Assessment] = (), **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assessment"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Keine"))] + [
            (str(a.pk), a.assessed_on.strftime("%d.%m.%Y")) for a in assessments
        ]
        self._goal_fields(goals, closing=False, notes=False)
        _no_maxlength(self)


class CloseForm(_GoalStatusMixin):
    closed_on = _date(_("Abgeschlossen am"), required=True)
    reason = forms.ChoiceField(
        label=_("Grund für den Abschluss"),
        choices=CaseFile.ClosingReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Wählen Sie einen Grund für den Abschluss.")},
    )
    note = forms.CharField(
        label=_("Bemerkung zum Abschluss"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    check_in = forms.BooleanField(
        label=_("In drei Monaten nachfragen, wie es der Person geht"), required=False
    )
    check_in_on = _date(
        _("Nachfrage am"), help_text=_("Leer lassen für drei Monate nach dem Abschluss")
    )

    def __init__(self, *args, goals: Iterable[Goal] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._goal_fields(goals, closing=True, notes=True)
        # The outcome of each goal first, then why the case ends.
        self.order_fields(
            [name for goal in self.goals for name in (goal_field_name(goal), note_field_name(goal))]
        )
        _no_maxlength(self)

    def outcomes(self) -> dict:
        return {
            goal.pk: (
                self.cleaned_data.get(goal_field_name(goal), ""),
                self.cleaned_data.get(note_field_name(goal), ""),
            )
            for goal in self.goals
        }


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Warum wird die Begleitung wieder aufgenommen?"),
        widget=forms.Textarea(attrs=TEXTAREA),
        error_messages={
            "required": _("Schreiben Sie auf, warum die Begleitung wieder aufgenommen wird.")
        },
    )


class CheckInForm(forms.Form):
    all_optional = True
    note = forms.CharField(
        label=_("Wie geht es der Person?"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
