from django import forms

from lotse.core.models import Area, Organisation
from lotse.directory.models import Accessibility, Location, Service


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
    zielgruppe = forms.CharField(required=False)
    wochentag = forms.ChoiceField(
        label="Geöffnet am",
        choices=[
            ("", "egal"),
            ("MO", "Montag"),
            ("TU", "Dienstag"),
            ("WE", "Mittwoch"),
            ("TH", "Donnerstag"),
            ("FR", "Freitag"),
            ("SA", "Samstag"),
            ("SU", "Sonntag"),
        ],
        required=False,
    )
    sortierung = forms.ChoiceField(
        label="Sortieren nach",
        choices=[("", "Passend zur Suche"), ("entfernung", "Entfernung")],
        required=False,
    )
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


class LocationForm(forms.Form):
    name = forms.CharField(
        label="Name des Ortes",
        max_length=200,
        error_messages={"required": "Geben Sie den Namen des Ortes ein, z. B. Bürgerhaus Süd"},
    )
    address_1 = forms.CharField(
        label="Straße und Hausnummer",
        max_length=200,
        error_messages={"required": "Geben Sie Straße und Hausnummer ein"},
    )
    postal_code = forms.RegexField(
        label="Postleitzahl",
        regex=r"^\d{5}$",
        error_messages={
            "required": "Geben Sie die Postleitzahl ein",
            "invalid": "Die Postleitzahl muss 5 Ziffern haben",
        },
    )
    city = forms.CharField(
        label="Ort", max_length=100, error_messages={"required": "Geben Sie den Ort ein"}
    )
    quarter = forms.ModelChoiceField(
        label="Quartier", queryset=Area.objects.none(), required=False, empty_label="keines"
    )
    transportation = forms.CharField(
        label="So kommen Sie hin (Bus, Bahn, Parkplatz)", widget=forms.Textarea, required=False
    )
    features = forms.MultipleChoiceField(
        label="Barrierefreiheit",
        choices=Accessibility.Feature.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    offers = forms.ModelMultipleChoiceField(
        label="Angebote an diesem Ort",
        queryset=Service.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, organisation: Organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        quarter = self.fields["quarter"]
        offers = self.fields["offers"]
        assert isinstance(quarter, forms.ModelChoiceField)
        assert isinstance(offers, forms.ModelMultipleChoiceField)
        quarter.queryset = Area.objects.filter(
            region_id=organisation.region_id, kind=Area.Kind.QUARTER
        ).order_by("name")
        offers.queryset = Service.objects.filter(
            organization=organisation, status=Service.Status.ACTIVE
        ).order_by("name")

    @staticmethod
    def initial_for(location: Location) -> dict:
        address = location.addresses.first()
        return {
            "name": location.name,
            "address_1": address.address_1 if address else "",
            "postal_code": address.postal_code if address else "",
            "city": address.city if address else "",
            "quarter": location.quarter,
            "transportation": location.transportation,
            "features": list(location.accessibility.values_list("feature", flat=True)),
            "offers": list(
                Service.objects.filter(service_at_locations__location=location).values_list(
                    "id", flat=True
                )
            ),
        }
