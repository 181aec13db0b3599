from django import forms
from django.template.loader import render_to_string


class _Form(forms.Form):
    datum = forms.CharField(label="Datum", help_text="Zum Beispiel: 4.3.2027")


def test_form_fields_show_the_hint_and_no_template_comment():
    html = render_to_string("components/form_fields.html", {"form": _Form()})

    assert '<p class="hint" id="id_datum-hinweis">Zum Beispiel: 4.3.2027</p>' in html
    assert "UI_GUIDE" not in html and "{#" not in html
