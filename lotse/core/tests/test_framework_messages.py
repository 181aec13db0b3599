"""Django's own form messages reach people in our plain German (locale/de), not its defaults."""

from django import forms
from django.db import models
from django.utils import translation


class _Form(forms.Form):
    name = forms.CharField(max_length=5)
    count = forms.IntegerField(max_value=10)
    day = forms.DateField()
    mail = forms.EmailField(required=False)


def test_form_messages_are_plain_german_with_sie():
    form = _Form(data={"name": "Übermäßig lang", "count": "11", "day": "gestern", "mail": "x"})

    with translation.override("de"):
        errors = {field: str(messages[0]) for field, messages in form.errors.items()}

    assert errors == {
        "name": "Bitte kürzen Sie den Text auf höchstens 5 Zeichen. Jetzt sind es 14.",
        "count": "Die Zahl darf höchstens 10 sein.",
        "day": "Bitte geben Sie ein Datum ein, zum Beispiel 4.3.2027.",
        "mail": "Bitte geben Sie eine E-Mail-Adresse ein, zum Beispiel name@beispiel.de.",
    }


def test_an_empty_required_field_says_what_to_do():
    form = _Form(data={})

    with translation.override("de"):
        message = str(form.errors["name"][0])

    assert message == "Bitte füllen Sie dieses Feld aus."


def test_a_chooser_offers_no_english_blank_choice():
    field = models.CharField(choices=[("a", "A")], blank=True)

    with translation.override("de"):
        blank_label = str(field.get_choices()[0][1])

    assert blank_label == "– Bitte auswählen –"
