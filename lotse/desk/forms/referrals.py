"""Forms of the referral loop: the slip's code, a provider's step, finding an offer and referring to
it, withdrawing."""

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lotse.core.forms import describe_hints
from lotse.desk.models import Referral
from lotse.directory.models import TaxonomyTerm


class ConfirmCodeForm(forms.Form):
    """The public page: the code from a referral slip."""

    code = forms.CharField(
        label=_("Kurzcode vom Vermittlungszettel"),
        help_text=_("Zum Beispiel: Q7KD-4KD2"),
        max_length=40,
        error_messages={
            "required": _("Geben Sie den Kurzcode ein"),
            "max_length": _("Der Kurzcode hat 8 Zeichen, zum Beispiel Q7KD-4KD2"),
        },
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.pop("maxlength", None)


# The steps a provider (or the office for it) takes on the inbox page, by form value.
STEPS = ("annehmen", "ablehnen", "beginnen", "abschliessen")


class ReferralAnswerForm(forms.Form):
    """One step on a referral: accept, decline (with reason), start, or complete (with the
    outcome)."""

    schritt = forms.ChoiceField(
        choices=[(step, step) for step in STEPS],
        widget=forms.HiddenInput,
        error_messages={"required": _("Wählen Sie, was Sie tun möchten")},
    )
    geklappt = forms.ChoiceField(
        label=_("Hat es geklappt?"),
        required=False,
        choices=[("ja", _("Ja")), ("nein", _("Nein"))],
        widget=forms.RadioSelect,
    )
    reason = forms.ChoiceField(
        label=_("Grund"),
        required=False,
        choices=Referral.Reason.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Bemerkung"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self) -> dict:
        data = super().clean() or {}
        step = data.get("schritt")
        if step == "abschliessen" and not data.get("geklappt"):
            self.add_error("geklappt", _("Wählen Sie, ob es geklappt hat"))
        needs_reason = step == "ablehnen" or (
            step == "abschliessen" and data.get("geklappt") == "nein"
        )
        if needs_reason and not data.get("reason"):
            self.add_error("reason", _("Wählen Sie einen Grund"))
        return data


class OfferFindForm(forms.Form):
    """The directory search on the inquiry page."""

    all_optional = True
    angebot = forms.CharField(
        label=_("Angebot suchen"),
        help_text=_("Zum Beispiel: Einkaufshilfe, Pflegeberatung, Fahrdienst"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    thema = forms.ChoiceField(label=_("Thema"), required=False)

    def __init__(self, *args, topics: QuerySet[TaxonomyTerm], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["thema"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Alle Themen"))] + [(t.code, t.name) for t in topics]
        describe_hints(self, drop_maxlength=True)

    def searched(self) -> bool:
        return self.is_valid() and bool(
            self.cleaned_data["angebot"].strip() or self.cleaned_data["thema"]
        )


class ReferForm(forms.Form):
    """Refers the inquiry's person to one offer found by the search."""

    angebot = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Wählen Sie ein Angebot"),
            "invalid": _("Wählen Sie ein Angebot"),
        },
    )
    note = forms.CharField(
        label=_("Hinweis für den Anbieter"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": _("Der Hinweis darf höchstens 1000 Zeichen lang sein")},
    )


class WithdrawForm(forms.Form):
    """The office takes a referral back."""

    note = forms.CharField(
        label=_("Warum?"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
