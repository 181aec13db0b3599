"""Forms of the region administration (lotse/accounts/views_region.py)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lotse.core.models import Area, Organisation

NAME_REQUIRED = _("Geben Sie den Namen ein")


class OrganisationForm(forms.Form):
    all_optional = False

    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        error_messages={
            "required": NAME_REQUIRED,
            "max_length": _("Der Name darf höchstens 200 Zeichen haben"),
        },
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
    )
    kind = forms.ChoiceField(
        label=_("Art"),
        choices=Organisation.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Wählen Sie die Art der Organisation aus")},
    )
    alternate_name = forms.CharField(
        label=_("Anderer Name"),
        required=False,
        max_length=200,
        error_messages={"max_length": _("Der andere Name darf höchstens 200 Zeichen haben")},
    )
    email = forms.EmailField(
        label=_("E-Mail-Adresse"),
        required=False,
        error_messages={"invalid": _("Geben Sie eine E-Mail-Adresse wie name@beispiel.de ein")},
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    website = forms.URLField(
        label=_("Internetseite"),
        required=False,
        assume_scheme="https",
        error_messages={"invalid": _("Geben Sie eine Adresse wie www.beispiel.de ein")},
        widget=forms.TextInput(attrs={"spellcheck": "false", "inputmode": "url"}),
    )
    description = forms.CharField(
        label=_("Beschreibung"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    coordinates = forms.ModelMultipleChoiceField(
        label=_("Koordiniert diese Gebiete (Quartiersbüro)"),
        queryset=Area.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, coordinates, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["coordinates"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = coordinates
        for bound in self.fields.values():
            bound.widget.attrs.pop("maxlength", None)

    def organisation_data(self) -> dict[str, Any]:
        keys = ["name", "kind", "alternate_name", "email", "website", "description"]
        return {key: self.cleaned_data[key] for key in keys}


class AreaForm(forms.Form):
    """A new area, or (with `kind` left out) the name and place of an existing one."""

    all_optional = False

    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        error_messages={
            "required": NAME_REQUIRED,
            "max_length": _("Der Name darf höchstens 200 Zeichen haben"),
        },
    )
    kind = forms.ChoiceField(
        label=_("Art des Gebiets"),
        choices=[
            (Area.Kind.MUNICIPALITY.value, Area.Kind.MUNICIPALITY.label),
            (Area.Kind.QUARTER.value, Area.Kind.QUARTER.label),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Wählen Sie Kommune oder Quartier")},
    )
    parent = forms.ModelChoiceField(
        label=_("Liegt in"),
        queryset=Area.objects.none(),
        empty_label=None,
        error_messages={"required": _("Wählen Sie aus, wo das Gebiet liegt")},
    )

    def __init__(self, *args, parents, with_kind: bool = True, with_parent: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_kind:
            del self.fields["kind"]
        if with_parent:
            field = self.fields["parent"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = parents
        else:
            del self.fields["parent"]
        self.fields["name"].widget.attrs.pop("maxlength", None)


class FirstAdministratorForm(forms.Form):
    """The e-mail address of the person who will administer a new organisation."""

    all_optional = False

    email = forms.EmailField(
        label=_("E-Mail-Adresse der Person"),
        help_text=_("An diese Adresse schicken wir den Link zur Einladung. Er gilt 7 Tage."),
        error_messages={
            "required": _("Geben Sie die E-Mail-Adresse der Person ein"),
            "invalid": _("Geben Sie eine E-Mail-Adresse wie name@beispiel.de ein"),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.pop("maxlength", None)
