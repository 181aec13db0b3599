"""Staff downloads of the offers they may edit ("Angebote herunterladen"), as CSV and Excel."""

import tempfile
from collections.abc import Iterator

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone, translation

from lotse.core.middleware import ActorRequest
from lotse.core.selectors import own_organisation_get
from lotse.directory import selectors
from lotse.directory.interop import offer_table
from lotse.directory.models import Service

XLSX_CHUNK_BYTES = 64 * 1024


def _offers(request: ActorRequest, *, file_format: str) -> QuerySet[Service]:
    """The offers to download; like "Neues Angebot anlegen", only for members who may edit in
    an organisation (a resident gets 403). The download is recorded."""
    organisation = own_organisation_get(actor=request.actor)
    if organisation is None:
        raise PermissionDenied
    offers = selectors.offer_list_for(actor=request.actor)
    offer_table.offer_export_record(
        actor=request.actor,
        organisation=organisation,
        file_format=file_format,
        count=offers.count(),
    )
    return offers


def _filename(extension: str) -> str:
    return f"angebote-{timezone.localdate().isoformat()}.{extension}"


def _in_language(lines: Iterator[str], language: str) -> Iterator[str]:
    """The lines are made while the response is sent, after the view has returned: in the
    language of the request."""
    with translation.override(language):
        yield from lines


@login_required
def offers_csv(request: ActorRequest) -> StreamingHttpResponse:
    offers = _offers(request, file_format="csv")
    lines = offer_table.offer_csv(rows=offer_table.offer_table(offers=offers))
    response = StreamingHttpResponse(
        _in_language(lines, translation.get_language()), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    return response


def _xlsx_chunks(offers: QuerySet[Service], language: str) -> Iterator[bytes]:
    """The Excel file, made while the response is sent (like the CSV): the rows are read in
    chunks and written row by row (constant memory) into a temporary file, which is then sent
    in pieces and removed. An Excel file is a ZIP archive that is complete only at its end, so
    its bytes follow once the last row is written."""
    with translation.override(language), tempfile.TemporaryFile() as file:
        offer_table.offer_xlsx(rows=offer_table.offer_table(offers=offers), file=file)
        file.seek(0)
        while chunk := file.read(XLSX_CHUNK_BYTES):
            yield chunk


@login_required
def offers_xlsx(request: ActorRequest) -> StreamingHttpResponse:
    offers = _offers(request, file_format="xlsx")
    response = StreamingHttpResponse(
        _xlsx_chunks(offers, translation.get_language()),
        content_type=offer_table.XLSX_CONTENT_TYPE,
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename("xlsx")}"'
    return response
