from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from lotse.core.models import Area, Organisation
from lotse.directory.geo import Place, place_search, postcode_point
from lotse.directory.models import (
    LANGUAGES,
    TARGET_GROUPS,
    TOPICS,
    Accessibility,
    Location,
    Schedule,
    Service,
    TaxonomyTerm,
)

DAYS = [
    ("MO", _("Montag")),
    ("TU", _("Dienstag")),
    ("WE", _("Mittwoch")),
    ("TH", _("Donnerstag")),
    ("FR", _("Freitag")),
    ("SA", _("Samstag")),
    ("SU", _("Sonntag")),
]


RADIUS_CHOICES = [("", _("egal")), ("2", _("2 km")), ("5", _("5 km")), ("10", _("10 km"))]
# Empty: with a place the nearest first, else the best match first (issue 16); "passend" keeps
# the best match first with a place too. "entfernung" stays for older links.
SORT_CHOICES = [
    ("", _("Entfernung, wenn Sie eine Postleitzahl angeben")),
    ("passend", _("Passend zur Suche")),
    ("entfernung", _("Entfernung")),
]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Wonach suchen Sie?"), required=False)
    thema = forms.CharField(required=False)
    gebiet = forms.CharField(required=False)
    # A postcode, or with a geocoder also an address; cleaned into the Place that distances are
    # measured from. The name stays "plz" so that older links keep working.
    plz = forms.CharField(
        required=False,
        max_length=200,
        error_messages={"max_length": _("Die Adresse darf höchstens 200 Zeichen haben")},
    )
    umkreis = forms.TypedChoiceField(
        choices=RADIUS_CHOICES,
        coerce=float,
        empty_value=None,
        required=False,
    )
    kostenlos = forms.BooleanField(label=_("Nur kostenlose Angebote"), required=False)
    stufenlos = forms.BooleanField(label=_("Nur stufenlos erreichbar"), required=False)
    jetzt_offen = forms.BooleanField(label=_("Jetzt geöffnet"), required=False)
    sprache = forms.CharField(required=False)
    zielgruppe = forms.CharField(required=False)
    wochentag = forms.ChoiceField(
        label=_("Geöffnet am"),
        choices=[("", _("egal")), *DAYS],
        required=False,
    )
    sortierung = forms.ChoiceField(label=_("Sortieren nach"), choices=SORT_CHOICES, required=False)
    # Any value is taken: the view reads a page number from it (selectors.page_number), so a
    # link with a wrong or huge page shows a page of results instead of an error.
    seite = forms.Field(required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Only offer addresses when a geocoder can find them.
        self.address_search = bool(settings.LOTSE_GEOCODER_URL)

    def clean_plz(self) -> Place | None:
        text = self.cleaned_data["plz"]  # CharField strips the ends
        if not text:
            return None
        compact = "".join(text.split())
        # Only digits is meant as a postcode, so "12" asks for 5 digits rather than a geocoder.
        if compact.isascii() and compact.isdigit():
            if len(compact) != 5:
                raise forms.ValidationError(_("Die Postleitzahl muss 5 Ziffern haben"))
            point = postcode_point(compact)
            if point is None:
                raise forms.ValidationError(
                    _("Diese Postleitzahl kennen wir nicht. Bitte prüfen Sie sie.")
                )
            return Place(point=point, label=_("Postleitzahl %(plz)s") % {"plz": compact})
        if not self.address_search:
            raise forms.ValidationError(_("Geben Sie eine Postleitzahl mit 5 Ziffern ein."))
        place = place_search(text)
        if place is None:
            raise forms.ValidationError(
                _(
                    "Diese Adresse haben wir nicht gefunden. Geben Sie eine Postleitzahl ein "
                    "oder prüfen Sie die Adresse."
                )
            )
        return place

    def place(self) -> Place | None:
        """Where distances are measured from, once the form is valid."""
        return self.cleaned_data.get("plz") if hasattr(self, "cleaned_data") else None


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
            "name": {"required": _("Geben Sie den Namen des Angebots ein")},
            "description": {"required": _("Beschreiben Sie das Angebot in ein paar Sätzen")},
            "url": {"invalid": _("Geben Sie eine Internetadresse wie https://beispiel.de ein")},
            "email": {"invalid": _("Geben Sie eine E-Mail-Adresse wie name@beispiel.de ein")},
        }

    phone = forms.CharField(label=_("Telefonnummer"), max_length=40, required=False)
    topics = forms.ModelMultipleChoiceField(
        label=_("Themen"),
        queryset=TaxonomyTerm.objects.filter(taxonomy__name=TOPICS).order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    target_groups = forms.ModelMultipleChoiceField(
        label=_("Für wen ist das Angebot?"),
        queryset=TaxonomyTerm.objects.filter(taxonomy__name=TARGET_GROUPS).order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    languages = forms.MultipleChoiceField(
        label=_("Sprachen"),
        choices=LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            terms = list(self.instance.terms.select_related("taxonomy"))
            phone = self.instance.phones.first()
            self.initial["phone"] = phone.number if phone else ""
            self.initial["topics"] = [t for t in terms if t.taxonomy.name == TOPICS]
            self.initial["target_groups"] = [t for t in terms if t.taxonomy.name == TARGET_GROUPS]
            self.initial["languages"] = [lang.code for lang in self.instance.languages.all()]

    def service_data(self) -> dict:
        """The cleaned data as the offer services take it."""
        data = dict(self.cleaned_data)
        data["terms"] = [*data.pop("topics"), *data.pop("target_groups")]
        return data


class LocationForm(forms.Form):
    name = forms.CharField(
        label=_("Name des Ortes"),
        max_length=200,
        error_messages={
            "required": _("Geben Sie den Namen des Ortes ein, zum Beispiel Bürgerhaus Süd")
        },
    )
    address_1 = forms.CharField(
        label=_("Straße und Hausnummer"),
        max_length=200,
        error_messages={"required": _("Geben Sie Straße und Hausnummer ein")},
    )
    postal_code = forms.RegexField(
        label=_("Postleitzahl"),
        regex=r"^\d{5}$",
        error_messages={
            "required": _("Geben Sie die Postleitzahl ein"),
            "invalid": _("Die Postleitzahl muss 5 Ziffern haben"),
        },
    )
    city = forms.CharField(
        label=_("Ort"), max_length=100, error_messages={"required": _("Geben Sie den Ort ein")}
    )
    quarter = forms.ModelChoiceField(
        label=_("Quartier"), queryset=Area.objects.none(), required=False, empty_label=_("keines")
    )
    transportation = forms.CharField(
        label=_("So kommen Sie hin (Bus, Bahn, Parkplatz)"), widget=forms.Textarea, required=False
    )
    features = forms.MultipleChoiceField(
        label=_("Barrierefreiheit"),
        choices=Accessibility.Feature.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    offers = forms.ModelMultipleChoiceField(
        label=_("Angebote an diesem Ort"),
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


class ScheduleForm(forms.Form):
    """One rule of opening hours: some weekdays every week, or in one week of each month."""

    # Every row may stay empty, so "(freiwillig)" on each field would only add noise.
    all_optional = True

    week = forms.ChoiceField(
        label=_("Wie oft?"),
        choices=[
            ("", _("jede Woche")),
            ("1", _("jeden 1. im Monat")),
            ("2", _("jeden 2. im Monat")),
            ("3", _("jeden 3. im Monat")),
            ("4", _("jeden 4. im Monat")),
            ("-1", _("jeden letzten im Monat")),
        ],
        required=False,
    )
    days = forms.MultipleChoiceField(
        label=_("Tage"), choices=DAYS, widget=forms.CheckboxSelectMultiple, required=False
    )
    opens_at = forms.TimeField(
        label=_("von (Uhrzeit)"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
        error_messages={"invalid": _("Geben Sie eine Uhrzeit wie 9:30 ein")},
    )
    closes_at = forms.TimeField(
        label=_("bis (Uhrzeit)"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
        error_messages={"invalid": _("Geben Sie eine Uhrzeit wie 16:00 ein")},
    )

    @staticmethod
    def initial_for(rule: Schedule) -> dict:
        items = rule.byday.split(",")
        return {
            "week": items[0][:-2] if rule.freq == Schedule.Freq.MONTHLY else "",
            "days": [item[-2:] for item in items],
            "opens_at": rule.opens_at,
            "closes_at": rule.closes_at,
        }


ScheduleFormSet = forms.formset_factory(ScheduleForm, extra=2, max_num=10)
