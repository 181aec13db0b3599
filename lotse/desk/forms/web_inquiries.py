"""The residents' web inquiry ("Ich brauche Hilfe bei …"): for whom, then what, and how to
answer."""

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lotse.core.forms import HoneypotForm, describe_hints, own_name_field
from lotse.desk.models import Inquiry
from lotse.directory.models import TaxonomyTerm
from lotse.office.services import PHONE_DIGITS, phone_is_dialable

# "Für wen?" on the web inquiry (`?fuer=`).
FOR_ME = "mich"
FOR_OTHER = "andere"


class WebInquiryWhomForm(forms.Form):
    """ "Für wen brauchen Sie Hilfe?": the question page before the web inquiry's form."""

    fuer = forms.ChoiceField(
        widget=forms.RadioSelect,
        choices=[
            (FOR_ME, _("Für mich selbst")),
            (FOR_OTHER, _("Für eine andere Person, zum Beispiel für meine Mutter")),
        ],
        error_messages={
            "required": _("Wählen Sie, für wen Sie Hilfe brauchen"),
            "invalid_choice": _("Wählen Sie, für wen Sie Hilfe brauchen"),
        },
    )


# How someone writing for another person is connected to them, in the resident's words
# (the values are Inquiry.CallerKind's, which staff see).
WRITER_KINDS = [
    (Inquiry.CallerKind.RELATIVE, _("Ich gehöre zur Familie, zum Beispiel Tochter oder Sohn")),
    (Inquiry.CallerKind.NEIGHBOUR, _("Ich bin Nachbarin oder Nachbar")),
    (
        Inquiry.CallerKind.PROFESSIONAL,
        _("Ich arbeite beruflich mit der Person, zum Beispiel im Pflegedienst"),
    ),
    (Inquiry.CallerKind.OTHER, _("Anders, zum Beispiel Freundin oder Freund")),
]


def _dialable(phone: str) -> str:
    phone = phone.strip()
    if phone and not phone_is_dialable(phone):
        raise forms.ValidationError(PHONE_DIGITS)
    return phone


