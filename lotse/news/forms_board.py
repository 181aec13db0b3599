"""Forms of the noticeboard: a resident's post, staff's post for a person who called in, a
neighbour's answer, a report, and the office's reason. The rules of what may stand on the
board (no phone number, e-mail or street address) are the services'; their messages come
back next to the fields."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lotse.core.forms import HoneypotForm
from lotse.core.models import Area
from lotse.news.models import BoardPost
from lotse.news.services_board import (
    BODY_LONGEST,
    NAME_LONGEST,
    REASON_LONGEST,
    REPLY_LONGEST,
    TITLE_LONGEST,
)


def _too_long(limit: int) -> dict[str, Any]:
    return {"max_length": _("Der Text darf höchstens %(limit_value)d Zeichen haben")}


class QuarterField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Area) -> str:
        return f"{obj.name} ({obj.parent.name})" if obj.parent else obj.name


class _PostFields(forms.Form):
    kind = forms.ChoiceField(
        label=_("Bieten Sie etwas an oder suchen Sie etwas?"),
        choices=[
            (BoardPost.Kind.OFFER, _("Ich biete etwas an")),
            (BoardPost.Kind.SEEK, _("Ich suche etwas")),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Wählen Sie „Biete“ oder „Suche“"),
            "invalid_choice": _("Wählen Sie „Biete“ oder „Suche“"),
        },
    )
    area = QuarterField(
        label=_("In welchem Quartier?"),
        queryset=Area.objects.none(),
        empty_label=_("Bitte wählen"),
        error_messages={
            "required": _("Wählen Sie Ihr Quartier"),
            "invalid_choice": _("Wählen Sie ein Quartier aus der Liste"),
        },
    )
    title = forms.CharField(
        label=_("Überschrift"),
        max_length=TITLE_LONGEST,
        help_text=_("Zum Beispiel: Begleitung zum Einkaufen am Dienstag"),
        error_messages={
            "required": _("Geben Sie eine Überschrift ein"),
            **_too_long(TITLE_LONGEST),
        },
    )
    body = forms.CharField(
        label=_("Was bieten oder suchen Sie?"),
        max_length=BODY_LONGEST,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Schreiben Sie keine Telefonnummer und keine Adresse hinein."),
        error_messages={
            "required": _("Schreiben Sie, was Sie anbieten oder suchen"),
            **_too_long(BODY_LONGEST),
        },
    )
    display_name = forms.CharField(
        label=_("So steht Ihr Name da"),
        max_length=NAME_LONGEST,
        help_text=_("Zum Beispiel: Frau K. oder Herr Yilmaz. Nicht Ihr ganzer Name."),
        widget=forms.TextInput(attrs={"spellcheck": "false", "size": 20}),
        error_messages={
            "required": _("Geben Sie an, wie Ihr Name dastehen soll, zum Beispiel: Frau K."),
            **_too_long(NAME_LONGEST),
        },
    )

    def __init__(self, *args, quarters: QuerySet[Area], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        area = self.fields["area"]
        assert isinstance(area, forms.ModelChoiceField)
        area.queryset = quarters

    def post_data(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data[name]
            for name in ("kind", "title", "body", "display_name", "contact_email")
            if name in self.cleaned_data
        }


class BoardPostForm(_PostFields):
    """A resident writes a post, logged in."""

    contact_email = forms.EmailField(
        label=_("An welche E-Mail-Adresse sollen Antworten gehen?"),
        max_length=254,
        help_text=_("Nur Sie sehen diese Adresse. Antworten leiten wir Ihnen weiter."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": _("Geben Sie die E-Mail-Adresse ein, an die Antworten gehen"),
            "invalid": _("Geben Sie eine E-Mail-Adresse wie name@beispiel.de ein"),
            "max_length": _("Die E-Mail-Adresse darf höchstens 254 Zeichen haben"),
        },
    )


class BoardPostStaffForm(_PostFields):
    """Staff write a post for someone who called in; antworten go to the office."""

    person = forms.ChoiceField(
        label=_("Für welche Person?"),
        required=False,
        choices=[],
        widget=forms.RadioSelect,
        help_text=_("Freiwillig. Ohne Person steht nur der Name da."),
        error_messages={"invalid_choice": _("Wählen Sie eine Person aus der Liste")},
    )

    field_order = ["person", "kind", "area", "title", "body", "display_name"]

    def __init__(self, *args, persons: list, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        person = self.fields["person"]
        assert isinstance(person, forms.ChoiceField)
        person.choices = [("", _("Keine Person, nur der Name"))] + [
            (str(p.pk), f"{p}{', ' + p.street if p.street else ''}") for p in persons
        ]
        labels = {
            "kind": _("Bietet die Person etwas an oder sucht sie etwas?"),
            "area": _("Quartier"),
            "body": _("Was bietet oder sucht die Person?"),
            "display_name": _("So steht der Name da"),
        }
        for name, label in labels.items():
            self.fields[name].label = label
        self.fields["display_name"].help_text = _("Zum Beispiel: Frau K.")
        self.order_fields(self.field_order)


class BoardReplyForm(HoneypotForm):
    """A neighbour's answer to a post; no account needed."""

    all_optional = True

    sender_name = forms.CharField(
        label=_("Ihr Name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
        error_messages={"required": _("Geben Sie Ihren Namen ein"), **_too_long(200)},
    )
    sender_email = forms.EmailField(
        label=_("Ihre E-Mail-Adresse"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "invalid": _("Geben Sie eine E-Mail-Adresse wie name@beispiel.de ein"),
            "max_length": _("Die E-Mail-Adresse darf höchstens 254 Zeichen haben"),
        },
    )
    sender_phone = forms.CharField(
        label=_("Oder Ihre Telefonnummer"),
        required=False,
        max_length=40,
        help_text=_("Eines von beiden genügt: E-Mail-Adresse oder Telefonnummer."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        error_messages={"max_length": _("Die Telefonnummer darf höchstens 40 Zeichen haben")},
    )
    text = forms.CharField(
        label=_("Ihre Nachricht"),
        max_length=REPLY_LONGEST,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Schreiben Sie Ihre Nachricht"), **_too_long(REPLY_LONGEST)},
    )

    def reply_data(self) -> dict[str, str]:
        return {
            name: self.cleaned_data[name]
            for name in ("sender_name", "sender_email", "sender_phone", "text")
        }


class BoardReportForm(HoneypotForm):
    reason = forms.CharField(
        label=_("Was stimmt mit dem Eintrag nicht?"),
        max_length=REASON_LONGEST,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Zum Beispiel: Das ist Werbung. Oder: Da steht eine Telefonnummer."),
        error_messages={
            "required": _("Schreiben Sie, was mit dem Eintrag nicht stimmt"),
            **_too_long(REASON_LONGEST),
        },
    )


class ReasonForm(forms.Form):
    """The office's reason for not publishing or removing a post (the author reads it)."""

    reason = forms.CharField(
        label=_("Begründung für die Person, die den Eintrag geschrieben hat"),
        max_length=REASON_LONGEST,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Schreiben Sie eine Begründung"),
            **_too_long(REASON_LONGEST),
        },
    )
