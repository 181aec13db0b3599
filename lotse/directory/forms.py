from django import forms

from lotse.directory.models import Service


class SearchForm(forms.Form):
    q = forms.CharField(label="Wonach suchen Sie?", required=False)
    thema = forms.CharField(required=False)
    gebiet = forms.CharField(required=False)
    plz = forms.RegexField(
        label="Postleitzahl (freiwillig)",
        regex=r"^\d{5}$",
        required=False,
        error_messages={"invalid": "Die Postleitzahl muss 5 Ziffern haben"},
    )
    umkreis = forms.TypedChoiceField(
        choices=[("", "egal"), ("2", "2 km"), ("5", "5 km"), ("10", "10 km")],
        coerce=float,
        empty_value=None,
        required=False,
    )
    kostenlos = forms.BooleanField(label="Nur kostenlose Angebote", required=False)
    stufenlos = forms.BooleanField(label="Nur stufenlos erreichbar", required=False)
    jetzt_offen = forms.BooleanField(label="Jetzt geöffnet", required=False)
    sprache = forms.CharField(required=False)
    seite = forms.IntegerField(required=False, min_value=1)

    def clean_plz(self) -> str:
        return "".join(ch for ch in self.cleaned_data["plz"] if not ch.isspace())


class OfferForm(forms.ModelForm):
    class Meta:
        model = Service
        fields = [
            "name",
            "description",
            "easy_language_description",
            "url",
            "email",
            "reach",
            "cost",
            "fee_amount",
            "care_level_required",
            "recognised_45a",
            "staffing",
        ]
        error_messages = {
            "name": {"required": "Geben Sie den Namen des Angebots ein"},
            "description": {"required": "Beschreiben Sie das Angebot in ein paar Sätzen"},
            "url": {"invalid": "Geben Sie eine Internetadresse wie https://beispiel.de ein"},
            "email": {"invalid": "Geben Sie eine E-Mail-Adresse wie name@beispiel.de ein"},
        }