class WebInquiryForm(HoneypotForm):
    """ "Ich brauche Hilfe bei …": a resident writes to the office, for themself or (`for_other`)
    for another person, whose name and phone come first, then how the writer is connected to
    them and the writer's own contact. The field names are those of `inquiry_create`, so its
    errors land on the right field."""

    # Phone and e-mail are each optional, but one of them is needed: the hints say so, and
    # only the truly optional questions say "(freiwillig)" in their label.
    all_optional = True

    description = forms.CharField(
        label=_("Wobei brauchen Sie Hilfe?"),
        help_text=_("Schreiben Sie in Ihren eigenen Worten. Ein paar Sätze genügen."),
        error_messages={"required": _("Schreiben Sie, wobei Sie Hilfe brauchen")},
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    topic = forms.ModelChoiceField(
        label=_("Um welches Thema geht es? (freiwillig)"),
        queryset=TaxonomyTerm.objects.none(),
        required=False,
        blank=True,
        empty_label=_("Weiß ich nicht"),
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Wählen Sie ein Thema aus der Liste")},
    )
    contact_name = own_name_field()
    contact_phone = forms.CharField(
        label=_("Telefonnummer (Festnetz oder Handy)"),
        help_text=_(
            "Wir brauchen Ihre Telefonnummer oder Ihre E-Mail-Adresse. Wir rufen Sie nur "
            "wegen Ihres Anliegens an."
        ),
        required=False,
        max_length=40,
        error_messages={"max_length": _("Die Telefonnummer darf höchstens 40 Zeichen haben")},
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    contact_email = forms.EmailField(
        label=_("E-Mail-Adresse"),
        help_text=_("Wenn Sie keine E-Mail-Adresse haben, lassen Sie das Feld leer."),
        required=False,
        error_messages={"invalid": _("Geben Sie eine E-Mail-Adresse wie name@beispiel.de ein")},
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    consent = forms.BooleanField(
        label=_(
            "Ich bin einverstanden, dass das Quartiersbüro meine Angaben speichert, "
            "um mir zu antworten."
        ),
        error_messages={
            "required": _("Stimmen Sie zu, damit das Quartiersbüro Ihnen antworten kann")
        },
    )

    def __init__(
        self, *args, topics: QuerySet[TaxonomyTerm], for_other: bool = False, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.for_other = for_other
        topic_field = self.fields["topic"]
        assert isinstance(topic_field, forms.ModelChoiceField)
        topic_field.queryset = topics
        if not topics.exists():  # a question with only "Weiß ich nicht" helps nobody
            del self.fields["topic"]
        if for_other:
            self._ask_for_the_other_person()
        describe_hints(self, drop_maxlength=True)

    def _ask_for_the_other_person(self) -> None:
        fields = self.fields
        fields["description"].label = _("Wobei braucht die Person Hilfe?")
        fields["description"].error_messages["required"] = _(
            "Schreiben Sie, wobei die Person Hilfe braucht"
        )
        fields["person_name"] = forms.CharField(
            label=_("Name der Person, für die Sie schreiben"),
            max_length=200,
            error_messages={
                "required": _("Geben Sie den Namen der Person ein, für die Sie schreiben"),
                "max_length": _("Der Name darf höchstens 200 Zeichen haben"),
            },
            widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        )
        fields["person_phone"] = forms.CharField(
            label=_("Telefonnummer dieser Person (freiwillig)"),
            help_text=_("Nur wenn das Quartiersbüro die Person direkt anrufen darf."),
            required=False,
            max_length=40,
            error_messages={"max_length": _("Die Telefonnummer darf höchstens 40 Zeichen haben")},
            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        )
        fields["caller_kind"] = forms.ChoiceField(
            label=_("Wie sind Sie mit der Person verbunden?"),
            choices=WRITER_KINDS,
            widget=forms.RadioSelect,
            error_messages={
                "required": _("Wählen Sie, wie Sie mit der Person verbunden sind"),
                "invalid_choice": _("Wählen Sie, wie Sie mit der Person verbunden sind"),
            },
        )
        fields["caller_relation"] = forms.CharField(
            label=_("Ihre Verbindung in eigenen Worten (freiwillig)"),
            help_text=_("Zum Beispiel: Tochter, Enkel, Nachbarin im Haus"),
            required=False,
            max_length=100,
            error_messages={"max_length": _("Schreiben Sie höchstens 100 Zeichen")},
        )
        fields["contact_phone"].label = _("Ihre Telefonnummer (Festnetz oder Handy)")
        fields["contact_phone"].help_text = _(
            "Wir brauchen Ihre Telefonnummer oder Ihre E-Mail-Adresse. Wir rufen Sie nur "
            "wegen dieses Anliegens an."
        )
        fields["contact_email"].label = _("Ihre E-Mail-Adresse")
        fields["consent"].label = _(
            "Ich bin einverstanden, dass das Quartiersbüro meine Angaben und die Angaben zur "
            "Person speichert, um mir oder der Person zu antworten."
        )
        self.order_fields(
            [
                "person_name",
                "person_phone",
                "description",
                "topic",
                "caller_kind",
                "caller_relation",
                "contact_name",
                "contact_phone",
                "contact_email",
                "consent",
            ]
        )

    def clean_contact_phone(self) -> str:
        # Any format is fine ("0561 / 12 34 56", "+49 …"), but the office must be able to dial it.
        return _dialable(self.cleaned_data["contact_phone"])

    def clean_person_phone(self) -> str:
        return _dialable(self.cleaned_data["person_phone"])

    def clean(self) -> dict:
        # Said together with the other errors; the service checks the same again.
        data = super().clean() or {}
        if (
            not data.get("contact_phone")
            and not data.get("contact_email")
            and not self.has_error("contact_phone")
            and not self.has_error("contact_email")
        ):
            self.add_error(
                "contact_phone",
                _(
                    "Geben Sie eine Telefonnummer oder eine E-Mail-Adresse ein, "
                    "damit wir Sie erreichen"
                ),
            )
        return data

    def inquiry_data(self) -> dict:
        """The cleaned data as `web_inquiry_submit` takes it."""
        keys = ["description", "contact_name", "contact_phone", "contact_email"]
        if self.for_other:
            keys += ["person_name", "person_phone", "caller_kind", "caller_relation"]
        return {key: self.cleaned_data[key] for key in keys} | {
            "topic": self.cleaned_data.get("topic")
        }
