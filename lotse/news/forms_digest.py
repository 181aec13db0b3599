"""The form of the e-mail digest ("Was ist los in …?"): the address and the quarter."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lotse.core.forms import HoneypotForm
from lotse.core.models import Area


class QuarterField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Area) -> str:
        return f"{obj.name} ({obj.parent.name})" if obj.parent else obj.name


class DigestSubscribeForm(HoneypotForm):
    email = forms.EmailField(
        label=_("Ihre E-Mail-Adresse"),
        max_length=254,
        error_messages={
            "required": _("Geben Sie Ihre E-Mail-Adresse ein"),
            "invalid": _("Geben Sie eine E-Mail-Adresse wie name@beispiel.de ein"),
            "max_length": _("Die E-Mail-Adresse darf höchstens 254 Zeichen haben"),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    quarter = QuarterField(
        label=_("Für welches Quartier?"),
        queryset=Area.objects.none(),
        to_field_name="slug",
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Wählen Sie ein Quartier"),
            "invalid_choice": _("Wählen Sie ein Quartier aus der Liste"),
        },
    )

    def __init__(self, *args, quarters: list[Area], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["quarter"]
        assert isinstance(field, QuarterField)
        field.queryset = (
            Area.objects.filter(pk__in=[quarter.pk for quarter in quarters])
            .select_related("parent")
            .order_by("parent__name", "name")
        )
