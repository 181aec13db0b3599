"""Django's and allauth's own messages reach people in our plain German (locale/de), not their
defaults."""

import gettext
import re
from pathlib import Path

import allauth
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


# "du", "dich", "dir", "dein…" and the imperatives of the du-form that allauth's German uses.
_DU = re.compile(
    r"\b(du|dich|dir|dein\w*|gib|bestätige|lass|klick|versuche es|wähle|überprüfe|folge|rufe|"
    r"erstelle|verwende|melde dich)\b",
    re.IGNORECASE,
)


def test_no_text_of_the_account_library_says_du():
    """Every German text of django-allauth (pages, messages, e-mails) reaches people with "Sie"."""
    catalogue = Path(allauth.__file__).parent / "locale" / "de" / "LC_MESSAGES" / "django.mo"
    with catalogue.open("rb") as file:
        msgids = [key for key in gettext.GNUTranslations(file)._catalog if key]  # type: ignore[attr-defined]

    with translation.override("de"):
        du = []
        for key in msgids:
            if isinstance(key, tuple):  # a plural form: (msgid, index)
                continue
            context, _, msgid = key.rpartition("\x04")
            text = translation.pgettext(context, msgid) if context else translation.gettext(msgid)
            if _DU.search(text):
                du.append(text)

    assert msgids and not du, "\n".join(du)
