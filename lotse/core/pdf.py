"""PDF documents (Art. 15 export, Art. 30 record, referral slips, letters): a Django template
rendered to HTML and printed by WeasyPrint. Templates extend `pdf/base.html` (A4, DejaVu Sans,
large print, page numbers) and are written as tagged PDF/UA-1, so screen readers find headings,
tables and the document language. Nothing is fetched while printing: only `data:` URLs load,
so text that people typed can never make the server open a file or an address."""

from typing import Any

import weasyprint
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from weasyprint.urls import URLFetcher


def pdf_render(
    template_name: str, context: dict[str, Any], *, request: HttpRequest | None = None
) -> bytes:
    html = render_to_string(template_name, context, request=request)
    fetcher = URLFetcher(allowed_protocols={"data"})
    return weasyprint.HTML(string=html, url_fetcher=fetcher).write_pdf(pdf_variant="pdf/ua-1")


def pdf_response(
    template_name: str,
    context: dict[str, Any],
    *,
    request: HttpRequest,
    filename: str,
    inline: bool = False,
) -> HttpResponse:
    """The PDF as a download (or shown in the browser with `inline`); never cached."""
    response = HttpResponse(
        pdf_render(template_name, context, request=request), content_type="application/pdf"
    )
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
