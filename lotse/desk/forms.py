from django import forms
from django.utils.translation import gettext_lazy as _

from lotse.desk.models import Referral


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
