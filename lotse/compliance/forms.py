from django import forms
from django.utils.translation import gettext_lazy as _


class ErasureForm(forms.Form):
    reason = forms.CharField(
        label=_("Grund für die Löschung"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Geben Sie den Grund für die Löschung ein")},
    )
    confirm = forms.BooleanField(
        label=_("Ich habe geprüft: Die Angaben dieser Person sollen gelöscht werden."),
        error_messages={"required": _("Bestätigen Sie, dass die Angaben gelöscht werden sollen")},
    )
