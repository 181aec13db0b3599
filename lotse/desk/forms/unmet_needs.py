"""The form to note an unmet need."""

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lotse.core.forms import describe_hints
from lotse.directory.models import TaxonomyTerm


class UnmetNeedForm(forms.Form):
    """No suitable offer: what is missing, for the needs report."""

    prefix = "fehlt"
    topic = forms.ModelChoiceField(
        label=_("Thema"),
        queryset=TaxonomyTerm.objects.none(),
        empty_label=_("Bitte wählen"),
        error_messages={
            "required": _("Wählen Sie das Thema, zu dem ein Angebot fehlt"),
            "invalid_choice": _("Wählen Sie ein Thema aus der Liste"),
        },
    )
    note = forms.CharField(
        label=_("Was fehlt?"),
        help_text=_("Ohne Namen, zum Beispiel: Fahrdienst am Wochenende für Rollstuhl"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": _("Die Beschreibung darf höchstens 1000 Zeichen lang sein")},
    )

    def __init__(self, *args, topics: QuerySet[TaxonomyTerm], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["topic"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = topics
        describe_hints(self, drop_maxlength=True)
