import io

from django.template import engines
from pypdf import PdfReader
from pypdf.generic import DictionaryObject
from weasyprint.text import ffi

from lotse.core import pdf


def test_a_pdf_carries_german_text_and_fetches_nothing(tmp_path, monkeypatch):
    secret = tmp_path / "secret.css"
    secret.write_text("h1 { display: none }")
    # A template that tries to load a local file: the fetcher must refuse it.
    template = engines["django"].from_string(
        '{% extends "pdf/base.html" %}{% block content %}'
        '<link rel="stylesheet" href="file://{{ path }}"><h1>{{ name }}</h1>{% endblock %}'
    )
    monkeypatch.setattr(
        pdf, "render_to_string", lambda name, context, request: template.render(context)
    )

    data = pdf.pdf_render("unused", {"name": "Grüße an Frau Weiß", "path": secret})

    reader = PdfReader(io.BytesIO(data))
    text = reader.pages[0].extract_text()
    assert "Grüße an Frau Weiß" in text  # shown, so the file:// stylesheet was not applied
    assert "Seite 1 von 1" in text
    # Tagged PDF/UA: a structure tree and the language, for screen readers.
    root = reader.trailer["/Root"].get_object()
    assert isinstance(root, DictionaryObject)
    assert "/StructTreeRoot" in root and str(root["/Lang"]) == "de"


def test_fonts_are_subset_by_harfbuzz():
    # `make install` installs HarfBuzz's subsetter (libharfbuzz-subset0). Without it WeasyPrint
    # falls back to fontTools: every PDF then takes three times as long.
    assert ffi.harfbuzz_subset is not None
    assert ffi.harfbuzz.hb_version_atleast(4, 1, 0)
